#include "serve/server.h"

#include <httplib.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "base/json_writer.h"
#include "base/paths.h"
#include "ingest/reader.h"
#include "monitor/series.h"
#include "monitor/store_source.h"
#include "serve/query_params.h"
#include "serve/store_queries.h"
#include "store/event_json.h"
#include "store/export.h"
#include "store/sqlite_store.h"

namespace sitrep::serve {
namespace {

namespace fs = std::filesystem;

constexpr const char* kJson = "application/json";

// ---------------------------------------------------------------- metrics

constexpr std::array<double, 9> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                            0.025,  0.05,  0.1,    0.5};
enum Route {
  kHealth, kEvents, kDyads, kSeries, kDocuments, kAlerts, kCode, kIngest, kMetrics, kStatic,
  kRouteCount
};
constexpr const char* kRouteNames[kRouteCount] = {"health", "events",  "dyads",  "series",
                                                  "documents", "alerts", "code", "ingest",
                                                  "metrics", "static"};

struct RouteMetrics {
  std::atomic<int64_t> by_class[6] = {};  // 1xx..5xx by status / 100
  std::atomic<int64_t> buckets[kBuckets.size()] = {};
  std::atomic<int64_t> count{0};
  std::atomic<int64_t> micros{0};
};

// ------------------------------------------------------------ store pool

// Read-only connections, one per concurrent request, reused.
class StorePool {
 public:
  StorePool(std::string path, int64_t cache_kib) : path_(std::move(path)), cache_kib_(cache_kib) {}

  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<store::SqliteStore> s) : pool_(pool), s_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (s_) pool_->Release(std::move(s_));
    }
    store::SqliteStore* operator->() { return s_.get(); }
    store::SqliteStore& operator*() { return *s_; }

   private:
    StorePool* pool_;
    std::unique_ptr<store::SqliteStore> s_;
  };

  Result<Lease> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        auto s = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(s));
      }
    }
    store::StoreOptions o;
    o.read_only = true;
    o.cache_kib = cache_kib_;
    SITREP_ASSIGN_OR_RETURN(auto s, store::SqliteStore::Open(path_, o));
    return Lease(this, std::move(s));
  }

 private:
  void Release(std::unique_ptr<store::SqliteStore> s) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }
  std::string path_;
  int64_t cache_kib_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::SqliteStore>> free_;
};

// ----------------------------------------------------------------- helpers

std::string ErrorJson(std::string_view message) {
  JsonWriter w;
  w.BeginObject();
  w.KV("error", message);
  w.EndObject();
  return w.Take();
}

void SetError(httplib::Response& res, int status, std::string_view message) {
  res.status = status;
  res.set_content(ErrorJson(message), kJson);
}

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kResourceExhausted: return 413;
    case Status::Code::kUnavailable: return 503;
    default: return 500;
  }
}

void SetStatusError(httplib::Response& res, const Status& s) {
  SetError(res, HttpStatusFor(s), s.message());
}

// The raw query string of a request target ("" when none).
std::string_view RawQuery(const httplib::Request& req) {
  std::string_view target = req.target;
  size_t q = target.find('?');
  return q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

std::string MimeType(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}};
  auto it = kTypes.find(fs::path(path).extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// A static path is safe when it uses only [A-Za-z0-9._/-], has no empty, "."
// or ".." segment and is short. The resolved file must also lie inside the
// root (checked after resolving symlinks).
bool SafeRelativePath(std::string_view p) {
  if (p.empty() || p.size() > 200 || p.front() == '/') return false;
  for (char c : p) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '/';
    if (!ok) return false;
  }
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    if (slash == std::string_view::npos) slash = p.size();
    std::string_view seg = p.substr(start, slash - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    start = slash + 1;
  }
  return true;
}

std::optional<std::string> ResolveInside(const std::string& root, std::string_view rel) {
  if (root.empty() || !SafeRelativePath(rel)) return std::nullopt;
  std::error_code ec;
  fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path full = fs::weakly_canonical(base / std::string(rel), ec);
  if (ec) return std::nullopt;
  std::string b = base.string() + "/", f = full.string();
  if (f.compare(0, b.size(), b) != 0) return std::nullopt;
  if (!fs::is_regular_file(full, ec)) return std::nullopt;
  return f;
}

std::string FindDir(const std::string& given, const char* probe, const char* dir) {
  if (!given.empty()) return given;
  auto r = FindDataFile(probe);
  if (!r.ok()) return "";
  std::string path = *r;
  // probe is "<dir>/<something>": strip the tail.
  std::string tail = std::string(probe).substr(std::string(dir).size());
  return path.substr(0, path.size() - tail.size());
}

size_t DefaultThreads() { return 64; }

}  // namespace

// ------------------------------------------------------------------- Impl

struct Server::Impl {
  ServerOptions opt;
  const Engine* engine = nullptr;
  httplib::Server http;
  std::unique_ptr<StorePool> pool;
  std::mutex writer_mu;
  std::unique_ptr<store::SqliteStore> writer;
  std::optional<store::FipsTable> fips;
  std::string web_dir, vendor_dir;
  RouteMetrics metrics[kRouteCount];
  std::atomic<int64_t> ingested_docs{0}, ingested_events{0}, coded_docs{0}, duplicate_docs{0};
  std::mutex counts_mu;
  std::chrono::steady_clock::time_point counts_at{};
  Counts counts;
  bool bound = false;

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  Handler Wrap(Route route, Handler h);
  void Register();

  void Health(const httplib::Request& req, httplib::Response& res);
  void Events(const httplib::Request& req, httplib::Response& res);
  void Dyads(const httplib::Request& req, httplib::Response& res);
  void Series(const httplib::Request& req, httplib::Response& res);
  void DocumentView(const httplib::Request& req, httplib::Response& res);
  void Alerts(const httplib::Request& req, httplib::Response& res);
  void Code(const httplib::Request& req, httplib::Response& res);
  void Ingest(const httplib::Request& req, httplib::Response& res);
  void Metrics(const httplib::Request& req, httplib::Response& res);
  void Static(const httplib::Request& req, httplib::Response& res);
  void Vendor(const httplib::Request& req, httplib::Response& res);

  bool NeedStore(httplib::Response& res) {
    if (pool) return true;
    SetError(res, 503, "no store: start the server with --db");
    return false;
  }
  bool NeedEngine(httplib::Response& res) {
    if (engine) return true;
    SetError(res, 503, "no engine loaded");
    return false;
  }
  Result<Params> QueryParams(const httplib::Request& req) { return ParseQueryString(RawQuery(req)); }
  Result<std::vector<Document>> DocumentsFromBody(const httplib::Request& req, bool need_id);
};

Server::Impl::Handler Server::Impl::Wrap(Route route, Handler h) {
  return [this, route, h = std::move(h)](const httplib::Request& req, httplib::Response& res) {
    auto t0 = std::chrono::steady_clock::now();
    res.status = 200;  // httplib leaves -1 until it writes the response
    h(req, res);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
    RouteMetrics& m = metrics[route];
    int cls = std::clamp(res.status / 100, 0, 5);
    m.by_class[cls]++;
    m.count++;
    m.micros += micros;
    double secs = static_cast<double>(micros) / 1e6;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      if (secs <= kBuckets[i]) m.buckets[i]++;
    }
  };
}

void Server::Impl::Register() {
  using R = const httplib::Request&;
  using W = httplib::Response&;
  http.Get("/api/health", Wrap(kHealth, [this](R q, W s) { Health(q, s); }));
  http.Get("/api/events", Wrap(kEvents, [this](R q, W s) { Events(q, s); }));
  http.Get("/api/dyads", Wrap(kDyads, [this](R q, W s) { Dyads(q, s); }));
  http.Get("/api/series", Wrap(kSeries, [this](R q, W s) { Series(q, s); }));
  http.Get(R"(/api/documents/([^/]+))", Wrap(kDocuments, [this](R q, W s) { DocumentView(q, s); }));
  http.Get("/api/alerts", Wrap(kAlerts, [this](R q, W s) { Alerts(q, s); }));
  http.Post("/api/code", Wrap(kCode, [this](R q, W s) { Code(q, s); }));
  http.Post("/api/ingest", Wrap(kIngest, [this](R q, W s) { Ingest(q, s); }));
  http.Get("/metrics", Wrap(kMetrics, [this](R q, W s) { Metrics(q, s); }));
  http.Get(R"(/vendor/([A-Za-z0-9._-]+))", Wrap(kStatic, [this](R q, W s) { Vendor(q, s); }));
  http.Get(R"(/api/.*)", [](R, W s) { SetError(s, 404, "no such endpoint"); });
  http.Get(R"(/(.*))", Wrap(kStatic, [this](R q, W s) { Static(q, s); }));

  http.set_exception_handler([](R, W res, std::exception_ptr ep) {
    std::string what = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = std::string("internal error: ") + e.what();
    } catch (...) {
    }
    SetError(res, 500, what);
  });
  http.set_error_handler([](R, W res) {
    if (res.body.empty()) {
      const char* msg = res.status == 413 ? "request body too large"
                        : res.status == 414 ? "request line too long"
                        : res.status == 404 ? "not found"
                                            : "request failed";
      res.set_content(ErrorJson(msg), kJson);
    }
  });
}

// ------------------------------------------------------------------ routes

void Server::Impl::Health(const httplib::Request&, httplib::Response& res) {
  JsonWriter w;
  w.BeginObject();
  w.KV("status", "ok");
  w.KV("version", engine ? engine->version() : std::string(SITREP_VERSION));
  w.KV("store", pool != nullptr);
  w.KV("engine", engine != nullptr);
  w.KV("ingest", !opt.token.empty());
  w.EndObject();
  res.set_content(w.Take(), kJson);
}

void Server::Impl::Events(const httplib::Request& req, httplib::Response& res) {
  if (!NeedStore(res)) return;
  auto params = QueryParams(req);
  if (!params.ok()) return SetStatusError(res, params.status());
  auto q = ParseEventQuery(*params, opt.max_page);
  if (!q.ok()) return SetStatusError(res, q.status());
  auto lease = pool->Acquire();
  if (!lease.ok()) return SetStatusError(res, lease.status());
  sqlite3* db = (*lease)->handle();
  std::string body;
  int64_t last_key = 0, n = 0;
  Status st;
  if (q->format == "json") {
    body = "{\"events\":[";
    st = ListEvents(db, *q, [&](EventRow&& r) {
      if (n++) body += ',';
      JsonWriter w;
      w.BeginObject();
      w.KV("key", r.key);
      w.KV("doc_key", r.doc_key);
      w.KV("publisher", r.publisher);
      w.KV("published", r.published);
      w.KV("title", r.title);
      w.KV("url", r.url);
      w.Key("event");
      w.Raw(r.json);
      w.EndObject();
      body += w.str();
      last_key = r.key;
    });
    body += "],\"count\":" + std::to_string(n) + ",\"next_after\":";
    body += n == q->limit ? std::to_string(last_key) : "null";
    body += "}";
    if (!st.ok()) return SetStatusError(res, st);
    res.set_content(body, kJson);
    return;
  }
  if (q->format == "jsonl") {
    st = ListEvents(db, *q, [&](EventRow&& r) {
      body += r.json;
      body += '\n';
      last_key = r.key;
      ++n;
    });
    if (!st.ok()) return SetStatusError(res, st);
    if (n == q->limit) res.set_header("X-Next-After", std::to_string(last_key));
    res.set_content(body, "application/x-ndjson");
    return;
  }
  // csv / gdelt through the store's writers (one record shape for every format).
  auto writer = store::MakeEventWriter(q->format, fips ? &*fips : nullptr);
  if (!writer.ok()) return SetStatusError(res, writer.status());
  body = (*writer)->Header();
  Status parse_error;
  st = ListEvents(db, *q, [&](EventRow&& r) {
    auto ev = store::EventFromJson(r.json);
    if (!ev.ok()) {
      if (parse_error.ok()) parse_error = ev.status();
      return;
    }
    store::ExportRecord rec;
    rec.event = &*ev;
    rec.key = r.key;
    rec.publisher = r.publisher;
    rec.published = r.published;
    rec.url = r.url;
    rec.title = r.title;
    body += (*writer)->Write(rec);
    last_key = r.key;
    ++n;
  });
  if (!st.ok()) return SetStatusError(res, st);
  if (!parse_error.ok()) return SetStatusError(res, parse_error);
  if (n == q->limit) res.set_header("X-Next-After", std::to_string(last_key));
  res.set_content(body, q->format == "csv" ? "text/csv; charset=utf-8"
                                           : "text/tab-separated-values; charset=utf-8");
}

void Server::Impl::Dyads(const httplib::Request& req, httplib::Response& res) {
  if (!NeedStore(res)) return;
  auto params = QueryParams(req);
  if (!params.ok()) return SetStatusError(res, params.status());
  auto q = ParseDyadsQuery(*params, 1000);
  if (!q.ok()) return SetStatusError(res, q.status());
  auto lease = pool->Acquire();
  if (!lease.ok()) return SetStatusError(res, lease.status());
  store::EventFilter f;
  f.from = q->from;
  f.to = q->to;
  f.country = q->country;
  f.happened_only = true;
  f.include_historical = false;
  // The store counts directed dyads; the API merges both directions.
  auto top = (*lease)->TopDyads(f, static_cast<int>(q->limit * 2));
  if (!top.ok()) return SetStatusError(res, top.status());
  struct Row {
    int64_t events = 0;
    int64_t by_quad[5] = {0, 0, 0, 0, 0};
  };
  std::map<std::string, Row> merged;
  for (const auto& d : *top) {
    std::string key = monitor::DyadKey(d.source, d.target);
    if (key.empty()) continue;
    Row& r = merged[key];
    r.events += d.events;
    for (int i = 1; i <= 4; ++i) r.by_quad[i] += d.by_quad[i];
  }
  std::vector<std::pair<std::string, Row>> rows(merged.begin(), merged.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.events > b.second.events; });
  if (rows.size() > static_cast<size_t>(q->limit)) rows.resize(static_cast<size_t>(q->limit));
  JsonWriter w;
  w.BeginObject();
  w.Key("dyads");
  w.BeginArray();
  for (const auto& [key, r] : rows) {
    w.BeginObject();
    w.KV("dyad", key);
    size_t dash = key.find('-');
    w.KV("a", key.substr(0, dash));
    w.KV("b", key.substr(dash + 1));
    w.KV("events", r.events);
    w.Key("by_quad");
    w.BeginArray();
    for (int i = 1; i <= 4; ++i) w.Int(r.by_quad[i]);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  res.set_content(w.Take(), kJson);
}

void Server::Impl::Series(const httplib::Request& req, httplib::Response& res) {
  if (!NeedStore(res)) return;
  auto params = QueryParams(req);
  if (!params.ok()) return SetStatusError(res, params.status());
  auto q = ParseSeriesQuery(*params);
  if (!q.ok()) return SetStatusError(res, q.status());
  auto lease = pool->Acquire();
  if (!lease.ok()) return SetStatusError(res, lease.status());
  auto buckets = QuerySeries((*lease)->handle(), *q);
  if (!buckets.ok()) return SetStatusError(res, buckets.status());
  JsonWriter w;
  w.BeginObject();
  if (!q->dyad_a.empty()) {
    w.KV("dyad", q->dyad_a + "-" + q->dyad_b);
  } else {
    w.KV("country", q->country);
  }
  w.KV("interval", q->weekly ? "week" : "day");
  w.Key("points");
  w.BeginArray();
  for (const auto& b : *buckets) {
    w.BeginObject();
    w.KV("date", b.date);
    w.KV("events", b.events);
    w.KV("verbal_coop", b.quad[1]);
    w.KV("material_coop", b.quad[2]);
    w.KV("verbal_conflict", b.quad[3]);
    w.KV("material_conflict", b.quad[4]);
    w.Key("shares");
    w.BeginArray();
    for (int i = 1; i <= 4; ++i) {
      w.Double(b.events ? static_cast<double>(b.quad[i]) / static_cast<double>(b.events) : 0, 4);
    }
    w.EndArray();
    w.Key("goldstein_mean");
    w.Double(b.events ? b.goldstein_sum / static_cast<double>(b.events) : 0, 3);
    w.KV("fatalities", b.fatalities);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  res.set_content(w.Take(), kJson);
}

namespace {

struct SpanOut {
  std::string kind, label;
  uint32_t begin, end;
  int event;  // index into events, -1 for mentions
  bool operator<(const SpanOut& o) const {
    return std::tie(begin, end, kind, event) < std::tie(o.begin, o.end, o.kind, o.event);
  }
};

void AddSpan(std::vector<SpanOut>* spans, const char* kind, std::string label,
             const std::array<uint32_t, 2>& s, int event, size_t text_size) {
  if (s[1] <= s[0] || s[1] > text_size) return;
  spans->push_back({kind, std::move(label), s[0], s[1], event});
}

}  // namespace

void Server::Impl::DocumentView(const httplib::Request& req, httplib::Response& res) {
  if (!NeedStore(res)) return;
  const std::string id = req.matches[1];
  if (id.empty() || id.size() > 512) return SetError(res, 400, "bad document id");
  auto lease = pool->Acquire();
  if (!lease.ok()) return SetStatusError(res, lease.status());
  sqlite3* db = (*lease)->handle();
  auto doc = FindDocument(db, id);
  if (!doc.ok()) return SetStatusError(res, doc.status());
  if (!doc->has_value()) return SetError(res, 404, "no document with id " + id);
  const DocumentRow& d = **doc;
  auto events = DocumentEventJson(db, d.key);
  if (!events.ok()) return SetStatusError(res, events.status());
  std::vector<SpanOut> spans;
  const size_t n = d.text.size();
  for (size_t i = 0; i < events->size(); ++i) {
    auto ev = store::EventFromJson((*events)[i]);
    if (!ev.ok()) continue;
    int idx = static_cast<int>(i);
    if (ev->source) AddSpan(&spans, "actor", ev->source->code, ev->source->span, idx, n);
    if (ev->target) AddSpan(&spans, "actor", ev->target->code, ev->target->span, idx, n);
    AddSpan(&spans, "verb", ev->cameo + " " + ev->cameo_name, ev->trigger_span, idx, n);
    if (ev->location) {
      AddSpan(&spans, "place", ev->location->name, ev->location->span, idx, n);
    }
    for (const Casualty& c : ev->fatalities) {
      AddSpan(&spans, "number", std::to_string(c.count) + " " + c.kind, c.span, idx, n);
    }
  }
  // Every actor mention, from coding the stored text again with the same
  // engine (nothing is stored).
  std::vector<std::string> warnings;
  if (engine) {
    DocumentMeta meta;
    meta.id = d.id;
    meta.date = d.date;
    auto made = ingest::MakeTextDocument(d.text, meta, opt.max_body_bytes * 4);
    if (made.ok()) {
      auto coded = engine->Code(std::move(made).value());
      if (coded.ok()) {
        for (const ActorOut& a : coded->actors) {
          AddSpan(&spans, "mention", a.code.empty() ? a.kind : a.code, {a.begin, a.end}, -1, n);
        }
      } else {
        warnings.push_back(std::string(coded.status().message()));
      }
    }
  }
  std::sort(spans.begin(), spans.end());
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const SpanOut& a, const SpanOut& b) {
                            return a.begin == b.begin && a.end == b.end && a.kind == b.kind &&
                                   a.event == b.event;
                          }),
              spans.end());
  JsonWriter w;
  w.BeginObject();
  w.KV("id", d.id);
  w.KV("title", d.title);
  w.KV("date", d.date);
  w.KV("source", d.source);
  w.KV("url", d.url);
  w.KV("text", d.text);
  w.Key("events");
  w.BeginArray();
  for (const auto& e : *events) w.Raw(e);
  w.EndArray();
  w.Key("spans");
  w.BeginArray();
  for (const auto& s : spans) {
    w.BeginObject();
    w.KV("kind", s.kind);
    w.Key("span");
    w.Span(s.begin, s.end);
    w.KV("label", s.label);
    w.KV("event", s.event);
    w.EndObject();
  }
  w.EndArray();
  w.Key("warnings");
  w.BeginArray();
  for (const auto& m : warnings) w.String(m);
  w.EndArray();
  w.EndObject();
  res.set_content(w.Take(), kJson);
}

void Server::Impl::Alerts(const httplib::Request& req, httplib::Response& res) {
  if (!NeedStore(res)) return;
  auto params = QueryParams(req);
  if (!params.ok()) return SetStatusError(res, params.status());
  auto q = ParseAlertsQuery(*params, 1000);
  if (!q.ok()) return SetStatusError(res, q.status());
  auto lease = pool->Acquire();
  if (!lease.ok()) return SetStatusError(res, lease.status());
  sqlite3* db = (*lease)->handle();
  std::string body = "{\"alerts\":[";
  if (q->live) {
    auto latest = monitor::LatestEventDate(db);
    if (!latest.ok()) return SetStatusError(res, latest.status());
    int64_t end = 0;
    if (monitor::DayOfDate(*latest, &end)) {
      const auto& eo = opt.escalation;
      monitor::SeriesSet set;
      Status st = monitor::LoadSeries(db, monitor::DateOfDay(end - eo.recent_days - eo.baseline_days),
                                      *latest, &set);
      if (!st.ok()) return SetStatusError(res, st);
      int64_t n = 0;
      for (const auto& a : monitor::DetectEscalation(set, end, eo)) {
        if (!q->key.empty() && a.test.key != q->key) continue;
        if (n >= q->limit) break;
        if (n++) body += ',';
        body += monitor::AlertToJson(a);
      }
    }
  } else {
    auto stored = monitor::ListAlerts(db, q->key, q->limit);
    if (!stored.ok()) return SetStatusError(res, stored.status());
    for (size_t i = 0; i < stored->size(); ++i) {
      if (i) body += ',';
      body += (*stored)[i].json;
    }
  }
  body += "],\"live\":";
  body += q->live ? "true" : "false";
  body += "}";
  res.set_content(body, kJson);
}

// Documents of a POST body: a JSON object {"text", "id", "date", "title",
// "source", "url"}, JSON Lines (application/x-ndjson), or raw text with id and
// date as query parameters.
Result<std::vector<Document>> Server::Impl::DocumentsFromBody(const httplib::Request& req,
                                                              bool need_id) {
  std::vector<Document> docs;
  const std::string ctype = req.get_header_value("Content-Type");
  SITREP_ASSIGN_OR_RETURN(Params params, QueryParams(req));
  auto param = [&](const char* k) {
    for (const auto& [key, v] : params)
      if (key == k) return v;
    return std::string();
  };
  const size_t max_doc = opt.max_body_bytes;
  if (ctype.rfind("application/x-ndjson", 0) == 0 || ctype.rfind("application/jsonl", 0) == 0) {
    ingest::ReadOptions ro;
    ro.format = ingest::InputFormat::kJsonl;
    ro.max_document_bytes = max_doc;
    std::string first_error;
    Status st = ingest::ReadJsonl(
        req.body, "body", ro,
        [&](Document&& d) {
          docs.push_back(std::move(d));
          return Status::OK();
        },
        [&](const std::string& where, const Status& e) {
          return Status::InvalidArgument(where + ": " + std::string(e.message()));
        });
    SITREP_RETURN_IF_ERROR(st);
    return docs;
  }
  DocumentMeta meta;
  std::string text;
  if (ctype.rfind("application/json", 0) == 0) {
    nlohmann::json j = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::InvalidArgument("body is not a JSON object");
    }
    auto str = [&](const char* k, std::string* out) -> Status {
      auto it = j.find(k);
      if (it == j.end() || it->is_null()) return Status::OK();
      if (!it->is_string()) return Status::InvalidArgument(std::string("'") + k + "' must be a string");
      *out = it->get<std::string>();
      return Status::OK();
    };
    SITREP_RETURN_IF_ERROR(str("text", &text));
    SITREP_RETURN_IF_ERROR(str("id", &meta.id));
    SITREP_RETURN_IF_ERROR(str("date", &meta.date));
    SITREP_RETURN_IF_ERROR(str("title", &meta.title));
    SITREP_RETURN_IF_ERROR(str("source", &meta.source));
    SITREP_RETURN_IF_ERROR(str("url", &meta.url));
    if (!j.contains("text")) return Status::InvalidArgument("missing 'text'");
  } else {
    text = req.body;
    meta.id = param("id");
    meta.date = param("date");
    meta.source = param("source");
    meta.title = param("title");
    meta.url = param("url");
  }
  if (meta.id.empty()) {
    if (need_id) return Status::InvalidArgument("missing document 'id'");
    meta.id = "posted";
  }
  SITREP_RETURN_IF_ERROR(ingest::ValidateDate(meta.date));
  meta.origin = "body";
  SITREP_ASSIGN_OR_RETURN(Document d, ingest::MakeTextDocument(std::move(text), std::move(meta), max_doc));
  docs.push_back(std::move(d));
  return docs;
}

void Server::Impl::Code(const httplib::Request& req, httplib::Response& res) {
  if (!NeedEngine(res)) return;
  auto docs = DocumentsFromBody(req, /*need_id=*/false);
  if (!docs.ok()) return SetStatusError(res, docs.status());
  JsonWriter w;
  w.BeginObject();
  w.Key("documents");
  w.BeginArray();
  for (Document& d : *docs) {
    auto r = engine->Code(std::move(d));
    if (!r.ok()) return SetStatusError(res, r.status());
    coded_docs++;
    w.BeginObject();
    w.KV("id", r->doc.meta.id);
    w.Key("events");
    w.BeginArray();
    for (const Event& e : r->events) w.Raw(store::EventToJson(e));
    w.EndArray();
    w.Key("actors");
    w.BeginArray();
    for (const ActorOut& a : r->actors) {
      w.BeginObject();
      w.KV("text", a.text);
      w.KV("code", a.code);
      w.KV("country", a.country);
      w.KV("role", a.role);
      w.KV("kind", a.kind);
      w.KV("how", a.how);
      w.Key("span");
      w.Span(a.begin, a.end);
      w.EndObject();
    }
    w.EndArray();
    w.Key("warnings");
    w.BeginArray();
    for (const auto& m : r->warnings) w.String(m);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  res.set_content(w.Take(), kJson);
}

void Server::Impl::Ingest(const httplib::Request& req, httplib::Response& res) {
  std::string given = req.get_header_value("X-Sitrep-Token");
  std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) given = auth.substr(7);
  if (opt.token.empty() || !ConstantTimeEquals(given, opt.token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    return SetError(res, 401, "ingest needs the server's token (Authorization: Bearer ...)");
  }
  if (!NeedStore(res) || !NeedEngine(res)) return;
  auto docs = DocumentsFromBody(req, /*need_id=*/true);
  if (!docs.ok()) return SetStatusError(res, docs.status());
  store::Provenance prov{engine->version(), engine->dictionaries_hash(), engine->model_hash()};
  int64_t added = 0, duplicates = 0, events = 0;
  JsonWriter items;
  items.BeginArray();
  for (Document& d : *docs) {
    std::string id = d.meta.id;
    {
      std::lock_guard<std::mutex> lock(writer_mu);
      auto dup = writer->FindDuplicate(d.meta, d.original);
      if (!dup.ok()) return SetStatusError(res, dup.status());
      if (dup->has_value()) {
        ++duplicates;
        items.BeginObject();
        items.KV("id", id);
        items.KV("outcome", "duplicate");
        items.KV("duplicate_of", (*dup)->duplicate_of);
        items.EndObject();
        continue;
      }
    }
    auto r = engine->Code(std::move(d));  // outside the lock: coding is the slow part
    if (!r.ok()) return SetStatusError(res, r.status());
    std::lock_guard<std::mutex> lock(writer_mu);
    auto added_r = writer->AddDocument(r->doc.meta, r->doc.original, r->events, prov);
    if (!added_r.ok()) return SetStatusError(res, added_r.status());
    items.BeginObject();
    items.KV("id", id);
    if (added_r->outcome == store::AddOutcome::kDuplicate) {
      ++duplicates;
      items.KV("outcome", "duplicate");
      items.KV("duplicate_of", added_r->duplicate_of);
    } else {
      ++added;
      events += added_r->events;
      items.KV("outcome", "new");
      items.KV("events", static_cast<int64_t>(added_r->events));
    }
    items.EndObject();
  }
  items.EndArray();
  ingested_docs += added;
  ingested_events += events;
  duplicate_docs += duplicates;
  JsonWriter w;
  w.BeginObject();
  w.KV("new", added);
  w.KV("duplicates", duplicates);
  w.KV("events", events);
  w.Key("documents");
  w.Raw(items.str());
  w.EndObject();
  res.set_content(w.Take(), kJson);
}

void Server::Impl::Metrics(const httplib::Request&, httplib::Response& res) {
  std::string out;
  out += "# HELP sitrep_http_requests_total HTTP requests by route and status class.\n";
  out += "# TYPE sitrep_http_requests_total counter\n";
  for (int r = 0; r < kRouteCount; ++r) {
    for (int c = 1; c <= 5; ++c) {
      int64_t v = metrics[r].by_class[c].load();
      if (v == 0) continue;
      out += "sitrep_http_requests_total{route=\"" + std::string(kRouteNames[r]) + "\",code=\"" +
             std::to_string(c) + "xx\"} " + std::to_string(v) + "\n";
    }
  }
  out += "# HELP sitrep_http_request_duration_seconds Time spent in the handler.\n";
  out += "# TYPE sitrep_http_request_duration_seconds histogram\n";
  for (int r = 0; r < kRouteCount; ++r) {
    const RouteMetrics& m = metrics[r];
    int64_t count = m.count.load();
    std::string label = "route=\"" + std::string(kRouteNames[r]) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      char le[32];
      std::snprintf(le, sizeof(le), "%g", kBuckets[i]);
      out += "sitrep_http_request_duration_seconds_bucket{" + label + ",le=\"" + le + "\"} " +
             std::to_string(m.buckets[i].load()) + "\n";
    }
    out += "sitrep_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(count) + "\n";
    char sum[64];
    std::snprintf(sum, sizeof(sum), "%.6f", static_cast<double>(m.micros.load()) / 1e6);
    out += "sitrep_http_request_duration_seconds_sum{" + label + "} " + sum + "\n";
    out += "sitrep_http_request_duration_seconds_count{" + label + "} " + std::to_string(count) + "\n";
  }
  out += "# TYPE sitrep_coded_documents_total counter\nsitrep_coded_documents_total " +
         std::to_string(coded_docs.load()) + "\n";
  out += "# TYPE sitrep_ingested_documents_total counter\nsitrep_ingested_documents_total " +
         std::to_string(ingested_docs.load()) + "\n";
  out += "# TYPE sitrep_ingested_events_total counter\nsitrep_ingested_events_total " +
         std::to_string(ingested_events.load()) + "\n";
  out += "# TYPE sitrep_duplicate_documents_total counter\nsitrep_duplicate_documents_total " +
         std::to_string(duplicate_docs.load()) + "\n";
  if (pool) {
    Counts c;
    bool have = false;
    {
      std::lock_guard<std::mutex> lock(counts_mu);
      auto now = std::chrono::steady_clock::now();
      if (counts_at.time_since_epoch().count() != 0 && now - counts_at < std::chrono::seconds(10)) {
        c = counts;
        have = true;
      }
    }
    if (!have) {
      auto lease = pool->Acquire();
      if (lease.ok()) {
        auto r = CountRows((*lease)->handle());
        if (r.ok()) {
          c = *r;
          have = true;
          std::lock_guard<std::mutex> lock(counts_mu);
          counts = c;
          counts_at = std::chrono::steady_clock::now();
        }
      }
    }
    if (have) {
      out += "# TYPE sitrep_store_documents gauge\nsitrep_store_documents " +
             std::to_string(c.documents) + "\n";
      out += "# TYPE sitrep_store_events gauge\nsitrep_store_events " + std::to_string(c.events) +
             "\n";
    }
  }
  res.set_content(out, "text/plain; version=0.0.4; charset=utf-8");
}

void Server::Impl::Static(const httplib::Request& req, httplib::Response& res) {
  std::string rel = req.matches[1];
  if (rel.empty()) rel = "index.html";
  auto path = ResolveInside(web_dir, rel);
  if (!path) return SetError(res, 404, "not found");
  auto body = ReadFile(*path);
  if (!body.ok()) return SetError(res, 404, "not found");
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(std::move(body).value(), MimeType(*path));
}

void Server::Impl::Vendor(const httplib::Request& req, httplib::Response& res) {
  // A fixed allow-list: only these npm files are exposed.
  static const std::map<std::string, std::string> kVendor = {
      {"d3.min.js", "d3/dist/d3.min.js"},
      {"countries-110m.json", "world-atlas/countries-110m.json"},
      {"countries-50m.json", "world-atlas/countries-50m.json"}};
  auto it = kVendor.find(req.matches[1]);
  if (it == kVendor.end()) return SetError(res, 404, "not found");
  auto path = ResolveInside(vendor_dir, it->second);
  if (!path) return SetError(res, 404, "asset missing: run `make build` (npm install)");
  auto body = ReadFile(*path);
  if (!body.ok()) return SetError(res, 404, "not found");
  res.set_header("Cache-Control", "max-age=86400");
  res.set_content(std::move(body).value(), MimeType(*path));
}

// ------------------------------------------------------------------ Server

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() {
  if (impl_) impl_->http.stop();
}

Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options, const Engine* engine) {
  auto impl = std::make_unique<Impl>();
  impl->opt = options;
  impl->engine = engine;
  if (!options.db_path.empty()) {
    store::StoreOptions wo;
    SITREP_ASSIGN_OR_RETURN(impl->writer, store::SqliteStore::Open(options.db_path, wo));
    SITREP_RETURN_IF_ERROR(monitor::EnsureAlertTable(impl->writer->handle()));
    impl->pool = std::make_unique<StorePool>(options.db_path, options.reader_cache_kib);
  }
  auto fips = store::FipsTable::LoadDefault();
  if (fips.ok()) impl->fips = std::move(fips).value();
  impl->web_dir = FindDir(options.web_dir, "web/index.html", "web");
  impl->vendor_dir = FindDir(options.vendor_dir, "node_modules/d3/package.json", "node_modules");

  httplib::Server& h = impl->http;
  const size_t threads = options.threads ? options.threads : DefaultThreads();
  h.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  h.set_payload_max_length(options.max_body_bytes);
  h.set_read_timeout(options.read_timeout_s, 0);
  h.set_write_timeout(options.write_timeout_s, 0);
  h.set_keep_alive_timeout(options.keep_alive_s);
  h.set_keep_alive_max_count(options.keep_alive_max);
  h.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
  impl->Register();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Result<int> Server::Bind() {
  Impl& s = *impl_;
  int port = s.opt.port;
  if (port == 0) {
    port = s.http.bind_to_any_port(s.opt.bind);
    if (port < 0) return Status::IOError("cannot bind " + s.opt.bind);
  } else if (!s.http.bind_to_port(s.opt.bind, port)) {
    return Status::IOError("cannot bind " + s.opt.bind + ":" + std::to_string(port));
  }
  s.opt.port = port;
  s.bound = true;
  return port;
}

Status Server::Listen() {
  if (!impl_->bound) return Status::InvalidArgument("Listen() before Bind()");
  if (!impl_->http.listen_after_bind()) return Status::IOError("server stopped with an error");
  return Status::OK();
}

void Server::Stop() { impl_->http.stop(); }

bool Server::running() const { return impl_->http.is_running(); }

}  // namespace sitrep::serve
