// PetrarchImporter: converts TABARI/PETRARCH dictionaries into sitrep's own
// dictionary text (data/README.md), for users who bring such dictionaries.
//
//   * Actor dictionaries (Phoenix.*.actors.txt, PETR.Validate.actors.txt):
//     `NAME_ [CODE]` entries, `+SYNONYM` lines and dated role lines
//     `\t[CODE >YYMMDD]`, `[CODE <YYMMDD]`, `[CODE D1-D2]`, with six-digit
//     (two-digit year) or eight-digit dates  ->  `.actors` entries with
//     `code` and `role CODE FROM TO` lines.
//   * Agent dictionaries (Phoenix.agents.txt, PETR.Validate.agents.txt):
//     `PHRASE {PLURALS} [~CODE]`, `!MARKER! = A, B` substitutions
//     ->  `agent` entries grouped by code.
//   * Verb dictionaries (CAMEO.2.0.txt, PETR.Validate.verbs.txt): synsets
//     `&NAME`/`+item`, blocks `--- NAME [CODE] ---` with verbs and patterns
//     `- [pre] * [post] [CODE]`  ->  `verb` triggers with rules in sitrep's
//     slot language (obj / preposition / particle / xcomp words and $T). A
//     pattern that the slot language cannot express is not dropped silently:
//     it is counted, and listed as a comment at the end of the patterns text
//     and in the report.
//
// Rules (see docs/petrarch-import.md): two-digit years 00-49 are 20xx and
// 50-99 are 19xx; imported entries never override sitrep's own (an alias
// that the `existing` lexicon already has is skipped and counted; an agent
// word that sitrep codes differently is reported as a clash); open-ended
// roles that started before `stale_before` are flagged "stale?".
//
// Thread safety: an importer is a single-threaded builder. Not copyable.
// The `existing` lexicon, when given, must outlive the importer.
//
//   PetrarchImportOptions o;
//   o.existing = sitrep_lexicon.get();
//   PetrarchImporter imp(o);
//   SITREP_RETURN_IF_ERROR(imp.AddActorFile("Phoenix.Countries.actors.txt"));
//   SITREP_RETURN_IF_ERROR(imp.AddVerbFile("CAMEO.2.0.txt"));
//   std::string actors = imp.ActorsText(), patterns = imp.PatternsText();
#ifndef SITREP_LEXICON_PETRARCH_IMPORTER_H_
#define SITREP_LEXICON_PETRARCH_IMPORTER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lexicon/dictionary.h"
#include "sitrep/status.h"

namespace sitrep::lexicon {

class Lexicon;

// Parses a TABARI date: YYMMDD (two-digit year: 00-49 -> 20xx, 50-99 ->
// 19xx) or YYYYMMDD. Writes days since 1970-01-01; false when malformed.
// *two_digit tells which form was read (may be null).
bool ParseTabariDate(std::string_view s, int32_t* days, bool* two_digit = nullptr);
// "YYYY-MM-DD" for days since 1970-01-01.
std::string FormatDays(int32_t days);

struct PetrarchImportOptions {
  // sitrep's own dictionaries; null = no duplicate, clash or stale check
  // against them (used when a peer's dictionaries are run on their own).
  const Lexicon* existing = nullptr;
  // Event codes rules may use (CAMEO table); empty = any 2-4 digit code.
  std::set<std::string> event_codes;
  // Open-ended roles starting before this day are flagged "stale?".
  int32_t stale_before = 14610;  // 2010-01-01
  // "Today" (days since 1970) for comparing with sitrep's current codes;
  // 0 = the system clock.
  int32_t today = 0;
};

struct PetrarchImportReport {
  // Actors.
  size_t actor_entries = 0;       // entries written
  size_t persons = 0;             // of which `person` (entries with dated roles)
  size_t aliases = 0;             // aliases written (names + synonyms)
  size_t roles = 0;               // dated roles written
  size_t stale_roles = 0;         // open-ended roles starting before stale_before
  size_t skipped_duplicates = 0;  // aliases sitrep (or an earlier import) already has
  size_t dropped_entries = 0;     // entries with no usable code or no alias left
  size_t repaired_years = 0;      // two-digit start years read as 19xx because 20xx fell after the end
  // Agents.
  size_t agent_entries = 0;  // `agent` entries (one per code)
  size_t agent_words = 0;    // agent phrases written (with plurals)
  size_t clashes = 0;        // agent words sitrep codes differently (skipped)
  size_t prefix_agents = 0;  // `[NGO~]` agents: sitrep appends agent codes, so written as suffixes
  // Verbs.
  size_t verb_blocks = 0;
  size_t triggers = 0;                // `verb` entries written
  size_t patterns = 0;                // `- ... [CODE]` pattern lines read
  size_t patterns_converted = 0;      // written as rules
  size_t patterns_loosened = 0;       // of which written with modifiers/word order dropped
  size_t patterns_unconvertible = 0;  // listed, not written
  size_t transformations = 0;         // `~` transformation lines (not convertible)

  std::vector<std::string> stale;          // "file:line: NAME: CODE from DATE, open-ended (stale?)..."
  std::vector<std::string> clash_list;     // "file:line: 'word' -> ~MED, sitrep: GOV"
  std::vector<std::string> unconvertible;  // "file:line: pattern -- reason"
  std::vector<std::string> warnings;       // other lines that could not be read
};

class PetrarchImporter {
 public:
  explicit PetrarchImporter(PetrarchImportOptions options);
  ~PetrarchImporter();
  PetrarchImporter(const PetrarchImporter&) = delete;
  PetrarchImporter& operator=(const PetrarchImporter&) = delete;

  // Each Add* reads one dictionary; `file` names it in reports. The *File
  // variants return IOError when the file cannot be read; problems inside a
  // file never fail, they are counted and listed in report().
  void AddActorText(std::string_view text, const std::string& file);
  void AddAgentText(std::string_view text, const std::string& file);
  void AddVerbText(std::string_view text, const std::string& file);
  Status AddActorFile(const std::string& path);
  Status AddAgentFile(const std::string& path);
  Status AddVerbFile(const std::string& path);

  // The converted dictionaries in sitrep's formats: a `.actors` file (actors
  // and agents) and a `.patterns` file (unconvertible patterns listed as
  // comments at its end).
  std::string ActorsText() const;
  std::string PatternsText() const;

  const PetrarchImportReport& report() const { return report_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  PetrarchImportReport report_;
};

// One record of PETRARCH's unit-test file (PETR.UnitTest.records.xml).
struct PetrarchRecord {
  std::string id, category, date;  // date as YYYY-MM-DD (empty when absent)
  std::string text;                // whitespace collapsed
  struct Coding {
    std::string source, target, code;
  };
  std::vector<Coding> expected;  // <EventCoding sourcecode targetcode eventcode>
  bool noevents = false;         // <EventCoding noevents="True">
  bool error = false;            // <EventCoding error="...">: a record testing input errors
};

// Parses the <Sentence> records of a PETRARCH validation file. Records
// without <Text> are skipped. InvalidArgument when no record is found.
Result<std::vector<PetrarchRecord>> ParsePetrarchRecords(std::string_view xml);

}  // namespace sitrep::lexicon

#endif  // SITREP_LEXICON_PETRARCH_IMPORTER_H_
