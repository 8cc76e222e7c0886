#include "store/export.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/json_writer.h"
#include "base/paths.h"
#include "store/event_json.h"

namespace sitrep::store {
namespace {

// CAMEO role/type codes that GDELT writes into ActorNType1..3Code.
const std::set<std::string>& RoleCodes() {
  static const std::set<std::string> kRoles = {
      "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS",
      "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF",
      "MOD", "RAD", "IGO", "NGO", "IMG", "MNC", "PTY", "NGM", "ETH", "REL"};
  return kRoles;
}

std::vector<std::string> Chunks(const std::string& code) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 3 <= code.size(); i += 3) out.push_back(code.substr(i, 3));
  return out;
}

struct GdeltActor {
  std::string code, name, country, group, types[3];
};

GdeltActor SplitActor(const std::optional<EventActor>& a) {
  GdeltActor g;
  if (!a) return g;
  g.code = a->code;
  g.name = a->name.empty() ? a->text : a->name;
  for (char& c : g.name) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  std::vector<std::string> parts = Chunks(a->code);
  const bool org = !parts.empty() && (parts[0] == "IGO" || parts[0] == "NGO" ||
                                      parts[0] == "IMG" || parts[0] == "MNC");
  if (!parts.empty() && !org && !RoleCodes().count(parts[0])) g.country = parts[0];
  if (g.country.empty() && !org) g.country = a->country;
  int n = 0;
  for (size_t i = 0; i < parts.size() && n < 3; ++i) {
    if (RoleCodes().count(parts[i])) g.types[n++] = parts[i];
  }
  if (n == 0 && !a->role.empty()) g.types[0] = a->role;
  if (org && parts.size() >= 3) g.group = parts.back();
  return g;
}

std::string Digits(const std::string& date) {
  std::string d;
  for (char c : date) {
    if (c >= '0' && c <= '9') d.push_back(c);
  }
  return d;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

int64_t IdNumber(const ExportRecord& r) {
  if (r.key > 0) return r.key;
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : r.event->id) h = (h ^ c) * 1099511628211ull;
  return static_cast<int64_t>(h & ((1ull << 53) - 1));
}

std::string QuadName(int q) {
  switch (q) {
    case 1: return "VERBAL COOPERATION";
    case 2: return "MATERIAL COOPERATION";
    case 3: return "VERBAL CONFLICT";
    case 4: return "MATERIAL CONFLICT";
    default: return "";
  }
}

int64_t Toll(const Event& e, const char* kind, bool cumulative) {
  int64_t n = 0;
  for (const Casualty& c : e.fatalities) {
    if (c.kind == kind && c.cumulative == cumulative) n += c.count;
  }
  return n;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

// Tabs and newlines would break a TSV row.
std::string TsvClean(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

class JsonlWriter : public EventWriter {
 public:
  std::string Write(const ExportRecord& r) override { return EventToJson(*r.event) + "\n"; }
};

class CsvWriter : public EventWriter {
 public:
  std::string Header() override {
    return "id,doc_id,date,date_precision,source_code,source_country,source_role,source_name,"
           "target_code,target_country,target_role,target_name,mutual,cameo,cameo_root,"
           "cameo_name,plover_type,plover_mode,quad_class,goldstein,modality,negated,historical,"
           "location,location_country,lat,lon,location_basis,killed,injured,articles,"
           "independent,publishers,first_seen,last_seen,publisher,published,url,sentence,"
           "version,dictionaries,model\n";
  }
  std::string Write(const ExportRecord& r) override {
    const Event& e = *r.event;
    std::vector<std::string> f;
    auto actor = [&](const std::optional<EventActor>& a) {
      f.push_back(a ? a->code : "");
      f.push_back(a ? a->country : "");
      f.push_back(a ? a->role : "");
      f.push_back(a ? (a->name.empty() ? a->text : a->name) : "");
    };
    f.push_back(e.id);
    f.push_back(e.doc_id);
    f.push_back(e.date.value);
    f.push_back(e.date.precision);
    actor(e.source);
    actor(e.target);
    f.push_back(e.mutual ? "1" : "0");
    f.push_back(e.cameo);
    f.push_back(e.cameo_root);
    f.push_back(e.cameo_name);
    f.push_back(e.plover_type);
    f.push_back(e.plover_mode);
    f.push_back(std::to_string(e.quad_class));
    f.push_back(Fixed(e.goldstein, 1));
    f.push_back(e.modality);
    f.push_back(e.negated ? "1" : "0");
    f.push_back(e.historical ? "1" : "0");
    const bool loc = e.location.has_value();
    f.push_back(loc ? e.location->name : "");
    f.push_back(loc ? e.location->country : "");
    f.push_back(loc && e.location->has_coords ? Fixed(e.location->lat, 4) : "");
    f.push_back(loc && e.location->has_coords ? Fixed(e.location->lon, 4) : "");
    f.push_back(loc ? e.location->basis : "");
    f.push_back(std::to_string(Toll(e, "killed", false)));
    f.push_back(std::to_string(Toll(e, "injured", false)));
    f.push_back(e.sources ? std::to_string(e.sources->articles) : "1");
    f.push_back(e.sources ? std::to_string(e.sources->independent) : "1");
    f.push_back(e.sources ? Join(e.sources->publishers, ";") : r.publisher);
    f.push_back(e.sources ? e.sources->first_seen : r.published);
    f.push_back(e.sources ? e.sources->last_seen : r.published);
    f.push_back(r.publisher);
    f.push_back(r.published);
    f.push_back(r.url);
    f.push_back(e.sentence);
    f.push_back(e.version);
    f.push_back(e.dictionaries);
    f.push_back(e.model);
    std::string line;
    for (size_t i = 0; i < f.size(); ++i) {
      if (i) line += ',';
      line += CsvField(f[i]);
    }
    return line + "\n";
  }
};

class GdeltWriter : public EventWriter {
 public:
  explicit GdeltWriter(const FipsTable* fips) : fips_(fips) {}
  std::string Write(const ExportRecord& r) override {
    std::vector<std::string> f = GdeltFields(r, fips_);
    std::string line;
    for (size_t i = 0; i < f.size(); ++i) {
      if (i) line += '\t';
      line += TsvClean(f[i]);
    }
    return line + "\n";
  }

 private:
  const FipsTable* fips_;
};

class PloverWriter : public EventWriter {
 public:
  explicit PloverWriter(const FipsTable* fips) : fips_(fips) {}
  std::string Write(const ExportRecord& r) override {
    const Event& e = *r.event;
    JsonWriter w;
    w.BeginObject();
    w.KV("event_id", e.id);
    w.KV("event_date", e.date.value);
    w.KV("event_type", e.plover_type);
    w.KV("event_mode", e.plover_mode);
    w.KV("quad_code", QuadName(e.quad_class));
    w.Key("contexts");
    w.BeginArray();
    for (const auto& c : e.context) w.String(c);
    w.EndArray();
    auto actor = [&](const char* prefix, const std::optional<EventActor>& a) {
      std::string p(prefix);
      w.KV(p + "_name", a ? (a->name.empty() ? a->text : a->name) : "");
      w.KV(p + "_country", a ? a->country : "");
      w.KV(p + "_sector", a ? a->role : "");
      w.KV(p + "_cameo", a ? a->code : "");
    };
    actor("actor", e.source);
    actor("recipient", e.target);
    w.KV("mutual", e.mutual);
    w.KV("cameo", e.cameo);
    w.KV("acled_type", e.acled_type);
    if (e.location) {
      const EventLocation& l = *e.location;
      w.KV("placename", l.name);
      w.KV("state", l.admin1);
      w.KV("country", l.country);
      if (fips_ != nullptr) w.KV("country_name", fips_->Name(l.country));
      if (l.has_coords) {
        w.Key("latitude");
        w.Double(l.lat, 4);
        w.Key("longitude");
        w.Double(l.lon, 4);
      }
      if (l.geonameid > 0) w.KV("geonames_id", static_cast<int64_t>(l.geonameid));
      w.KV("location_basis", l.basis);
    }
    w.KV("fatalities", Toll(e, "killed", false));
    w.KV("modality", e.modality);
    w.KV("negated", e.negated);
    w.KV("event_text", e.sentence);
    w.KV("story_id", e.doc_id);
    w.KV("headline", r.title);
    w.KV("source", r.publisher);
    w.KV("publication_date", r.published);
    w.KV("url", r.url);
    if (e.sources) {
      w.KV("num_articles", e.sources->articles);
      w.KV("num_sources", e.sources->independent);
    }
    w.KV("version", e.version);
    w.EndObject();
    return w.Take() + "\n";
  }

 private:
  const FipsTable* fips_;
};

// Cuts a UTF-8 string to at most `width` code points, padding with spaces.
std::string Cell(const std::string& s, size_t width) {
  std::string out;
  size_t cps = 0, i = 0;
  while (i < s.size() && cps < width) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (cps + 1 == width && i + len < s.size()) {
      out += "…";
      ++cps;
      break;
    }
    out.append(s, i, len);
    i += len;
    ++cps;
  }
  out.append(width - cps, ' ');
  return out;
}

class TableWriter : public EventWriter {
 public:
  std::string Header() override {
    return Cell("date", 10) + "  " + Cell("source", 12) + "  " + Cell("code", 5) + "  " +
           Cell("target", 12) + "  " + Cell("place", 16) + "  " + Cell("dead", 5) + "  " +
           Cell("src", 4) + "  sentence\n";
  }
  std::string Write(const ExportRecord& r) override {
    const Event& e = *r.event;
    std::string place = e.location ? e.location->name : "";
    int64_t dead = Toll(e, "killed", false);
    std::string line = Cell(e.date.value, 10) + "  " + Cell(e.source ? e.source->code : "-", 12) +
                       "  " + Cell(e.cameo, 5) + "  " + Cell(e.target ? e.target->code : "-", 12) +
                       "  " + Cell(place, 16) + "  " + Cell(dead ? std::to_string(dead) : "", 5) +
                       "  " + Cell(e.sources ? std::to_string(e.sources->articles) : "1", 4) +
                       "  " + Cell(e.sentence, 80);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  }
};

}  // namespace

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Result<FipsTable> FipsTable::Parse(std::string_view text, std::string_view origin) {
  FipsTable t;
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos || t1 != 3 || t2 != 6) {
      return Status::InvalidArgument(std::string(origin) + ":" + std::to_string(line_no) +
                                     ": expected iso3<TAB>fips<TAB>name");
    }
    t.rows_[std::string(line.substr(0, 3))] = {std::string(line.substr(4, 2)),
                                               std::string(line.substr(7))};
  }
  return t;
}

Result<FipsTable> FipsTable::Load(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return Parse(text, path);
}

Result<FipsTable> FipsTable::LoadDefault() {
  SITREP_ASSIGN_OR_RETURN(std::string path, FindDataFile("data/cameo/iso3-fips.tsv"));
  return Load(path);
}

std::string FipsTable::Fips(const std::string& iso3) const {
  auto it = rows_.find(iso3);
  return it == rows_.end() ? std::string() : it->second.first;
}

std::string FipsTable::Name(const std::string& iso3) const {
  auto it = rows_.find(iso3);
  return it == rows_.end() ? std::string() : it->second.second;
}

std::vector<std::string> GdeltFields(const ExportRecord& r, const FipsTable* fips) {
  const Event& e = *r.event;
  std::vector<std::string> f(61);
  f[0] = std::to_string(IdNumber(r));
  std::string day = Digits(e.date.value.empty() ? r.published : e.date.value);
  if (day.size() == 4) day += "0101";  // year precision: first day, as GDELT has no partial dates
  if (day.size() == 6) day += "01";
  if (day.size() == 8) {
    f[1] = day;
    f[2] = day.substr(0, 6);
    f[3] = day.substr(0, 4);
    const int year = std::stoi(day.substr(0, 4)), month = std::stoi(day.substr(4, 2)),
              dom = std::stoi(day.substr(6, 2));
    f[4] = Fixed(year + (month * 30 + dom) / 365.0, 4);
  }
  auto actor = [&](int base, const std::optional<EventActor>& a) {
    GdeltActor g = SplitActor(a);
    f[static_cast<size_t>(base)] = g.code;
    f[static_cast<size_t>(base + 1)] = g.name;
    f[static_cast<size_t>(base + 2)] = g.country;
    f[static_cast<size_t>(base + 3)] = g.group;
    // base+4..+6: ethnic and religion codes are not separated by sitrep (left empty).
    for (int i = 0; i < 3; ++i) f[static_cast<size_t>(base + 7 + i)] = g.types[i];
  };
  actor(5, e.source);
  actor(15, e.target);
  f[25] = e.sentence_index == 0 ? "1" : "0";
  f[26] = e.cameo;
  f[27] = e.cameo.substr(0, std::min<size_t>(3, e.cameo.size()));
  f[28] = e.cameo_root.empty() ? e.cameo.substr(0, std::min<size_t>(2, e.cameo.size()))
                               : e.cameo_root;
  f[29] = e.quad_class ? std::to_string(e.quad_class) : "";
  f[30] = Fixed(e.goldstein, 1);
  const int articles = e.sources ? e.sources->articles : 1;
  f[31] = std::to_string(articles);
  f[32] = std::to_string(e.sources ? e.sources->independent : 1);
  f[33] = std::to_string(articles);
  // 34 AvgTone and 35..50 Actor1Geo_*/Actor2Geo_*: not produced by sitrep.
  if (e.location) {
    const EventLocation& l = *e.location;
    std::string fc = fips != nullptr ? fips->Fips(l.country) : "";
    if (l.country == "PSE" && (l.name.find("Gaza") != std::string::npos ||
                               l.admin1.find("Gaza") != std::string::npos)) {
      fc = "GZ";
    }
    const bool us = l.country == "USA";
    int type = 0;
    if (l.precision == "country" || l.precision == "region") type = 1;
    else if (l.precision == "admin1") type = us ? 2 : 5;
    else if (l.has_coords) type = us ? 3 : 4;
    else if (!l.country.empty()) type = 1;
    if (type) f[51] = std::to_string(type);
    std::string full = l.name;
    std::string cname = fips != nullptr ? fips->Name(l.country) : l.country;
    if (!cname.empty() && cname != full) full += full.empty() ? cname : ", " + cname;
    f[52] = full;
    f[53] = fc;
    if (type == 1) f[54] = fc;  // GDELT writes the country code as ADM1 for country matches
    if (l.has_coords) {
      f[56] = Fixed(l.lat, 4);
      f[57] = Fixed(l.lon, 4);
    }
    if (type == 1) f[58] = fc;
  }
  std::string added = Digits(r.ingested_at);
  if (added.size() >= 14) f[59] = added.substr(0, 14);
  const std::string& doc = r.doc_id.empty() ? e.doc_id : r.doc_id;
  f[60] = !r.url.empty() ? r.url : (!r.publisher.empty() ? r.publisher + " " + doc : doc);
  return f;
}

std::vector<size_t> OnePerDyadDay(const std::vector<const Event*>& events) {
  // (source code, target code, CAMEO code, date) -> index of the best so far.
  std::map<std::tuple<std::string, std::string, std::string, std::string>, size_t> best;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = *events[i];
    auto key = std::make_tuple(e.source ? e.source->code : std::string(),
                               e.target ? e.target->code : std::string(), e.cameo, e.date.value);
    auto [it, fresh] = best.emplace(std::move(key), i);
    if (!fresh && e.confidence > events[it->second]->confidence) it->second = i;
  }
  std::vector<size_t> kept;
  kept.reserve(best.size());
  for (const auto& entry : best) kept.push_back(entry.second);
  std::sort(kept.begin(), kept.end());
  return kept;
}

Result<int64_t> ExportEvents(SqliteStore& store, const EventFilter& filter,
                             const QueryOptions& options, EventWriter& writer, std::FILE* out) {
  auto emit = [&](const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), out);
  };
  emit(writer.Header());
  int64_t written = 0;
  if (!options.dedup && options.one_per_dyad_day) {
    // All matching events are needed to pick each group's best; the store's
    // order (date, key) is kept and the limit applies to what is kept.
    EventFilter f = filter;
    f.limit = 0;
    SITREP_ASSIGN_OR_RETURN(std::vector<StoredEvent> all, store.QueryEvents(f));
    std::vector<const Event*> view;
    view.reserve(all.size());
    for (const StoredEvent& e : all) view.push_back(&e.event);
    for (size_t i : OnePerDyadDay(view)) {
      if (options.limit > 0 && written >= options.limit) break;
      const StoredEvent& e = all[i];
      ExportRecord r{&e.event, e.key, e.publisher, e.published, e.url, e.title, e.ingested_at, std::string()};
      emit(writer.Write(r));
      ++written;
    }
    return written;
  }
  if (!options.dedup) {
    EventFilter f = filter;
    if (options.limit > 0) f.limit = options.limit;
    SITREP_RETURN_IF_ERROR(store.ForEachEvent(f, [&](const StoredEvent& e) {
      ExportRecord r{&e.event, e.key, e.publisher, e.published, e.url, e.title, e.ingested_at, std::string()};
      emit(writer.Write(r));
      ++written;
      return Status::OK();
    }));
    return written;
  }
  std::vector<ArticleEvent> events;
  std::vector<StoredEvent> stored;
  EventFilter f = filter;
  f.limit = 0;
  SITREP_RETURN_IF_ERROR(store.ForEachEvent(f, [&](const StoredEvent& e) {
    events.push_back(e.ToArticleEvent());
    StoredEvent meta = e;
    meta.event = Event();  // keep the article metadata only
    meta.event.doc_id = e.event.doc_id;
    stored.push_back(std::move(meta));
    return Status::OK();
  }));
  std::vector<MergedEvent> merged = MergeEvents(events, options.merge);
  std::vector<size_t> order;
  if (options.one_per_dyad_day) {
    std::vector<const Event*> view;
    view.reserve(merged.size());
    for (const MergedEvent& m : merged) view.push_back(&m.event);
    order = OnePerDyadDay(view);
  } else {
    order.resize(merged.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  }
  for (size_t index : order) {
    const MergedEvent& m = merged[index];
    if (options.limit > 0 && written >= options.limit) break;
    // Article metadata of the earliest member (the first report).
    const StoredEvent* first = &stored[m.members.front()];
    for (size_t i : m.members) {
      if (!stored[i].published.empty() &&
          (first->published.empty() || stored[i].published < first->published)) {
        first = &stored[i];
      }
    }
    ExportRecord r{&m.event,   first->key,   first->publisher,        first->published,
                   first->url, first->title, first->ingested_at, first->event.doc_id};
    emit(writer.Write(r));
    ++written;
  }
  return written;
}

Result<std::unique_ptr<EventWriter>> MakeEventWriter(std::string_view format,
                                                     const FipsTable* fips) {
  if (format == "jsonl" || format == "json") return std::unique_ptr<EventWriter>(new JsonlWriter);
  if (format == "csv") return std::unique_ptr<EventWriter>(new CsvWriter);
  if (format == "gdelt" || format == "tsv") {
    return std::unique_ptr<EventWriter>(new GdeltWriter(fips));
  }
  if (format == "plover" || format == "polecat") {
    return std::unique_ptr<EventWriter>(new PloverWriter(fips));
  }
  if (format == "table") return std::unique_ptr<EventWriter>(new TableWriter);
  return Status::InvalidArgument("unknown format '" + std::string(format) +
                                 "' (jsonl, csv, gdelt, plover, table)");
}

}  // namespace sitrep::store
