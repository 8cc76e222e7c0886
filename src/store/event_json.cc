#include "store/event_json.h"

#include "base/json_writer.h"

namespace sitrep::store {
namespace {

void WriteActor(JsonWriter& w, const EventActor& a) {
  w.BeginObject();
  w.KV("text", a.text);
  w.KV("code", a.code);
  w.KV("country", a.country);
  w.KV("role", a.role);
  if (!a.name.empty()) w.KV("name", a.name);
  w.KV("kind", a.kind.empty() ? std::string("unknown") : a.kind);
  w.Key("span");
  w.Span(a.span[0], a.span[1]);
  w.KV("acled_inter", a.acled_inter);
  w.EndObject();
}

}  // namespace

std::string EventToJson(const Event& e) {
  JsonWriter w;
  w.BeginObject();
  w.KV("schema", "sitrep.event/1");
  w.KV("id", e.id);
  w.KV("doc_id", e.doc_id);
  w.KV("sentence_index", e.sentence_index);
  w.Key("date");
  w.BeginObject();
  w.KV("value", e.date.value);
  if (!e.date.start.empty()) w.KV("start", e.date.start);
  if (!e.date.end.empty()) w.KV("end", e.date.end);
  w.KV("precision", e.date.precision);
  w.KV("basis", e.date.basis);
  w.EndObject();
  w.Key("source");
  if (e.source) WriteActor(w, *e.source); else w.Null();
  w.Key("target");
  if (e.target) WriteActor(w, *e.target); else w.Null();
  w.KV("mutual", e.mutual);
  w.Key("event");
  w.BeginObject();
  w.KV("cameo", e.cameo);
  w.KV("cameo_root", e.cameo_root);
  w.KV("cameo_name", e.cameo_name);
  w.KV("plover_type", e.plover_type);
  w.KV("plover_mode", e.plover_mode);
  w.Key("context");
  w.BeginArray();
  for (const auto& c : e.context) w.String(c);
  w.EndArray();
  w.KV("acled_type", e.acled_type);
  w.KV("acled_subtype", e.acled_subtype);
  w.Key("goldstein");
  w.Double(e.goldstein, 2);
  w.KV("quad_class", e.quad_class);
  w.EndObject();
  w.Key("polarity");
  w.BeginObject();
  w.KV("negated", e.negated);
  w.KV("modality", e.modality);
  w.KV("historical", e.historical);
  w.EndObject();
  w.Key("attribution");
  if (e.attribution) {
    w.BeginObject();
    w.Key("speaker");
    if (e.attribution->speaker) WriteActor(w, *e.attribution->speaker); else w.Null();
    w.KV("verb", e.attribution->verb);
    w.Key("span");
    w.Span(e.attribution->span[0], e.attribution->span[1]);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("location");
  if (e.location) {
    const EventLocation& l = *e.location;
    w.BeginObject();
    w.KV("text", l.text);
    w.KV("name", l.name);
    w.KV("country", l.country);
    if (!l.admin1.empty()) w.KV("admin1", l.admin1);
    if (l.has_coords) {
      w.Key("lat");
      w.Double(l.lat, 4);
      w.Key("lon");
      w.Double(l.lon, 4);
    }
    if (l.geonameid > 0) w.KV("geonameid", static_cast<int64_t>(l.geonameid));
    if (!l.precision.empty()) w.KV("precision", l.precision);
    w.KV("basis", l.basis);
    w.Key("span");
    w.Span(l.span[0], l.span[1]);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("fatalities");
  w.BeginArray();
  for (const auto& c : e.fatalities) {
    w.BeginObject();
    w.KV("count", static_cast<int64_t>(c.count));
    w.KV("qualifier", c.qualifier);
    w.KV("kind", c.kind);
    if (!c.victims.empty()) w.KV("victims", c.victims);
    if (!c.reported_by.empty()) w.KV("reported_by", c.reported_by);
    w.KV("cumulative", c.cumulative);
    w.Key("span");
    w.Span(c.span[0], c.span[1]);
    w.EndObject();
  }
  w.EndArray();
  w.Key("evidence");
  w.BeginObject();
  w.KV("sentence", e.sentence);
  w.Key("span");
  w.Span(e.sentence_span[0], e.sentence_span[1]);
  w.Key("trigger_span");
  w.Span(e.trigger_span[0], e.trigger_span[1]);
  w.KV("pattern", e.pattern);
  w.Key("confidence");
  w.Double(e.confidence, 2);
  w.EndObject();
  w.Key("provenance");
  w.BeginObject();
  w.KV("version", e.version);
  w.KV("dictionaries", e.dictionaries);
  w.KV("model", e.model);
  w.EndObject();
  if (e.sources) {
    w.Key("sources");
    w.BeginObject();
    w.KV("articles", e.sources->articles);
    w.KV("independent", e.sources->independent);
    w.Key("publishers");
    w.BeginArray();
    for (const auto& p : e.sources->publishers) w.String(p);
    w.EndArray();
    w.KV("first_seen", e.sources->first_seen);
    w.KV("last_seen", e.sources->last_seen);
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
}

}  // namespace sitrep::store
