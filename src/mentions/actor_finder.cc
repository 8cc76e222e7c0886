#include "mentions/actor_finder.h"

#include <algorithm>
#include <initializer_list>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

namespace sitrep::mentions {

using lexicon::ActorEntry;
using lexicon::EntryKind;
using lexicon::Hit;
using lexicon::HitKind;
using lexicon::Lexicon;

int AcledInter(std::string_view code, std::string_view role) {
  if (code.empty()) return 0;
  if (role == "MIL" || role == "COP" || role == "GOV" || role == "SPY") return 1;
  if (role == "REB" || role == "INS" || role == "SEP") return 2;
  if (role == "UAF") return 3;
  if (role == "OPP") return 6;
  if (role == "CVL" || role == "REF" || role == "MED" || role == "EDU" || role == "HLH" || role == "LAB" ||
      role == "BUS" || role == "NGO" || role == "REL")
    return 7;
  if (code.rfind("IGO", 0) == 0 || code.rfind("NGO", 0) == 0) return 8;
  return 1;  // a bare country code: the state
}

void SplitCode(const Lexicon& lex, const std::string& code, std::string* iso3, std::string* role) {
  iso3->clear();
  role->clear();
  if (code.size() >= 3 && lex.IsCountryCode(code.substr(0, 3))) {
    *iso3 = lex.IsoForCountryCode(code.substr(0, 3));
    if (code.size() >= 6) *role = code.substr(3, 3);
  } else if (code.size() >= 3) {
    std::string first = code.substr(0, 3);
    if (first == "IGO" || first == "NGO" || first == "IMG") *role = first;
    else *role = first;
  }
}

namespace {

bool IsUpperStart(std::string_view f) {
  if (f.empty()) return false;
  unsigned char c = static_cast<unsigned char>(f[0]);
  if (c >= 0x80) return true;  // non-ASCII initial (names in other scripts/diacritics)
  return std::isupper(c);
}

// Capitalised words that are not names even when capitalised mid-sentence.
bool IsCommonCapitalised(std::string_view f) {
  static const char* kWords[] = {"The", "A", "An", "In", "On", "At", "But", "And", "Or", "He", "She",
                                 "It", "They", "We", "I", "This", "That", "These", "Those", "His", "Her",
                                 "Its", "Their", "Our", "Mr.", "Mrs.", "Ms.", "Monday", "Tuesday",
                                 "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
                                 "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December", "Despite", "Since",
                                 "As", "Amid", "After", "Before", "When", "While", "If", "Parts", "There",
                                 "According", "Meanwhile", "However", "Also", "More", "Some", "Many",
                                 "Most", "All", "No", "Yes", "Its", "So", "Then", "Now", "Today",
                                 "Yesterday", "Last", "Next", "Earlier", "Later", "Several", "Both"};
  for (const char* w : kWords)
    if (f == w) return true;
  return false;
}

int HitPriority(const ActorEntry& e, HitKind k) {
  if (k == HitKind::kName) {
    switch (e.kind) {
      case EntryKind::kPerson: return 9;
      case EntryKind::kGroup: case EntryKind::kIgo: case EntryKind::kParty: return 8;
      case EntryKind::kNgo: case EntryKind::kMedia: case EntryKind::kOrg: return 7;
      case EntryKind::kCountry: return 7;
      case EntryKind::kEthnic: case EntryKind::kReligion: return 5;
      case EntryKind::kAgent: return 4;
      case EntryKind::kModifier: return 3;
    }
  }
  if (k == HitKind::kAdjective) return 6;
  if (k == HitKind::kCapital || k == HitKind::kSeat) return 6;
  return 5;  // description
}

struct Part {
  enum Type { kEntity, kCountry, kAdj, kMetonym, kAgent, kModifier, kDesc, kName, kParen } type;
  uint32_t begin, end;  // sentence-relative token range
  const ActorEntry* entry = nullptr;
  const Hit* hit = nullptr;
};

std::string Join(const Document& doc, uint32_t b, uint32_t e) {
  return std::string(doc.OriginalText(Span{doc.tokens[b].span.begin, doc.tokens[e - 1].span.end}));
}

bool IsRoleCode(std::string_view c) { return c.size() == 3; }

bool InList(std::string_view w, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (w == x) return true;
  return false;
}

// The words of one sentence as the finder sees them: folded forms, and the
// tagger's output when it is there (tags and lemmas; a tree only when
// `ps->has_tree`).
struct SentenceWords {
  const std::vector<std::string>& folded;
  const nlp::ParsedSentence* ps;  // null, or one word per token
  uint32_t n;

  bool tagged() const { return ps != nullptr && ps->size() == n; }
  // Lower-cased lemma when tagged, else the folded form.
  std::string lemma(uint32_t k) const {
    if (!tagged() || (*ps)[k].lemma.empty()) return folded[k];
    std::string l = (*ps)[k].lemma;
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l;
  }
  bool upos_is(uint32_t k, nlp::Upos u) const { return tagged() && (*ps)[k].upos == u; }
};

// The CAMEO country code of the person's role nearest in time to `day`
// (roles without a country are skipped), or "".
std::string CountryOfNearestRole(const Lexicon& lex, const ActorEntry& e, int32_t day) {
  const lexicon::Role* best = nullptr;
  int64_t best_gap = 0;
  for (const auto& r : e.roles) {
    if (r.code.size() < 3 || !lex.IsCountryCode(r.code.substr(0, 3))) continue;
    int64_t gap = 0;
    if (day != lexicon::kOpenEnd) {
      if (day < r.from) gap = static_cast<int64_t>(r.from) - day;
      else if (day > r.to) gap = static_cast<int64_t>(day) - r.to;
    }
    if (!best || gap < best_gap) {
      best = &r;
      best_gap = gap;
    }
  }
  return best ? best->code.substr(0, 3) : std::string();
}

// True when the words from `k` on are "counterpart(s)", possibly after
// coordinated adjectives ("Turkish and Iranian counterparts").
bool BeforeCounterpart(const std::vector<std::string>& folded, uint32_t k) {
  for (uint32_t j = k; j < folded.size() && j < k + 4; ++j) {
    if (folded[j] == "counterpart" || folded[j] == "counterparts") return true;
    if (j == k && folded[j] != "and" && folded[j] != ",") return false;
  }
  return false;
}

// Prepositions that put a city where something happens ("in", "near"...).
bool IsLocativePrep(std::string_view w) {
  return InList(w, {"in", "at", "near", "across", "through", "throughout", "outside", "inside", "around",
                    "within", "via", "nearby", "beyond"});
}

// Lemmas (and forms, for untagged text) of movement: "flew to Moscow",
// "returned from Kabul", "the road to Damascus". "visit" is left out: the
// host of a visit is the government more often than not.
bool IsMotionWord(std::string_view w) {
  return InList(w, {"travel", "travelled", "traveled", "fly", "flew", "flown", "return", "returned", "arrive",
                    "arrived", "go", "went", "gone", "come", "came", "head", "headed", "move", "moved", "flee",
                    "fled", "march", "marched", "deport", "deported", "evacuate", "evacuated", "drive", "drove",
                    "driven", "walk", "walked", "sail", "sailed", "relocate", "relocated", "transfer",
                    "transferred", "escape", "escaped", "advance", "advanced", "trip", "journey", "flight",
                    "flights", "road", "route", "highway", "railway", "train", "convoy", "way", "back",
                    "home", "retreat", "retreated", "push", "pushed", "commute", "migrate", "migrated"});
}

// Nouns that make "X of <city>" a place: "the streets of Buenos Aires".
bool IsPlaceNoun(std::string_view w) {
  return InList(w, {"street", "streets", "city", "capital", "town", "outskirts", "outskirt", "suburb", "suburbs",
                    "centre", "center", "heart", "downtown", "district", "districts", "neighbourhood",
                    "neighborhood", "neighbourhoods", "neighborhoods", "part", "parts", "area", "areas",
                    "region", "sky", "skies", "resident", "residents", "people", "citizen", "citizens",
                    "inhabitant", "inhabitants", "university", "port", "airport", "province", "edge",
                    "environs", "gate", "gates", "north", "south", "east", "west", "square", "population",
                    "metropolitan", "mayor", "governor", "municipality", "hospital", "hospitals", "museum",
                    "stadium", "mall", "market", "markets", "schools", "school", "subway", "metro"});
}

// Words before "at" that aim at an adversary rather than locate an act:
// "fired at Kyiv", "lashed out at Washington".
bool AimsAt(std::string_view w) {
  return InList(w, {"fire", "fired", "aim", "aimed", "direct", "directed", "lash", "lashed", "out", "hit",
                    "strike", "struck", "jab", "jabs", "swipe", "swipes", "angry", "anger", "furious", "look",
                    "looked", "point", "pointed", "target", "targeted", "shoot", "shot", "launch", "launched",
                    "level", "levelled", "leveled", "rail", "railed", "bristle", "bristled", "mock", "mocked",
                    "dig", "digs", "shots", "missiles", "rockets", "hit", "snap", "snapped", "hint", "hinted"});
}

// Nouns a capital modifies as a place ("the Nairobi peace talks"), for
// untagged text; tagged text takes any common noun after it.
bool IsEventNoun(std::string_view w) {
  return InList(w, {"talks", "summit", "conference", "agreement", "agreements", "accord", "accords", "process",
                    "meeting", "meetings", "negotiations", "declaration", "protocol", "format", "peace",
                    "ceasefire", "truce", "deal", "forum", "embassy", "bureau", "correspondent", "residents",
                    "airport", "marathon", "convention", "communique", "statement"});
}

// Present-tense verbs the tagger may take for plural nouns after a subject
// ("Moscow claims ..."): never read as a compound.
bool IsSayingVerb(std::string_view w) {
  return InList(w, {"says", "claims", "warns", "denies", "accuses", "blames", "calls", "wants", "needs",
                    "plans", "fears", "hopes", "demands", "rejects", "threatens", "insists", "vows", "urges",
                    "seeks", "backs", "supports", "slams", "hits", "eyes", "signals", "offers"});
}

// True when the capital or seat at sentence tokens [b, e) names a place,
// not a government: the object of a locative preposition ("talks in
// Vienna"), of "to"/"from" after a word of movement ("flew to Moscow"), of
// "of" after a place noun ("the streets of Buenos Aires"), or a modifier
// of a following common noun ("the Nairobi peace talks"). Anything else
// (subject, object, "against", "by", "'s") keeps the government reading.
// Read from the words and tags only: in Engine::Code the finder runs before
// any dependency tree exists, and `sitrep explain` must show what the
// engine does.
bool UsedAsPlace(const SentenceWords& sw, uint32_t b, uint32_t e, bool allow_compound = true) {
  const uint32_t n = sw.n;
  bool possessed = e < n && (sw.folded[e] == "'s" || sw.folded[e] == "\xE2\x80\x99s");
  if (!allow_compound && possessed) return false;
  // Compound modifier of a following common noun.
  if (allow_compound && e < n && !possessed && !IsSayingVerb(sw.folded[e])) {
    if (sw.tagged() ? sw.upos_is(e, nlp::Upos::NOUN) : IsEventNoun(sw.folded[e])) return true;
  }
  // Walk back over "the" and area adjectives ("in central Moscow").
  int p = static_cast<int>(b) - 1;
  for (int skipped = 0; p >= 0 && skipped < 2; ++skipped) {
    std::string_view w = sw.folded[p];
    bool area = InList(w, {"the", "central", "downtown", "eastern", "western", "northern", "southern", "greater",
                           "suburban", "north", "south", "east", "west", "northeastern", "northwestern",
                           "southeastern", "southwestern", "old", "rural", "metropolitan"});
    if (!area) break;
    --p;
  }
  if (p < 0) return false;
  std::string_view prep = sw.folded[p];
  std::string before = p > 0 ? sw.lemma(p - 1) : std::string();
  std::string_view before_form = p > 0 ? std::string_view(sw.folded[p - 1]) : std::string_view();
  if (IsLocativePrep(prep)) {
    if (prep == "at" && (AimsAt(before) || AimsAt(before_form))) return false;
    if (prep == "in" && InList(before, {"confidence", "trust", "faith", "belief"})) return false;
    return true;
  }
  if (InList(prep, {"to", "from", "into", "toward", "towards"})) {
    // A word of movement within three words before the preposition.
    for (int q = p - 1; q >= 0 && q >= p - 3; --q) {
      std::string_view f = sw.folded[q];
      if (f == "," || f == ";" || f == ":" || f == "." || f == "\"") break;
      if (IsMotionWord(sw.lemma(q)) || IsMotionWord(f)) return true;
    }
    return false;
  }
  if (prep == "of") return p > 0 && (IsPlaceNoun(before) || IsPlaceNoun(before_form));
  return false;
}

}  // namespace

ActorFinder::ActorFinder(std::shared_ptr<const Lexicon> lex, ActorFinderOptions opt)
    : lex_(std::move(lex)), opt_(opt) {}

std::vector<ActorMention> ActorFinder::FindActors(const Document& doc,
                                                  const std::vector<nlp::ParsedSentence>& parses,
                                                  int32_t day) const {
  const Lexicon& lex = *lex_;
  std::vector<ActorMention> out;

  // Document context: countries named (not adjectives), for agents without a country.
  std::map<std::string, int> country_votes;
  // Surname -> mention index, for later surname-only references.
  std::unordered_map<std::string, size_t> surnames;
  int last_person = -1;
  std::set<uint32_t> named_entries;  // entries named so far (descriptions refer back to them)

  std::vector<std::string> folded;
  std::vector<std::string_view> forms;
  std::vector<lexicon::PhraseMatch> matches;

  // First pass over the whole document: which countries does it talk about?
  for (const Sentence& s : doc.sentences) {
    if (s.credit_line) continue;
    folded.clear();
    forms.clear();
    matches.clear();
    for (uint32_t t = s.token_begin; t < s.token_end; ++t) {
      forms.push_back(doc.tokens[t].form);
      folded.push_back(Lexicon::Fold(doc.tokens[t].form));
    }
    lex.MatchPhrases(folded, forms, &matches);
    for (const auto& m : matches) {
      // "his French counterpart" names the other side's country, not the story's.
      if (BeforeCounterpart(folded, m.end)) continue;
      for (const Hit* h : m.hits) {
        const ActorEntry& e = lex.actor(h->entry);
        if (e.kind == EntryKind::kCountry && !e.code.empty())
          country_votes[e.code.substr(0, 3)] += h->kind == HitKind::kName ? 2 : 1;
      }
    }
  }
  std::string focus;
  int best_votes = 0;
  for (const auto& [c, v] : country_votes)
    if (v > best_votes) {
      best_votes = v;
      focus = c;
    }

  for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    if (s.credit_line) continue;
    const nlp::ParsedSentence* ps = si < parses.size() ? &parses[si] : nullptr;
    const uint32_t n = s.size();
    folded.clear();
    forms.clear();
    matches.clear();
    for (uint32_t t = s.token_begin; t < s.token_end; ++t) {
      forms.push_back(doc.tokens[t].form);
      folded.push_back(Lexicon::Fold(doc.tokens[t].form));
    }
    lex.MatchPhrases(folded, forms, &matches);

    // Parts: one per dictionary match (best hit), plus capitalised name tokens.
    std::vector<Part> parts;
    std::vector<int> part_at(n, -1);
    for (const auto& m : matches) {
      const Hit* best = nullptr;
      int bp = -1;
      for (const Hit* h : m.hits) {
        int p = HitPriority(lex.actor(h->entry), h->kind);
        if (p > bp) {
          bp = p;
          best = h;
        }
      }
      const ActorEntry& e = lex.actor(best->entry);
      // Agent words used as verbs ("forces", "courts") are not actors.
      if (e.kind == EntryKind::kAgent && ps && m.end - 1 < ps->size() &&
          ((*ps)[m.end - 1].upos == nlp::Upos::VERB || (*ps)[m.end - 1].upos == nlp::Upos::AUX))
        continue;
      // Descriptions ("the alliance") refer back: only after the entry was named.
      if (best->kind == HitKind::kDescription && !named_entries.count(best->entry)) continue;
      if (best->kind == HitKind::kName) named_entries.insert(best->entry);
      Part p{Part::kEntity, m.begin, m.end, &e, best};
      if (best->kind == HitKind::kAdjective) p.type = Part::kAdj;
      else if (best->kind == HitKind::kCapital || best->kind == HitKind::kSeat) p.type = Part::kMetonym;
      else if (best->kind == HitKind::kDescription) p.type = Part::kDesc;
      else if (e.kind == EntryKind::kAgent) p.type = Part::kAgent;
      else if (e.kind == EntryKind::kModifier) p.type = Part::kModifier;
      else if (e.kind == EntryKind::kCountry) p.type = Part::kCountry;
      // A lower-case agent word inside a capitalised name is fine; a lower-case
      // match of a capitalised alias was already filtered by the lexicon.
      for (uint32_t k = m.begin; k < m.end; ++k) part_at[k] = static_cast<int>(parts.size());
      parts.push_back(p);
    }
    // Unmatched capitalised tokens are name parts (not at the sentence start
    // unless the parse says PROPN, and not common capitalised words).
    for (uint32_t k = 0; k < n; ++k) {
      if (part_at[k] >= 0) continue;
      std::string_view f = forms[k];
      bool propn = ps && k < ps->size() && (*ps)[k].upos == nlp::Upos::PROPN;
      bool cap = IsUpperStart(f) && f.size() > 1 && std::isalpha(static_cast<unsigned char>(f[0])) &&
                 !IsCommonCapitalised(f);
      bool known_surname = surnames.count(std::string(f)) > 0;
      if (known_surname ||
          (ps ? (propn && IsUpperStart(f) && !IsCommonCapitalised(f))
              : (cap && (k > 0 || (k + 1 < n && IsUpperStart(forms[k + 1])))))) {
        part_at[k] = static_cast<int>(parts.size());
        parts.push_back(Part{Part::kName, k, k + 1, nullptr, nullptr});
      }
    }
    std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.begin < b.begin; });

    const SentenceWords words{folded, ps, n};
    // Group adjacent parts into mentions.
    const size_t sentence_first = out.size();
    size_t pi = 0;
    while (pi < parts.size()) {
      size_t pj = pi + 1;
      uint32_t end = parts[pi].end;
      while (pj < parts.size()) {
        uint32_t b = parts[pj].begin;
        if (b == end) {
          // A country/entity directly after a name or an entity starts a new
          // actor ("Russia Ukraine"), except adjectives and agents which attach.
          Part::Type pt = parts[pj].type, prev = parts[pj - 1].type;
          bool new_actor = (pt == Part::kCountry || pt == Part::kEntity || pt == Part::kMetonym) &&
                           (prev == Part::kCountry || prev == Part::kEntity || prev == Part::kName ||
                            prev == Part::kMetonym);
          if (pt == Part::kEntity && parts[pj].entry->kind == EntryKind::kPerson &&
              (prev == Part::kAgent || prev == Part::kAdj || prev == Part::kCountry || prev == Part::kEntity))
            new_actor = false;  // "NATO Secretary General Jens Stoltenberg"
          if (pt == Part::kName && (prev == Part::kCountry || prev == Part::kMetonym)) new_actor = true;
          if (new_actor) break;
          end = parts[pj].end;
          ++pj;
          continue;
        }
        // "( NATO )" right after the same entity's full name.
        if (b == end + 1 && forms[end] == "(" && parts[pj].end < n && forms[parts[pj].end] == ")" &&
            parts[pj].entry && parts[pj - 1].entry && parts[pj].entry == parts[pj - 1].entry) {
          end = parts[pj].end + 1;
          ++pj;
          continue;
        }
        break;
      }
      // Build the mention from parts [pi, pj).
      const Part* person = nullptr;
      const Part* entity = nullptr;   // group/igo/party/org/ethnic
      const Part* country = nullptr;  // country name, adjective or metonym
      const Part* desc = nullptr;
      std::string agent_code;
      std::string modifier_effect;
      bool has_name = false;
      uint32_t name_begin = 0, name_end = 0;
      for (size_t k = pi; k < pj; ++k) {
        const Part& p = parts[k];
        switch (p.type) {
          case Part::kEntity:
            if (p.entry->kind == EntryKind::kPerson) person = &p;
            else entity = &p;
            break;
          case Part::kCountry: case Part::kAdj: case Part::kMetonym:
            if (!country) country = &p;
            break;
          case Part::kAgent:
            agent_code = p.entry->code;
            break;
          case Part::kModifier:
            modifier_effect = p.entry->effect;
            break;
          case Part::kDesc:
            desc = &p;
            break;
          case Part::kName:
            if (!has_name) name_begin = p.begin;
            has_name = true;
            name_end = p.end;
            break;
          case Part::kParen:
            break;
        }
      }
      // A capital or seat alone ("Nairobi", "the Kremlin", "Brussels" for
      // the EU) in a place phrase is a place: no actor (the place finder
      // reports it).
      {
        bool bare_seat = false;
        if (!person && !entity && !has_name && agent_code.empty()) {
          if (!desc && country && country->type == Part::kMetonym) bare_seat = true;
          if (desc && !country && desc->end - desc->begin == 1 && IsUpperStart(forms[desc->begin]))
            bare_seat = true;
        }
        if (bare_seat && UsedAsPlace(words, parts[pi].begin, end)) {
          pi = pj;
          continue;
        }
        // A one-word person alias that is also a city ("talks in Muscat",
        // not Joseph Muscat): after a place preposition it is the place.
        // (No compound rule here: "Trump supporters" names the person.)
        if (person && pj == pi + 1 && end - parts[pi].begin == 1 && agent_code.empty() &&
            UsedAsPlace(words, parts[pi].begin, end, /*allow_compound=*/false)) {
          pi = pj;
          continue;
        }
      }
      ActorMention m;
      m.sentence = si;
      uint32_t b = parts[pi].begin;
      m.begin = s.token_begin + b;
      m.end = s.token_begin + end;
      m.head = m.end - 1;
      m.span = Span{doc.tokens[m.begin].span.begin, doc.tokens[m.end - 1].span.end};
      m.text = std::string(doc.OriginalText(m.span));
      std::string country_code;
      if (country) {
        country_code = country->entry->code.substr(0, 3);
        if (!lex.IsCountryCode(country_code)) country_code = country->entry->code;
      }
      if (modifier_effect == "cancel") agent_code.clear();
      else if (!modifier_effect.empty() && modifier_effect != "keep") agent_code = modifier_effect;

      if (person) {
        std::string office;
        std::string code = lex.CodeOn(*person->entry, day, &office);
        m.kind = "person";
        m.name = person->entry->name;
        m.how = person->entry->file + ":" + std::to_string(person->entry->line);
        if (code.empty() && country) code = country_code + agent_code;  // not in office then: title decides
        if (modifier_effect == "cancel" && country) code = country_code;
        // Known, but in no office on this date and no title to go by
        // ("President Obama" in 2020): the country of the nearest office, as
        // "former" gives, rather than an actor with no code.
        if (code.empty()) {
          code = CountryOfNearestRole(lex, *person->entry, day);
          if (!code.empty()) m.how += " (out of office: country)";
        }
        m.code = code;
      } else if (entity) {
        const ActorEntry& e = *entity->entry;
        m.code = lex.CodeOn(e, day);
        m.kind = std::string(lexicon::SchemaKind(e.kind));
        m.name = e.name;
        m.how = e.file + ":" + std::to_string(e.line);
        if (!agent_code.empty() && m.code.size() == 3 && lex.IsCountryCode(m.code)) m.code += agent_code;
      } else if (desc) {
        const ActorEntry& e = *desc->entry;
        m.code = lex.CodeOn(e, day);
        m.kind = std::string(lexicon::SchemaKind(e.kind));
        m.name = e.name;
        m.how = "description " + e.file + ":" + std::to_string(e.line);
        if (!agent_code.empty() && m.code.size() == 3 && lex.IsCountryCode(m.code)) m.code += agent_code;
      } else if (country || !agent_code.empty()) {
        const ActorEntry* ce = country ? country->entry : nullptr;
        bool metonym = country && country->type == Part::kMetonym;
        if (metonym && agent_code.empty()) agent_code = "GOV";
        std::string base = country_code;
        if (base.empty() && !agent_code.empty()) {
          // An agent with no country: the country of the story (domestic roles).
          bool domestic = agent_code == "REB" || agent_code == "MIL" || agent_code == "GOV" ||
                          agent_code == "COP" || agent_code == "OPP" || agent_code == "CVL" ||
                          agent_code == "JUD" || agent_code == "LEG" || agent_code == "SPY" ||
                          agent_code == "INS" || agent_code == "SEP" || agent_code == "REF";
          // Prefer a country named in this sentence, else the document focus.
          std::string here;
          for (const auto& mm : matches)
            for (const Hit* h : mm.hits) {
              const ActorEntry& e = lex.actor(h->entry);
              if (here.empty() && e.kind == EntryKind::kCountry && h->kind == HitKind::kName)
                here = e.code.substr(0, 3);
            }
          if (domestic) base = !here.empty() ? here : focus;
          if (!base.empty()) m.how = "agent + context country";
        }
        m.code = base + (IsRoleCode(agent_code) ? agent_code : agent_code);
        if (has_name) {
          m.kind = "person";
          m.name = Join(doc, s.token_begin + name_begin, s.token_begin + name_end);
          m.how = "title";
        } else if (!agent_code.empty()) {
          m.kind = country_code.empty() ? "agent" : (metonym ? "country" : "agent");
          if (m.how.empty()) m.how = "agent";
        } else {
          m.kind = "country";
          m.how = ce ? ce->file + ":" + std::to_string(ce->line) : "dictionary";
        }
        if (metonym) {
          m.metonym = true;
          m.how = "metonym";
          m.kind = "country";
        }
        if (country && country->type == Part::kAdj && agent_code.empty() && !has_name)
          m.adjective_only = true;
        if (ce) m.name = ce->name;
      } else if (has_name) {
        // Only capitalised tokens: a surname seen before, or an unknown actor.
        std::string key = std::string(forms[name_end - 1]);
        auto it = surnames.find(key);
        if (it != surnames.end() && name_end - name_begin == 1) {
          const ActorMention& ante = out[it->second];
          m.code = ante.code;
          m.kind = ante.kind;
          m.name = ante.name;
          m.how = "coref:surname";
        } else {
          if (!opt_.keep_unknown) {
            pi = pj;
            continue;
          }
          m.kind = "unknown";
          m.how = "unknown proper noun";
          m.name = m.text;
        }
      } else {
        // Only a modifier: not an actor.
        pi = pj;
        continue;
      }
      SplitCode(lex, m.code, &m.country, &m.role);
      m.acled_inter = AcledInter(m.code, m.role);
      if (m.kind == "person") {
        last_person = static_cast<int>(out.size());
        uint32_t last_tok = m.end - 1;
        std::string_view last = doc.tokens[last_tok].form;
        if (IsUpperStart(last)) surnames[std::string(last)] = out.size();
        if (!m.name.empty()) {
          size_t sp = m.name.rfind(' ');
          if (sp != std::string::npos) surnames.emplace(m.name.substr(sp + 1), out.size());
        }
      }
      // "X 's agent": the agent inherits X's country ("Johnson's spokesperson").
      if (!out.empty() && m.kind == "agent" && (m.code.size() == 3 || m.how == "agent + context country")) {
        const ActorMention& prev = out.back();
        if (prev.sentence == si && prev.end + 1 == m.begin && doc.tokens[prev.end].form == "'s" &&
            !prev.country.empty()) {
          std::string c3 = prev.code.substr(0, 3);
          m.code = c3 + m.code.substr(m.code.size() - 3);
          SplitCode(lex, m.code, &m.country, &m.role);
          m.how = "possessor";
        }
      }
      out.push_back(std::move(m));
      pi = pj;
    }

    // "his Australian counterpart", "their Russian and Chinese
    // counterparts": the adjective names the counterpart's country, and the
    // counterpart holds the possessor's kind of office (GOV unless the
    // possessor is, say, an army chief). The possessive pronoun is the
    // subject's side, not an actor of its own here.
    std::vector<bool> skip_pronoun(n, false);
    for (size_t i = sentence_first; i < out.size(); ++i) {
      if (!out[i].adjective_only) continue;
      size_t last = i;
      uint32_t j = out[i].end - s.token_begin;
      while (j < n && folded[j] != "counterpart" && folded[j] != "counterparts") {
        if (folded[j] == "and" || folded[j] == ",") {
          ++j;
          continue;
        }
        if (last + 1 < out.size() && out[last + 1].adjective_only && out[last + 1].begin == s.token_begin + j) {
          ++last;
          j = out[last].end - s.token_begin;
          continue;
        }
        break;
      }
      if (j >= n || (folded[j] != "counterpart" && folded[j] != "counterparts")) continue;
      std::string role = "GOV";
      uint32_t first_tok = out[i].begin - s.token_begin;
      if (first_tok > 0) {
        std::string_view poss = folded[first_tok - 1];
        if (poss == "his" || poss == "her" || poss == "its" || poss == "their") {
          // The possessor: the nearest person or agent before it in this
          // sentence ("the French defence minister ... his"), else the last
          // person of the text.
          const ActorMention* owner = nullptr;
          for (size_t k = i; k-- > sentence_first;)
            if (out[k].kind == "person" || out[k].kind == "agent") {
              owner = &out[k];
              break;
            }
          if (!owner && (poss == "his" || poss == "her") && last_person >= 0) owner = &out[last_person];
          if (owner &&
              InList(owner->role, {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "BUS", "MED", "EDU", "HLH", "LAB"}))
            role = owner->role;
        }
        if (poss == "his" || poss == "her" || poss == "its" || poss == "their") skip_pronoun[first_tok - 1] = true;
      }
      for (size_t k = i; k <= last; ++k) {
        ActorMention& a = out[k];
        if (a.code.size() == 3 && lex.IsCountryCode(a.code)) a.code += role;
        a.kind = "agent";
        a.how = "counterpart";
        a.adjective_only = false;
        SplitCode(lex, a.code, &a.country, &a.role);
        a.acled_inter = AcledInter(a.code, a.role);
      }
      ActorMention& tail = out[last];
      tail.end = s.token_begin + j + 1;
      tail.head = tail.end - 1;
      tail.span = Span{doc.tokens[tail.begin].span.begin, doc.tokens[tail.end - 1].span.end};
      tail.text = std::string(doc.OriginalText(tail.span));
      i = last;
    }

    // Pronouns: he/she/his/her -> the last person (earlier in the text).
    for (uint32_t k = 0; k < n; ++k) {
      std::string_view f = folded[k];
      if (part_at[k] >= 0 || skip_pronoun[k]) continue;
      if ((f == "he" || f == "she" || f == "his" || f == "her" || f == "him") && last_person >= 0) {
        const ActorMention& ante = out[last_person];
        ActorMention m = ante;
        m.sentence = si;
        m.begin = s.token_begin + k;
        m.end = m.begin + 1;
        m.head = m.begin;
        m.span = doc.tokens[m.begin].span;
        m.text = std::string(doc.OriginalText(m.span));
        m.pronoun = true;
        m.how = "coref:pronoun";
        // "his spokesperson": the agent right after takes the person's side.
        out.push_back(m);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const ActorMention& a, const ActorMention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  // "his spokesperson": agent after a possessive pronoun inherits the side.
  for (size_t i = 1; i < out.size(); ++i) {
    ActorMention& m = out[i];
    const ActorMention& prev = out[i - 1];
    if (prev.pronoun && prev.end == m.begin && m.kind == "agent" &&
        (m.code.size() <= 3 || m.how == "agent + context country") &&
        (doc.tokens[prev.begin].form == "his" || doc.tokens[prev.begin].form == "her" ||
         doc.tokens[prev.begin].form == "His" || doc.tokens[prev.begin].form == "Her") &&
        prev.code.size() >= 3) {
      m.code = prev.code.substr(0, 3) + (m.code.size() >= 3 ? m.code.substr(m.code.size() - 3) : std::string());
      SplitCode(lex, m.code, &m.country, &m.role);
      m.how = "possessor";
      m.acled_inter = AcledInter(m.code, m.role);
    }
  }
  return out;
}

}  // namespace sitrep::mentions
