// EventToJson: the canonical JSON Lines form of an Event (schema
// sitrep.event/1, ../shared/docs/event.schema.json). One line, no trailing
// newline. Optional parts (attribution, location, fatalities, sources) are
// written only when present. Thread-safe.
#ifndef SITREP_STORE_EVENT_JSON_H_
#define SITREP_STORE_EVENT_JSON_H_

#include <string>

#include "sitrep/event.h"

namespace sitrep::store {

std::string EventToJson(const Event& e);

}  // namespace sitrep::store

#endif  // SITREP_STORE_EVENT_JSON_H_
