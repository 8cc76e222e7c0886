#include "monitor/store_source.h"

#include <sqlite3.h>

#include <ctime>

namespace sitrep::monitor {
namespace {

// Minimal RAII prepared statement.
class Query {
 public:
  Query(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr);
  }
  ~Query() { sqlite3_finalize(stmt_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  Status status() const {
    if (rc_ == SQLITE_OK) return Status::OK();
    return Status::Internal(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  void Text(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Int(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Real(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  int Step() { return sqlite3_step(stmt_); }
  std::string Col(int i) {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
             : std::string();
  }
  int64_t ColInt(int i) { return sqlite3_column_int64(stmt_, i); }
  double ColReal(int i) { return sqlite3_column_double(stmt_, i); }
  Status Error(const char* what) {
    return Status::Internal(std::string(what) + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

bool TableExists(sqlite3* db, const char* name) {
  Query q(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1");
  if (!q.status().ok()) return false;
  q.Text(1, name);
  return q.Step() == SQLITE_ROW;
}

std::string NowUtc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Status LoadSeries(sqlite3* db, const std::string& from, const std::string& to, SeriesSet* out) {
  Query ev(db,
           "SELECT e.id, e.doc_id, substr(e.date, 1, 10), e.quad_class, e.goldstein, e.fatalities, "
           "CASE WHEN e.src_country <> '' THEN e.src_country ELSE e.src_code END, "
           "CASE WHEN e.tgt_country <> '' THEN e.tgt_country ELSE e.tgt_code END, "
           "CASE WHEN e.loc_basis = 'document' THEN '' ELSE e.loc_country END, "
           "d.source, d.cluster, d.key "
           "FROM events e JOIN documents d ON d.key = e.doc "
           "WHERE e.happened = 1 AND e.historical = 0 AND length(e.date) >= 10 "
           "AND e.date >= ?1 AND e.date <= ?2 ORDER BY e.date, e.key");
  SITREP_RETURN_IF_ERROR(ev.status());
  ev.Text(1, from);
  ev.Text(2, to.empty() ? std::string("~") : to + "~");
  int rc;
  while ((rc = ev.Step()) == SQLITE_ROW) {
    Observation o;
    if (!DayOfDate(ev.Col(2), &o.day)) continue;
    o.event_id = ev.Col(0);
    o.doc_id = ev.Col(1);
    o.quad_class = static_cast<int>(ev.ColInt(3));
    o.goldstein = ev.ColReal(4);
    o.fatalities = ev.ColInt(5);
    o.source_side = ev.Col(6);
    o.target_side = ev.Col(7);
    o.loc_country = ev.Col(8);
    o.publisher = ev.Col(9);
    int64_t cluster = ev.ColInt(10);
    o.source_id = cluster != 0 ? "c" + std::to_string(cluster) : "d" + std::to_string(ev.ColInt(11));
    out->Add(std::move(o));
  }
  if (rc != SQLITE_DONE) return ev.Error("load events");

  Query docs(db,
             "SELECT substr(date, 1, 10), count(*) FROM documents "
             "WHERE length(date) >= 10 AND date >= ?1 AND date <= ?2 GROUP BY 1");
  SITREP_RETURN_IF_ERROR(docs.status());
  docs.Text(1, from);
  docs.Text(2, to.empty() ? std::string("~") : to + "~");
  while ((rc = docs.Step()) == SQLITE_ROW) {
    int64_t day;
    if (DayOfDate(docs.Col(0), &day)) out->AddArticles(day, docs.ColInt(1));
  }
  if (rc != SQLITE_DONE) return docs.Error("load article volume");
  return Status::OK();
}

Result<std::string> LatestEventDate(sqlite3* db) {
  Query q(db, "SELECT max(substr(date, 1, 10)) FROM events WHERE length(date) >= 10 AND happened = 1");
  SITREP_RETURN_IF_ERROR(q.status());
  if (q.Step() != SQLITE_ROW) return q.Error("latest date");
  return q.Col(0);
}

Status EnsureAlertTable(sqlite3* db) {
  char* err = nullptr;
  int rc = sqlite3_exec(db,
                        "CREATE TABLE IF NOT EXISTS alerts(id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                        "key TEXT NOT NULL, window_end TEXT NOT NULL, q_value REAL NOT NULL, "
                        "created_at TEXT NOT NULL, json TEXT NOT NULL);"
                        "CREATE INDEX IF NOT EXISTS alerts_key ON alerts(key, window_end);",
                        nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    return Status::IOError("create alerts table: " + msg);
  }
  return Status::OK();
}

Result<bool> SaveAlert(sqlite3* db, const Alert& a) {
  Query q(db,
          "INSERT OR IGNORE INTO alerts(id, kind, key, window_end, q_value, created_at, json) "
          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  SITREP_RETURN_IF_ERROR(q.status());
  q.Text(1, a.id);
  q.Text(2, SeriesKindName(a.test.kind));
  q.Text(3, a.test.key);
  q.Text(4, a.recent_to);
  q.Real(5, a.test.q_value);
  q.Text(6, NowUtc());
  q.Text(7, AlertToJson(a));
  if (q.Step() != SQLITE_DONE) return q.Error("save alert");
  return sqlite3_changes(db) > 0;
}

Result<bool> RecentlyAlerted(sqlite3* db, const Alert& a, int days) {
  int64_t end;
  if (!DayOfDate(a.recent_to, &end)) return false;
  Query q(db, "SELECT 1 FROM alerts WHERE kind = ?1 AND key = ?2 AND window_end >= ?3 AND "
              "window_end <= ?4 LIMIT 1");
  SITREP_RETURN_IF_ERROR(q.status());
  q.Text(1, SeriesKindName(a.test.kind));
  q.Text(2, a.test.key);
  q.Text(3, DateOfDay(end - days));
  q.Text(4, a.recent_to);
  int rc = q.Step();
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) return q.Error("recent alerts");
  return false;
}

Result<std::vector<StoredAlert>> ListAlerts(sqlite3* db, const std::string& key, int64_t limit) {
  std::vector<StoredAlert> out;
  if (!TableExists(db, "alerts")) return out;
  Query q(db,
          "SELECT id, kind, key, window_end, q_value, created_at, json FROM alerts "
          "WHERE (?1 = '' OR key = ?1) ORDER BY window_end DESC, id LIMIT ?2");
  SITREP_RETURN_IF_ERROR(q.status());
  q.Text(1, key);
  q.Int(2, limit > 0 ? limit : -1);
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    StoredAlert a;
    a.id = q.Col(0);
    a.kind = q.Col(1);
    a.key = q.Col(2);
    a.window_end = q.Col(3);
    a.q_value = q.ColReal(4);
    a.created_at = q.Col(5);
    a.json = q.Col(6);
    out.push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return q.Error("list alerts");
  return out;
}

}  // namespace sitrep::monitor
