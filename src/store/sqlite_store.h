// SqliteStore: the embedded event store (one SQLite file in WAL mode).
//
// Owns: documents (text, metadata, content hash, MinHash signature,
// syndication cluster), their events (every filterable field as a column
// plus the full sitrep.event/1 JSON), and the side tables actors, places,
// casualties and sources. The schema is documented in store/FORMAT.md.
//
// Idempotent ingest: a document whose id, URL or content hash is already
// stored is a duplicate and adds nothing. A document and all its events are
// written inside one transaction; callers may group many documents in one
// transaction (Begin/Commit) for speed. A process killed at any point leaves
// every committed document complete and no partial one (SQLite's atomic
// commit; WAL with synchronous=NORMAL is durable across process crashes,
// synchronous=FULL also across power loss).
//
// Thread safety: one SqliteStore is one connection; use it from one thread
// at a time. Readers in other threads or processes open their own
// SqliteStore (read_only) and work while a writer writes (WAL); a writer
// waits up to busy_timeout_ms for another writer.
//
//   SITREP_ASSIGN_OR_RETURN(auto store, SqliteStore::Open("events.db", {}));
//   SITREP_ASSIGN_OR_RETURN(AddResult r, store->AddDocument(doc.meta, doc.original, events));
//   EventFilter f; f.actor = "UKR"; f.from = "2022-02-01";
//   SITREP_RETURN_IF_ERROR(store->ForEachEvent(f, [](const StoredEvent& e) { ...; return Status::OK(); }));
#ifndef SITREP_STORE_SQLITE_STORE_H_
#define SITREP_STORE_SQLITE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/document.h"
#include "sitrep/event.h"
#include "sitrep/status.h"
#include "store/dedup.h"

struct sqlite3;

namespace sitrep::store {

inline constexpr int kSchemaVersion = 3;  // store/FORMAT.md: what changed, how it migrates

struct StoreOptions {
  bool read_only = false;        // open an existing store for reading only
  int busy_timeout_ms = 10000;   // how long to wait for a lock held by another connection
  bool synchronous_full = false; // fsync every commit (survives power loss; slower)
  int64_t cache_kib = 65536;     // page cache per connection
  SyndicationOptions syndication;  // near-duplicate detection at insert
};

// Provenance written on the document and on every event row.
struct Provenance {
  std::string version, dictionaries, model;
};

enum class AddOutcome { kNew, kDuplicate };

struct AddResult {
  AddOutcome outcome = AddOutcome::kNew;
  int64_t doc_key = 0;         // rowid of the stored (or already stored) document
  std::string duplicate_of;    // id of the stored document it duplicates
  std::string reason;          // "id", "url" or "content" for duplicates
  int64_t syndicated_with = 0; // for a new near-duplicate: the cluster it joined (0 = none)
  int events = 0;              // events written
};

// Filters shared by query, export and report. Empty fields do not filter.
struct EventFilter {
  std::string actor;         // CAMEO actor code prefix matched on source or target ("UKR", "USAGOV")
  std::string code;          // CAMEO event code prefix ("19", "190", "0251")
  std::string from, to;      // inclusive YYYY-MM-DD bounds on the event date
  std::string country;       // ISO3: event located in it, or either actor belongs to it
  std::string doc_id;        // events of one document
  int lede_sentences = 0;    // > 0: only events from the article's first N sentences
                             // (sentence_index < N; 1 = the lead sentence)
  bool happened_only = false;      // drop hypothetical/future/denied/negated
  bool include_historical = true;  // false: drop background events
  bool has_box = false;      // location box (R*Tree)
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
  int64_t after_key = 0;     // keyset paging: only events with rowid > after_key
  int64_t limit = 0;         // 0 = no limit; events come in (date, rowid) order unless after_key paging
};

// One stored event with its article's metadata.
struct StoredEvent {
  int64_t key = 0;      // events.rowid
  int64_t doc_key = 0;  // documents.rowid
  int64_t cluster = 0;  // syndication cluster (documents.rowid of its first member)
  std::string publisher, published, url, title;
  std::string ingested_at;  // UTC, "2024-03-05T10:00:00Z"
  Event event;

  // The event with what cross-article merging (MergeEvents) needs of its article.
  ArticleEvent ToArticleEvent() const {
    ArticleEvent a;
    a.event = event;
    a.publisher = publisher;
    a.published = published;
    a.cluster = cluster;
    a.doc_key = doc_key;
    return a;
  }
};

struct StoredDocument {
  int64_t key = 0;
  DocumentMeta meta;
  std::string text;
  std::string status;
  int64_t cluster = 0;
  std::string version, dictionaries, model;  // provenance of its current events
};

// One (day, quad class) cell of a dyad series.
struct SeriesPoint {
  std::string date;
  int quad_class = 0;
  int64_t events = 0;
  double goldstein_sum = 0;
};

struct DyadCount {
  std::string source, target;  // actor country (ISO3) or, without one, the code
  int64_t events = 0;
  int64_t by_quad[5] = {0, 0, 0, 0, 0};  // index 1..4
};

struct StoreStats {
  int64_t documents = 0, events = 0, clusters = 0;
  std::string first_date, last_date;
};

// Default ingest batching (sitrep ingest --batch, bench/ingest_bench.cc): a
// batch is committed after this many documents or this many seconds,
// whichever comes first. Each batch is one transaction, so a killed ingest
// loses at most the open batch, and a re-run completes it. Larger batches
// write each index page fewer times (docs/store.md, "Ingest cost").
inline constexpr int kDefaultBatchDocuments = 500;
inline constexpr double kDefaultBatchSeconds = 2.0;

class SqliteStore {
 public:
  // Opens (creating unless read_only) the store at `path` and applies the
  // schema. IOError when the file cannot be opened; Corruption when it is not
  // a sitrep store or has a newer schema version.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                    const StoreOptions& options);
  ~SqliteStore();
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Explicit batch: documents added between Begin and Commit are committed
  // together. Without Begin, each AddDocument commits on its own.
  Status Begin();
  Status Commit();
  Status Rollback();
  bool in_transaction() const { return in_txn_; }

  // The duplicate a document would be (id, url, content hash), if any,
  // without writing. Cheap: call before coding to skip known documents.
  Result<std::optional<AddResult>> FindDuplicate(const DocumentMeta& meta, std::string_view text);

  // Stores a document and its events atomically (or returns kDuplicate and
  // writes nothing). `provenance` is written on every event row (the event's
  // own provenance fields win when set).
  Result<AddResult> AddDocument(const DocumentMeta& meta, std::string_view text,
                                const std::vector<Event>& events, const Provenance& provenance,
                                std::string_view status = "coded");

  // Replaces all events of a stored document atomically (recode).
  Status ReplaceEvents(int64_t doc_key, const std::vector<Event>& events,
                       const Provenance& provenance);

  // Calls `fn` for every stored document in key order (text included).
  Status ForEachDocument(const std::function<Status(const StoredDocument&)>& fn);
  Result<std::vector<int64_t>> DocumentKeys();
  Result<StoredDocument> GetDocument(int64_t doc_key);

  // Calls `fn` for each matching event (see EventFilter for order).
  Status ForEachEvent(const EventFilter& filter,
                      const std::function<Status(const StoredEvent&)>& fn);
  Result<std::vector<StoredEvent>> QueryEvents(const EventFilter& filter);
  Result<int64_t> CountEvents(const EventFilter& filter);

  // Daily event counts by quad class for events from `source` to `target`
  // (ISO3 countries of the actors), happened only, within [from, to].
  Result<std::vector<SeriesPoint>> DyadSeries(const std::string& source, const std::string& target,
                                              const std::string& from, const std::string& to);
  // The `n` most active (source country, target country) dyads under `filter`.
  Result<std::vector<DyadCount>> TopDyads(const EventFilter& filter, int n);

  Result<StoreStats> Stats();
  // PRAGMA integrity_check: OK or Corruption with SQLite's message.
  Status CheckIntegrity();

  sqlite3* handle() { return db_; }  // for tests and tools; owned by the store

 private:
  SqliteStore(sqlite3* db, StoreOptions options);
  Status Exec(const char* sql);
  Status InsertEvents(int64_t doc_key, const std::string& doc_id, const std::vector<Event>& events,
                      const Provenance& provenance);
  Result<int64_t> FindSyndicationCluster(const std::vector<uint32_t>& signature,
                                         const std::vector<uint64_t>& bands);
  // FindDuplicate with the content hash already computed.
  std::optional<AddResult> FindDuplicateWithHash(const DocumentMeta& meta,
                                                 const std::string& content_hash);
  // Schema migration to version 3: refills doc_bands from documents.minhash.
  Status RebuildBands();

  sqlite3* db_ = nullptr;
  StoreOptions options_;
  bool in_txn_ = false;
  struct Statements;
  std::unique_ptr<Statements> stmts_;
};

// Parses one sitrep.event/1 JSON object (as EventToJson writes it) back into
// an Event. InvalidArgument on malformed JSON; unknown fields are ignored.
Result<Event> EventFromJson(std::string_view json);

}  // namespace sitrep::store

#endif  // SITREP_STORE_SQLITE_STORE_H_
