// Place finding in three passes over the document's words.
//
//  1. Matching. Every capitalised word (or a direction word such as
//     "eastern", for names flagged kNameLowerStart) starts a window that grows
//     word by word while some gazetteer key starts with its folded text; the
//     longest window that is a key wins. Matches are then filtered for person
//     and organisation contexts (titles, neighbouring capitalised words), and
//     the keys so rejected are remembered as person names for the whole
//     document, so "Price noted" is not Price, Utah once "Ned Price" was seen.
//  2. Evidence. Each surviving match spreads one vote over the countries of
//     its candidates in proportion to their prior (softmax of the prior
//     score); demonyms add a weak vote. Each match's prior-best candidate is an
//     anchor for the distance feature.
//  3. Resolution. Each candidate's score = prior + country share (own vote
//     left out) + hierarchy ("X, Y") + proximity to other anchors; the best
//     candidate wins with its softmax share as confidence. Ordinary words that
//     would only resolve to small places are dropped here, once the context is
//     known.
#include "mentions/place_finder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace sitrep::mentions {
namespace {

// One word of the text as the finder sees it.
struct Word {
  std::string_view form;  // normalised text (or original when we tokenised)
  Span span;              // original bytes
  uint32_t sentence = 0;
  uint32_t token = 0;     // index into doc.tokens (== word index)
  bool space_after = true;
  bool sentence_initial = false;  // only punctuation before it in its sentence
};

bool IsUpperStart(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= 'A' && c <= 'Z') return true;
  if (c == 0xC3 && w.size() > 1) {
    unsigned char d = static_cast<unsigned char>(w[1]);
    return d >= 0x80 && d <= 0x9E && d != 0x97;
  }
  return false;
}

bool IsAlphaStart(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0xC3;
}

bool IsPunct(std::string_view w) { return !w.empty() && !IsAlphaStart(w) && !(w[0] >= '0' && w[0] <= '9'); }

bool HasLowerAscii(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string Lower(std::string_view w) { return FoldName(w); }

template <size_t N>
bool InList(std::string_view w, const char* const (&list)[N]) {
  for (const char* s : list)
    if (w == s) return true;
  return false;
}

// Capitalised words that are never a one-word place in news text.
const char* const kStopWords[] = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "but", "as", "is", "are", "was", "were", "be", "been", "it", "its", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "your", "this", "that", "these",
    "those", "there", "here", "who", "what", "when", "where", "why", "how", "which", "while",
    "after", "before", "since", "until", "amid", "despite", "during", "under", "over", "into",
    "about", "against", "between", "among", "through", "if", "so", "no", "not", "all", "some",
    "many", "most", "more", "one", "two", "three", "also", "then", "now", "new", "old",
    "last", "next", "first", "every", "each", "both", "such", "other", "only", "just", "yet",
    "still", "even", "however", "meanwhile", "according", "can", "will", "would", "could",
    "should", "may", "might", "must", "has", "have", "had", "do", "does", "did", "said", "says",
    "mr", "mrs", "ms", "dr", "sir", "st", "mount", "lake", "river", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "june", "july", "august", "september", "october", "november", "december",
    "police", "army", "republic", "government", "president", "minister", "state", "city",
    "university", "church", "god", "christmas", "easter", "parliament", "congress", "senate",
    "court", "north", "south", "east", "west", "central", "northern",
    "southern", "eastern", "western", "union", "national", "international", "federal", "un",
    "eu", "nato", "ap", "afp", "reuters", "bbc", "cnn", "am", "pm", "ok", "tv", "ceo", "me",
    "us", "him", "them", "asia", "europe", "africa", "oceania", "mrs.", "mr.", "ms.", "name",
    "yes", "hello", "thanks", "please", "dear", "oh"};

// Words before a name that make it a person's.
const char* const kTitles[] = {
    "president", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "general", "gen", "gen.",
    "sen", "sen.", "senator", "rep", "rep.", "representative", "minister", "secretary", "king",
    "queen", "prince", "princess", "pope", "judge", "justice", "governor", "gov", "gov.", "mayor",
    "chancellor", "premier", "lt", "lt.", "col", "col.", "capt", "capt.", "sgt", "sgt.", "sir",
    "lord", "lady", "rev", "rev.", "father", "bishop", "archbishop", "sheikh", "ayatollah",
    "commander", "colonel", "captain", "lieutenant", "sergeant", "admiral", "coach", "professor",
    "prof", "prof.", "dame", "saint", "st.", "spokesman", "spokeswoman", "spokesperson",
    "officer", "detective", "agent", "chairman", "ambassador", "envoy", "emperor", "tsar",
    "czar", "ceo", "director", "actress", "actor", "singer", "star", "mrs", "miss", "uncle",
    "aunt", "brother", "sister", "councillor", "councilman", "councilwoman", "deputy", "chief"};

// Capitalised words that may follow a place without making it a longer name.
const char* const kInstitutionWords[] = {
    "state", "department", "army", "navy", "air", "government", "embassy", "ministry",
    "senate", "congress", "parliament", "president", "prime", "foreign", "defense", "defence",
    "secretary", "special", "forces", "central", "national", "supreme", "treasury", "attorney",
    "ambassador", "representative", "coast", "border", "customs", "federal", "interior",
    "minister", "police", "military", "city", "mayor", "governor", "council", "region",
    "province", "oblast", "governorate", "county", "district", "airport", "officials",
    "authorities", "and", "or", "health"};

const char* const kMonthsDays[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec."};

// Lower-case words that may start a name flagged kNameLowerStart.
const char* const kDirections[] = {"eastern", "western", "northern", "southern", "central",
                                   "east", "west", "north", "south", "northeastern",
                                   "northwestern", "southeastern", "southwestern"};

// Words after a seat of government that show it acts ("Moscow said").
const char* const kActionCues[] = {
    "said", "says", "say", "has", "have", "had", "will", "would", "is", "was", "accused",
    "accuses", "announced", "announces", "warned", "warns", "denied", "denies", "rejected",
    "rejects", "insists", "insisted", "claimed", "claims", "wants", "wanted", "called", "calls",
    "demanded", "demands", "condemned", "condemns", "threatened", "threatens", "responded",
    "agreed", "agrees", "refused", "refuses", "signed", "backed", "backs", "supports",
    "supported", "urged", "urges", "sent", "sends", "must", "should", "could", "may", "did",
    "does", "can", "sees", "believes", "believed", "blamed", "blames", "launched", "ordered",
    "imposed", "expelled", "recalled", "summoned", "hopes", "hoped", "fears", "feared",
    "regards", "considers", "considered", "vowed", "vows", "pledged", "promised", "admitted",
    "argued", "argues", "maintains", "maintained", "sought", "seeks", "retaliated", "tried",
    "tries", "continues", "continued", "plans", "planned", "intends", "needs", "stressed",
    "welcomed", "welcomes", "criticised", "criticized", "dismissed", "deployed", "deploys",
    "annexed", "invaded", "attacked", "recognised", "recognized"};

// Nouns and verbs whose complement (to/for/on/with/against X) is a government.
const char* const kEventNouns[] = {
    "warning", "warnings", "backing", "support", "pressure", "ties", "relations", "talks",
    "message", "messages", "sanctions", "appeal", "call", "calls", "demand", "demands", "threat",
    "threats", "ultimatum", "aid", "assistance", "signal", "response", "criticism", "dialogue",
    "negotiations", "deal", "agreement", "loyal", "allied", "close", "closer", "hostile",
    "position", "stance", "decision", "policy", "plan", "plans", "claims", "efforts", "move",
    "approach", "role", "refusal", "insistence", "reaction", "proposal", "demands", "request",
    "offer", "ally", "allies", "partners", "envoy", "ambassador", "officials"};
const char* const kCasePreps[] = {"to", "for", "on", "with", "against", "from"};
const char* const kGovVerbs[] = {
    "accused", "accuse", "accuses", "urged", "urge", "urges", "warned", "warn", "warns",
    "criticised", "criticized", "condemned", "blamed", "called", "asked", "supported", "backed",
    "sanctioned", "pressured", "told", "invited", "threatened", "pressed", "lobbied", "thanked",
    "praised", "congratulated", "rebuked", "telling", "urging", "warning", "accusing"};

// Dependency relations (without subtype) under which a seat acts.
bool ParseSaysMetonym(const nlp::ParsedSentence& ps, int w) {
  if (w < 0 || static_cast<size_t>(w) >= ps.size()) return false;
  std::string_view rel = nlp::ParsedSentence::BaseRel(ps[w].deprel);
  int head = ps[w].head;
  if (rel == "nsubj" || rel == "csubj") return true;
  if (head < 0) return false;
  const nlp::ParsedWord& h = ps[head];
  std::string hl = Lower(h.lemma.empty() ? std::string(h.form) : h.lemma);
  std::string hf = Lower(h.form);
  std::string casew;
  for (int c : ps.Children(w))
    if (nlp::ParsedSentence::BaseRel(ps[c].deprel) == "case") casew = Lower(ps[c].form);
  if (rel == "obl" && casew == "by") return true;  // agent of a passive: "backed by Moscow"
  if (rel == "obj" && (InList(hf, kGovVerbs) || InList(hl, kGovVerbs))) return true;
  if ((rel == "nmod" || rel == "obl") && InList(casew, kCasePreps) &&
      (InList(hf, kEventNouns) || InList(hl, kEventNouns) || InList(hf, kGovVerbs)))
    return true;
  if (rel == "nmod" && ps[w].deprel == "nmod:poss" && (InList(hf, kEventNouns))) return true;
  return false;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 6371.0 * 2 * std::atan2(std::sqrt(a), std::sqrt(1 - a));
}

// Tokenises doc.original when the text stage has not run: words are runs of
// letters/digits (with inner '.', '-' kept as separate tokens like UD does
// for hyphens), "'s" split off, sentences end at . ! ? before a space.
void FallbackWords(const Document& doc, std::vector<Word>* out) {
  std::string_view t = doc.original;
  uint32_t sentence = 0;
  bool initial = true;
  size_t i = 0;
  auto is_word_byte = [](unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
  };
  while (i < t.size()) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      if (c == '\n' && i + 1 < t.size() && t[i + 1] == '\n') {
        ++sentence;
        initial = true;
      }
      ++i;
      continue;
    }
    // Curly quotes/dashes (3-byte E2 80 xx) are punctuation.
    if (c == 0xE2 && i + 2 < t.size() && static_cast<unsigned char>(t[i + 1]) == 0x80) {
      bool apos_s = static_cast<unsigned char>(t[i + 2]) == 0x99 && i + 3 < t.size() &&
                    (t[i + 3] == 's' || t[i + 3] == 'S') &&
                    (i + 4 >= t.size() || !is_word_byte(static_cast<unsigned char>(t[i + 4])));
      size_t len = apos_s ? 4 : 3;
      Word w;
      w.form = t.substr(i, len);
      w.span = {static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)};
      w.sentence = sentence;
      w.sentence_initial = initial && !apos_s;
      out->push_back(w);
      i += len;
      continue;
    }
    if (is_word_byte(c)) {
      size_t b = i;
      while (i < t.size()) {
        unsigned char d = static_cast<unsigned char>(t[i]);
        if (is_word_byte(d)) {
          if (d == 0xE2) break;
          ++i;
        } else if (d == '.' && i + 1 < t.size() && is_word_byte(static_cast<unsigned char>(t[i + 1])) &&
                   i + 2 < t.size() && t[i + 2] == '.') {
          i += 1;  // "U.S." style initials
        } else if (d == '.' && i > b && i - b == 1 && std::isupper(static_cast<unsigned char>(t[b]))) {
          ++i;  // trailing period of an initial run
          break;
        } else {
          break;
        }
      }
      Word w;
      w.form = t.substr(b, i - b);
      w.span = {static_cast<uint32_t>(b), static_cast<uint32_t>(i)};
      w.sentence = sentence;
      w.sentence_initial = initial;
      initial = false;
      out->push_back(w);
      continue;
    }
    size_t len = 1;
    if (c == '\'' && i + 1 < t.size() && (t[i + 1] == 's' || t[i + 1] == 'S') &&
        (i + 2 >= t.size() || !is_word_byte(static_cast<unsigned char>(t[i + 2]))))
      len = 2;
    Word w;
    w.form = t.substr(i, len);
    w.span = {static_cast<uint32_t>(i), static_cast<uint32_t>(i + len)};
    w.sentence = sentence;
    w.sentence_initial = initial && len == 1;
    out->push_back(w);
    i += len;
    if ((c == '.' || c == '!' || c == '?') && (i >= t.size() || t[i] == ' ' || t[i] == '\n')) {
      ++sentence;
      initial = true;
    }
  }
  for (size_t k = 0; k < out->size(); ++k) {
    Word& w = (*out)[k];
    w.token = static_cast<uint32_t>(k);
    w.space_after = k + 1 >= out->size() || (*out)[k + 1].span.begin > w.span.end;
  }
}

void DocWords(const Document& doc, std::vector<Word>* out) {
  if (doc.tokens.empty()) {
    FallbackWords(doc, out);
    return;
  }
  out->resize(doc.tokens.size());
  for (size_t k = 0; k < doc.tokens.size(); ++k) {
    const Token& tk = doc.tokens[k];
    Word& w = (*out)[k];
    w.form = tk.form;
    w.span = tk.span;
    w.token = static_cast<uint32_t>(k);
    w.space_after = tk.space_after;
  }
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& se = doc.sentences[s];
    bool initial = true;
    for (uint32_t k = se.token_begin; k < se.token_end && k < out->size(); ++k) {
      Word& w = (*out)[k];
      w.sentence = static_cast<uint32_t>(s);
      w.sentence_initial = initial;
      if (!IsPunct(w.form)) initial = false;
    }
  }
}

struct Candidate {
  uint32_t place;
  uint8_t name_flags;
  double prior = 0;
  double score = 0;
};

struct Match {
  uint32_t begin, end;  // word indices [begin, end)
  std::string key;
  std::vector<Candidate> cands;
  bool demonym = false;
  bool common_word = false;
  bool first_name = false;
  bool initial = false;
  bool unresolved = false;  // raw text only
  uint16_t demonym_country = kNoCountry;
  int best = -1;            // index into cands after resolution
  int prior_best = -1;
  std::vector<std::pair<uint16_t, double>> votes;  // country -> vote share
  double confidence = 0;
};

double Prior(const Gazetteer& g, const PlaceRecord& p, uint8_t name_flags) {
  double s = 0;
  switch (static_cast<PlaceKind>(p.kind)) {
    case PlaceKind::kCountry: s = 12; break;
    case PlaceKind::kRegion:
    case PlaceKind::kPoint: s = 9; break;
    case PlaceKind::kAdmin1:
      s = (p.flags & kPlaceReviewed) ? 9 : 5 + 0.4 * std::log10(p.population + 1.0);
      break;
    case PlaceKind::kCity: {
      s = std::log10(p.population + 1.0);
      switch (static_cast<Feature>(p.feature)) {
        case Feature::kPPLC: s += 2.5; break;
        case Feature::kPPLA: s += 1.0; break;
        case Feature::kPPLA2: s += 0.3; break;
        default: break;
      }
      break;
    }
  }
  if (!(name_flags & kNameMain)) s -= 2.5;
  if (p.flags & kPlaceSeat) s += 0.5;
  return s;
}

void Softmax(std::vector<double>* v) {
  double m = -1e300;
  for (double x : *v) m = std::max(m, x);
  double sum = 0;
  for (double& x : *v) {
    x = std::exp(x - m);
    sum += x;
  }
  for (double& x : *v) x /= sum;
}

}  // namespace

PlaceFinder::PlaceFinder(std::shared_ptr<const Gazetteer> gazetteer, PlaceFinderOptions options)
    : gaz_(std::move(gazetteer)), options_(options) {}

std::vector<PlaceMention> PlaceFinder::Find(const Document& doc,
                                            const std::vector<nlp::ParsedSentence>* parses) const {
  const Gazetteer& g = *gaz_;
  static const bool debug = std::getenv("SITREP_PLACES_DEBUG") != nullptr;
  std::vector<Word> words;
  DocWords(doc, &words);
  const size_t n = words.size();
  auto same_sentence = [&](size_t a, size_t b) { return words[a].sentence == words[b].sentence; };
  auto credit = [&](size_t k) {
    uint32_t s = words[k].sentence;
    return !doc.tokens.empty() && s < doc.sentences.size() && doc.sentences[s].credit_line;
  };
  auto lower_at = [&](size_t k) { return k < n ? Lower(words[k].form) : std::string(); };

  // ---- Pass 1: matching ------------------------------------------------
  std::vector<Match> matches;
  std::vector<int> match_at(n, -1);  // word -> match index
  std::unordered_set<std::string> person_keys;
  std::vector<uint8_t> rejected_person(n, 0);
  for (size_t i = 0; i < n;) {
    const Word& w = words[i];
    bool upper = IsUpperStart(w.form);
    std::string lw = Lower(w.form);
    bool direction = !upper && InList(lw, kDirections);
    if ((!upper && !direction) || credit(i)) {
      ++i;
      continue;
    }
    std::string key;
    size_t best_end = 0;
    std::vector<Candidate> best_cands;
    for (size_t j = i; j < n && same_sentence(i, j) && j - i < g.max_name_tokens(); ++j) {
      if (j > i && words[j - 1].space_after) key.push_back(' ');
      key += Lower(words[j].form);
      if (!g.HasKeyWithPrefix(key)) break;
      auto entries = g.Lookup(key);
      if (entries.empty()) continue;
      bool all_caps_surface = !HasLowerAscii(doc.OriginalText({w.span.begin, words[j].span.end}));
      // One-word function/common words; "US" in capitals is an abbreviation.
      if (j == i && InList(lw, kStopWords) && !(all_caps_surface && w.form.size() <= 3)) continue;
      std::vector<Candidate> cands;
      for (const NameEntry& e : entries) {
        if ((e.flags & kNameAbbrev) && !all_caps_surface) continue;
        // Text in capitals (datelines, shouting headlines) matches main names only.
        if (all_caps_surface && w.form.size() > 1 && !(e.flags & (kNameMain | kNameAbbrev))) continue;
        // Short capitals are acronyms ("UN", "AP") unless listed as one ("US").
        if (all_caps_surface && j == i && w.form.size() <= 3 && !(e.flags & kNameAbbrev)) continue;
        if (direction && !(e.flags & kNameLowerStart)) continue;
        cands.push_back({e.place, e.flags});
      }
      if (cands.empty()) continue;
      if (IsPunct(words[j].form)) continue;
      best_end = j + 1;
      best_cands = std::move(cands);
    }
    if (best_end == 0) {
      ++i;
      continue;
    }
    Match m;
    m.begin = static_cast<uint32_t>(i);
    m.end = static_cast<uint32_t>(best_end);
    m.key = Lower(doc.OriginalText({w.span.begin, words[best_end - 1].span.end}));
    m.initial = w.sentence_initial;
    bool any_demonym = false, all_common = true;
    uint32_t demonym_pop = 0;
    for (const Candidate& c : best_cands) {
      // A demonym several countries share ("Dutch": the Netherlands and the
      // Caribbean Netherlands) votes for the most populous of them.
      if ((c.name_flags & kNameDemonym) && (!any_demonym || g.place(c.place).population > demonym_pop)) {
        any_demonym = true;
        m.demonym_country = g.place(c.place).country;
        demonym_pop = g.place(c.place).population;
      }
      if (!(c.name_flags & kNameCommonWord)) all_common = false;
      if (c.name_flags & kNameFirstName) m.first_name = true;
    }
    m.demonym = any_demonym;
    m.common_word = all_common;
    m.cands = std::move(best_cands);
    matches.push_back(std::move(m));
    for (size_t k = i; k < best_end; ++k) match_at[k] = static_cast<int>(matches.size() - 1);
    i = best_end;
  }

  // Person/organisation context filters.
  auto is_cap_word = [&](size_t k) {
    return k < n && IsUpperStart(words[k].form) && !InList(Lower(words[k].form), kStopWords);
  };
  std::vector<uint8_t> keep(matches.size(), 1);
  for (size_t mi = 0; mi < matches.size(); ++mi) {
    Match& m = matches[mi];
    if (m.demonym) continue;
    size_t b = m.begin, e = m.end;
    bool major = false;
    for (const Candidate& c : m.cands) {
      auto kind = static_cast<PlaceKind>(g.place(c.place).kind);
      const PlaceRecord& pr = g.place(c.place);
      if (kind == PlaceKind::kCountry || kind == PlaceKind::kAdmin1 || (pr.flags & kPlaceSeat) ||
          pr.population >= 500000)
        major = true;
    }
    bool person = false, org = false;
    if (b > 0 && same_sentence(b - 1, b)) {
      std::string prev = Lower(words[b - 1].form);
      if (InList(prev, kTitles)) person = true;
      // Two small places side by side are a first name and a surname
      // ("Jay Leno", "Marvin Gaye"): both go.
      if (match_at[b - 1] >= 0 && !major && is_cap_word(b - 1) && matches[match_at[b - 1]].end == b &&
          matches[match_at[b - 1]].end - matches[match_at[b - 1]].begin == 1 && e - b == 1 &&
          !matches[match_at[b - 1]].demonym) {
        const Match& pm = matches[match_at[b - 1]];
        bool prev_major = false;
        for (const Candidate& c : pm.cands) {
          const PlaceRecord& pr = g.place(c.place);
          auto kind = static_cast<PlaceKind>(pr.kind);
          if (kind == PlaceKind::kCountry || kind == PlaceKind::kAdmin1 || (pr.flags & kPlaceSeat) ||
              pr.population >= 500000)
            prev_major = true;
        }
        if (!prev_major) {
          person = true;
          size_t pi = static_cast<size_t>(match_at[b - 1]);
          keep[pi] = 0;
          person_keys.insert(pm.key);
        }
      }
      // Glued to a preceding capitalised word that is not itself a place.
      // Major places ("Zelensky Washington's backing") are exempt: a
      // country, a capital or a city of half a million is rarely a surname.
      if (is_cap_word(b - 1) && match_at[b - 1] < 0 && !major && !InList(prev, kDirections) &&
          !InList(prev, kInstitutionWords))
        person = true;
    }
    // Names of newspapers and organisations ("The Washington Post").
    static const char* const kOrgTails[] = {"post", "times", "news", "herald", "tribune", "journal",
                                            "gazette", "telegraph", "chronicle", "globe", "examiner"};
    if (e < n && same_sentence(e - 1, e) && IsUpperStart(words[e].form)) {
      std::string next = Lower(words[e].form);
      for (const char* t : kOrgTails)
        if (next == t) org = true;
    }
    if (e < n && same_sentence(e - 1, e) && is_cap_word(e) &&
        (match_at[e] < 0 || matches[match_at[e]].common_word)) {
      std::string next = Lower(words[e].form);
      if (!InList(next, kInstitutionWords) && !InList(next, kMonthsDays)) org = true;
    }
    if (person || org) {
      keep[mi] = 0;
      if (person && !major) person_keys.insert(m.key);
      for (size_t k = b; k < e; ++k) rejected_person[k] = 1;
    }
  }
  for (size_t mi = 0; mi < matches.size(); ++mi) {
    if (!keep[mi] || matches[mi].demonym) continue;
    bool country_like = false;
    for (const Candidate& c : matches[mi].cands)
      if (static_cast<PlaceKind>(g.place(c.place).kind) == PlaceKind::kCountry) country_like = true;
    if (!country_like && person_keys.count(matches[mi].key)) keep[mi] = 0;
  }
  {
    std::vector<Match> kept;
    for (size_t mi = 0; mi < matches.size(); ++mi)
      if (keep[mi]) kept.push_back(std::move(matches[mi]));
    matches = std::move(kept);
    std::fill(match_at.begin(), match_at.end(), -1);
    for (size_t mi = 0; mi < matches.size(); ++mi)
      for (size_t k = matches[mi].begin; k < matches[mi].end; ++k) match_at[k] = static_cast<int>(mi);
  }

  // Unresolved names: "near Avdiivka", "the village of Bilohorivka" when the
  // gazetteer lacks them.
  for (size_t k = 1; k + 1 < n; ++k) {
    std::string lw = Lower(words[k].form);
    bool cue = lw == "near" || lw == "outside" ||
               (lw == "of" && k >= 1 &&
                (Lower(words[k - 1].form) == "village" || Lower(words[k - 1].form) == "town" ||
                 Lower(words[k - 1].form) == "city" || Lower(words[k - 1].form) == "region" ||
                 Lower(words[k - 1].form) == "province" || Lower(words[k - 1].form) == "district"));
    if (!cue || !same_sentence(k, k + 1)) continue;
    size_t b = k + 1;
    if (!is_cap_word(b) || match_at[b] >= 0 || rejected_person[b] || credit(b)) continue;
    size_t e = b;
    while (e < n && same_sentence(b, e) && is_cap_word(e) && match_at[e] < 0 && e - b < 4) ++e;
    Match m;
    m.begin = static_cast<uint32_t>(b);
    m.end = static_cast<uint32_t>(e);
    m.key = Lower(doc.OriginalText({words[b].span.begin, words[e - 1].span.end}));
    m.unresolved = true;
    if (person_keys.count(m.key)) continue;
    matches.push_back(std::move(m));
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.begin < b.begin; });
  std::fill(match_at.begin(), match_at.end(), -1);
  for (size_t mi = 0; mi < matches.size(); ++mi)
    for (size_t k = matches[mi].begin; k < matches[mi].end; ++k) match_at[k] = static_cast<int>(mi);

  // ---- Pass 2: evidence -----------------------------------------------
  // Votes per country, and per name: a name repeated never supports itself.
  std::unordered_map<uint16_t, double> evidence;
  std::unordered_map<std::string, std::unordered_map<uint16_t, double>> key_evidence;
  for (Match& m : matches) {
    if (m.unresolved) continue;
    if (m.demonym) {
      if (m.demonym_country != kNoCountry) evidence[m.demonym_country] += options_.focus_demonym_weight;
      continue;
    }
    // One candidate per place; keep the best name flags.
    std::vector<Candidate> uniq;
    for (const Candidate& c : m.cands) {
      auto it = std::find_if(uniq.begin(), uniq.end(), [&](const Candidate& u) { return u.place == c.place; });
      if (it == uniq.end()) uniq.push_back(c);
      else it->name_flags |= c.name_flags;
    }
    m.cands = std::move(uniq);
    std::vector<double> p;
    for (Candidate& c : m.cands) {
      c.prior = Prior(g, g.place(c.place), c.name_flags);
      p.push_back(c.prior);
    }
    Softmax(&p);
    std::unordered_map<uint16_t, double> v;
    double top = -1;
    for (size_t k = 0; k < m.cands.size(); ++k) {
      v[g.place(m.cands[k].place).country] += p[k];
      if (p[k] > top) {
        top = p[k];
        m.prior_best = static_cast<int>(k);
      }
    }
    // Doubtful matches (ordinary words, sentence-initial or tiny places)
    // vote less: they may be dropped in pass 3.
    const PlaceRecord& pb = g.place(m.cands[m.prior_best].place);
    auto pkind = static_cast<PlaceKind>(pb.kind);
    bool pmajor = pkind != PlaceKind::kCity || (pb.flags & kPlaceSeat) || pb.population >= 500000;
    double weight = 1.0;
    bool pmain = m.cands[m.prior_best].name_flags & kNameMain;
    if ((m.common_word && !pmajor) || (m.first_name && !(pmajor && pmain))) weight = 0;
    else if (m.initial && !pmajor) weight = 0.3;
    else if (pkind == PlaceKind::kCity && pb.population < 15000 &&
             pb.feature != static_cast<uint8_t>(Feature::kPPLA))
      weight = 0.3;
    for (auto& [c, share] : v) {
      m.votes.emplace_back(c, share * weight);
      evidence[c] += share * weight;
      key_evidence[m.key][c] += share * weight;
    }
  }
  double total_evidence = 0;
  for (auto& [c, x] : evidence) total_evidence += x;

  // ---- Pass 3: resolution ---------------------------------------------
  std::vector<PlaceMention> out;
  for (size_t mi = 0; mi < matches.size(); ++mi) {
    Match& m = matches[mi];
    if (m.demonym) continue;
    if (m.unresolved) {
      PlaceMention pm;
      pm.span = {words[m.begin].span.begin, words[m.end - 1].span.end};
      pm.sentence = words[m.begin].sentence;
      pm.token_begin = words[m.begin].token;
      pm.token_end = words[m.end - 1].token + 1;
      pm.text = std::string(doc.OriginalText(pm.span));
      pm.confidence = 0.1;
      out.push_back(std::move(pm));
      continue;
    }
    // Hierarchy: "X, Y" where Y is a country or admin1 (or "X in Y").
    std::unordered_set<uint16_t> h_countries;
    std::unordered_set<std::string> h_admin1;
    size_t e = m.end;
    if (e + 1 < n && same_sentence(e, e + 1) && words[e].form == "," && match_at[e + 1] >= 0) {
      const Match& nx = matches[match_at[e + 1]];
      for (const Candidate& c : nx.cands) {
        const PlaceRecord& p = g.place(c.place);
        auto kind = static_cast<PlaceKind>(p.kind);
        if (kind == PlaceKind::kCountry) h_countries.insert(p.country);
        if (kind == PlaceKind::kAdmin1) h_admin1.insert(std::string(g.admin1(p)));
      }
    }
    const std::unordered_map<uint16_t, double>& own_votes = key_evidence[m.key];
    auto own_vote = [&](uint16_t c) {
      auto it = own_votes.find(c);
      return it == own_votes.end() ? 0.0 : it->second;
    };
    double own_total = 0;
    for (auto& [c, share] : own_votes) own_total += share;
    double others_total = total_evidence - own_total;
    for (Candidate& c : m.cands) {
      const PlaceRecord& p = g.place(c.place);
      double s = c.prior;
      if (others_total > 0.05) {
        double own = own_vote(p.country);
        auto it = evidence.find(p.country);
        double other = it == evidence.end() ? 0 : it->second - own;
        s += 5.0 * std::max(0.0, other) / (others_total + 1.0);
      }
      if (h_countries.count(p.country) && static_cast<PlaceKind>(p.kind) != PlaceKind::kCountry) s += 8;
      if (h_admin1.count(std::string(g.admin1(p))) && static_cast<PlaceKind>(p.kind) == PlaceKind::kCity) s += 8;
      // A subdivision that contains another mention's best guess ("Georgia"
      // with Atlanta and Savannah).
      if (static_cast<PlaceKind>(p.kind) == PlaceKind::kAdmin1 && p.admin1_len > 0) {
        for (size_t oj = 0; oj < matches.size(); ++oj) {
          const Match& o = matches[oj];
          if (oj == mi || o.unresolved || o.demonym || o.prior_best < 0 || o.key == m.key) continue;
          const PlaceRecord& op = g.place(o.cands[o.prior_best].place);
          if (op.kind == static_cast<uint8_t>(PlaceKind::kCity) && g.admin1(op) == g.admin1(p)) {
            s += 3.0;
            break;
          }
        }
      }
      // Proximity to other mentions' prior-best candidates.
      if (static_cast<PlaceKind>(p.kind) == PlaceKind::kCity) {
        for (size_t oj = 0; oj < matches.size(); ++oj) {
          const Match& o = matches[oj];
          if (oj == mi || o.unresolved || o.demonym || o.prior_best < 0 || o.key == m.key) continue;
          const PlaceRecord& op = g.place(o.cands[o.prior_best].place);
          auto ok = static_cast<PlaceKind>(op.kind);
          if (ok == PlaceKind::kCountry) continue;
          if (DistanceKm(p.lat, p.lon, op.lat, op.lon) < 250) {
            s += 2.0;
            break;
          }
        }
      }
      c.score = s;
    }
    std::vector<double> p;
    for (const Candidate& c : m.cands) p.push_back(c.score);
    Softmax(&p);
    if (debug) {
      for (size_t k = 0; k < m.cands.size(); ++k) {
        const PlaceRecord& cp = g.place(m.cands[k].place);
        std::fprintf(stderr, "[places] %s -> %.*s %.*s %.*s prior=%.2f score=%.2f p=%.3f\n",
                     m.key.c_str(), static_cast<int>(g.name(cp).size()), g.name(cp).data(),
                     static_cast<int>(g.iso3(cp.country).size()), g.iso3(cp.country).data(),
                     static_cast<int>(g.admin1(cp).size()), g.admin1(cp).data(), m.cands[k].prior,
                     m.cands[k].score, p[k]);
      }
    }
    int best = 0;
    for (size_t k = 1; k < p.size(); ++k)
      if (p[k] > p[best]) best = static_cast<int>(k);
    const PlaceRecord& bp = g.place(m.cands[best].place);
    auto kind = static_cast<PlaceKind>(bp.kind);
    bool big = kind == PlaceKind::kCountry || kind == PlaceKind::kAdmin1 ||
               kind == PlaceKind::kRegion || (bp.flags & kPlaceReviewed);
    // Ordinary words ("Price", "Mobile", "Reading" as a verb) and
    // sentence-initial words resolve only to places large enough, or in a
    // country the rest of the text is about.
    bool in_context = false;
    {
      auto it = evidence.find(bp.country);
      double own = own_vote(bp.country);
      in_context = it != evidence.end() && it->second - own >= 0.5;
    }
    const bool main_name = m.cands[best].name_flags & kNameMain;
    const bool seat_or_ppla = (bp.flags & kPlaceSeat) || bp.feature == static_cast<uint8_t>(Feature::kPPLA);
    if (m.common_word && !big) {
      uint32_t need = m.initial ? 1000000 : (in_context ? 20000 : 100000);
      if (bp.population < need || !main_name) continue;
    } else if (m.initial && !big && bp.population < 5000 && !in_context) {
      continue;
    }
    // A given name ("Sophia", "Dave") names a person unless it is a major
    // place written as such or the text is about that country.
    if (m.first_name && !big && !in_context &&
        !(main_name && ((bp.flags & kPlaceSeat) || bp.population >= 500000)))
      continue;
    // A lone small place in a country nothing else in the text points to is
    // more often a surname or a word than that place.
    if (!big && !in_context && !seat_or_ppla && bp.population < 15000) continue;
    double conf = p[best];
    if (!big && !in_context && !seat_or_ppla && bp.population < 100000) conf = std::min(conf, 0.15);
    if (m.common_word) conf *= 0.8;
    if (!big && bp.population < 1000) conf *= 0.7;
    m.best = best;
    m.confidence = std::clamp(conf, 0.05, 0.99);

    PlaceMention pm;
    pm.span = {words[m.begin].span.begin, words[m.end - 1].span.end};
    pm.sentence = words[m.begin].sentence;
    pm.token_begin = words[m.begin].token;
    pm.token_end = words[m.end - 1].token + 1;
    pm.text = std::string(doc.OriginalText(pm.span));
    pm.resolved = true;
    pm.place = m.cands[best].place;
    pm.name = std::string(g.name(bp));
    pm.geonameid = bp.geonameid;
    pm.country = std::string(g.iso3(bp.country));
    pm.admin1 = std::string(g.admin1(bp));
    pm.lat = bp.lat;
    pm.lon = bp.lon;
    pm.precision = kind;
    pm.confidence = m.confidence;

    // Metonymy: seats of government acting or addressed.
    if (bp.flags & kPlaceSeat) {
      bool met = false;
      size_t b = m.begin;
      const nlp::ParsedSentence* ps = nullptr;
      uint32_t s = words[b].sentence;
      if (parses && !doc.tokens.empty() && s < parses->size() && s < doc.sentences.size() &&
          (*parses)[s].size() == doc.sentences[s].size() && (*parses)[s].has_tree)
        ps = &(*parses)[s];
      if (ps) {
        int w = static_cast<int>(words[m.end - 1].token - doc.sentences[s].token_begin);
        met = ParseSaysMetonym(*ps, w);
      } else {
        std::string next = lower_at(e);
        std::string prev = b > 0 ? lower_at(b - 1) : std::string();
        std::string prev2 = b > 1 ? lower_at(b - 2) : std::string();
        if (e < n && same_sentence(e - 1, e)) {
          if (InList(next, kActionCues)) met = true;
          if ((next == "'s" || next == "\u2019s") && InList(lower_at(e + 1), kEventNouns)) met = true;
        }
        if (b > 0 && same_sentence(b - 1, b)) {
          if (InList(prev, kCasePreps) && InList(prev2, kEventNouns)) met = true;
          if (InList(prev, kGovVerbs)) met = true;
          if (prev == "by" && prev2.size() > 2 && prev2.compare(prev2.size() - 2, 2, "ed") == 0) met = true;
        }
      }
      if (kind == PlaceKind::kPoint && !met) {
        std::string prev = b > 0 ? lower_at(b - 1) : std::string();
        std::string prev2 = b > 1 ? lower_at(b - 2) : std::string();
        bool located = prev == "in" || prev == "at" || prev == "inside" || prev == "outside" ||
                       ((prev == "the") && (prev2 == "in" || prev2 == "at" || prev2 == "outside"));
        met = !located;  // "the Kremlin said" vs "talks in the Kremlin"
      }
      pm.metonym = met;
    }
    out.push_back(std::move(pm));
  }
  return out;
}

std::string PlaceFinder::FocusCountry(const Document& doc,
                                      const std::vector<PlaceMention>& mentions) const {
  const Gazetteer& g = *gaz_;
  std::unordered_map<std::string, double> score;
  for (const PlaceMention& m : mentions) {
    if (!m.resolved || m.country.empty() || m.confidence < options_.focus_min_confidence) continue;
    double w = m.confidence * (m.metonym ? options_.focus_metonym_weight : 1.0);
    // A dateline ("ANCHORAGE, Alaska --", "KYIV (Reuters) -") says where the
    // story was filed: usually its focus.
    if (m.text.size() >= 4 && !HasLowerAscii(m.text) && m.span.end < doc.original.size()) {
      size_t k = m.span.end;
      while (k < doc.original.size() && doc.original[k] == ' ') ++k;
      if (k < doc.original.size() && (doc.original[k] == ',' || doc.original[k] == '(' ||
                                       doc.original[k] == '-' ||
                                       static_cast<unsigned char>(doc.original[k]) == 0xE2))
        w *= options_.focus_dateline_weight;
    }
    score[m.country] += w;
  }
  // Country adjectives and demonyms: weak votes.
  if (options_.focus_demonym_weight > 0) {
    std::vector<Word> words;
    DocWords(doc, &words);
    for (const Word& w : words) {
      if (!IsUpperStart(w.form)) continue;
      const PlaceRecord* best_place = nullptr;  // the most populous country of the demonym
      for (const NameEntry& e : g.Lookup(Lower(w.form)))
        if ((e.flags & kNameDemonym) && (best_place == nullptr || g.place(e.place).population > best_place->population))
          best_place = &g.place(e.place);
      if (best_place != nullptr) score[std::string(g.iso3(best_place->country))] += options_.focus_demonym_weight;
    }
  }
  std::string best;
  double best_score = 0;
  for (auto& [c, s] : score)
    if (s > best_score || (s == best_score && c < best)) {
      best = c;
      best_score = s;
    }
  return best;
}

}  // namespace sitrep::mentions
