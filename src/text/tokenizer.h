// Tokenizer: splits normalised text into tokens the way UD English EWT does,
// so that the tagger and parser see what they were trained on:
//   "Ukraine's" -> "Ukraine" "'s"      "don't" -> "do" "n't"
//   "pro-Russian" -> "pro" "-" "Russian"  (EWT splits word-internal hyphens)
//   "13,000" and "1.5" stay whole       "U.S." and "Gen." keep their period
//   quotes, brackets and final punctuation are tokens of their own.
//
// Thread-safe: free functions, no shared state.
#ifndef SITREP_TEXT_TOKENIZER_H_
#define SITREP_TEXT_TOKENIZER_H_

#include <string_view>
#include <vector>

#include "base/document.h"

namespace sitrep::text {

// Appends the tokens of normalised text `norm` to *out. Token norm offsets are
// relative to `norm`; `form` views point into `norm`; `span` is left for the
// caller to fill from the offset map. Never fails.
void Tokenize(std::string_view norm, std::vector<Token>* out);

// True when `word` (with its final period) is a known abbreviation such as
// "Gen." or "Jan.", or a run of initials such as "U.S." / "U.N.".
bool IsAbbreviation(std::string_view word);

// True for abbreviations that precede a name and so never end a sentence
// ("Mr.", "Gen.", "Sen.").
bool IsTitleAbbreviation(std::string_view word);

}  // namespace sitrep::text

#endif  // SITREP_TEXT_TOKENIZER_H_
