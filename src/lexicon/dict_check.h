// Whole-dictionary checks behind `sitrep dict check` and `sitrep dict stats`:
// format errors (file:line), duplicate people, overlapping heads of state or
// government per country, pattern coverage of the CAMEO code table.
// Thread-safe: free functions over an immutable Lexicon.
#ifndef SITREP_LEXICON_DICT_CHECK_H_
#define SITREP_LEXICON_DICT_CHECK_H_

#include <map>
#include <string>
#include <vector>

#include "lexicon/lexicon.h"

namespace sitrep::lexicon {

// Appends "file:line: message" for every pair of holders of the same office
// (hos or hog; hos+hog counts as both) of one country whose dates overlap,
// unless both carry ",co" (co-rule).
void CheckOfficeOverlaps(const Lexicon& lex, std::vector<std::string>* errors);

// Appends an error for every person entry whose canonical name appears twice.
void CheckDuplicatePeople(const Lexicon& lex, std::vector<std::string>* errors);

// CAMEO codes of the code table with no pattern rule.
std::vector<std::string> UncoveredCodes(const Lexicon& lex);

// Counts for `sitrep dict stats`: countries, igos, groups, parties, ngos,
// media, ethnic, religion, agents, people, aliases, unchecked, triggers,
// rules, examples, cameo_codes, cameo_covered.
std::map<std::string, long> Stats(const Lexicon& lex);

}  // namespace sitrep::lexicon

#endif  // SITREP_LEXICON_DICT_CHECK_H_
