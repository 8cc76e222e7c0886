// Server: sitrep's HTTP JSON API and dashboard (cpp-httplib from Debian).
//
// Routes (docs/api.md has the parameters and response shapes):
//   GET  /api/health           liveness and what is loaded
//   GET  /api/events           stored events: filters, keyset paging, json|jsonl|csv|gdelt
//   GET  /api/dyads            most active dyads with counts by quad class
//   GET  /api/series           per day or week: counts by quad class, shares,
//                              Goldstein mean, fatalities (dyad or country)
//   GET  /api/documents/{id}   article text with actor, verb, place and number spans
//   GET  /api/alerts           stored escalation alerts (live=1: computed now)
//   POST /api/code             code a posted article (JSON or raw text); nothing stored
//   POST /api/ingest           code and store articles; needs the start-up token
//   GET  /metrics              Prometheus text format
//   GET  /, /<file>            the dashboard (web/), /vendor/* from node_modules
//
// Safety: binds 127.0.0.1 unless told otherwise; body size, read/write and
// keep-alive limits (cpp-httplib's compiled-in limits cap a request line and
// each header at 8 KiB); every query parameter is validated
// (serve/query_params.h) and bound into prepared statements; static files
// are served only from a fixed allow-list of characters and must resolve
// inside their folder; the write endpoint compares the token in constant
// time. Exceptions thrown by third-party code inside a handler are caught by
// one handler and answered with 500.
//
// Thread safety: handlers run on the server's thread pool. Each request
// borrows its own read-only store connection from a pool; ingest writes go
// through one writer connection under a mutex. The Engine is shared (its
// Code() is const and thread-safe) and must outlive the Server.
#ifndef SITREP_SERVE_SERVER_H_
#define SITREP_SERVE_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "monitor/escalation.h"
#include "sitrep/engine.h"
#include "sitrep/status.h"

namespace sitrep::serve {

struct ServerOptions {
  std::string db_path;             // "" = no store: only health, code, metrics, static
  std::string bind = "127.0.0.1";  // loopback unless asked
  int port = 8080;                 // 0 = any free port (see Bind())
  std::string token;               // POST /api/ingest needs it; "" = ingest always 401
  std::string web_dir;             // "" = find web/ (SITREP_HOME, beside the binary, source tree)
  std::string vendor_dir;          // "" = find node_modules/ the same way
  size_t threads = 0;              // worker threads; 0 = 64 (one per keep-alive connection)
  size_t max_body_bytes = 2u << 20;
  int read_timeout_s = 5;
  int write_timeout_s = 10;
  int keep_alive_s = 5;
  size_t keep_alive_max = 1000;    // requests per connection
  int64_t max_page = 5000;         // largest `limit`
  int64_t reader_cache_kib = 8192; // page cache per pooled read connection
  monitor::EscalationOptions escalation;  // for /api/alerts?live=1
};

class Server {
 public:
  // `engine` may be null: /api/code and /api/ingest then answer 503. Opens
  // (creating when missing) the store and its alerts table.
  static Result<std::unique_ptr<Server>> Create(const ServerOptions& options, const Engine* engine);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket; returns the port (useful with port 0).
  Result<int> Bind();
  // Serves until Stop() (call Bind() first). Returns when stopped.
  Status Listen();
  // Stops a running Listen() from any thread.
  void Stop();
  // True once Listen() is accepting connections.
  bool running() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep::serve

#endif  // SITREP_SERVE_SERVER_H_
