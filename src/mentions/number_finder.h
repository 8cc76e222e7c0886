// number_finder: counts written in digits or words, with their qualifier.
//
// Finds "13,000", "1.5 million", "twenty-four" (one token or "twenty - four"),
// "one hundred and five", "two dozen", vague counts ("dozens", "hundreds of
// thousands", "several"), optionally "a"/"an" read as one, and the qualifier
// before them ("at least", "more than", "up to", "some", ...). Vague counts get
// the conventions in docs/dates-and-casualties.md (ACLED: tens = 10,
// dozens = 12, hundreds = 100) and are marked `vague`.
//
// Thread-safety: free functions over a const Document; the word tables are
// immutable statics initialised once. Returned mentions hold token indices and
// original-byte spans, no views.
//
//   for (const NumberMention& n : FindNumbers(doc, doc.sentences[0])) {
//     if (!n.unit_after && !n.year_like) use(n.value, n.qualifier);
//   }
#ifndef SITREP_MENTIONS_NUMBER_FINDER_H_
#define SITREP_MENTIONS_NUMBER_FINDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/document.h"

namespace sitrep::mentions {

enum class CountQualifier : uint8_t {
  kExact,     // "24 soldiers"
  kAtLeast,   // "at least", "no fewer than", "a minimum of"
  kMoreThan,  // "more than", "over", "upwards of", "in excess of"
  kUpTo,      // "up to", "as many as", "at most", "fewer than", "less than"
  kApprox,    // "some", "about", "around", "nearly", "almost", "roughly", "an estimated"
};
// "exact", "at_least", "more_than", "up_to", "approx".
std::string_view QualifierName(CountQualifier q);

struct NumberMention {
  uint32_t begin = 0;         // first token (Document::tokens index), qualifier included
  uint32_t number_begin = 0;  // first token of the number itself
  uint32_t end = 0;           // one past the last token of the number
  Span span;                  // original bytes of tokens [begin, end)
  int64_t value = 0;          // the count; for decimals without a scale word, the integer part
  CountQualifier qualifier = CountQualifier::kExact;
  bool vague = false;         // "dozens", "hundreds", "several", "a few": a convention, not a figure
  bool article = false;       // "a"/"an" read as one (only with NumberOptions::articles_as_one)
  bool decimal = false;       // a fraction with no scale word after it ("2.5", "2.000")
  bool year_like = false;     // four digits 1800..2100 written without a separator
  bool unit_after = false;    // a unit follows: "years", "-year-old", "percent", "km", "dollars", ...
  bool currency_before = false;  // "$", "€", "£", "US$" right before
};

struct NumberOptions {
  // Read "a"/"an" before a word that is not itself a number word as the
  // count one ("a soldier"). Off by default: "a" is usually not a count; the
  // casualty finder turns it on and checks the noun.
  bool articles_as_one = false;
};

// All numbers of the sentence, left to right, non-overlapping.
std::vector<NumberMention> FindNumbers(const Document& doc, const Sentence& sentence,
                                       const NumberOptions& options = NumberOptions());

// Parses a number (no qualifier) starting at token i, not reading at or past
// token `end`. Returns the number of tokens consumed, 0 when token i does not
// start a number. Fills *value and *vague.
uint32_t ParseNumberAt(const Document& doc, uint32_t i, uint32_t end, int64_t* value,
                       bool* vague);

// Reads the qualifier that ends right before token i (not before token
// `begin`). Returns how many tokens it spans (0 = none, *q = kExact).
uint32_t QualifierBefore(const Document& doc, uint32_t begin, uint32_t i, CountQualifier* q);

// Small helpers shared by the mention finders. ASCII case-insensitive
// equality with an already lower-case word.
bool EqualsLower(std::string_view form, std::string_view lower);
// Lower-cases ASCII letters of `form` into *out (replacing its contents).
void ToLowerAscii(std::string_view form, std::string* out);

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_NUMBER_FINDER_H_
