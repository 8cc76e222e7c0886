// casualty_finder: casualty counts in a sentence ("more than 13,000 people
// have been killed", "killing 12 civilians", "the death toll rose to 40",
// "dozens were arrested", "a policeman was killed").
//
// Each CasualtyMention carries the count and its qualifier (from the number
// finder), the kind (killed, injured, arrested, abducted, displaced), the
// victims' words as token spans for the event coder to turn into an actor
// code ("24 soldiers ... on the Ukrainian government side" gives victims
// "soldiers" and side "Ukrainian government"), who reported the figure
// ("according to UN estimates" -> "UN"; "the health ministry said" ->
// "health ministry"), and whether it is a running total (`cumulative`). The
// token patterns, the cumulative rule and the vague-count table are in
// docs/dates-and-casualties.md.
//
// Works on tokens alone; the ParsedSentence is optional (may be null) and,
// when given, is used only to reject a count whose number is not attached to
// the victim noun or the trigger.
//
// Thread-safety: free functions over const inputs; static tables are
// immutable. Lifetime: every string_view in a CasualtyMention points into
// Document::normalized and is valid while the Document lives.
//
//   for (const CasualtyMention& c : FindCasualties(doc, doc.sentences[i], nullptr)) {
//     // c.count == 13000, c.qualifier == CountQualifier::kMoreThan,
//     // c.kind == CasualtyKind::kKilled, c.reported_by == "UN", c.cumulative
//   }
#ifndef SITREP_MENTIONS_CASUALTY_FINDER_H_
#define SITREP_MENTIONS_CASUALTY_FINDER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/document.h"
#include "mentions/number_finder.h"
#include "nlp/parsed_sentence.h"

namespace sitrep::mentions {

enum class CasualtyKind : uint8_t { kKilled, kInjured, kArrested, kAbducted, kDisplaced };
// "killed", "injured", "arrested", "abducted", "displaced".
std::string_view CasualtyKindName(CasualtyKind k);

// [begin, end) indices into Document::tokens; empty when begin == end.
struct TokenRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool empty() const { return end <= begin; }
  bool operator==(const TokenRange&) const = default;
};

struct CasualtyMention {
  int64_t count = 0;
  CountQualifier qualifier = CountQualifier::kExact;
  bool vague = false;           // the count is a convention ("dozens" = 12)
  CasualtyKind kind = CasualtyKind::kKilled;

  TokenRange number;            // the count with its qualifier: "more than 13,000"
  TokenRange trigger;           // "killed", "have died", "death toll", "wounded"
  TokenRange victims;           // the victim noun phrase without the count: "Ukrainian soldiers",
                                // "members of the security forces"; empty when unstated
  uint32_t victim_head = 0;     // token of the head noun when victims is not empty
  std::string_view victim_text;  // head noun as written: "soldiers", "people", "policeman"
  TokenRange side;              // "on the Ukrainian government side" -> "Ukrainian government"
  std::string_view side_text;
  TokenRange reporter;          // "UN", "health ministry"; empty when nobody is named
  std::string_view reported_by;
  bool cumulative = false;      // a running total; see docs for the rule
  std::string_view cumulative_cue;  // the words that made it cumulative ("since", "so far", ...)
  Span span;                    // original bytes from the first to the last token of count,
                                // victims and trigger
};

// True when the sentence holds a casualty trigger word ("killed", "dead",
// "wounded", "arrested", ...): FindCasualties finds nothing without one.
bool HasCasualtyCue(const Document& doc, const Sentence& sentence);

// The casualty mentions of one sentence, in order of their counts. `parse`
// may be null.
std::vector<CasualtyMention> FindCasualties(const Document& doc, const Sentence& sentence,
                                            const nlp::ParsedSentence* parse);

// All sentences of a document, with DedupCasualties applied.
std::vector<CasualtyMention> FindDocumentCasualties(const Document& doc);

// Drops repeats of a figure within one document: a mention with the same kind,
// the same count and the same victims as an earlier one is removed (victims
// compare by lower-cased head noun; "people", "persons" and an unstated victim
// count as the same generic victim). Keeps the first occurrence, in order.
void DedupCasualties(const Document& doc, std::vector<CasualtyMention>* mentions);

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_CASUALTY_FINDER_H_
