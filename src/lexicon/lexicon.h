// Lexicon: sitrep's dictionaries compiled once into immutable matchers.
//
// Holds the actor entries (countries, IGOs, groups, people with dated roles,
// agents, modifiers), an index from token sequences to entries, the event
// pattern triggers indexed by lemma, and the CAMEO code table (Goldstein,
// quad class, PLOVER crosswalk). Built by Lexicon::Load() from a data
// directory laid out as in data/README.md.
//
// Thread safety: a Lexicon is immutable after Load(); share it as
// std::shared_ptr<const Lexicon> across threads. All methods are const.
//
//   auto lex = Lexicon::Load("data");         // Result<shared_ptr<const Lexicon>>
//   std::vector<PhraseMatch> m; (*lex)->MatchPhrases(folded_tokens, forms, &m);
#ifndef SITREP_LEXICON_LEXICON_H_
#define SITREP_LEXICON_LEXICON_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lexicon/dictionary.h"
#include "sitrep/status.h"

namespace sitrep::lexicon {

// How a phrase refers to an entry.
enum class HitKind : uint8_t { kName, kAdjective, kCapital, kSeat, kDescription };

struct Hit {
  uint32_t entry = 0;
  HitKind kind = HitKind::kName;
  bool case_sensitive = false;  // short acronyms: the text must match the alias exactly
  bool capitalised = false;     // alias starts upper case: the text must too
  std::string surface;          // the alias as written (for case checks)
};

struct PhraseMatch {
  uint32_t begin = 0, end = 0;  // token range within the sentence
  std::vector<const Hit*> hits; // hits valid for this surface form; point into the Lexicon
};

struct EventCodeInfo {
  std::string code;
  int quad_class = 0;
  double goldstein = 0;
  std::string plover_type, plover_mode, plover_context, name;
};

struct LoadReport {
  std::vector<std::string> errors;  // "file:line: message"
  std::vector<std::string> files;
};

class Lexicon {
 public:
  // Loads every data/actors/*.actors, data/verbs/*.patterns and
  // data/cameo/event-codes.tsv under `data_dir`. Entries with errors are
  // skipped and listed in *report (when given); IOError/NotFound when the
  // directory or the code table cannot be read.
  static Result<std::shared_ptr<const Lexicon>> Load(const std::string& data_dir,
                                                     LoadReport* report = nullptr);
  // Finds data/ with FindDataFile and loads it.
  static Result<std::shared_ptr<const Lexicon>> LoadDefault(LoadReport* report = nullptr);
  // Builds from already parsed entries (tests).
  static std::shared_ptr<const Lexicon> Build(std::vector<ActorEntry> actors, std::vector<Trigger> triggers,
                                              std::vector<EventCodeInfo> codes);

  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // The fold used for matching: lower case, diacritics removed.
  static std::string Fold(std::string_view token);

  // Longest-first, left-to-right matches of dictionary phrases over a
  // sentence. `folded[i]` = Fold(forms[i]).
  void MatchPhrases(const std::vector<std::string>& folded, const std::vector<std::string_view>& forms,
                    std::vector<PhraseMatch>* out) const;

  const std::vector<ActorEntry>& actors() const { return actors_; }
  const ActorEntry& actor(uint32_t i) const { return actors_[i]; }
  const std::vector<Trigger>& triggers() const { return triggers_; }

  // The code an entry has on `day` (days since 1970; kOpenEnd = unknown date,
  // which takes the latest role). Empty when no role covers the day. *office
  // receives the office of the chosen role when given.
  std::string CodeOn(const ActorEntry& e, int32_t day, std::string* office = nullptr) const;

  // Triggers whose (last) lemma is `lemma`.
  const std::vector<uint32_t>* TriggersFor(std::string_view lemma) const;

  const EventCodeInfo* EventCode(std::string_view code) const;
  const std::vector<EventCodeInfo>& event_codes() const { return codes_; }

  // ISO 3166-1 alpha-3 for a CAMEO country code prefix (UKR -> UKR, ...), or "".
  std::string IsoForCountryCode(std::string_view code3) const;
  bool IsCountryCode(std::string_view code3) const { return country_iso_.count(std::string(code3)) > 0; }

  // A short hash of all dictionary content (provenance).
  const std::string& hash() const { return hash_; }

 private:
  Lexicon() = default;
  void Compile();

  struct Node {
    bool has_longer = false;
    std::vector<Hit> hits;
  };
  std::vector<ActorEntry> actors_;
  std::vector<Trigger> triggers_;
  std::vector<EventCodeInfo> codes_;
  std::unordered_map<std::string, Node> phrases_;
  std::unordered_map<std::string, std::vector<uint32_t>> trigger_index_;
  std::unordered_map<std::string, uint32_t> code_index_;
  std::unordered_map<std::string, std::string> country_iso_;
  size_t max_phrase_tokens_ = 1;
  std::string hash_;
};

}  // namespace sitrep::lexicon

#endif  // SITREP_LEXICON_LEXICON_H_
