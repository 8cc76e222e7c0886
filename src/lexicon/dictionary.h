// Dictionary files: the parsed, not yet compiled, content of data/.
//
// ReadActorFile() and ReadPatternFile() parse the formats documented in
// data/README.md into plain structs, collecting every problem as
// "file:line: message" instead of stopping at the first. The Lexicon
// (lexicon.h) compiles them into matchers.
//
// Thread-safe: free functions; the structs are values.
#ifndef SITREP_LEXICON_DICTIONARY_H_
#define SITREP_LEXICON_DICTIONARY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::lexicon {

// Days since 1970-01-01 for a (possibly partial) date; a partial FROM date
// takes its first day, a partial TO date its last. kOpenStart/kOpenEnd for "-".
constexpr int32_t kOpenStart = -10000000;
constexpr int32_t kOpenEnd = 10000000;
int32_t DaysFromCivil(int y, int m, int d);
// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" or "-"; false when malformed.
bool ParseBoundDate(std::string_view s, bool is_end, int32_t* days);

enum class EntryKind : uint8_t {
  kCountry, kIgo, kGroup, kParty, kNgo, kMedia, kOrg, kEthnic, kReligion, kPerson, kAgent, kModifier
};
std::string_view EntryKindName(EntryKind k);
// The event-schema kind: person, org, country, group, agent.
std::string_view SchemaKind(EntryKind k);

struct Role {
  std::string code;
  int32_t from = kOpenStart;
  int32_t to = kOpenEnd;
  std::string office;  // hos, hog, fm, ... (persons); may be empty
  int line = 0;
};

struct ActorEntry {
  EntryKind kind = EntryKind::kOrg;
  std::string name;                  // canonical name (first on the entry line)
  std::vector<std::string> aliases;  // including `name`
  std::string code;                  // undated code; empty when only roles
  std::vector<Role> roles;
  std::string iso3;
  std::vector<std::string> adjs, capitals, seats, descs;
  std::string effect;  // modifiers: cancel, keep, REB, OPP
  bool unchecked = false;
  std::string file;
  int line = 0;
};

struct Slot {
  enum class Kind : uint8_t {
    kSubjTarget, kObjTarget, kObjWords, kIobjTarget, kPrepTarget, kPrepWords, kPrt, kXcomp, kPossSource,
    kBySource, kBetween,
    kCompTarget  // comp=$T: the subject of a requested or required act is the target
  };
  Kind kind;
  std::vector<std::string> preps;  // for kPrep*
  std::vector<std::string> words;  // lemmas for *Words, kPrt, kXcomp
};

struct PatternRule {
  std::string code;  // CAMEO code, or "---" for a discard
  std::vector<Slot> slots;
  bool mutual = false;
  bool nosource = false;
  int line = 0;
};

struct PatternExample {
  bool positive = true;
  std::string sentence;
  std::string source, target, code;  // for positive examples; "-" = empty actor
  int line = 0;
};

struct Trigger {
  bool noun = false;
  std::vector<std::string> lemmas;  // may be multi-word ("phone call")
  std::vector<PatternRule> rules;
  std::vector<PatternExample> examples;
  std::string file;
  int line = 0;
};

// Each error is "file:line: message". The functions return OK with errors
// collected in *errors when the file could be read, IOError otherwise.
Status ReadActorFile(const std::string& path, std::vector<ActorEntry>* out,
                     std::vector<std::string>* errors);
Status ParseActorText(std::string_view text, const std::string& file, std::vector<ActorEntry>* out,
                      std::vector<std::string>* errors);
Status ReadPatternFile(const std::string& path, std::vector<Trigger>* out,
                       std::vector<std::string>* errors);
Status ParsePatternText(std::string_view text, const std::string& file, std::vector<Trigger>* out,
                        std::vector<std::string>* errors);

}  // namespace sitrep::lexicon

#endif  // SITREP_LEXICON_DICTIONARY_H_
