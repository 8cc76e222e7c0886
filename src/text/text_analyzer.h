// AnalyzeText: the text stage in one call. Normalises doc->original (NFC,
// quotes and dashes folded) into doc->normalized with doc->norm_to_orig,
// tokenizes (UD English style) into doc->tokens, and splits sentences into
// doc->sentences, filling every Span with ORIGINAL byte offsets.
//
// Thread-safe (works on the Document it is given). Token views point into
// doc->normalized: do not modify it afterwards.
#ifndef SITREP_TEXT_TEXT_ANALYZER_H_
#define SITREP_TEXT_TEXT_ANALYZER_H_

#include <cstddef>

#include "base/document.h"
#include "sitrep/status.h"

namespace sitrep::text {

struct TextLimits {
  size_t max_bytes = 8u << 20;         // larger documents are refused (ResourceExhausted)
  size_t max_sentence_tokens = 250;     // longer "sentences" are cut into pieces of this size
};

// InvalidArgument for invalid UTF-8 (with the byte offset); ResourceExhausted
// for documents over the limit. On error the Document's analysis is empty.
Status AnalyzeText(Document* doc, const TextLimits& limits = TextLimits());

}  // namespace sitrep::text

#endif  // SITREP_TEXT_TEXT_ANALYZER_H_
