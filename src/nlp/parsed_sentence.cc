#include "nlp/parsed_sentence.h"

namespace sitrep::nlp {
namespace {
constexpr std::string_view kUposNames[] = {"ADJ",  "ADP",  "ADV",   "AUX",   "CCONJ", "DET",
                                           "INTJ", "NOUN", "NUM",   "PART",  "PRON",  "PROPN",
                                           "PUNCT", "SCONJ", "SYM", "VERB",  "X"};
static_assert(sizeof(kUposNames) / sizeof(kUposNames[0]) == static_cast<size_t>(Upos::kCount));
}  // namespace

std::string_view UposName(Upos u) {
  size_t i = static_cast<size_t>(u);
  return i < static_cast<size_t>(Upos::kCount) ? kUposNames[i] : std::string_view("_");
}

Upos UposFromName(std::string_view name) {
  for (size_t i = 0; i < static_cast<size_t>(Upos::kCount); ++i)
    if (kUposNames[i] == name) return static_cast<Upos>(i);
  return Upos::kCount;
}

}  // namespace sitrep::nlp
