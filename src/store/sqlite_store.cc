#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <utility>

#include "store/event_json.h"

namespace sitrep::store {
namespace {

// The schema; store/FORMAT.md explains every table and column. Statements
// are idempotent so that opening an existing store re-applies nothing.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  date TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  minhash BLOB,
  cluster INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  extra_json TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'coded',
  event_count INTEGER NOT NULL DEFAULT 0,
  ingested_at TEXT NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  dictionaries TEXT NOT NULL DEFAULT '',
  model TEXT NOT NULL DEFAULT '');
CREATE UNIQUE INDEX IF NOT EXISTS documents_url ON documents(url) WHERE url <> '';
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_cluster ON documents(cluster);
CREATE TABLE IF NOT EXISTS doc_bands(
  key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY(key, doc)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events(
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  doc INTEGER NOT NULL REFERENCES documents(key),
  doc_id TEXT NOT NULL,
  sentence_index INTEGER NOT NULL,
  date TEXT NOT NULL,
  date_precision TEXT NOT NULL,
  src_code TEXT NOT NULL, src_country TEXT NOT NULL, src_role TEXT NOT NULL,
  tgt_code TEXT NOT NULL, tgt_country TEXT NOT NULL, tgt_role TEXT NOT NULL,
  mutual INTEGER NOT NULL,
  cameo TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER NOT NULL,
  goldstein REAL NOT NULL, plover_type TEXT NOT NULL,
  modality TEXT NOT NULL, negated INTEGER NOT NULL, historical INTEGER NOT NULL,
  happened INTEGER NOT NULL,
  lat REAL, lon REAL, loc_country TEXT NOT NULL, loc_basis TEXT NOT NULL,
  fatalities INTEGER NOT NULL, injured INTEGER NOT NULL,
  confidence REAL NOT NULL,
  version TEXT NOT NULL, dictionaries TEXT NOT NULL, model TEXT NOT NULL,
  json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc);
CREATE INDEX IF NOT EXISTS events_day ON events(date, src_country, tgt_country, src_code,
  tgt_code, quad_class, happened, historical);
CREATE INDEX IF NOT EXISTS events_dyad_series ON events(src_country, tgt_country, date, happened,
  historical, quad_class, goldstein, fatalities);
CREATE INDEX IF NOT EXISTS events_src_code ON events(src_code, cameo, date);
CREATE INDEX IF NOT EXISTS events_tgt_code ON events(tgt_code, cameo, date);
CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo, src_code, tgt_code, date);
CREATE INDEX IF NOT EXISTS events_loc_country ON events(loc_country, date);
CREATE INDEX IF NOT EXISTS events_tgt_country ON events(tgt_country, date);
CREATE VIRTUAL TABLE IF NOT EXISTS events_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE TABLE IF NOT EXISTS actors(
  event INTEGER NOT NULL, side TEXT NOT NULL, text TEXT NOT NULL, code TEXT NOT NULL,
  country TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS actors_event ON actors(event);
CREATE TABLE IF NOT EXISTS places(
  event INTEGER NOT NULL, text TEXT NOT NULL, name TEXT NOT NULL, country TEXT NOT NULL,
  admin1 TEXT NOT NULL, lat REAL, lon REAL, geonameid INTEGER NOT NULL,
  precision TEXT NOT NULL, basis TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS places_event ON places(event);
CREATE TABLE IF NOT EXISTS casualties(
  event INTEGER NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL, qualifier TEXT NOT NULL,
  victims TEXT NOT NULL, reported_by TEXT NOT NULL, cumulative INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS casualties_event ON casualties(event);
CREATE TABLE IF NOT EXISTS sources(
  name TEXT PRIMARY KEY, documents INTEGER NOT NULL, first_date TEXT NOT NULL,
  last_date TEXT NOT NULL);
)sql";

// Schema version 1 -> 2: indexes replaced by ones that answer the API's
// filters and aggregates (pages by actor and code, dyad series, top dyads of
// a period) without reading the wide event rows (covering columns), and the
// redundant ones dropped (a root is a prefix of the CAMEO code; nothing
// looks actors up by code). Tables are unchanged, so a version-1 store is
// migrated by dropping its old indexes before kSchema creates the new ones;
// a read-only open of a version-1 store works with its old indexes.
constexpr const char* kDropV1Indexes = R"sql(
DROP INDEX IF EXISTS events_date;
DROP INDEX IF EXISTS events_dyad;
DROP INDEX IF EXISTS events_src;
DROP INDEX IF EXISTS events_tgt;
DROP INDEX IF EXISTS events_code;
DROP INDEX IF EXISTS events_root;
DROP INDEX IF EXISTS actors_code;
)sql";

// Schema version 2 -> 3: doc_bands(band, hash, doc) with 16 rows per
// document becomes doc_bands(key, doc) with one row per indexed band (10),
// key = BandKey(band, hash) (a 4-byte integer instead of a 1-byte band and
// an 8-byte hash). The table is dropped before kSchema creates the new one
// and refilled from documents.minhash (RebuildBands).
constexpr const char* kDropV2Bands = "DROP TABLE IF EXISTS doc_bands;";

// The band number in bits 27-30, the low 27 bits of the band's hash below:
// fits SQLite's 4-byte integer encoding (the index row is 13 bytes instead of
// 19). A key shared by two documents that do not share the band (27-bit
// collision, probability about documents / 2^27 per band) only adds a
// candidate, which is then compared on the whole signature.
int64_t BandKey(size_t band, uint64_t hash) {
  constexpr uint64_t kHashBits = 27;
  return static_cast<int64_t>((static_cast<uint64_t>(band) << kHashBits) |
                              (hash & ((uint64_t{1} << kHashBits) - 1)));
}

size_t IndexedBands(const SyndicationOptions& o, size_t bands) {
  return std::min(bands, static_cast<size_t>(std::clamp(o.indexed_bands, 1, 16)));
}

constexpr const char* kEventColumns =
    "e.key, e.doc, d.cluster, d.source, d.date, d.url, d.title, e.json, d.ingested_at";

// RAII prepared statement with 1-based binding helpers.
class Stmt {
 public:
  Stmt() = default;
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Status Prepare(sqlite3* db, const std::string& sql) {
    sqlite3_finalize(s_);
    s_ = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr) != SQLITE_OK) {
      return Status::Internal(std::string("sqlite prepare: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
    return Status::OK();
  }
  sqlite3_stmt* get() { return s_; }
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  void Text(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  // Binds without copying: `v` must stay valid until the next Step/Reset.
  void TextNoCopy(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void Int(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Real(int i, double v) { sqlite3_bind_double(s_, i, v); }
  void Null(int i) { sqlite3_bind_null(s_, i); }
  void Blob(int i, const void* p, int n) { sqlite3_bind_blob(s_, i, p, n, SQLITE_TRANSIENT); }
  int Step() { return sqlite3_step(s_); }
  std::string ColText(int i) {
    const unsigned char* t = sqlite3_column_text(s_, i);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(s_, i)))
             : std::string();
  }
  int64_t ColInt(int i) { return sqlite3_column_int64(s_, i); }
  double ColReal(int i) { return sqlite3_column_double(s_, i); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

Status SqlError(sqlite3* db, std::string_view what) {
  const int code = sqlite3_errcode(db);
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Unavailable(msg);
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status::Corruption(msg);
  if (code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN) {
    return Status::IOError(msg);
  }
  return Status::Internal(msg);
}

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Smallest string greater than every string starting with `prefix` (codes
// are printable ASCII, so '~' after the prefix bounds them).
std::string PrefixEnd(const std::string& prefix) { return prefix + "\x7f"; }

// --- JSON -> Event ---------------------------------------------------------
using Json = nlohmann::json;

std::string Str(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int64_t Int(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}
double Dbl(const Json& j, const char* k, bool* present = nullptr) {
  auto it = j.find(k);
  bool ok = it != j.end() && it->is_number();
  if (present) *present = ok;
  return ok ? it->get<double>() : 0.0;
}
bool Bool(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
std::array<uint32_t, 2> SpanOf(const Json& j, const char* k) {
  auto it = j.find(k);
  std::array<uint32_t, 2> s{0, 0};
  if (it != j.end() && it->is_array() && it->size() == 2 && (*it)[0].is_number_unsigned() &&
      (*it)[1].is_number_unsigned()) {
    s[0] = (*it)[0].get<uint32_t>();
    s[1] = (*it)[1].get<uint32_t>();
  }
  return s;
}
const Json* Obj(const Json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}
std::optional<EventActor> ActorOf(const Json* j) {
  if (j == nullptr) return std::nullopt;
  EventActor a;
  a.text = Str(*j, "text");
  a.code = Str(*j, "code");
  a.country = Str(*j, "country");
  a.role = Str(*j, "role");
  a.name = Str(*j, "name");
  a.kind = Str(*j, "kind");
  a.span = SpanOf(*j, "span");
  a.acled_inter = static_cast<int>(Int(*j, "acled_inter"));
  return a;
}

int64_t Killed(const Event& e, const char* kind) {
  int64_t n = 0;
  for (const Casualty& c : e.fatalities) {
    if (!c.cumulative && c.kind == kind) n += c.count;
  }
  return n;
}

}  // namespace

Result<Event> EventFromJson(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("event JSON: malformed");
  Event e;
  e.id = Str(j, "id");
  e.doc_id = Str(j, "doc_id");
  e.sentence_index = static_cast<int>(Int(j, "sentence_index"));
  if (const Json* d = Obj(j, "date")) {
    e.date.value = Str(*d, "value");
    e.date.start = Str(*d, "start");
    e.date.end = Str(*d, "end");
    e.date.precision = Str(*d, "precision");
    e.date.basis = Str(*d, "basis");
  }
  e.source = ActorOf(Obj(j, "source"));
  e.target = ActorOf(Obj(j, "target"));
  e.mutual = Bool(j, "mutual");
  if (const Json* ev = Obj(j, "event")) {
    e.cameo = Str(*ev, "cameo");
    e.cameo_root = Str(*ev, "cameo_root");
    e.cameo_name = Str(*ev, "cameo_name");
    e.plover_type = Str(*ev, "plover_type");
    e.plover_mode = Str(*ev, "plover_mode");
    auto it = ev->find("context");
    if (it != ev->end() && it->is_array()) {
      for (const Json& c : *it) {
        if (c.is_string()) e.context.push_back(c.get<std::string>());
      }
    }
    e.acled_type = Str(*ev, "acled_type");
    e.acled_subtype = Str(*ev, "acled_subtype");
    e.goldstein = Dbl(*ev, "goldstein");
    e.quad_class = static_cast<int>(Int(*ev, "quad_class"));
  }
  if (const Json* p = Obj(j, "polarity")) {
    e.negated = Bool(*p, "negated");
    e.modality = Str(*p, "modality");
    e.historical = Bool(*p, "historical");
  }
  if (const Json* a = Obj(j, "attribution")) {
    Attribution at;
    at.speaker = ActorOf(Obj(*a, "speaker"));
    at.verb = Str(*a, "verb");
    at.span = SpanOf(*a, "span");
    e.attribution = std::move(at);
  }
  if (const Json* l = Obj(j, "location")) {
    EventLocation loc;
    loc.text = Str(*l, "text");
    loc.name = Str(*l, "name");
    loc.country = Str(*l, "country");
    loc.admin1 = Str(*l, "admin1");
    bool has_lat = false, has_lon = false;
    loc.lat = Dbl(*l, "lat", &has_lat);
    loc.lon = Dbl(*l, "lon", &has_lon);
    loc.has_coords = has_lat && has_lon;
    loc.geonameid = static_cast<long>(Int(*l, "geonameid"));
    loc.precision = Str(*l, "precision");
    loc.basis = Str(*l, "basis");
    loc.span = SpanOf(*l, "span");
    e.location = std::move(loc);
  }
  auto fit = j.find("fatalities");
  if (fit != j.end() && fit->is_array()) {
    for (const Json& c : *fit) {
      if (!c.is_object()) continue;
      Casualty k;
      k.count = static_cast<long>(Int(c, "count"));
      k.qualifier = Str(c, "qualifier");
      k.kind = Str(c, "kind");
      k.victims = Str(c, "victims");
      k.reported_by = Str(c, "reported_by");
      k.cumulative = Bool(c, "cumulative");
      k.span = SpanOf(c, "span");
      e.fatalities.push_back(std::move(k));
    }
  }
  if (const Json* ev = Obj(j, "evidence")) {
    e.sentence = Str(*ev, "sentence");
    e.sentence_span = SpanOf(*ev, "span");
    e.trigger_span = SpanOf(*ev, "trigger_span");
    e.pattern = Str(*ev, "pattern");
    e.confidence = Dbl(*ev, "confidence");
  }
  if (const Json* p = Obj(j, "provenance")) {
    e.version = Str(*p, "version");
    e.dictionaries = Str(*p, "dictionaries");
    e.model = Str(*p, "model");
  }
  if (const Json* s = Obj(j, "sources")) {
    EventSources src;
    src.articles = static_cast<int>(Int(*s, "articles"));
    src.independent = static_cast<int>(Int(*s, "independent"));
    auto pit = s->find("publishers");
    if (pit != s->end() && pit->is_array()) {
      for (const Json& p : *pit) {
        if (p.is_string()) src.publishers.push_back(p.get<std::string>());
      }
    }
    src.first_seen = Str(*s, "first_seen");
    src.last_seen = Str(*s, "last_seen");
    e.sources = std::move(src);
  }
  return e;
}

struct SqliteStore::Statements {
  Stmt find_id, find_url, find_hash, insert_doc, insert_band, find_band, get_sig, insert_event,
      insert_geo, insert_actor, insert_place, insert_casualty, upsert_source;
};

SqliteStore::SqliteStore(sqlite3* db, StoreOptions options)
    : db_(db), options_(std::move(options)), stmts_(std::make_unique<Statements>()) {}

SqliteStore::~SqliteStore() {
  if (in_txn_) (void)Exec("ROLLBACK");
  stmts_.reset();  // finalize before close
  sqlite3_close(db_);
}

Status SqliteStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    Status s = SqlError(db_, "sqlite");
    return Status(s.code(), "sqlite: " + msg);
  }
  return Status::OK();
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                        const StoreOptions& options) {
  sqlite3* db = nullptr;
  const int flags = options.read_only ? SQLITE_OPEN_READONLY
                                      : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IOError(path + ": cannot open store: " + msg);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, options));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto fail = [&](const Status& s) { return Status(s.code(), path + ": " + std::string(s.message())); };
  std::string pragmas = "PRAGMA cache_size=-" + std::to_string(options.cache_kib) + ";";
  if (!options.read_only) {
    pragmas += "PRAGMA journal_mode=WAL;";
    pragmas += options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
    // Copy the WAL back into the database every ~40 MB instead of every
    // 4 MB: a page rewritten by several batches is checkpointed once
    // (ingest_bench on Reuters: store wall share 15.3-16.4% -> 14.1-14.2%).
    pragmas += "PRAGMA wal_autocheckpoint=10000;";
  }
  pragmas += "PRAGMA temp_store=MEMORY;";
  if (Status s = store->Exec(pragmas.c_str()); !s.ok()) return fail(s);
  if (!options.read_only) {
    if (Status s = store->Exec("BEGIN IMMEDIATE"); !s.ok()) return fail(s);
    // The stored version first: a newer store is refused before anything is
    // created in it, an older one is migrated.
    int stored_version = 0;  // 0 = new file
    Status s =
        store->Exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    if (s.ok()) {
      Stmt v;
      s = v.Prepare(db, "SELECT value FROM meta WHERE key='schema_version'");
      if (s.ok() && v.Step() == SQLITE_ROW) {
        stored_version = std::max(1, std::atoi(v.ColText(0).c_str()));
      }
    }
    if (s.ok() && stored_version > kSchemaVersion) {
      s = Status::Corruption("store has schema version " + std::to_string(stored_version) +
                             ", newer than this sitrep understands (" +
                             std::to_string(kSchemaVersion) + ")");
    }
    if (s.ok() && stored_version > 0 && stored_version < 2) s = store->Exec(kDropV1Indexes);
    if (s.ok() && stored_version > 0 && stored_version < 3) s = store->Exec(kDropV2Bands);
    if (s.ok()) s = store->Exec(kSchema);
    if (s.ok() && stored_version > 0 && stored_version < 3) s = store->RebuildBands();
    if (s.ok() && stored_version > 0 && stored_version < kSchemaVersion) {
      std::string up = "UPDATE meta SET value='" + std::to_string(kSchemaVersion) +
                       "' WHERE key='schema_version'";
      s = store->Exec(up.c_str());
    }
    if (s.ok() && stored_version == 0) {
      std::string ins = "INSERT INTO meta(key, value) VALUES('schema_version','" +
                        std::to_string(kSchemaVersion) + "'),('format','sitrep.store')";
      s = store->Exec(ins.c_str());
    }
    if (!s.ok()) {
      (void)store->Exec("ROLLBACK");
      return fail(s);
    }
    if (Status c = store->Exec("COMMIT"); !c.ok()) return fail(c);
  } else {
    Stmt v;
    if (!v.Prepare(db, "SELECT value FROM meta WHERE key='format'").ok() ||
        v.Step() != SQLITE_ROW || v.ColText(0) != "sitrep.store") {
      return Status::Corruption(path + ": not a sitrep store");
    }
  }
  Statements& st = *store->stmts_;
  if (!options.read_only) {
    struct {
      Stmt* s;
      const char* sql;
    } prep[] = {
        {&st.find_id, "SELECT key, id FROM documents WHERE id = ?1"},
        {&st.find_url, "SELECT key, id FROM documents WHERE url = ?1 AND url <> ''"},
        {&st.find_hash, "SELECT key, id FROM documents WHERE content_hash = ?1 LIMIT 1"},
        // The key is chosen here (the next rowid) so that a document starting
        // its own cluster gets cluster = its key in the same statement, and
        // event_count is known before the events are written (all or none
        // are, inside the document's savepoint): one write per document row.
        {&st.insert_doc,
         "INSERT INTO documents(key, id, url, title, source, date, language, content_hash, "
         "minhash, cluster, text, extra_json, status, event_count, ingested_at, version, "
         "dictionaries, model) VALUES((SELECT coalesce(max(key), 0) + 1 FROM documents),"
         "?1,?2,?3,?4,?5,?6,?7,?8,CASE WHEN ?9 <> 0 THEN ?9 ELSE "
         "(SELECT coalesce(max(key), 0) + 1 FROM documents) END,"
         "?10,?11,?12,?17,?13,?14,?15,?16)"},
        {&st.insert_band, "INSERT OR IGNORE INTO doc_bands(key, doc) VALUES(?1,?2)"},
        {&st.find_band, "SELECT doc FROM doc_bands WHERE key = ?1 LIMIT 64"},
        {&st.get_sig, "SELECT minhash, cluster FROM documents WHERE key = ?1"},
        {&st.insert_event,
         "INSERT INTO events(id, doc, doc_id, sentence_index, date, date_precision, src_code, "
         "src_country, src_role, tgt_code, tgt_country, tgt_role, mutual, cameo, root, "
         "quad_class, goldstein, plover_type, modality, negated, historical, happened, lat, lon, "
         "loc_country, loc_basis, fatalities, injured, confidence, version, dictionaries, model, "
         "json) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,"
         "?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33)"},
        {&st.insert_geo, "INSERT INTO events_geo(id, min_lat, max_lat, min_lon, max_lon) "
                         "VALUES(?1,?2,?2,?3,?3)"},
        {&st.insert_actor, "INSERT INTO actors(event, side, text, code, country, role, name, "
                           "kind) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"},
        {&st.insert_place, "INSERT INTO places(event, text, name, country, admin1, lat, lon, "
                           "geonameid, precision, basis) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"},
        {&st.insert_casualty, "INSERT INTO casualties(event, kind, count, qualifier, victims, "
                              "reported_by, cumulative) VALUES(?1,?2,?3,?4,?5,?6,?7)"},
        {&st.upsert_source,
         "INSERT INTO sources(name, documents, first_date, last_date) VALUES(?1, 1, ?2, ?2) "
         "ON CONFLICT(name) DO UPDATE SET documents = documents + 1, "
         "first_date = CASE WHEN ?2 <> '' AND (first_date = '' OR ?2 < first_date) THEN ?2 "
         "ELSE first_date END, "
         "last_date = CASE WHEN ?2 > last_date THEN ?2 ELSE last_date END"},
    };
    for (auto& p : prep) {
      if (Status s = p.s->Prepare(db, p.sql); !s.ok()) return fail(s);
    }
  }
  return store;
}

Status SqliteStore::Begin() {
  if (in_txn_) return Status::InvalidArgument("store: transaction already open");
  SITREP_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  in_txn_ = true;
  return Status::OK();
}

Status SqliteStore::Commit() {
  if (!in_txn_) return Status::OK();
  Status s = Exec("COMMIT");
  if (s.ok()) in_txn_ = false;
  return s;
}

Status SqliteStore::Rollback() {
  if (!in_txn_) return Status::OK();
  in_txn_ = false;
  return Exec("ROLLBACK");
}

Result<std::optional<AddResult>> SqliteStore::FindDuplicate(const DocumentMeta& meta,
                                                            std::string_view text) {
  if (options_.read_only) return Status::InvalidArgument("store opened read-only");
  return FindDuplicateWithHash(meta, ContentHash(text));
}

std::optional<AddResult> SqliteStore::FindDuplicateWithHash(const DocumentMeta& meta,
                                                            const std::string& content_hash) {
  Statements& st = *stmts_;
  auto probe = [&](Stmt& s, std::string_view value, const char* why) -> std::optional<AddResult> {
    s.Reset();
    s.Text(1, value);
    std::optional<AddResult> r;
    if (s.Step() == SQLITE_ROW) {
      AddResult a;
      a.outcome = AddOutcome::kDuplicate;
      a.doc_key = s.ColInt(0);
      a.duplicate_of = s.ColText(1);
      a.reason = why;
      r = a;
    }
    s.Reset();
    return r;
  };
  if (auto r = probe(st.find_id, meta.id, "id")) return r;
  if (!meta.url.empty()) {
    if (auto r = probe(st.find_url, meta.url, "url")) return r;
  }
  if (auto r = probe(st.find_hash, content_hash, "content")) return r;
  return std::optional<AddResult>();
}

Status SqliteStore::RebuildBands() {
  // Keys are collected and sorted first so that the new index is written in
  // key order (appends) rather than at random places.
  Stmt docs;
  SITREP_RETURN_IF_ERROR(docs.Prepare(db_, "SELECT key, minhash FROM documents"));
  std::vector<std::pair<int64_t, int64_t>> rows;
  int rc;
  while ((rc = docs.Step()) == SQLITE_ROW) {
    const void* blob = sqlite3_column_blob(docs.get(), 1);
    const int n = sqlite3_column_bytes(docs.get(), 1);
    std::vector<uint32_t> sig(static_cast<size_t>(n) / sizeof(uint32_t));
    if (blob == nullptr || sig.empty()) continue;
    std::memcpy(sig.data(), blob, sig.size() * sizeof(uint32_t));
    const std::vector<uint64_t> bands = BandHashes(sig, options_.syndication);
    for (size_t b = 0; b < IndexedBands(options_.syndication, bands.size()); ++b) {
      rows.emplace_back(BandKey(b, bands[b]), docs.ColInt(0));
    }
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "read signatures");
  std::sort(rows.begin(), rows.end());
  Stmt ins;
  SITREP_RETURN_IF_ERROR(ins.Prepare(db_, "INSERT OR IGNORE INTO doc_bands(key, doc) VALUES(?1,?2)"));
  for (const auto& [key, doc] : rows) {
    ins.Reset();
    ins.Int(1, key);
    ins.Int(2, doc);
    if (ins.Step() != SQLITE_DONE) return SqlError(db_, "rebuild doc_bands");
  }
  return Status::OK();
}

Result<int64_t> SqliteStore::FindSyndicationCluster(const std::vector<uint32_t>& signature,
                                                    const std::vector<uint64_t>& bands) {
  Statements& st = *stmts_;
  std::vector<int64_t> candidates;
  for (size_t b = 0; b < IndexedBands(options_.syndication, bands.size()); ++b) {
    st.find_band.Reset();
    st.find_band.Int(1, BandKey(b, bands[b]));
    while (st.find_band.Step() == SQLITE_ROW) candidates.push_back(st.find_band.ColInt(0));
    st.find_band.Reset();
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  double best = 0;
  int64_t cluster = 0;
  for (int64_t doc : candidates) {
    st.get_sig.Reset();
    st.get_sig.Int(1, doc);
    if (st.get_sig.Step() == SQLITE_ROW) {
      const void* blob = sqlite3_column_blob(st.get_sig.get(), 0);
      const int n = sqlite3_column_bytes(st.get_sig.get(), 0);
      std::vector<uint32_t> other(static_cast<size_t>(n) / sizeof(uint32_t));
      if (blob != nullptr && !other.empty()) std::memcpy(other.data(), blob, other.size() * 4);
      const double sim = EstimatedSimilarity(signature, other);
      if (sim >= options_.syndication.min_similarity && sim > best) {
        best = sim;
        cluster = st.get_sig.ColInt(1);
      }
    }
    st.get_sig.Reset();
  }
  return cluster;
}

Status SqliteStore::InsertEvents(int64_t doc_key, const std::string& doc_id,
                                 const std::vector<Event>& events, const Provenance& prov) {
  Statements& st = *stmts_;
  for (const Event& original : events) {
    Event e = original;
    if (e.doc_id.empty()) e.doc_id = doc_id;
    if (e.version.empty()) e.version = prov.version;
    if (e.dictionaries.empty()) e.dictionaries = prov.dictionaries;
    if (e.model.empty()) e.model = prov.model;
    e.sources.reset();  // per-article rows never carry merged sources
    const std::string json = EventToJson(e);
    Stmt& s = st.insert_event;
    s.Reset();
    s.Text(1, e.id);
    s.Int(2, doc_key);
    s.Text(3, e.doc_id);
    s.Int(4, e.sentence_index);
    s.Text(5, e.date.value);
    s.Text(6, e.date.precision);
    const EventActor none;
    const EventActor& src = e.source ? *e.source : none;
    const EventActor& tgt = e.target ? *e.target : none;
    s.Text(7, src.code);
    s.Text(8, src.country);
    s.Text(9, src.role);
    s.Text(10, tgt.code);
    s.Text(11, tgt.country);
    s.Text(12, tgt.role);
    s.Int(13, e.mutual);
    s.Text(14, e.cameo);
    s.Text(15, e.cameo_root.empty() ? e.cameo.substr(0, std::min<size_t>(2, e.cameo.size()))
                                    : e.cameo_root);
    s.Int(16, e.quad_class);
    s.Real(17, e.goldstein);
    s.Text(18, e.plover_type);
    s.Text(19, e.modality);
    s.Int(20, e.negated);
    s.Int(21, e.historical);
    s.Int(22, e.Happened());
    const bool located = e.location && e.location->has_coords;
    if (located) {
      s.Real(23, e.location->lat);
      s.Real(24, e.location->lon);
    } else {
      s.Null(23);
      s.Null(24);
    }
    s.Text(25, e.location ? e.location->country : std::string());
    s.Text(26, e.location ? e.location->basis : std::string());
    s.Int(27, Killed(e, "killed"));
    s.Int(28, Killed(e, "injured"));
    s.Real(29, e.confidence);
    s.Text(30, e.version);
    s.Text(31, e.dictionaries);
    s.Text(32, e.model);
    s.TextNoCopy(33, json);
    if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert event " + e.id);
    s.Reset();
    const int64_t key = sqlite3_last_insert_rowid(db_);
    if (located) {
      st.insert_geo.Reset();
      st.insert_geo.Int(1, key);
      st.insert_geo.Real(2, e.location->lat);
      st.insert_geo.Real(3, e.location->lon);
      if (st.insert_geo.Step() != SQLITE_DONE) return SqlError(db_, "insert event location");
      st.insert_geo.Reset();
    }
    auto actor = [&](const std::optional<EventActor>& a, const char* side) -> Status {
      if (!a) return Status::OK();
      Stmt& q = st.insert_actor;
      q.Reset();
      q.Int(1, key);
      q.Text(2, side);
      q.Text(3, a->text);
      q.Text(4, a->code);
      q.Text(5, a->country);
      q.Text(6, a->role);
      q.Text(7, a->name);
      q.Text(8, a->kind);
      if (q.Step() != SQLITE_DONE) return SqlError(db_, "insert actor");
      q.Reset();
      return Status::OK();
    };
    SITREP_RETURN_IF_ERROR(actor(e.source, "source"));
    SITREP_RETURN_IF_ERROR(actor(e.target, "target"));
    if (e.attribution) SITREP_RETURN_IF_ERROR(actor(e.attribution->speaker, "speaker"));
    if (e.location) {
      const EventLocation& l = *e.location;
      Stmt& q = st.insert_place;
      q.Reset();
      q.Int(1, key);
      q.Text(2, l.text);
      q.Text(3, l.name);
      q.Text(4, l.country);
      q.Text(5, l.admin1);
      if (l.has_coords) {
        q.Real(6, l.lat);
        q.Real(7, l.lon);
      } else {
        q.Null(6);
        q.Null(7);
      }
      q.Int(8, l.geonameid);
      q.Text(9, l.precision);
      q.Text(10, l.basis);
      if (q.Step() != SQLITE_DONE) return SqlError(db_, "insert place");
      q.Reset();
    }
    for (const Casualty& c : e.fatalities) {
      Stmt& q = st.insert_casualty;
      q.Reset();
      q.Int(1, key);
      q.Text(2, c.kind);
      q.Int(3, c.count);
      q.Text(4, c.qualifier);
      q.Text(5, c.victims);
      q.Text(6, c.reported_by);
      q.Int(7, c.cumulative);
      if (q.Step() != SQLITE_DONE) return SqlError(db_, "insert casualty");
      q.Reset();
    }
  }
  return Status::OK();
}

Result<AddResult> SqliteStore::AddDocument(const DocumentMeta& meta, std::string_view text,
                                           const std::vector<Event>& events,
                                           const Provenance& prov, std::string_view status) {
  if (options_.read_only) return Status::InvalidArgument("store opened read-only");
  if (meta.id.empty()) return Status::InvalidArgument("document without id");
  const bool own_txn = !in_txn_;
  if (own_txn) SITREP_RETURN_IF_ERROR(Begin());
  // Everything below runs inside a transaction; on any error the document's
  // rows are rolled back with a savepoint so a batch keeps its other documents.
  SITREP_RETURN_IF_ERROR(Exec("SAVEPOINT add_document"));
  auto body = [&]() -> Result<AddResult> {
    const std::string content_hash = ContentHash(text);
    if (std::optional<AddResult> dup = FindDuplicateWithHash(meta, content_hash)) return *dup;
    Statements& st = *stmts_;
    const std::vector<uint32_t> sig = MinHashSignature(text, options_.syndication);
    const std::vector<uint64_t> bands = BandHashes(sig, options_.syndication);
    SITREP_ASSIGN_OR_RETURN(int64_t cluster, FindSyndicationCluster(sig, bands));
    Stmt& s = st.insert_doc;
    s.Reset();
    s.Text(1, meta.id);
    s.Text(2, meta.url);
    s.Text(3, meta.title);
    s.Text(4, meta.source);
    s.Text(5, meta.date);
    s.Text(6, meta.language);
    s.TextNoCopy(7, content_hash);
    s.Blob(8, sig.data(), static_cast<int>(sig.size() * sizeof(uint32_t)));
    s.Int(9, cluster);
    s.TextNoCopy(10, text);
    s.Text(11, meta.extra_json);
    s.Text(12, status);
    s.Text(13, NowUtc());
    s.Text(14, prov.version);
    s.Text(15, prov.dictionaries);
    s.Text(16, prov.model);
    s.Int(17, static_cast<int64_t>(events.size()));
    if (s.Step() != SQLITE_DONE) return SqlError(db_, "insert document " + meta.id);
    s.Reset();
    AddResult r;
    r.doc_key = sqlite3_last_insert_rowid(db_);
    r.syndicated_with = cluster;
    for (size_t b = 0; b < IndexedBands(options_.syndication, bands.size()); ++b) {
      st.insert_band.Reset();
      st.insert_band.Int(1, BandKey(b, bands[b]));
      st.insert_band.Int(2, r.doc_key);
      if (st.insert_band.Step() != SQLITE_DONE) return SqlError(db_, "insert band");
      st.insert_band.Reset();
    }
    if (!meta.source.empty()) {
      st.upsert_source.Reset();
      st.upsert_source.Text(1, meta.source);
      st.upsert_source.Text(2, meta.date);
      if (st.upsert_source.Step() != SQLITE_DONE) return SqlError(db_, "update sources");
      st.upsert_source.Reset();
    }
    SITREP_RETURN_IF_ERROR(InsertEvents(r.doc_key, meta.id, events, prov));
    r.events = static_cast<int>(events.size());
    return r;
  };
  Result<AddResult> r = body();
  if (!r.ok()) {
    (void)Exec("ROLLBACK TO add_document");
    (void)Exec("RELEASE add_document");
    if (own_txn) (void)Rollback();
    return r.status();
  }
  SITREP_RETURN_IF_ERROR(Exec("RELEASE add_document"));
  if (own_txn) SITREP_RETURN_IF_ERROR(Commit());
  return r;
}

Status SqliteStore::ReplaceEvents(int64_t doc_key, const std::vector<Event>& events,
                                  const Provenance& prov) {
  if (options_.read_only) return Status::InvalidArgument("store opened read-only");
  SITREP_ASSIGN_OR_RETURN(StoredDocument doc, GetDocument(doc_key));
  const bool own_txn = !in_txn_;
  if (own_txn) SITREP_RETURN_IF_ERROR(Begin());
  SITREP_RETURN_IF_ERROR(Exec("SAVEPOINT replace_events"));
  auto body = [&]() -> Status {
    const std::string k = std::to_string(doc_key);
    const std::string sub = "(SELECT key FROM events WHERE doc = " + k + ")";
    for (const char* table : {"actors", "places", "casualties"}) {
      std::string sql = std::string("DELETE FROM ") + table + " WHERE event IN " + sub;
      SITREP_RETURN_IF_ERROR(Exec(sql.c_str()));
    }
    SITREP_RETURN_IF_ERROR(Exec(("DELETE FROM events_geo WHERE id IN " + sub).c_str()));
    SITREP_RETURN_IF_ERROR(Exec(("DELETE FROM events WHERE doc = " + k).c_str()));
    SITREP_RETURN_IF_ERROR(InsertEvents(doc_key, doc.meta.id, events, prov));
    Stmt u;
    SITREP_RETURN_IF_ERROR(u.Prepare(db_,
                                     "UPDATE documents SET event_count=?2, version=?3, "
                                     "dictionaries=?4, model=?5, status='coded' WHERE key=?1"));
    u.Int(1, doc_key);
    u.Int(2, static_cast<int64_t>(events.size()));
    u.Text(3, prov.version);
    u.Text(4, prov.dictionaries);
    u.Text(5, prov.model);
    if (u.Step() != SQLITE_DONE) return SqlError(db_, "update document");
    return Status::OK();
  };
  Status s = body();
  if (!s.ok()) {
    (void)Exec("ROLLBACK TO replace_events");
    (void)Exec("RELEASE replace_events");
    if (own_txn) (void)Rollback();
    return s;
  }
  SITREP_RETURN_IF_ERROR(Exec("RELEASE replace_events"));
  if (own_txn) SITREP_RETURN_IF_ERROR(Commit());
  return Status::OK();
}

namespace {
constexpr const char* kDocColumns =
    "key, id, url, title, source, date, language, extra_json, text, status, cluster, version, "
    "dictionaries, model";
void ReadDocument(Stmt& s, StoredDocument* d) {
  d->key = s.ColInt(0);
  d->meta.id = s.ColText(1);
  d->meta.url = s.ColText(2);
  d->meta.title = s.ColText(3);
  d->meta.source = s.ColText(4);
  d->meta.date = s.ColText(5);
  d->meta.language = s.ColText(6);
  d->meta.extra_json = s.ColText(7);
  d->text = s.ColText(8);
  d->status = s.ColText(9);
  d->cluster = s.ColInt(10);
  d->version = s.ColText(11);
  d->dictionaries = s.ColText(12);
  d->model = s.ColText(13);
}
}  // namespace

Result<std::vector<int64_t>> SqliteStore::DocumentKeys() {
  Stmt s;
  SITREP_RETURN_IF_ERROR(s.Prepare(db_, "SELECT key FROM documents ORDER BY key"));
  std::vector<int64_t> keys;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) keys.push_back(s.ColInt(0));
  if (rc != SQLITE_DONE) return SqlError(db_, "list documents");
  return keys;
}

Result<StoredDocument> SqliteStore::GetDocument(int64_t doc_key) {
  Stmt s;
  SITREP_RETURN_IF_ERROR(
      s.Prepare(db_, std::string("SELECT ") + kDocColumns + " FROM documents WHERE key = ?1"));
  s.Int(1, doc_key);
  if (s.Step() != SQLITE_ROW) {
    return Status::NotFound("document key " + std::to_string(doc_key) + " not in store");
  }
  StoredDocument d;
  ReadDocument(s, &d);
  return d;
}

Status SqliteStore::ForEachDocument(const std::function<Status(const StoredDocument&)>& fn) {
  Stmt s;
  SITREP_RETURN_IF_ERROR(
      s.Prepare(db_, std::string("SELECT ") + kDocColumns + " FROM documents ORDER BY key"));
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    StoredDocument d;
    ReadDocument(s, &d);
    SITREP_RETURN_IF_ERROR(fn(d));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "read documents");
  return Status::OK();
}

namespace {

// WHERE clause for a filter plus the values to bind, in order.
struct Where {
  std::string sql;
  int next = 1;  // next parameter number
  void Add(const std::string& clause) { sql += sql.empty() ? " WHERE " + clause : " AND " + clause; }
};

struct BoundWhere {
  Where w;
  std::vector<std::pair<int, std::string>> texts;
};

BoundWhere BuildWhere(const EventFilter& f) {
  BoundWhere b;
  Where& w = b.w;
  auto text = [&](const std::string& v) {
    int pos = w.next++;
    b.texts.emplace_back(pos, v);
    return "?" + std::to_string(pos);
  };
  if (!f.actor.empty()) {
    std::string lo = text(f.actor), hi = text(PrefixEnd(f.actor));
    w.Add("((e.src_code >= " + lo + " AND e.src_code < " + hi + ") OR (e.tgt_code >= " + lo +
          " AND e.tgt_code < " + hi + "))");
  }
  if (!f.code.empty()) {
    // A root ("19") is a prefix of its codes, so one range on cameo serves
    // roots and codes alike (events_cameo, or in-index on events_src_code /
    // events_tgt_code when an actor filter picks those).
    w.Add("e.cameo >= " + text(f.code) + " AND e.cameo < " + text(PrefixEnd(f.code)));
  }
  if (!f.from.empty()) w.Add("e.date >= " + text(f.from));
  if (!f.to.empty()) w.Add("e.date <= " + text(f.to + "~"));  // "~" keeps 2024-03-31 itself
  if (!f.country.empty()) {
    std::string c = text(f.country);
    w.Add("(e.loc_country = " + c + " OR e.src_country = " + c + " OR e.tgt_country = " + c + ")");
  }
  if (!f.doc_id.empty()) w.Add("e.doc_id = " + text(f.doc_id));
  if (f.lede_sentences > 0) w.Add("e.sentence_index < " + std::to_string(f.lede_sentences));
  if (f.happened_only) w.Add("e.happened = 1");
  if (!f.include_historical) w.Add("e.historical = 0");
  if (f.has_box) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "e.key IN (SELECT id FROM events_geo WHERE min_lat >= %.6f AND max_lat <= %.6f "
                  "AND min_lon >= %.6f AND max_lon <= %.6f)",
                  f.min_lat, f.max_lat, f.min_lon, f.max_lon);
    w.Add(buf);
  }
  if (f.after_key > 0) w.Add("e.key > " + std::to_string(f.after_key));
  return b;
}

Status BindAll(Stmt& s, const BoundWhere& b) {
  for (const auto& [pos, v] : b.texts) s.Text(pos, v);
  return Status::OK();
}

}  // namespace

Status SqliteStore::ForEachEvent(const EventFilter& filter,
                                 const std::function<Status(const StoredEvent&)>& fn) {
  BoundWhere b = BuildWhere(filter);
  const char* order = filter.after_key > 0 ? " ORDER BY e.key" : " ORDER BY e.date, e.key";
  std::string sql = std::string("SELECT ") + kEventColumns +
                    " FROM events e JOIN documents d ON d.key = e.doc";
  if (filter.limit > 0) {
    // A page: choose its keys first, over the indexes (every filter column
    // but the flags and the box is in events_cameo / events_src_code /
    // events_tgt_code / events_dyad_series), then read only the page's wide
    // rows. Sorting whole matching rows to keep 100 of them was the cost.
    sql += " WHERE e.key IN (SELECT e.key FROM events e" + b.w.sql + order + " LIMIT " +
           std::to_string(filter.limit) + ")";
  } else {
    sql += b.w.sql;
  }
  sql += order;
  Stmt s;
  SITREP_RETURN_IF_ERROR(s.Prepare(db_, sql));
  SITREP_RETURN_IF_ERROR(BindAll(s, b));
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    StoredEvent e;
    e.key = s.ColInt(0);
    e.doc_key = s.ColInt(1);
    e.cluster = s.ColInt(2);
    e.publisher = s.ColText(3);
    e.published = s.ColText(4);
    e.url = s.ColText(5);
    e.title = s.ColText(6);
    e.ingested_at = s.ColText(8);
    Result<Event> ev = EventFromJson(s.ColText(7));
    if (!ev.ok()) {
      return Status::Corruption("events row " + std::to_string(e.key) + ": " +
                                std::string(ev.status().message()));
    }
    e.event = std::move(ev).value();
    SITREP_RETURN_IF_ERROR(fn(e));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "query events");
  return Status::OK();
}

Result<std::vector<StoredEvent>> SqliteStore::QueryEvents(const EventFilter& filter) {
  std::vector<StoredEvent> out;
  SITREP_RETURN_IF_ERROR(ForEachEvent(filter, [&](const StoredEvent& e) {
    out.push_back(e);
    return Status::OK();
  }));
  return out;
}

Result<int64_t> SqliteStore::CountEvents(const EventFilter& filter) {
  BoundWhere b = BuildWhere(filter);
  Stmt s;
  SITREP_RETURN_IF_ERROR(s.Prepare(db_, "SELECT count(*) FROM events e" + b.w.sql));
  SITREP_RETURN_IF_ERROR(BindAll(s, b));
  if (s.Step() != SQLITE_ROW) return SqlError(db_, "count events");
  return s.ColInt(0);
}

Result<std::vector<SeriesPoint>> SqliteStore::DyadSeries(const std::string& source,
                                                         const std::string& target,
                                                         const std::string& from,
                                                         const std::string& to) {
  Stmt s;
  SITREP_RETURN_IF_ERROR(s.Prepare(
      db_,
      "SELECT substr(date, 1, 10), quad_class, count(*), sum(goldstein) FROM events "
      "WHERE src_country = ?1 AND tgt_country = ?2 AND date >= ?3 AND date <= ?4 "
      "AND happened = 1 AND historical = 0 GROUP BY 1, 2 ORDER BY 1, 2"));
  s.Text(1, source);
  s.Text(2, target);
  s.Text(3, from);
  s.Text(4, to.empty() ? std::string("~") : to + "~");
  std::vector<SeriesPoint> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    SeriesPoint p;
    p.date = s.ColText(0);
    p.quad_class = static_cast<int>(s.ColInt(1));
    p.events = s.ColInt(2);
    p.goldstein_sum = s.ColReal(3);
    out.push_back(std::move(p));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "dyad series");
  return out;
}

Result<std::vector<DyadCount>> SqliteStore::TopDyads(const EventFilter& filter, int n) {
  BoundWhere b = BuildWhere(filter);
  std::string where = b.w.sql;
  where += where.empty() ? " WHERE " : " AND ";
  where += "(e.src_code <> '' AND e.tgt_code <> '')";
  const std::string sk = "CASE WHEN e.src_country <> '' THEN e.src_country ELSE e.src_code END";
  const std::string tk = "CASE WHEN e.tgt_country <> '' THEN e.tgt_country ELSE e.tgt_code END";
  std::string sql = "SELECT " + sk + " AS s, " + tk +
                    " AS t, count(*), sum(e.quad_class = 1), sum(e.quad_class = 2), "
                    "sum(e.quad_class = 3), sum(e.quad_class = 4) FROM events e" +
                    where + " GROUP BY s, t HAVING s <> t ORDER BY 3 DESC, s, t LIMIT " +
                    std::to_string(n);
  Stmt s;
  SITREP_RETURN_IF_ERROR(s.Prepare(db_, sql));
  SITREP_RETURN_IF_ERROR(BindAll(s, b));
  std::vector<DyadCount> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    DyadCount d;
    d.source = s.ColText(0);
    d.target = s.ColText(1);
    d.events = s.ColInt(2);
    for (int q = 1; q <= 4; ++q) d.by_quad[q] = s.ColInt(2 + q);
    out.push_back(std::move(d));
  }
  if (rc != SQLITE_DONE) return SqlError(db_, "top dyads");
  return out;
}

Result<StoreStats> SqliteStore::Stats() {
  StoreStats st;
  Stmt s;
  SITREP_RETURN_IF_ERROR(s.Prepare(
      db_,
      "SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT cluster) FROM documents), "
      "(SELECT count(*) FROM events), (SELECT min(date) FROM events WHERE date <> ''), "
      "(SELECT max(date) FROM events)"));
  if (s.Step() != SQLITE_ROW) return SqlError(db_, "stats");
  st.documents = s.ColInt(0);
  st.clusters = s.ColInt(1);
  st.events = s.ColInt(2);
  st.first_date = s.ColText(3);
  st.last_date = s.ColText(4);
  return st;
}

Status SqliteStore::CheckIntegrity() {
  Stmt s;
  SITREP_RETURN_IF_ERROR(s.Prepare(db_, "PRAGMA integrity_check"));
  std::string all;
  while (s.Step() == SQLITE_ROW) {
    std::string line = s.ColText(0);
    if (line != "ok") all += (all.empty() ? "" : "; ") + line;
  }
  if (!all.empty()) return Status::Corruption("store integrity_check: " + all);
  return Status::OK();
}

}  // namespace sitrep::store
