// Event: one coded political event, the product of sitrep (schema
// sitrep.event/1, see docs/event-record.md and the JSON schema in
// ../shared/docs/event.schema.json). Plain values, no views: an Event
// outlives the Document it came from.
//
// Thread safety: a value type.
#ifndef SITREP_EVENT_H_
#define SITREP_EVENT_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace sitrep {

struct EventActor {
  std::string text;     // words in the article
  std::string code;     // CAMEO actor code; "" when unknown
  std::string country;  // ISO3 or ""
  std::string role;     // GOV, MIL, REB ...
  std::string name;     // canonical name when known
  std::string kind;     // person|org|country|group|agent|unknown
  std::array<uint32_t, 2> span{0, 0};
  int acled_inter = 0;
};

struct EventDate {
  std::string value;      // YYYY-MM-DD, YYYY-MM or YYYY; "" when unknown
  std::string start, end; // ranges
  std::string precision = "unknown";  // day|month|year|range|unknown
  std::string basis = "none";         // explicit | relative:... | publication | none
};

struct EventLocation {
  std::string text, name, country, admin1;
  double lat = 0, lon = 0;
  bool has_coords = false;
  long geonameid = 0;
  std::string precision;  // point|city|admin1|country|region
  std::string basis;      // clause|sentence|document
  std::array<uint32_t, 2> span{0, 0};
};

struct Casualty {
  long count = 0;
  std::string qualifier = "exact";  // exact|at_least|more_than|up_to|approx
  std::string kind = "killed";      // killed|injured|arrested|abducted|displaced
  std::string victims;              // CAMEO code of the victims when stated
  std::string reported_by;
  bool cumulative = false;
  std::array<uint32_t, 2> span{0, 0};
};

struct Attribution {
  std::optional<EventActor> speaker;
  std::string verb;
  std::array<uint32_t, 2> span{0, 0};
};

struct EventSources {  // only on events merged across articles
  int articles = 0;
  int independent = 0;
  std::vector<std::string> publishers;
  std::string first_seen, last_seen;
};

struct Event {
  std::string id;      // stable: hash of doc id, sentence, trigger, actors, code
  std::string doc_id;
  int sentence_index = 0;
  EventDate date;
  std::optional<EventActor> source, target;
  bool mutual = false;
  // event
  std::string cameo, cameo_root, cameo_name;
  std::string plover_type, plover_mode;
  std::vector<std::string> context;
  std::string acled_type, acled_subtype;
  double goldstein = 0;
  int quad_class = 0;
  // polarity
  bool negated = false;
  std::string modality = "asserted";
  bool historical = false;
  std::optional<Attribution> attribution;
  std::optional<EventLocation> location;
  std::vector<Casualty> fatalities;
  // evidence
  std::string sentence;
  std::array<uint32_t, 2> sentence_span{0, 0};
  std::array<uint32_t, 2> trigger_span{0, 0};
  std::string pattern;
  double confidence = 0;
  // The trigger sits inside a relative, participial or adverbial clause
  // ("forces backed by Moscow", "after troops shelled ..."): not the
  // sentence's main predication. Not serialised; used to pick a sentence's
  // headline event.
  bool subordinate = false;
  // provenance
  std::string version, dictionaries, model;
  std::optional<EventSources> sources;

  // asserted or reported, not negated: the event counts as having happened.
  bool Happened() const {
    return !negated && (modality == "asserted" || modality == "reported");
  }
};

}  // namespace sitrep

#endif  // SITREP_EVENT_H_
