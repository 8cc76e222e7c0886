#include "store/report.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "base/date.h"
#include "base/paths.h"
#include "store/export.h"

namespace sitrep::store {
namespace {

using Json = nlohmann::json;

std::string Fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// "1 happening", "3 happenings".
std::string Count(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Html(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

// Markdown table cells cannot hold pipes or newlines.
std::string Md(std::string_view s) {
  std::string o;
  for (char c : s) {
    if (c == '|') o += "\\|";
    else if (c == '\n' || c == '\r') o += ' ';
    else o += c;
  }
  return o;
}

const char* RoleWord(const std::string& role) {
  static const std::map<std::string, const char*> kWords = {
      {"GOV", "government"}, {"MIL", "military"}, {"REB", "rebels"}, {"SEP", "separatists"},
      {"INS", "insurgents"}, {"COP", "police"}, {"OPP", "opposition"}, {"PTY", "party"},
      {"CVL", "civilians"}, {"MED", "media"}, {"NGO", "NGO"}, {"IGO", "IGO"},
      {"JUD", "judiciary"}, {"LEG", "legislature"}, {"BUS", "business"}, {"SPY", "intelligence"},
      {"UAF", "armed group"}, {"REF", "refugees"}, {"LAB", "labour"}, {"EDU", "education"},
      {"HLH", "health"}, {"CRM", "criminals"}, {"ELI", "elites"}, {"HRI", "rights groups"}};
  auto it = kWords.find(role);
  return it == kWords.end() ? "" : it->second;
}

const char* kQuadNames[5] = {"", "verbal cooperation", "material cooperation",
                             "verbal conflict", "material conflict"};
const char* kQuadColors[5] = {"#bbb", "#4e9a6b", "#1f5f3f", "#e0a030", "#c0392b"};

struct Names {
  FipsTable table;
  bool loaded = false;
  std::string Country(const std::string& iso3) const {
    if (loaded) {
      std::string n = table.Name(iso3);
      if (!n.empty()) return n;
    }
    return iso3;
  }
};

std::string ActorLabel(const std::optional<EventActor>& a, const Names& names) {
  if (!a || (a->code.empty() && a->country.empty() && a->name.empty())) return "(unnamed)";
  if (!a->name.empty() && a->kind != "country" && a->kind != "agent") return a->name;
  std::string label = a->country.empty() ? (a->name.empty() ? a->code : a->name)
                                         : names.Country(a->country);
  const char* role = RoleWord(a->role);
  if (*role) label += std::string(" (") + role + ")";
  return label;
}

// Dyad key: the actors' countries, else codes (IGOs, armed groups).
std::string SideKey(const std::optional<EventActor>& a) {
  if (!a) return "";
  return a->country.empty() ? a->code.substr(0, std::min<size_t>(6, a->code.size())) : a->country;
}

int64_t TollOf(const Event& e, const char* kind, bool cumulative) {
  int64_t n = 0;
  for (const Casualty& c : e.fatalities) {
    if (c.kind == kind && c.cumulative == cumulative) n += c.count;
  }
  return n;
}

bool MapLocated(const Event& e) {
  return e.location && e.location->has_coords && e.location->basis != "document";
}

double Score(const Event& e) {
  const int indep = e.sources ? e.sources->independent : 1;
  const int articles = e.sources ? e.sources->articles : 1;
  const int64_t killed = TollOf(e, "killed", false);
  return 3.0 * indep + 0.5 * articles + std::fabs(e.goldstein) + (e.quad_class == 4 ? 2 : 0) +
         (killed > 0 ? 2 + std::log10(static_cast<double>(killed) + 1) * 3 : 0);
}

struct Dyad {
  std::string a, b;  // keys
  std::string label;
  int64_t events = 0;
  int64_t quad[5] = {0, 0, 0, 0, 0};
  std::vector<std::array<int64_t, 5>> buckets;
};

// Period buckets for trends: days for short periods, else weeks or months.
struct Buckets {
  int64_t first = 0, size = 1;
  int count = 1;
  std::string unit = "day";
  int Of(const std::string& date) const {
    int64_t d;
    if (!DayNumber(date.substr(0, std::min<size_t>(10, date.size())), &d)) return -1;
    int64_t i = (d - first) / size;
    return i < 0 || i >= count ? -1 : static_cast<int>(i);
  }
};

// 100% stacked bars: the quad-class shares of one dyad per bucket.
std::string TrendSvg(const Dyad& d, const Buckets& b) {
  const int w = 360, h = 120, left = 30, bottom = 18;
  const double bw = static_cast<double>(w - left) / std::max(1, b.count);
  std::string s = "<svg class=\"trend\" viewBox=\"0 0 " + std::to_string(w) + " " +
                  std::to_string(h) + "\" width=\"" + std::to_string(w) + "\" height=\"" +
                  std::to_string(h) + "\" role=\"img\" aria-label=\"quad-class shares of " +
                  Html(d.label) + "\">";
  const int ph = h - bottom - 4;
  s += "<text x=\"0\" y=\"10\" font-size=\"9\">100%</text><text x=\"0\" y=\"" +
       std::to_string(ph + 4) + "\" font-size=\"9\">0%</text>";
  for (int i = 0; i < b.count; ++i) {
    const auto& q = d.buckets[static_cast<size_t>(i)];
    int64_t total = q[1] + q[2] + q[3] + q[4];
    double x = left + i * bw;
    if (total == 0) {
      s += "<rect x=\"" + Fmt("%.1f", x + 1) + "\" y=\"4\" width=\"" + Fmt("%.1f", bw - 2) +
           "\" height=\"" + std::to_string(ph) + "\" fill=\"#f3f3f3\"/>";
      continue;
    }
    double y = 4;
    for (int c = 4; c >= 1; --c) {  // conflict on top
      double hh = ph * static_cast<double>(q[static_cast<size_t>(c)]) / total;
      if (hh <= 0) continue;
      s += "<rect x=\"" + Fmt("%.1f", x + 1) + "\" y=\"" + Fmt("%.1f", y) + "\" width=\"" +
           Fmt("%.1f", bw - 2) + "\" height=\"" + Fmt("%.1f", hh) + "\" fill=\"" +
           kQuadColors[c] + "\"><title>" + std::to_string(q[static_cast<size_t>(c)]) + " " +
           kQuadNames[c] + "</title></rect>";
      y += hh;
    }
    s += "<text x=\"" + Fmt("%.1f", x + bw / 2) + "\" y=\"" + std::to_string(h - 4) +
         "\" font-size=\"8\" text-anchor=\"middle\">" + std::to_string(total) + "</text>";
  }
  s += "</svg>";
  return s;
}

struct MapData {
  struct Country {
    std::string iso3;
    std::vector<std::vector<std::vector<std::pair<double, double>>>> polygons;
  };
  std::vector<Country> countries;
};

Result<MapData> LoadMap(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("countries") || !j["countries"].is_array()) {
    return Status::Corruption(path + ": not a world map file");
  }
  MapData m;
  for (const Json& c : j["countries"]) {
    if (!c.is_object() || !c.contains("polygons") || !c["polygons"].is_array()) continue;
    MapData::Country k;
    if (c.contains("iso3") && c["iso3"].is_string()) k.iso3 = c["iso3"].get<std::string>();
    for (const Json& poly : c["polygons"]) {
      if (!poly.is_array()) continue;
      std::vector<std::vector<std::pair<double, double>>> rings;
      for (const Json& ring : poly) {
        if (!ring.is_array()) continue;
        std::vector<std::pair<double, double>> pts;
        for (const Json& p : ring) {
          if (p.is_array() && p.size() == 2 && p[0].is_number() && p[1].is_number()) {
            pts.emplace_back(p[0].get<double>(), p[1].get<double>());
          }
        }
        rings.push_back(std::move(pts));
      }
      k.polygons.push_back(std::move(rings));
    }
    m.countries.push_back(std::move(k));
  }
  return m;
}

// Equirectangular map of located happenings, zoomed to their extent.
std::string MapSvg(const MapData& map, const std::vector<const Event*>& located,
                   const std::string& focus) {
  double lon0 = 180, lon1 = -180, lat0 = 90, lat1 = -90;
  for (const Event* e : located) {
    lon0 = std::min(lon0, e->location->lon);
    lon1 = std::max(lon1, e->location->lon);
    lat0 = std::min(lat0, e->location->lat);
    lat1 = std::max(lat1, e->location->lat);
  }
  // At least 16 x 10 degrees around the events, with a margin; the world at most.
  const double cx = (lon0 + lon1) / 2, cy = (lat0 + lat1) / 2;
  double span_x = std::max(16.0, (lon1 - lon0) * 1.3), span_y = std::max(10.0, (lat1 - lat0) * 1.3);
  const double aspect = 1.6;
  if (span_x / span_y < aspect) span_x = span_y * aspect; else span_y = span_x / aspect;
  span_x = std::min(span_x, 360.0);
  span_y = std::min(span_y, 180.0);
  const double x0 = std::clamp(cx - span_x / 2, -180.0, 180.0 - span_x);
  const double y1 = std::clamp(cy + span_y / 2, -90.0 + span_y, 90.0);
  const int W = 720, H = static_cast<int>(W / aspect);
  auto px = [&](double lon) { return (lon - x0) / span_x * W; };
  auto py = [&](double lat) { return (y1 - lat) / span_y * H; };
  std::string s = "<svg class=\"map\" viewBox=\"0 0 " + std::to_string(W) + " " +
                  std::to_string(H) + "\" width=\"" + std::to_string(W) + "\" height=\"" +
                  std::to_string(H) + "\" role=\"img\" aria-label=\"map of located events\">";
  s += "<rect width=\"100%\" height=\"100%\" fill=\"#eaf2f8\"/>";
  for (const auto& c : map.countries) {
    std::string d;
    for (const auto& poly : c.polygons) {
      for (const auto& ring : poly) {
        // Skip rings wholly outside the view (cheap clipping).
        bool inside = false;
        for (const auto& p : ring) {
          if (p.first >= x0 - 5 && p.first <= x0 + span_x + 5 && p.second <= y1 + 5 &&
              p.second >= y1 - span_y - 5) {
            inside = true;
            break;
          }
        }
        if (!inside || ring.size() < 3) continue;
        for (size_t i = 0; i < ring.size(); ++i) {
          d += (i ? "L" : "M") + Fmt("%.1f", px(ring[i].first)) + "," + Fmt("%.1f", py(ring[i].second));
        }
        d += "Z";
      }
    }
    if (d.empty()) continue;
    const bool hl = !focus.empty() && c.iso3 == focus;
    s += "<path d=\"" + d + "\" fill=\"" + (hl ? "#fdf2d0" : "#fbfbf8") +
         "\" stroke=\"#9aa\" stroke-width=\"0.6\" fill-rule=\"evenodd\"/>";
  }
  for (const Event* e : located) {
    const int articles = e->sources ? e->sources->articles : 1;
    const double r = 3 + 2.5 * std::sqrt(static_cast<double>(articles));
    const int q = std::clamp(e->quad_class, 0, 4);
    s += "<circle cx=\"" + Fmt("%.1f", px(e->location->lon)) + "\" cy=\"" +
         Fmt("%.1f", py(e->location->lat)) + "\" r=\"" + Fmt("%.1f", r) + "\" fill=\"" +
         kQuadColors[q] + "\" fill-opacity=\"0.7\" stroke=\"#333\" stroke-width=\"0.5\"><title>" +
         Html(e->date.value + " " + e->location->name + ": " + e->cameo_name) +
         "</title></circle>";
  }
  s += "</svg>";
  return s;
}


// HTML-escapes prose and turns `code` spans into <code> elements.
std::string HtmlProse(std::string_view text) {
  std::string escaped = Html(text), out;
  bool open = false;
  for (char c : escaped) {
    if (c == '`') {
      out += open ? "</code>" : "<code>";
      open = !open;
    } else {
      out += c;
    }
  }
  if (open) out += "</code>";
  return out;
}

// "12 May 2024" for "2024-05-12"; the input when it is not a date.
std::string HumanDate(const std::string& iso) {
  static const char* kMonths[12] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};
  if (iso.size() < 10 || !IsValidIsoDate(iso.substr(0, 10))) return iso;
  const int month = std::stoi(iso.substr(5, 2)), day = std::stoi(iso.substr(8, 2));
  return std::to_string(day) + " " + kMonths[month - 1] + " " + iso.substr(0, 4);
}

// "3–9 March 2024", "28 February – 5 March 2024", "30 December 2023 – 5 January 2024".
std::string HumanRange(const std::string& from, const std::string& to) {
  if (from.size() < 10 || to.size() < 10 || from.substr(0, 10) == to.substr(0, 10)) {
    return HumanDate(to);
  }
  const std::string a = HumanDate(from), b = HumanDate(to);
  if (a == from || b == to) return from + " – " + to;  // not dates
  if (from.compare(0, 7, to, 0, 7) == 0) return a.substr(0, a.find(' ')) + "–" + b;
  if (from.compare(0, 4, to, 0, 4) == 0) return a.substr(0, a.size() - 5) + " – " + b;
  return a + " – " + b;
}

// Days in [from, to]; 0 when either is not a date.
int64_t DaysBetween(const std::string& from, const std::string& to) {
  int64_t a, b;
  if (!DayNumber(from, &a) || !DayNumber(to, &b) || b < a) return 0;
  return b - a + 1;
}

// "the week to 12 May 2024", "the 10 days to 12 May 2024", "12 May 2024".
std::string WindowPhrase(const std::string& from, const std::string& to) {
  const int64_t days = DaysBetween(from, to);
  if (days == 1) return HumanDate(to);
  if (days == 7) return "the week to " + HumanDate(to);
  if (days == 0) return "the window to " + HumanDate(to);
  return "the " + std::to_string(days) + " days to " + HumanDate(to);
}

// "the four weeks before", "the 30 days before".
std::string BeforePhrase(const std::string& from, const std::string& to) {
  static const char* kWords[] = {"", "", "two", "three", "four", "five", "six", "seven", "eight"};
  const int64_t days = DaysBetween(from, to);
  if (days == 7) return "the week before";
  if (days > 7 && days % 7 == 0 && days / 7 <= 8) {
    return std::string("the ") + kWords[days / 7] + " weeks before";
  }
  if (days == 0) return "the weeks before";
  return "the " + std::to_string(days) + (days == 1 ? " day before" : " days before");
}

// A count that may be fractional, for prose: "3", "2.6", "0.4".
std::string Expected(double x) {
  if (x >= 9.95) return Fmt("%.0f", x);
  std::string s = Fmt("%.1f", x);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// p- and q-values: "0.003", "2.1e-06", "<1e-300".
std::string PValue(double p) {
  if (p <= 0) return "<1e-300";
  if (p >= 0.001) return Fmt("%.3g", p);
  return Fmt("%.1e", p);
}

// "Russia and Ukraine" for a dyad key, "Ukraine" for a country key.
std::string SeriesLabel(const EscalationSignal& s, const Names& names, const char* joint) {
  if (s.kind != "dyad") return names.Country(s.key);
  const size_t dash = s.key.find('-');
  if (dash == std::string::npos) return s.key;
  return names.Country(s.key.substr(0, dash)) + joint + names.Country(s.key.substr(dash + 1));
}

// The sentence a person reads first.
std::string SignalSentence(const EscalationSignal& s, const Names& names) {
  std::string who = s.kind == "dyad" ? "Conflict events between " + SeriesLabel(s, names, " and ")
                                     : "Conflict events involving " + SeriesLabel(s, names, "");
  std::string out = who + " rose to " + std::to_string(s.recent_conflict) + " in " +
                    WindowPhrase(s.recent_from, s.recent_to) + ", against ";
  const double e = s.expected();
  const std::string before = BeforePhrase(s.baseline_from, s.baseline_to);
  if (e < 0) {
    out += "no coverage to compare with in " + before + ".";
  } else if (s.baseline_conflict == 0) {
    out += "none in " + before + ".";
  } else {
    out += Expected(e) + " expected from " + before + " (" + std::to_string(s.baseline_conflict) +
           (s.baseline_conflict == 1 ? " event" : " events") + ", scaled to the volume of news).";
  }
  std::string more;
  if (s.sources > 0) {
    more += " Reported by " + Count(s.sources, "independent source", "independent sources");
    if (!s.publishers.empty()) {
      more += " (";
      for (size_t i = 0; i < s.publishers.size() && i < 4; ++i) {
        more += (i ? ", " : "") + s.publishers[i];
      }
      if (s.publishers.size() > 4) more += ", …";
      more += ")";
    }
    more += ".";
  }
  if (s.recent_fatalities > 0) {
    more += " " + std::to_string(s.recent_fatalities) + (s.recent_fatalities == 1 ? " death" : " deaths") +
            " reported in these events, against " + std::to_string(s.baseline_fatalities) +
            " in " + before + ".";
  }
  return out + more;
}

// The numbers behind the sentence, on one line.
std::string SignalNumbers(const EscalationSignal& s) {
  const double e = s.expected();
  std::string out = "observed " + std::to_string(s.recent_conflict) + ", expected " +
                    (e < 0 ? std::string("–") : Expected(e)) + " · rate ×" + Fmt("%.1f", s.ratio) +
                    " · p = " + PValue(s.p_value) + ", FDR-adjusted q = " + PValue(s.q_value);
  return out;
}

bool SignalInvolves(const EscalationSignal& s, const std::string& country) {
  if (country.empty() || s.key == country) return true;
  if (s.kind != "dyad") return false;
  const size_t dash = s.key.find('-');
  return dash != std::string::npos &&
         (s.key.compare(0, dash, country) == 0 || s.key.compare(dash + 1, std::string::npos, country) == 0);
}

bool InPeriod(const EscalationSignal& s, const std::string& from, const std::string& to) {
  const std::string end = s.recent_to.substr(0, std::min<size_t>(10, s.recent_to.size()));
  return (from.empty() || end >= from) && (to.empty() || end <= to);
}

void SortSignals(std::vector<EscalationSignal>* v) {
  std::stable_sort(v->begin(), v->end(), [](const EscalationSignal& a, const EscalationSignal& b) {
    if (a.q_value != b.q_value) return a.q_value < b.q_value;
    if (a.ratio != b.ratio) return a.ratio > b.ratio;
    return a.recent_to > b.recent_to;
  });
}

int64_t JsonInt(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}
double JsonReal(const Json& j, const char* key, double fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}
std::string JsonText(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

double EscalationSignal::expected() const {
  if (baseline_volume <= 0) return -1;
  return static_cast<double>(baseline_conflict) * static_cast<double>(recent_volume) /
         static_cast<double>(baseline_volume);
}

Result<EscalationSignal> SignalFromAlertJson(std::string_view text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("alert: not a JSON object");
  EscalationSignal s;
  s.kind = JsonText(j, "kind");
  s.key = JsonText(j, "key");
  auto recent = j.find("recent");
  if (s.kind.empty() || s.key.empty() || recent == j.end() || !recent->is_object()) {
    return Status::Corruption("alert: needs kind, key and recent");
  }
  s.recent_from = JsonText(*recent, "from");
  s.recent_to = JsonText(*recent, "to");
  s.recent_conflict = JsonInt(*recent, "material_conflict");
  s.recent_volume = JsonInt(*recent, "volume");
  s.recent_fatalities = JsonInt(*recent, "fatalities");
  if (auto base = j.find("baseline"); base != j.end() && base->is_object()) {
    s.baseline_from = JsonText(*base, "from");
    s.baseline_to = JsonText(*base, "to");
    s.baseline_conflict = JsonInt(*base, "material_conflict");
    s.baseline_volume = JsonInt(*base, "volume");
    s.baseline_fatalities = JsonInt(*base, "fatalities");
  }
  s.ratio = JsonReal(j, "ratio", 0);
  s.p_value = JsonReal(j, "p_value", 1);
  s.q_value = JsonReal(j, "q_value", 1);
  s.sources = static_cast<int>(JsonInt(j, "sources"));
  s.method = JsonText(j, "method");
  if (auto pubs = j.find("publishers"); pubs != j.end() && pubs->is_array()) {
    for (const Json& p : *pubs) {
      if (p.is_string()) s.publishers.push_back(p.get<std::string>());
    }
  }
  return s;
}

Result<std::vector<EscalationSignal>> StoredSignals(SqliteStore& store, const ReportOptions& o) {
  std::vector<EscalationSignal> out;
  sqlite3* db = store.handle();
  sqlite3_stmt* st = nullptr;
  // The table belongs to the monitor (created by `sitrep watch`): absent
  // means no alert was ever stored.
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alerts'",
                         -1, &st, nullptr) != SQLITE_OK) {
    return Status::IOError(std::string("report: alerts table: ") + sqlite3_errmsg(db));
  }
  const bool exists = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  if (!exists) return out;
  if (sqlite3_prepare_v2(db,
                         "SELECT json FROM alerts WHERE (?1 = '' OR window_end >= ?1) AND "
                         "(?2 = '' OR window_end <= ?2) ORDER BY q_value, window_end DESC, id",
                         -1, &st, nullptr) != SQLITE_OK) {
    return Status::IOError(std::string("report: read alerts: ") + sqlite3_errmsg(db));
  }
  sqlite3_bind_text(st, 1, o.from.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, o.to.c_str(), -1, SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    auto sig = SignalFromAlertJson(text ? std::string_view(text) : std::string_view());
    if (!sig.ok()) continue;  // one unreadable row does not hide the others
    if (!SignalInvolves(*sig, o.country)) continue;
    out.push_back(std::move(sig).value());
  }
  std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(st);
  if (!err.empty()) return Status::IOError("report: read alerts: " + err);
  SortSignals(&out);
  return out;
}

namespace {
}  // namespace

Result<std::string> BuildReport(SqliteStore& store, const ReportOptions& o) {
  if (o.format != "md" && o.format != "html") {
    return Status::InvalidArgument("report format must be md or html, not '" + o.format + "'");
  }
  for (const std::string* d : {&o.from, &o.to}) {
    if (!d->empty() && !IsValidIsoDate(*d)) {
      return Status::InvalidArgument("report: bad date '" + *d + "' (YYYY-MM-DD)");
    }
  }
  const bool html = o.format == "html";
  Names names;
  {
    auto path = o.country_names_path.empty() ? FindDataFile("data/cameo/iso3-fips.tsv")
                                             : Result<std::string>(o.country_names_path);
    if (path.ok()) {
      auto t = FipsTable::Load(*path);
      if (t.ok()) {
        names.table = std::move(t).value();
        names.loaded = true;
      }
    }
  }

  EventFilter f;
  f.from = o.from;
  f.to = o.to;
  f.country = o.country;
  f.happened_only = true;
  f.include_historical = false;
  std::vector<ArticleEvent> in;
  SITREP_RETURN_IF_ERROR(store.ForEachEvent(f, [&](const StoredEvent& e) {
    in.push_back(e.ToArticleEvent());
    return Status::OK();
  }));
  std::vector<MergedEvent> merged = MergeEvents(in, o.merge);
  std::set<int64_t> docs, clusters;
  std::set<std::string> publishers;
  for (const ArticleEvent& a : in) {
    docs.insert(a.doc_key);
    clusters.insert(a.cluster ? a.cluster : a.doc_key);
    if (!a.publisher.empty()) publishers.insert(a.publisher);
  }
  std::string first = o.from, last = o.to;
  for (const MergedEvent& m : merged) {
    const std::string& d = m.event.date.value;
    if (d.size() < 10) continue;
    if (o.from.empty() && (first.empty() || d < first)) first = d.substr(0, 10);
    if (o.to.empty() && (last.empty() || d > last)) last = d.substr(0, 10);
  }

  // Casualties: per happening the merged (largest) toll; running totals apart.
  int64_t killed = 0, injured = 0, with_toll = 0;
  std::vector<std::pair<const Event*, Casualty>> running;
  for (const MergedEvent& m : merged) {
    const int64_t k = TollOf(m.event, "killed", false);
    killed += k;
    injured += TollOf(m.event, "injured", false);
    with_toll += k > 0;
    for (const Casualty& c : m.event.fatalities) {
      if (c.cumulative) running.emplace_back(&m.event, c);
    }
  }
  std::sort(running.begin(), running.end(),
            [](const auto& a, const auto& b) { return a.second.count > b.second.count; });

  // Top happenings.
  std::vector<const MergedEvent*> top;
  for (const MergedEvent& m : merged) top.push_back(&m);
  std::stable_sort(top.begin(), top.end(), [](const MergedEvent* a, const MergedEvent* b) {
    return Score(a->event) > Score(b->event);
  });
  if (top.size() > static_cast<size_t>(std::max(0, o.top_events))) {
    top.resize(static_cast<size_t>(std::max(0, o.top_events)));
  }

  // Dyads over merged happenings, with trend buckets.
  Buckets bk;
  int64_t d0 = 0, d1 = 0;
  if (DayNumber(first, &d0) && DayNumber(last, &d1) && d1 >= d0) {
    const int64_t span = d1 - d0 + 1;
    bk.first = d0;
    if (span <= 14) bk.size = 1, bk.unit = "day";
    else if (span <= 120) bk.size = 7, bk.unit = "week";
    else bk.size = 30, bk.unit = "30 days";
    bk.count = static_cast<int>((span + bk.size - 1) / bk.size);
  }
  std::map<std::pair<std::string, std::string>, Dyad> dyads;
  for (const MergedEvent& m : merged) {
    const Event& e = m.event;
    std::string a = SideKey(e.source), b = SideKey(e.target);
    if (a.empty() || b.empty() || a == b) continue;
    std::optional<EventActor> sa = e.source, sb = e.target;
    if (e.mutual && b < a) {
      std::swap(a, b);
      std::swap(sa, sb);
    }
    Dyad& d = dyads[{a, b}];
    if (d.events == 0) {
      d.a = a;
      d.b = b;
      auto side = [&](const std::optional<EventActor>& x, const std::string& key) {
        return x && !x->country.empty() ? names.Country(key) : ActorLabel(x, names);
      };
      d.label = side(sa, a) + (e.mutual ? " – " : " → ") + side(sb, b);
      d.buckets.assign(static_cast<size_t>(bk.count), {0, 0, 0, 0, 0});
    }
    ++d.events;
    const int q = std::clamp(e.quad_class, 0, 4);
    ++d.quad[q];
    const int i = bk.Of(e.date.value);
    if (i >= 0) ++d.buckets[static_cast<size_t>(i)][static_cast<size_t>(q)];
  }
  std::vector<const Dyad*> top_dyads;
  for (const auto& [k, d] : dyads) top_dyads.push_back(&d);
  std::stable_sort(top_dyads.begin(), top_dyads.end(),
                   [](const Dyad* a, const Dyad* b) { return a->events > b->events; });
  if (top_dyads.size() > static_cast<size_t>(std::max(0, o.top_dyads))) {
    top_dyads.resize(static_cast<size_t>(std::max(0, o.top_dyads)));
  }

  std::vector<const Event*> located;
  for (const MergedEvent& m : merged) {
    if (MapLocated(m.event)) located.push_back(&m.event);
  }

  // ---- write -------------------------------------------------------------
  const std::string where = o.country.empty() ? "" : " — " + names.Country(o.country);
  const std::string period = (first.empty() ? "start" : first) + " to " + (last.empty() ? "now" : last);
  std::string out;
  auto h2 = [&](const std::string& t) {
    out += html ? "<h2>" + Html(t) + "</h2>\n" : "\n## " + t + "\n\n";
  };
  auto para = [&](const std::string& t) { out += html ? "<p>" + t + "</p>\n" : t + "\n\n"; };
  auto esc = [&](const std::string& t) { return html ? Html(t) : t; };

  if (html) {
    out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<title>Situation report" + Html(where) + ", " + Html(period) + "</title><style>"
           "body{font-family:Georgia,serif;max-width:56em;margin:2em auto;padding:0 1em;"
           "color:#222;line-height:1.45}h1{font-size:1.7em;margin-bottom:.2em}"
           "h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.8em}"
           "table{border-collapse:collapse;font-size:.9em}td,th{padding:.25em .6em;"
           "border-bottom:1px solid #e3e3e3;text-align:left}td.n{text-align:right}"
           "blockquote{margin:.3em 0 .2em 1em;padding-left:.8em;border-left:3px solid #ccc;"
           "color:#444;font-style:italic}.meta{color:#666;font-size:.9em}"
           ".key span{display:inline-block;width:.9em;height:.9em;margin:0 .3em 0 1em;"
           "vertical-align:middle}li{margin-bottom:.9em}.dyad{margin:1em 0}"
           "</style></head><body>\n";
    out += "<h1>Situation report" + Html(where) + "</h1>\n<p class=\"meta\">" + Html(period) +
           " · generated by sitrep from " + std::to_string(docs.size()) + " articles</p>\n";
  } else {
    out += "# Situation report" + where + "\n\n*" + period + " · generated by sitrep from " +
           std::to_string(docs.size()) + " articles*\n";
  }

  h2("Summary");
  if (merged.empty()) {
    para("No events that happened in this period" +
         (o.country.empty() ? std::string() : " involving " + esc(names.Country(o.country))) +
         " are stored.");
  } else {
    std::string s = Count(static_cast<int64_t>(docs.size()), "article", "articles") + " from " +
                    Count(static_cast<int64_t>(publishers.size()), "publisher", "publishers") +
                    " (" + Count(static_cast<int64_t>(clusters.size()), "independent text",
                                 "independent texts") +
                    " after removing syndicated copies) report " +
                    Count(static_cast<int64_t>(in.size()), "event", "events") + ", which describe " +
                    Count(static_cast<int64_t>(merged.size()), "distinct happening",
                          "distinct happenings") +
                    "; " + std::to_string(located.size()) + " of them " +
                    (located.size() == 1 ? "is" : "are") + " located in the text.";
    para(esc(s));
    if (!top_dyads.empty()) {
      const Dyad& d = *top_dyads.front();
      const double conflict =
          100.0 * static_cast<double>(d.quad[3] + d.quad[4]) / std::max<int64_t>(1, d.events);
      para(esc("The most active relationship is " + d.label + " with " +
               Count(d.events, "happening", "happenings") + ", " + Fmt("%.0f", conflict) +
               "% of them conflictual."));
    }
  }

  // Escalation signals: stored alerts first, else what the caller computed.
  {
    SITREP_ASSIGN_OR_RETURN(std::vector<EscalationSignal> signals, StoredSignals(store, o));
    const bool stored = !signals.empty();
    if (!stored && o.signals_computed) {
      for (const EscalationSignal& sig : o.computed_signals) {
        if (SignalInvolves(sig, o.country) && InPeriod(sig, o.from, o.to)) signals.push_back(sig);
      }
      SortSignals(&signals);
    }
    h2("Escalation signals");
    auto prose = [&](const std::string& t) { return html ? HtmlProse(t) : t; };
    const std::string scope =
        o.country.empty() ? std::string() : " involving " + names.Country(o.country);
    if (signals.empty()) {
      if (o.signals_computed) {
        const std::string tested =
            o.computed_from.empty() || o.computed_to.empty()
                ? std::string(" in this period")
                : " in the " +
                      (o.computed_from == o.computed_to
                           ? std::string("window ending ") + HumanDate(o.computed_to)
                           : "windows ending " + HumanRange(o.computed_from, o.computed_to));
        para(prose("The escalation monitor found no dyad or country" + scope +
                 " whose conflict rose significantly above its earlier rate" + tested + "."));
      } else {
        para(prose("No escalation alerts" + scope +
                 " are stored for this period (`sitrep watch` raises and stores them)."));
      }
    } else {
      std::string origin = "Alerts raised by `sitrep watch` and stored with the events. ";
      if (!stored) {
        origin = "No alerts were stored for this period; these were computed for the report by "
                 "the escalation monitor";
        if (!o.computed_from.empty() && !o.computed_to.empty()) {
          origin += " (windows ending " + HumanRange(o.computed_from, o.computed_to) + ")";
        }
        origin += ". ";
      }
      para(prose(origin +
               "A series is flagged when its material-conflict events rise well above what its "
               "earlier rate and the volume of news predict; p is the one-sided test of the "
               "rise, q the same adjusted for testing many series at once (Benjamini–Hochberg "
               "false discovery rate)."));
      if (html) out += "<ol>\n";
      const size_t shown = std::min(signals.size(), static_cast<size_t>(std::max(0, o.max_signals)));
      for (size_t i = 0; i < shown; ++i) {
        const EscalationSignal& sig = signals[i];
        const std::string head =
            SeriesLabel(sig, names, " – ") + " · " + HumanRange(sig.recent_from, sig.recent_to);
        const std::string sentence = SignalSentence(sig, names);
        const std::string numbers = SignalNumbers(sig);
        if (html) {
          out += "<li><strong>" + Html(head) + "</strong><br>" + Html(sentence) +
                 "<br><span class=\"meta\">" + Html(numbers) + "</span></li>\n";
        } else {
          out += std::to_string(i + 1) + ". **" + Md(head) + "**  \n   " + Md(sentence) + "  \n   *" +
                 Md(numbers) + "*\n";
        }
      }
      if (html) out += "</ol>\n";
      if (signals.size() > shown) {
        para(prose(Count(static_cast<int64_t>(signals.size() - shown), "further signal",
                       "further signals") +
                 " not shown (`sitrep watch` and /api/alerts list them all)."));
      } else if (!html) {
        out += "\n";
      }
      // The test in words, without the per-evaluation series count.
      std::string method = signals.front().method;
      bool inflated = false;
      for (const EscalationSignal& sig : signals) {
        inflated = inflated || sig.method.find("variance inflated") != std::string::npos;
      }
      if (size_t cut = method.find_first_of(";,"); cut != std::string::npos) method.resize(cut);
      if (!method.empty()) {
        method = "Test: " + method +
                 (inflated ? "; variance inflated where the baseline was bursty" : "") +
                 "; q-values by Benjamini–Hochberg across all series tested for the same day.";
        out += html ? "<p class=\"meta\">" + Html(method) + "</p>\n" : "*" + Md(method) + "*\n";
      }
    }
  }

  h2("Casualties");
  if (killed == 0 && injured == 0 && running.empty()) {
    para("No casualty figures were reported for these happenings.");
  } else {
    para(esc(std::to_string(killed) + " people reported killed and " + std::to_string(injured) +
             " injured in " + Count(with_toll, "happening", "happenings") + ". Each happening counts once, with the largest toll any article gave "
             "for it; reports of the same dead are not added up."));
    if (!running.empty()) {
      std::string t = "Running totals quoted in the coverage (not added to the figures above):";
      if (html) {
        out += "<p>" + Html(t) + "</p><ul>\n";
      } else {
        out += t + "\n\n";
      }
      std::set<std::string> seen;
      int shown = 0;
      for (const auto& [e, c] : running) {
        std::string line = std::to_string(c.count) + " " + c.kind +
                           (c.reported_by.empty() ? "" : " (according to " + c.reported_by + ")") +
                           ": “" + e->sentence + "”";
        if (!seen.insert(line).second || ++shown > 5) continue;
        out += html ? "<li>" + Html(line) + "</li>\n" : "- " + line + "\n";
      }
      out += html ? "</ul>\n" : "\n";
    }
  }

  h2("Top events");
  if (top.empty()) para("None.");
  if (html) out += "<ol>\n";
  int rank = 0;
  for (const MergedEvent* m : top) {
    const Event& e = m->event;
    ++rank;
    std::string head = e.date.value + " — " + ActorLabel(e.source, names) + " · " +
                       (e.cameo_name.empty() ? "CAMEO " + e.cameo : e.cameo_name) + " (" + e.cameo +
                       ") · " + ActorLabel(e.target, names);
    std::vector<std::string> facts;
    if (e.location && !e.location->name.empty() && e.location->basis != "document") {
      facts.push_back(e.location->name + (e.location->country.empty()
                                              ? ""
                                              : ", " + names.Country(e.location->country)));
    }
    const int64_t k = TollOf(e, "killed", false);
    if (k > 0) facts.push_back(std::to_string(k) + " killed");
    const int64_t inj = TollOf(e, "injured", false);
    if (inj > 0) facts.push_back(std::to_string(inj) + " injured");
    if (e.sources) {
      std::string src = std::to_string(e.sources->articles) +
                        (e.sources->articles == 1 ? " article" : " articles");
      if (e.sources->independent != e.sources->articles) {
        src += " (" + std::to_string(e.sources->independent) + " independent)";
      }
      if (!e.sources->publishers.empty()) {
        src += ": ";
        for (size_t i = 0; i < e.sources->publishers.size() && i < 4; ++i) {
          src += (i ? ", " : "") + e.sources->publishers[i];
        }
        if (e.sources->publishers.size() > 4) src += " …";
      }
      facts.push_back(src);
    }
    std::string fl;
    for (size_t i = 0; i < facts.size(); ++i) fl += (i ? " · " : "") + facts[i];
    if (html) {
      out += "<li><strong>" + Html(head) + "</strong><br><span class=\"meta\">" + Html(fl) +
             "</span><blockquote>" + Html(e.sentence) + "</blockquote></li>\n";
    } else {
      out += std::to_string(rank) + ". **" + head + "**  \n   " + fl + "  \n   > " +
             Md(e.sentence) + "\n";
    }
  }
  if (html) out += "</ol>\n";

  h2("Most active dyads");
  if (top_dyads.empty()) {
    para("No events with two identified sides.");
  } else {
    const std::string intro = "Share of each kind of interaction per " + bk.unit +
                              " (conflict on top); numbers under the bars are happenings.";
    if (html) {
      out += "<p>" + Html(intro) + "</p><p class=\"key\">";
      for (int q = 1; q <= 4; ++q) {
        out += std::string("<span style=\"background:") + kQuadColors[q] + "\"></span>" +
               kQuadNames[q];
      }
      out += "</p>\n<table><tr><th>dyad</th><th>happenings</th><th>trend</th></tr>\n";
      for (const Dyad* d : top_dyads) {
        out += "<tr><td>" + Html(d->label) + "<br><span class=\"meta\">";
        for (int q = 1; q <= 4; ++q) {
          if (d->quad[q]) {
            out += Html(std::string(kQuadNames[q])) + " " +
                   Fmt("%.0f", 100.0 * static_cast<double>(d->quad[q]) / d->events) + "%<br>";
          }
        }
        out += "</span></td><td class=\"n\">" + std::to_string(d->events) + "</td><td>" +
               TrendSvg(*d, bk) + "</td></tr>\n";
      }
      out += "</table>\n";
    } else {
      out += "| dyad | happenings | verbal coop. | material coop. | verbal conflict | material "
             "conflict | conflict share, first → second half |\n|---|---:|---:|---:|---:|---:|---|\n";
      for (const Dyad* d : top_dyads) {
        out += "| " + Md(d->label) + " | " + std::to_string(d->events);
        for (int q = 1; q <= 4; ++q) {
          out += " | " + Fmt("%.0f", 100.0 * static_cast<double>(d->quad[q]) / d->events) + "%";
        }
        int64_t c1 = 0, t1 = 0, c2 = 0, t2 = 0;
        for (int i = 0; i < bk.count; ++i) {
          const auto& q = d->buckets[static_cast<size_t>(i)];
          const bool second = i >= (bk.count + 1) / 2 && bk.count > 1;
          (second ? c2 : c1) += q[3] + q[4];
          (second ? t2 : t1) += q[1] + q[2] + q[3] + q[4];
        }
        std::string trend = "–";
        if (t1 > 0 && t2 > 0) {
          trend = Fmt("%.0f%%", 100.0 * c1 / t1) + " → " + Fmt("%.0f%%", 100.0 * c2 / t2);
        }
        out += " | " + trend + " |\n";
      }
      out += "\n";
    }
  }

  h2("Map");
  if (located.empty()) {
    para("No happening in this period is located in the text (places found only at document "
         "level are not mapped).");
  } else if (html) {
    std::string map_path = o.world_map_path;
    if (map_path.empty()) {
      auto p = FindDataFile("world-110m.json");
      if (p.ok()) map_path = *p;
    }
    MapData map;
    if (!map_path.empty()) {
      auto m = LoadMap(map_path);
      if (m.ok()) map = std::move(m).value();
    }
    out += "<p>" + std::to_string(located.size()) +
           " happenings located in the text; circle size grows with the number of articles, "
           "colour is the kind of interaction. Places known only at document level are left "
           "out.</p>\n" + MapSvg(map, located, o.country) + "\n";
    if (map.countries.empty()) {
      out += "<p class=\"meta\">(Country outlines unavailable: world-110m.json was not built.)</p>\n";
    }
  } else {
    std::map<std::string, std::pair<int, int64_t>> places;  // place -> (happenings, killed)
    for (const Event* e : located) {
      std::string p = e->location->name.empty() ? Fmt("%.2f", e->location->lat) + "," +
                                                      Fmt("%.2f", e->location->lon)
                                                : e->location->name;
      if (!e->location->country.empty()) p += ", " + names.Country(e->location->country);
      places[p].first++;
      places[p].second += TollOf(*e, "killed", false);
    }
    std::vector<std::pair<std::string, std::pair<int, int64_t>>> rows(places.begin(), places.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
    out += "Located happenings by place (the HTML report draws them on a map):\n\n"
           "| place | happenings | killed |\n|---|---:|---:|\n";
    for (size_t i = 0; i < rows.size() && i < 15; ++i) {
      out += "| " + Md(rows[i].first) + " | " + std::to_string(rows[i].second.first) + " | " +
             std::to_string(rows[i].second.second) + " |\n";
    }
    out += "\n";
  }

  const std::string foot =
      "Counts include only events reported as having happened (not denied, hypothetical or "
      "negated) and not historical background. Happenings merge reports within " +
      std::to_string(o.merge.date_window_days) + " day(s) and " +
      Fmt("%.0f", o.merge.max_distance_km) + " km with compatible actors and the same CAMEO root.";
  if (html) {
    out += "<p class=\"meta\">" + Html(foot) + "</p>\n</body></html>\n";
  } else {
    out += "---\n*" + foot + "*\n";
  }
  return out;
}

}  // namespace sitrep::store
