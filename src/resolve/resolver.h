// Resolver: turns the coder's per-sentence events into finished Event
// records for one document.
//
// For each coded event it fills the actors (text, code, country, role,
// ACLED actor type), the date (the time expression of the event's clause,
// else of its sentence, else the publication date, with precision and basis;
// events well before publication are `historical`), the location (a place in
// the event's clause, else in its sentence, else — for material events only —
// the document's focus country), casualty records found in the sentence,
// the CAMEO/PLOVER/ACLED typing, and provenance. Casualty figures with no
// coded event become an event of their own (empty source, victims as target).
// Before any of that, events whose subject is a plural anaphor ("they",
// "the two leaders"; CodedEvent::plural_subject) are linked to the
// participants of the nearest earlier two-sided event or coordinated subject
// of the same or the two previous sentences, or dropped when there is none.
// Finally it merges repeated mentions of the same happening within the
// document (same dyad, same code).
//
// Thread safety: Resolve() is const.
#ifndef SITREP_RESOLVE_RESOLVER_H_
#define SITREP_RESOLVE_RESOLVER_H_

#include <memory>
#include <string>
#include <vector>

#include "base/document.h"
#include "coding/event_coder.h"
#include "lexicon/lexicon.h"
#include "mentions/actor_finder.h"
#include "mentions/place_finder.h"
#include "nlp/parsed_sentence.h"
#include "sitrep/event.h"

namespace sitrep::resolve {

struct Provenance {
  std::string version, dictionaries, model;
};

struct DocumentAnalysis {
  const Document* doc = nullptr;
  const std::vector<nlp::ParsedSentence>* parses = nullptr;  // one per sentence, or empty
  const std::vector<mentions::ActorMention>* actors = nullptr;
  const std::vector<mentions::PlaceMention>* places = nullptr;  // may be empty
  std::string focus_country;  // ISO3 or ""
  std::vector<coding::CodedEvent> coded;
  std::vector<uint32_t> discarded_triggers;  // document token indices of words a discard rule matched
};

class Resolver {
 public:
  Resolver(std::shared_ptr<const lexicon::Lexicon> lex, Provenance prov);
  std::vector<Event> Resolve(const DocumentAnalysis& a) const;

 private:
  std::shared_ptr<const lexicon::Lexicon> lex_;
  Provenance prov_;
};

// ACLED event type and sub-event type for a CAMEO code given the target's
// role; empty strings when no ACLED type applies.
void AcledType(const std::string& cameo, const std::string& source_role, const std::string& target_role,
               bool target_civilian, std::string* type, std::string* subtype);

}  // namespace sitrep::resolve

#endif  // SITREP_RESOLVE_RESOLVER_H_
