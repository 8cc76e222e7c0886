// Normalizer: NFC (ICU) plus folding of typographic variants that news text
// mixes freely — curly quotes to straight ones, en/em dashes and minus signs
// to '-', non-breaking and other Unicode spaces to ' ', soft hyphens and
// zero-width characters removed — with a byte map from the normalised text
// back to the original.
//
// Thread-safe: Normalize() is a free function with no shared mutable state.
//
//   std::string norm; std::vector<uint32_t> map;
//   SITREP_RETURN_IF_ERROR(text::Normalize(doc.original, &norm, &map));
//   // map[i] = original byte offset of normalised byte i; map.size() == norm.size() + 1
#ifndef SITREP_TEXT_NORMALIZER_H_
#define SITREP_TEXT_NORMALIZER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::text {

// `input` must be valid UTF-8 (InvalidArgument with the byte offset otherwise).
// On success *out holds the normalised text and *norm_to_orig one entry per
// output byte plus a final entry equal to input.size().
Status Normalize(std::string_view input, std::string* out, std::vector<uint32_t>* norm_to_orig);

}  // namespace sitrep::text

#endif  // SITREP_TEXT_NORMALIZER_H_
