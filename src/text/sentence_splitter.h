// SentenceSplitter: groups tokens into sentences the way news is written.
//
// A sentence ends after . ! ? or ... (with any closing quotes and brackets
// that follow) unless the next token starts in lower case; abbreviations keep
// their period (Gen., Jan.) and only initials/other abbreviations may end a
// sentence, when a typical sentence opener follows ("in the U.S. The ...").
// A blank line always ends a sentence; a short line without final
// punctuation (a headline) is a sentence of its own.
//
// Datelines ("KYIV, April 6 (Reuters) -") and credit lines ("(dpa/NAN)",
// "(Reporting by ...; Editing by ...)") become sentences of their own marked
// credit_line = true, so no actor or event is ever taken from them.
//
// Thread-safe: free function.
#ifndef SITREP_TEXT_SENTENCE_SPLITTER_H_
#define SITREP_TEXT_SENTENCE_SPLITTER_H_

#include <string_view>
#include <vector>

#include "base/document.h"

namespace sitrep::text {

// Splits `tokens` (of normalised text `norm`) into sentences; token indices in
// the result index `tokens`. Sentence spans are left for the caller.
void SplitSentences(std::string_view norm, const std::vector<Token>& tokens,
                    std::vector<Sentence>* out);

}  // namespace sitrep::text

#endif  // SITREP_TEXT_SENTENCE_SPLITTER_H_
