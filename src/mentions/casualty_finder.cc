// Casualty mentions: token patterns around a small trigger lexicon.
//
// The sentence is lower-cased once; numbers come from the number finder.
// Each trigger word ("killed", "died", "dead", "wounded", "arrested",
// "displaced", "toll", ...) is tried with up to three patterns:
//
//   BEFORE  count [victim words] [auxiliaries] TRIGGER
//           "more than 13,000 people have been killed", "three killed",
//           "a policeman was killed", "left five dead", "forced 10,000 people to flee"
//   AFTER   TRIGGER count [of] [victim words]
//           "killing 12 civilians", "arrested dozens of protesters", "the deaths of 12 soldiers"
//   TOLL    toll ... (to|at|of) count          "the death toll rose to 40"
//
// A count is used by one trigger only (the first that claims it). For a verb
// that can be active ("killed", "wounded", "arrested"), BEFORE with no
// auxiliary is rejected when an object follows the verb ("five gunmen killed
// the mayor": the five are not victims). Numbers that are years, decimals,
// money or followed by a unit are never counts.
//
// Sentence-level facts are computed once and shared by all mentions of the
// sentence: who reported the figure, the running-total cue, and the "side"
// phrase ("on the Ukrainian government side").
#include "mentions/casualty_finder.h"

#include <algorithm>
#include <string>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

namespace sitrep::mentions {
namespace {

enum TriggerFlags : uint8_t {
  kBefore = 1,   // the count precedes: "24 soldiers died"
  kAfter = 2,    // the count follows: "killing 12 civilians"
  kActive = 4,   // a transitive verb whose subject may precede it
  kToll = 8,     // "toll"
  kLives = 16,   // "lives": "claimed 12 lives"
  kOfAfter = 32, // "deaths of 12 soldiers": the count after "of"
};

struct Trigger {
  CasualtyKind kind;
  uint8_t flags;
};

const std::unordered_map<std::string_view, Trigger>& TriggerTable() {
  using K = CasualtyKind;
  static const auto* t = new std::unordered_map<std::string_view, Trigger>{
      {"killed", {K::kKilled, kBefore | kAfter | kActive}},
      {"kill", {K::kKilled, kAfter}},
      {"kills", {K::kKilled, kAfter}},
      {"killing", {K::kKilled, kAfter}},
      {"died", {K::kKilled, kBefore}},
      {"die", {K::kKilled, kBefore}},
      {"dies", {K::kKilled, kBefore}},
      {"dead", {K::kKilled, kBefore}},
      {"deaths", {K::kKilled, kBefore | kOfAfter}},
      {"fatalities", {K::kKilled, kBefore}},
      {"slain", {K::kKilled, kBefore}},
      {"perished", {K::kKilled, kBefore}},
      {"massacred", {K::kKilled, kBefore | kAfter | kActive}},
      {"murdered", {K::kKilled, kBefore | kAfter | kActive}},
      {"executed", {K::kKilled, kBefore | kAfter | kActive}},
      {"beheaded", {K::kKilled, kBefore | kAfter | kActive}},
      {"lynched", {K::kKilled, kBefore | kAfter | kActive}},
      {"toll", {K::kKilled, kToll}},
      {"lives", {K::kKilled, kLives | kOfAfter}},
      {"wounded", {K::kInjured, kBefore | kAfter | kActive}},
      {"injured", {K::kInjured, kBefore | kAfter | kActive}},
      {"hurt", {K::kInjured, kBefore | kActive}},
      {"wounding", {K::kInjured, kAfter}},
      {"injuring", {K::kInjured, kAfter}},
      {"injuries", {K::kInjured, kBefore}},
      {"arrested", {K::kArrested, kBefore | kAfter | kActive}},
      {"detained", {K::kArrested, kBefore | kAfter | kActive}},
      {"arresting", {K::kArrested, kAfter}},
      {"detaining", {K::kArrested, kAfter}},
      {"arrests", {K::kArrested, kBefore}},
      {"jailed", {K::kArrested, kBefore | kAfter | kActive}},
      {"abducted", {K::kAbducted, kBefore | kAfter | kActive}},
      {"kidnapped", {K::kAbducted, kBefore | kAfter | kActive}},
      {"abducting", {K::kAbducted, kAfter}},
      {"kidnapping", {K::kAbducted, kAfter}},
      {"hostage", {K::kAbducted, kBefore}},
      {"hostages", {K::kAbducted, kBefore}},
      {"displaced", {K::kDisplaced, kBefore | kAfter | kActive}},
      {"displacing", {K::kDisplaced, kAfter}},
      {"fled", {K::kDisplaced, kBefore}},
      {"flee", {K::kDisplaced, kBefore}},
      {"fleeing", {K::kDisplaced, kBefore}},
      {"homeless", {K::kDisplaced, kBefore}},
  };
  return *t;
}

// Words between the victims and the trigger: "have been", "were reportedly".
bool IsAux(std::string_view l) {
  static const auto* s = new std::unordered_set<std::string_view>{
      "was", "were", "is", "are", "be", "been", "being", "have", "has", "had", "'s", "'ve",
      "reportedly", "reported", "allegedly", "also", "all", "later", "feared", "confirmed",
      "believed", "now", "so", "far", "already", "thus", "officially", "subsequently",
      "eventually", "apparently", "presumably", "initially", "either", "both", "since",
      "got", "taken", "left", "found", "shot", "who", "may", "might", "could", "would",
      "likely", "probably", "possibly", "believed", "made", "rendered"};
  return s->count(l) > 0;
}

// Words that never belong to a victim noun phrase.
bool IsNpStop(std::string_view l) {
  static const auto* s = new std::unordered_set<std::string_view>{
      "and", "or", "but", "that", "which", "who", "whom", "when", "while", "after", "before",
      "in", "on", "at", "by", "with", "from", "to", "as", "than", "were", "was", "is", "are",
      "have", "has", "had", "been", "be", "said", "say", "says", "including", "among", "into",
      "during", "near", "since", "for", "over", "under", "across", "amid", "despite", "if",
      "yesterday", "today", "tonight", "overnight", "last", "this", "where", "because",
      "according", "following", "it", "they", "he", "she", "we", "there", "not", "no",
      "killed", "died", "dead", "wounded", "injured", "arrested", "detained", "displaced",
      "fled", "abducted", "kidnapped", "will", "would", "could", "may", "might", "can",
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "so",
      "about", "around", "up", "more", "some", "nearly", "almost", "least", "aboard", "inside",
      "outside", "or", "just"};
  return s->count(l) > 0;
}

bool IsDeterminer(std::string_view l) {
  return l == "the" || l == "a" || l == "an" || l == "his" || l == "her" || l == "their" ||
         l == "its" || l == "our" || l == "my" || l == "your" || l == "this" || l == "these" ||
         l == "those" || l == "that";
}

bool IsPersonNoun(std::string_view l) {
  static const auto* s = new std::unordered_set<std::string_view>{
      "soldier", "policeman", "policewoman", "police officer", "officer", "civilian", "man",
      "woman", "child", "boy", "girl", "journalist", "reporter", "photographer", "cameraman",
      "student", "teacher", "doctor", "nurse", "worker", "farmer", "villager", "resident",
      "protester", "protestor", "demonstrator", "militant", "rebel", "fighter", "gunman",
      "insurgent", "separatist", "jihadist", "suspect", "pilot", "peacekeeper", "guard",
      "bodyguard", "official", "politician", "lawmaker", "mayor", "governor", "commander",
      "general", "colonel", "priest", "imam", "pastor", "monk", "activist", "leader", "member",
      "tourist", "driver", "passenger", "pedestrian", "bystander", "teenager", "baby", "infant",
      "toddler", "person", "trooper", "marine", "sailor", "serviceman", "servicewoman",
      "conscript", "volunteer", "militiaman", "citizen", "national", "engineer", "contractor",
      "diplomat", "ambassador", "minister", "judge", "lawyer", "businessman", "trader",
      "shepherd", "fisherman", "miner", "herder", "refugee", "migrant", "prisoner", "inmate",
      "detainee", "cleric", "chief", "elder", "settler", "blogger", "medic", "paramedic",
      "firefighter", "gendarme", "ranger", "agent", "spy", "bomber", "attacker", "assailant",
      "colleague", "employee", "staffer", "humanitarian", "lieutenant", "sergeant", "captain",
      "major", "private", "corporal", "policemen", "youth", "pupil", "schoolgirl", "schoolboy"};
  return s->count(l) > 0;
}

// Person nouns in the plural too ("soldiers", "policemen"), plus group words.
bool IsPersonLike(std::string_view l) {
  if (IsPersonNoun(l)) return true;
  if (l == "people" || l == "civilians" || l == "others" || l == "troops" || l == "forces" ||
      l == "members" || l == "children" || l == "women" || l == "men" || l == "persons" ||
      l == "individuals" || l == "police" || l == "staff")
    return true;
  if (l.size() > 3 && l.substr(l.size() - 3) == "men")
    return IsPersonNoun(std::string(l.substr(0, l.size() - 3)) + "man");
  if (l.size() > 1 && l.back() == 's') return IsPersonNoun(l.substr(0, l.size() - 1));
  return false;
}

bool HasLetter(std::string_view f) {
  for (char c : f)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80)
      return true;
  return false;
}

bool IsPunct(std::string_view f) {
  return f.size() == 1 && !((f[0] >= 'a' && f[0] <= 'z') || (f[0] >= 'A' && f[0] <= 'Z') ||
                            (f[0] >= '0' && f[0] <= '9'));
}

class Lowered {
 public:
  Lowered(const Document& doc, const Sentence& s) : b_(s.token_begin), e_(s.token_end) {
    offs_.reserve(s.size() + 1);
    for (uint32_t k = b_; k < e_; ++k) {
      offs_.push_back(static_cast<uint32_t>(low_.size()));
      for (char c : doc.tokens[k].form) low_.push_back((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    offs_.push_back(static_cast<uint32_t>(low_.size()));
  }
  std::string_view operator()(uint32_t k) const {
    if (k < b_ || k >= e_) return std::string_view();
    const uint32_t i = k - b_;
    return std::string_view(low_).substr(offs_[i], offs_[i + 1] - offs_[i]);
  }

 private:
  uint32_t b_, e_;
  std::string low_;
  std::vector<uint32_t> offs_;
};

std::string_view NormText(const Document& doc, uint32_t b, uint32_t e) {
  if (e <= b) return std::string_view();
  return std::string_view(doc.normalized)
      .substr(doc.tokens[b].norm_begin, doc.tokens[e - 1].norm_end - doc.tokens[b].norm_begin);
}

bool UsableCount(const NumberMention& n) {
  return !n.year_like && !n.decimal && !n.unit_after && !n.currency_before && n.value > 0;
}

struct Ctx {
  const Document& doc;
  const Sentence& s;
  const Lowered& L;
  const std::vector<NumberMention>& nums;
  std::vector<int> num_ending_at;    // per sentence token: index of the number ending there, or -1
  std::vector<int> num_starting_at;  // per sentence token: index of the number whose qualifier/number starts there
  int NumEndingAt(uint32_t k) const {
    return k < s.token_begin || k >= s.token_end ? -1 : num_ending_at[k - s.token_begin];
  }
  int NumStartingAt(uint32_t k) const {
    return k < s.token_begin || k >= s.token_end ? -1 : num_starting_at[k - s.token_begin];
  }
};

struct Candidate {
  int num = -1;             // index into nums, or -1 for an article ("a policeman")
  uint32_t article_tok = 0;
  TokenRange victims;
  uint32_t aux_count = 0;
  uint32_t passive_aux = 0;  // forms of "be" (and "got") among the auxiliaries
  bool perfect = false;     // "have been killed", "has died"
  bool cumulative = false;  // toll that rose
  bool of_total = false;    // "one of its eight crew members": victims begin after "one"
  TokenRange trigger;
};

// The head of a victim phrase: the word before the first inner "of"
// ("members of the security forces"), else the last word.
uint32_t VictimHead(const Ctx& c, const TokenRange& v) {
  for (uint32_t t = v.begin + 1; t < v.end; ++t)
    if (c.L(t) == "of") return t - 1;
  return v.end - 1;
}

// From `p` (exclusive end of the victim words) leftwards over the victim
// words to their count or article; fills num/article_tok/victims.
bool WalkVictimsLeft(const Ctx& c, uint32_t p, Candidate* out) {
  const uint32_t sb = c.s.token_begin;
  uint32_t q = p;  // walks left over the victim words
  uint32_t words = 0;
  bool reached = false;
  while (q > sb && words <= 7 && !reached) {
    const uint32_t t = q - 1;
    int n = c.NumEndingAt(t);
    if (n >= 0) {
      const NumberMention& nm = c.nums[n];
      if (UsableCount(nm)) {
        out->num = n;
        reached = true;
        // "one of its eight crew members was killed": the first number counts.
        uint32_t o = nm.begin;
        if (o > sb && IsDeterminer(c.L(o - 1))) --o;
        if (o > sb + 1 && c.L(o - 1) == "of") {
          int n0 = c.NumEndingAt(o - 2);
          if (n0 >= 0 && UsableCount(c.nums[n0])) {
            out->num = n0;
            q = c.nums[n0].end;  // victims start after the first number
            out->of_total = true;
          }
        }
        break;
      }
      if (nm.unit_after && q < p) {  // "25-year-old man": a modifier, keep walking
        q = nm.number_begin;
        ++words;
        continue;
      }
      return false;
    }
    std::string_view l = c.L(t);
    if ((l == "a" || l == "an") && q < p) {
      out->num = -1;
      out->article_tok = t;
      reached = true;
      break;
    }
    if (l == "-" || l == "'s" || (HasLetter(l) && !IsNpStop(l) && !TriggerTable().count(l))) {
      if (IsDeterminer(l) && l != "the") return false;
      --q;
      ++words;
      continue;
    }
    return false;
  }
  if (!reached) return false;
  // Victims: [q, p) minus leading "of" / "the".
  uint32_t vb = q, ve = p;
  while (vb < ve && (c.L(vb) == "of" || IsDeterminer(c.L(vb)))) ++vb;
  out->victims = TokenRange{vb, ve};
  if (out->num < 0) {
    // "a policeman was killed": the head must be a person noun.
    if (ve == vb || !IsPersonNoun(c.L(ve - 1))) return false;
  }
  return true;
}

// Victim words to the left of `p` (inclusive), down to a number or an article.
bool MatchBefore(const Ctx& c, uint32_t k, Candidate* out) {
  const uint32_t sb = c.s.token_begin;
  uint32_t p = k;  // exclusive end of the victims
  uint32_t aux = 0;
  bool have = false, been = false;
  // Nouns take their count directly: "12 deaths", "30 arrests", "17 civilian deaths".
  const std::string_view trig = c.L(k);
  const bool noun = trig == "deaths" || trig == "fatalities" || trig == "injuries" ||
                    trig == "arrests" || trig == "hostages" || trig == "lives";
  // "forced 10,000 people to flee", "expected to die"
  if (!noun && (trig == "flee" || trig == "die") && p > sb && c.L(p - 1) == "to") {
    --p;
    ++aux;
  }
  while (!noun && p > sb && (IsAux(c.L(p - 1)) || (c.L(p - 1) == "to" && aux > 0 &&
                                                   c.L(p) == "have")) && aux < 6) {
    std::string_view l = c.L(p - 1);
    if (l == "have" || l == "has" || l == "'ve") have = true;
    if (l == "been") been = true;
    if (l == "was" || l == "were" || l == "is" || l == "are" || l == "be" || l == "been" ||
        l == "being" || l == "got" || l == "'s")
      ++out->passive_aux;
    // "who" only between victims and their verb: "soldiers who were killed"
    --p;
    ++aux;
  }
  if (!WalkVictimsLeft(c, p, out)) return false;
  out->aux_count = aux;
  out->perfect = have && (been || aux == 1 || c.L(k) == "died" || c.L(k) == "fled");
  return true;
}

// Victim words after position `q` (the number's end): "of protesters",
// "civilians", "Ukrainian soldiers".
TokenRange VictimsAfter(const Ctx& c, uint32_t q) {
  const uint32_t se = c.s.token_end;
  uint32_t b = q;
  if (b < se && c.L(b) == "of") ++b;
  if (b < se && c.L(b) == "the") ++b;
  uint32_t e = b;
  while (e < se && e - b < 5) {
    std::string_view l = c.L(e);
    if ((l == "-" || l == "of") && e > b && e + 1 < se && HasLetter(c.L(e + 1)) &&
        !IsNpStop(c.L(e + 1))) {
      e += (c.L(e + 1) == "the" && l == "of") ? 2 : 1;
      continue;
    }
    if (!HasLetter(l) || IsNpStop(l) || IsDeterminer(l)) break;
    if (e > b && l.size() > 5 &&
        (l.substr(l.size() - 3) == "ing" || l.substr(l.size() - 2) == "ed"))
      break;
    if (TriggerTable().count(l)) break;
    ++e;
  }
  return TokenRange{b, e};
}

bool MatchAfter(const Ctx& c, uint32_t k, uint32_t from, Candidate* out) {
  const uint32_t se = c.s.token_end;
  uint32_t j = from;
  int n = c.NumStartingAt(j);
  if (n >= 0) {
    if (!UsableCount(c.nums[n])) return false;
    out->num = n;
    out->victims = VictimsAfter(c, c.nums[n].end);
    return true;
  }
  std::string_view l = c.L(j);
  if ((l == "a" || l == "an") && j + 1 < se) {
    TokenRange v = VictimsAfter(c, j + 1);
    if (v.empty() || !IsPersonNoun(c.L(v.end - 1))) return false;
    out->num = -1;
    out->article_tok = j;
    out->victims = v;
    return true;
  }
  (void)k;
  return false;
}

bool IsRiseVerb(std::string_view l) {
  return l == "rose" || l == "risen" || l == "rises" || l == "rising" || l == "climbed" ||
         l == "climbs" || l == "increased" || l == "jumped" || l == "reached" || l == "mounted" ||
         l == "soared" || l == "raised" || l == "raising" || l == "hit" || l == "surpassed" ||
         l == "passed" || l == "topped";
}

bool MatchToll(const Ctx& c, uint32_t k, Candidate* out) {
  const uint32_t se = c.s.token_end;
  bool rise = false;
  for (uint32_t j = k + 1; j < se && j <= k + 12; ++j) {
    int n = c.NumStartingAt(j);
    if (n >= 0) {
      if (!UsableCount(c.nums[n])) return false;
      std::string_view prev = c.L(c.nums[n].begin - 1);
      if (!(prev == "to" || prev == "at" || prev == "of" || prev == "is" || prev == "was" ||
            prev == "reached" || prev == "hit" || prev == "now" || prev == "stood" ||
            prev == "stands" || prev == "topped" || prev == "passed" || prev == "surpassed"))
        return false;
      out->num = n;
      out->cumulative = rise;
      if (IsRiseVerb(prev)) out->cumulative = true;
      return true;
    }
    std::string_view l = c.L(j);
    if (IsPunct(l)) return false;
    if (IsRiseVerb(l)) rise = true;
  }
  // "raised the death toll to 40": the verb is before the toll.
  (void)rise;
  return false;
}

// --- sentence-level facts ---------------------------------------------------------

bool IsSayVerb(std::string_view l) {
  return l == "said" || l == "says" || l == "say" || l == "reported" || l == "reports" ||
         l == "told" || l == "announced" || l == "stated" || l == "confirmed" ||
         l == "claimed" || l == "estimated" || l == "estimates" || l == "spoke" ||
         l == "added" || l == "tweeted" || l == "wrote";
}

bool IsPronoun(std::string_view l) {
  return l == "he" || l == "she" || l == "they" || l == "it" || l == "we" || l == "i" ||
         l == "you" || l == "who" || l == "which" || l == "that" || l == "there";
}

bool IsReporterTail(std::string_view l) {
  return l == "estimates" || l == "estimate" || l == "figures" || l == "figure" || l == "data" ||
         l == "count" || l == "tally" || l == "statistics" || l == "report" || l == "reports" ||
         l == "records" || l == "toll";
}

// "UN", "WHO", "OSCE": an organisation even when it spells a pronoun.
bool IsAcronym(std::string_view f) {
  if (f.size() < 2) return false;
  for (char c : f)
    if (!(c >= 'A' && c <= 'Z') && c != '.') return false;
  return true;
}

// Trims determiners at the front and "estimates"-like words at the back.
TokenRange TrimReporter(const Ctx& c, uint32_t b, uint32_t e) {
  while (b < e && (IsDeterminer(c.L(b)))) ++b;
  while (e > b && (IsReporterTail(c.L(e - 1)) || c.L(e - 1) == "'s")) --e;
  if (e > b && IsPronoun(c.L(b)) && e - b == 1 && !IsAcronym(c.doc.tokens[b].form))
    return TokenRange{};
  return TokenRange{b, e};
}

TokenRange FindReporter(const Ctx& c) {
  const uint32_t sb = c.s.token_begin, se = c.s.token_end;
  for (uint32_t k = sb; k + 1 < se; ++k) {
    if (c.L(k) == "according" && c.L(k + 1) == "to") {
      uint32_t e = k + 2;
      while (e < se && e - (k + 2) < 7 && !IsPunct(c.L(e)) && c.L(e) != "and" &&
             c.L(e) != "which" && c.L(e) != "who" && c.NumStartingAt(e) < 0)
        ++e;
      TokenRange r = TrimReporter(c, k + 2, e);
      if (!r.empty()) return r;
    }
  }
  for (uint32_t k = sb; k < se; ++k) {
    std::string_view l = c.L(k);
    if (!IsSayVerb(l)) continue;
    if (l == "spoke" && c.L(k + 1) != "of") continue;
    if (l == "claimed" && c.L(k + 1) != "that") continue;  // "claimed 17 lives"
    // Subject to the left: skip adverbs and time words, then a noun phrase.
    uint32_t p = k;
    while (p > sb && (c.L(p - 1) == "also" || c.L(p - 1) == "recently" ||
                      c.L(p - 1) == "later" || c.L(p - 1) == "earlier" ||
                      c.L(p - 1) == "separately" || c.L(p - 1) == "previously" ||
                      c.L(p - 1) == "had" || c.L(p - 1) == "has" || c.L(p - 1) == "have"))
      --p;
    if (p > sb && IsDeterminer(c.L(p - 1))) continue;  // "cost an estimated ..."
    uint32_t q = p;
    while (q > sb && p - q < 6) {
      std::string_view w = c.L(q - 1);
      if (w == "-" && q - 1 > sb && HasLetter(c.L(q - 2)) && q < p) {  // "state-run"
        --q;
        continue;
      }
      if (!IsAcronym(c.doc.tokens[q - 1].form) &&
          (IsPunct(w) || !HasLetter(w) || IsNpStop(w) || IsPronoun(w) ||
           TriggerTable().count(w) || c.NumEndingAt(q - 1) >= 0))
        break;
      --q;
    }
    // "a nurse who took part in the rescue operation said": the words before
    // the verb are the tail of a longer phrase, not the speaker.
    std::string_view before = q > sb ? c.L(q - 1) : std::string_view();
    const bool tail = before == "in" || before == "of" || before == "at" || before == "on" ||
                      before == "for" || before == "with" || before == "from" ||
                      before == "by" || before == "to" || before == "near";
    TokenRange r = tail ? TokenRange{} : TrimReporter(c, q, p);
    if (!r.empty()) return r;
    // Inverted: ", said the health ministry".
    if (k > sb && c.L(k - 1) == ",") {
      uint32_t e = k + 1;
      while (e < se && e - (k + 1) < 6 && !IsPunct(c.L(e)) && !IsNpStop(c.L(e))) ++e;
      if (e == se || IsPunct(c.L(e))) {
        r = TrimReporter(c, k + 1, e);
        if (!r.empty()) return r;
      }
    }
  }
  return TokenRange{};
}

bool IsConflictNoun(std::string_view l) {
  return l == "war" || l == "conflict" || l == "fighting" || l == "insurgency" ||
         l == "uprising" || l == "violence" || l == "crisis" || l == "unrest" ||
         l == "crackdown" || l == "invasion" || l == "revolution" || l == "occupation" ||
         l == "offensive" || l == "campaign";
}

bool IsDayLevelTime(std::string_view l) {
  return l == "yesterday" || l == "today" || l == "tonight" || l == "overnight" ||
         l == "monday" || l == "tuesday" || l == "wednesday" || l == "thursday" ||
         l == "friday" || l == "saturday" || l == "sunday" || l == "morning" ||
         l == "afternoon" || l == "evening";
}

struct SentenceFacts {
  std::string_view running_cue;     // explicit running-total cue, or empty
  uint32_t running_cue_tok = 0, running_cue_end = 0;
  bool conflict_frame = false;      // "the fighting", "the war" ...
  bool day_level = false;           // a day-level time word
  TokenRange side;
};

SentenceFacts ScanSentence(const Ctx& c) {
  SentenceFacts f;
  const uint32_t sb = c.s.token_begin, se = c.s.token_end;
  auto set_cue = [&](uint32_t b, uint32_t e) {
    if (f.running_cue.empty()) {
      f.running_cue = NormText(c.doc, b, e);
      f.running_cue_tok = b;
      f.running_cue_end = e;
    }
  };
  for (uint32_t k = sb; k < se; ++k) {
    std::string_view l = c.L(k), n1 = c.L(k + 1);
    if (l == "since") {
      // "since 2014", "since the war began", "since the beginning of", "since January"
      bool ok = false;
      for (uint32_t j = k + 1; j < se && j <= k + 3 && !ok; ++j) {
        std::string_view w = c.L(j);
        int n = c.NumStartingAt(j);
        if ((n >= 0 && c.nums[n].year_like) || w == "beginning" || w == "start" ||
            w == "outbreak" || IsConflictNoun(w) || w == "then" ||
            w == "january" || w == "february" || w == "march" || w == "april" || w == "may" ||
            w == "june" || w == "july" || w == "august" || w == "september" ||
            w == "october" || w == "november" || w == "december")
          ok = true;
      }
      if (ok) set_cue(k, k + 1);
    } else if ((l == "so" || l == "thus") && n1 == "far") {
      set_cue(k, k + 2);
    } else if (l == "to" && n1 == "date") {
      set_cue(k, k + 2);
    } else if (l == "in" && (n1 == "total" || n1 == "all")) {
      set_cue(k, k + 2);
    } else if (l == "altogether" || l == "overall" || l == "cumulative") {
      set_cue(k, k + 1);
    } else if (l == "a" && n1 == "total" && c.L(k + 2) == "of") {
      set_cue(k, k + 3);
    }
    if ((l == "the" || l == "this") && IsConflictNoun(n1)) f.conflict_frame = true;
    if (l == "civil" && n1 == "war") f.conflict_frame = true;
    if (IsDayLevelTime(l)) f.day_level = true;
    if ((l == "side" || l == "sides") && k >= sb + 3) {
      // "on the Ukrainian government side"
      uint32_t the = k;
      while (the > sb && k - the <= 5 && c.L(the - 1) != "the") --the;
      if (the > sb + 1 && c.L(the - 1) == "the" && c.L(the - 2) == "on" && the < k)
        f.side = TokenRange{the, k};
    }
  }
  return f;
}

bool ParseAgrees(const nlp::ParsedSentence* parse, const Sentence& s, const NumberMention& n,
                 uint32_t lo, uint32_t hi) {
  if (!parse || parse->size() != s.size()) return true;
  // The number's last token must hang inside [lo, hi): on the victim noun
  // or the trigger, not on some other word of the sentence.
  const uint32_t w = n.end - 1 - s.token_begin;
  const int h = (*parse)[w].head;
  if (h < 0) return true;
  const uint32_t ht = static_cast<uint32_t>(h) + s.token_begin;
  return ht >= lo && ht < hi;
}

}  // namespace

std::string_view CasualtyKindName(CasualtyKind k) {
  switch (k) {
    case CasualtyKind::kKilled: return "killed";
    case CasualtyKind::kInjured: return "injured";
    case CasualtyKind::kArrested: return "arrested";
    case CasualtyKind::kAbducted: return "abducted";
    case CasualtyKind::kDisplaced: return "displaced";
  }
  return "killed";
}

bool HasCasualtyCue(const Document& doc, const Sentence& s) {
  // Trigger words are 3..10 ASCII letters.
  const auto& table = TriggerTable();
  for (uint32_t k = s.token_begin; k < s.token_end; ++k) {
    std::string_view f = doc.tokens[k].form;
    if (f.size() < 3 || f.size() > 10) continue;
    char buf[10];
    bool letters = true;
    for (size_t i = 0; i < f.size() && letters; ++i) {
      char ch = f[i];
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
      letters = ch >= 'a' && ch <= 'z';
      buf[i] = ch;
    }
    if (letters && table.count(std::string_view(buf, f.size())) > 0) return true;
  }
  return false;
}

std::vector<CasualtyMention> FindCasualties(const Document& doc, const Sentence& s,
                                            const nlp::ParsedSentence* parse) {
  std::vector<CasualtyMention> out;
  if (s.token_end <= s.token_begin) return out;
  // Cheap exit before any allocation: no trigger word, no casualty.
  if (!HasCasualtyCue(doc, s)) return out;
  const auto& table = TriggerTable();
  Lowered L(doc, s);

  std::vector<NumberMention> nums = FindNumbers(doc, s);
  Ctx c{doc, s, L, nums, {}, {}};
  c.num_ending_at.assign(s.size(), -1);
  c.num_starting_at.assign(s.size(), -1);
  for (size_t i = 0; i < nums.size(); ++i) {
    c.num_ending_at[nums[i].end - 1 - s.token_begin] = static_cast<int>(i);
    c.num_starting_at[nums[i].begin - s.token_begin] = static_cast<int>(i);
    c.num_starting_at[nums[i].number_begin - s.token_begin] = static_cast<int>(i);
  }
  std::vector<char> used(nums.size(), 0);
  std::vector<uint32_t> used_articles;
  std::vector<Candidate> found;
  std::vector<CasualtyKind> kinds;

  for (uint32_t k = s.token_begin; k < s.token_end; ++k) {
    auto it = table.find(L(k));
    if (it == table.end()) continue;
    const Trigger tr = it->second;
    Candidate cand;
    cand.trigger = TokenRange{k, k + 1};
    bool ok = false;
    if (tr.flags & kToll) {
      if (k > s.token_begin && (L(k - 1) == "death" || L(k - 1) == "casualty" ||
                                L(k - 1) == "fatality"))
        cand.trigger.begin = k - 1;
      ok = MatchToll(c, k, &cand);
      // "raising the death toll to 40"
      if (ok && cand.trigger.begin > s.token_begin + 1 &&
          IsRiseVerb(L(cand.trigger.begin - 2)) && L(cand.trigger.begin - 1) == "the")
        cand.cumulative = true;
      if (ok && !cand.cumulative) {
        for (uint32_t j = k + 1; j < c.nums[cand.num].begin; ++j)
          if (IsRiseVerb(L(j))) cand.cumulative = true;
      }
    }
    if (!ok && (tr.flags & kLives)) {
      // "claimed 12 lives", "cost 40 civilian lives"; "the lives of 12 people"
      Candidate b = cand;
      if (MatchBefore(c, k, &b) && b.num >= 0 && b.aux_count == 0) {
        const uint32_t first = c.nums[b.num].begin;
        std::string_view v = L(first - 1);
        if (v == "claimed" || v == "claiming" || v == "cost" || v == "costing" ||
            v == "took" || v == "taking" || v == "lost") {
          cand = b;
          ok = true;
        }
      }
    }
    if (!ok && (tr.flags & kOfAfter) && L(k + 1) == "of") {
      ok = MatchAfter(c, k, k + 2, &cand);
    }
    Candidate before = cand, after = cand;
    bool got_before = false, got_after = false;
    if (!ok && (tr.flags & kAfter)) got_after = MatchAfter(c, k, k + 1, &after);
    // "shot dead 3 protesters"
    if (!ok && !got_after && L(k) == "dead" && k > s.token_begin && L(k - 1) == "shot")
      got_after = MatchAfter(c, k, k + 1, &after);
    if (!ok && (tr.flags & kBefore)) {
      got_before = MatchBefore(c, k, &before);
      if (got_before && before.aux_count == 0 && L(k) == "dead") {
        // "460,000 dead weight tons": attributive, not a toll.
        std::string_view nx = L(k + 1);
        if (k + 1 < s.token_end && HasLetter(nx) && !IsNpStop(nx)) got_before = false;
      }
      if (got_before && before.passive_aux == 0 && (tr.flags & kActive)) {
        // "five gunmen killed the mayor": an object follows, the count is the agent.
        std::string_view nx = L(k + 1);
        if (got_after || IsDeterminer(nx) || c.NumStartingAt(k + 1) >= 0 ||
            (k + 1 < s.token_end && HasLetter(nx) && !IsNpStop(nx) &&
             !(nx == "in" || nx == "and")))
          got_before = false;
      }
    }
    if (!ok) {
      if (got_before) {
        cand = before;
        ok = true;
      } else if (got_after) {
        cand = after;
        ok = true;
      }
    }
    if (!ok) continue;
    if (tr.flags & kActive && tr.kind == CasualtyKind::kKilled && L(k) != "killed" &&
        !cand.victims.empty() && !IsPersonLike(L(VictimHead(c, cand.victims)))) {
      continue;  // "executed two licenses"
    }
    if (cand.num >= 0) {
      if (used[cand.num]) continue;
      const NumberMention& nm = c.nums[cand.num];
      const uint32_t lo = std::min(nm.begin, k), hi = std::max(cand.victims.end, k + 1);
      if (!ParseAgrees(parse, s, nm, lo, hi)) continue;
      used[cand.num] = 1;
    } else {
      if (std::find(used_articles.begin(), used_articles.end(), cand.article_tok) !=
          used_articles.end())
        continue;
      used_articles.push_back(cand.article_tok);
    }
    found.push_back(cand);
    kinds.push_back(tr.kind);
    const bool count_before = cand.num >= 0 ? c.nums[cand.num].end <= k : cand.article_tok < k;
    if (count_before && !(tr.flags & kLives)) {
      // Coordinated victims before the trigger: "Five Indian soldiers and two
      // militants were killed", "two police, three soldiers and a civilian".
      uint32_t start = cand.num >= 0 ? c.nums[cand.num].begin : cand.article_tok;
      bool saw_and = false;
      for (int guard = 0; guard < 4 && start > s.token_begin + 1; ++guard) {
        const std::string_view link = L(start - 1);
        if (link == "and") saw_and = true;
        if (!(link == "and" || (link == "," && saw_and))) break;
        Candidate extra = cand;
        extra.num = -1;
        extra.article_tok = 0;
        extra.of_total = false;
        if (!WalkVictimsLeft(c, start - 1, &extra)) break;
        if (extra.num >= 0) {
          if (used[extra.num]) break;
          used[extra.num] = 1;
          start = c.nums[extra.num].begin;
        } else {
          if (extra.victims.empty() || !IsPersonNoun(L(extra.victims.end - 1))) break;
          used_articles.push_back(extra.article_tok);
          start = extra.article_tok;
        }
        found.push_back(extra);
        kinds.push_back(tr.kind);
      }
    }
  }
  if (found.empty()) return out;

  const SentenceFacts facts = ScanSentence(c);
  const TokenRange reporter = FindReporter(c);
  int side_owner = -1;
  if (!facts.side.empty()) {
    uint32_t best = UINT32_MAX;
    for (size_t i = 0; i < found.size(); ++i) {
      const uint32_t t = found[i].trigger.begin;
      const uint32_t d = t > facts.side.begin ? t - facts.side.begin : facts.side.begin - t;
      if (d < best) best = d, side_owner = static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < found.size(); ++i) {
    const Candidate& cd = found[i];
    CasualtyMention m;
    m.kind = kinds[i];
    if (cd.num >= 0) {
      const NumberMention& nm = c.nums[cd.num];
      m.count = nm.value;
      m.qualifier = nm.qualifier;
      m.vague = nm.vague;
      m.number = TokenRange{nm.begin, nm.end};
    } else {
      m.count = 1;
      m.number = TokenRange{cd.article_tok, cd.article_tok + 1};
    }
    m.trigger = cd.trigger;
    m.victims = cd.victims;
    if (!m.victims.empty()) {
      m.victim_head = VictimHead(c, m.victims);
      m.victim_text = doc.tokens[m.victim_head].form;
    }
    if (static_cast<int>(i) == side_owner) {
      m.side = facts.side;
      m.side_text = NormText(doc, facts.side.begin, facts.side.end);
    }
    m.reporter = reporter;
    m.reported_by = NormText(doc, reporter.begin, reporter.end);
    if (cd.cumulative) {
      m.cumulative = true;
      m.cumulative_cue = NormText(doc, cd.trigger.begin, cd.trigger.end);
    } else if (!facts.running_cue.empty()) {
      m.cumulative = true;
      m.cumulative_cue = facts.running_cue;
    } else if (cd.perfect && facts.conflict_frame && !facts.day_level) {
      m.cumulative = true;
      m.cumulative_cue = "perfect aspect + conflict frame";
    }
    uint32_t b = std::min({m.number.begin, m.trigger.begin});
    uint32_t e = std::max({m.number.end, m.trigger.end, m.victims.end});
    m.span = Span{doc.tokens[b].span.begin, doc.tokens[e - 1].span.end};
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), [](const CasualtyMention& a, const CasualtyMention& b) {
    return a.number.begin < b.number.begin;
  });
  return out;
}

namespace {

std::string VictimKey(const Document& doc, const CasualtyMention& m) {
  std::string key;
  if (!m.victims.empty()) ToLowerAscii(doc.tokens[m.victim_head].form, &key);
  if (key == "people" || key == "persons" || key == "individuals" || key == "others") key.clear();
  return key;
}

}  // namespace

void DedupCasualties(const Document& doc, std::vector<CasualtyMention>* mentions) {
  std::vector<CasualtyMention> kept;
  std::vector<std::string> keys;
  kept.reserve(mentions->size());
  for (CasualtyMention& m : *mentions) {
    std::string key = VictimKey(doc, m);
    bool dup = false;
    for (size_t i = 0; i < kept.size() && !dup; ++i)
      dup = kept[i].kind == m.kind && kept[i].count == m.count && keys[i] == key;
    if (dup) continue;
    keys.push_back(std::move(key));
    kept.push_back(m);
  }
  *mentions = std::move(kept);
}

std::vector<CasualtyMention> FindDocumentCasualties(const Document& doc) {
  std::vector<CasualtyMention> all;
  for (const Sentence& s : doc.sentences) {
    if (s.credit_line) continue;
    std::vector<CasualtyMention> v = FindCasualties(doc, s, nullptr);
    all.insert(all.end(), v.begin(), v.end());
  }
  DedupCasualties(doc, &all);
  return all;
}

}  // namespace sitrep::mentions
