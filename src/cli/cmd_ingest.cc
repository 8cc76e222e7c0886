// `sitrep ingest --db F [--input ...] [--id/--date/--source/--url]
//                [--on-error skip|fail] [--batch N] FILE...|-`
//
// Reads documents, skips those already stored (same id, URL or content
// hash: counted as duplicates, not coded again), codes the rest and stores
// each document with its events atomically. Documents are committed in
// batches (--batch, and at least every 2 seconds), so a killed ingest keeps
// every committed batch and re-running it completes the rest without
// duplicates. Progress goes to stderr: a one-line bar redrawn in place when
// stderr is a terminal, else a line every 10 seconds; a summary at the end.
// Bad records are reported as "FILE:LINE: message" and skipped.
//
// --watch DIR: after the FILEs (if any) and everything already in DIR
// (recursively), keeps watching DIR (ingest/dir_watcher.h: inotify, new
// subdirectories included) and ingests each file that arrives complete
// (closed after writing, or renamed/moved in) once, committing each group of
// arrivals as one batch and printing a line per file. It runs until SIGINT
// or SIGTERM.
//
// Stopping. On the first SIGINT/SIGTERM the document being coded is
// finished, the open batch is committed and the summary printed: stored data
// is never lost, and a re-run picks up where this one stopped (documents
// already stored are duplicates, skipped before coding). A second signal
// ends the process at once (the open batch is rolled back by SQLite).
// Without --watch an interrupted ingest exits with 130.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/common.h"
#include "ingest/dir_watcher.h"
#include "ingest/reader.h"
#include "store/sqlite_store.h"

namespace sitrep::cli {
namespace {

struct IngestFlags {
  InputFlags in;
  std::string db;
  int batch = store::kDefaultBatchDocuments;
  bool quiet = false;
  std::string watch;   // --watch DIR
  int settle_ms = 2000;
};

// Set by SIGINT/SIGTERM; the watcher is woken so that a waiting Poll returns.
volatile std::sig_atomic_t g_stop = 0;
ingest::DirWatcher* g_watcher = nullptr;

void OnStopSignal(int) {
  g_stop = 1;
  if (g_watcher != nullptr) g_watcher->Wake();  // async-signal-safe (eventfd write)
}

void InstallStopHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // a second signal takes the default action: exit now
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

using Clock = std::chrono::steady_clock;

class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), tty_(isatty(STDERR_FILENO) == 1) {}

  void Update(size_t fresh, size_t dup, size_t skipped, size_t events, bool force = false) {
    if (quiet_) return;
    const auto now = Clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (!force && since < (tty_ ? 0.1 : 10.0)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const size_t docs = fresh + dup + skipped;
    char line[256];
    std::snprintf(line, sizeof line,
                  "%zu documents (%zu new, %zu duplicate, %zu skipped), %zu events, %.1f docs/s",
                  docs, fresh, dup, skipped, events, secs > 0 ? docs / secs : 0.0);
    if (tty_) {
      // A bar that fills and restarts: input size is unknown for streams.
      const int width = 20, pos = static_cast<int>(docs / 10 % (width + 1));
      std::string bar(static_cast<size_t>(pos), '#');
      bar.append(static_cast<size_t>(width - pos), '.');
      std::fprintf(stderr, "\r\x1b[K[%s] %s", bar.c_str(), line);
      drawn_ = true;
    } else {
      std::fprintf(stderr, "sitrep ingest: %s\n", line);
    }
    std::fflush(stderr);
  }
  // Clears the bar before another message is printed on stderr.
  void Clear() {
    if (drawn_) std::fprintf(stderr, "\r\x1b[K");
    drawn_ = false;
  }
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  bool quiet_, tty_;
  bool drawn_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
};

int RunIngest(const IngestFlags& f) {
  ingest::ReadOptions ro;
  auto fmt = ingest::ParseInputFormat(f.in.input);
  if (!fmt.ok()) {
    std::fprintf(stderr, "sitrep ingest: %s\n", std::string(fmt.status().message()).c_str());
    return 2;
  }
  ro.format = *fmt;
  if (!f.in.date.empty()) {
    if (Status s = ingest::ValidateDate(f.in.date); !s.ok()) {
      std::fprintf(stderr, "sitrep ingest: --date: %s\n", std::string(s.message()).c_str());
      return 2;
    }
  }
  ro.defaults.date = f.in.date;
  ro.defaults.source = f.in.source;
  ro.defaults.url = f.in.url;

  if (f.in.files.empty() && f.watch.empty()) {
    std::fprintf(stderr, "sitrep ingest: give FILE... (or - for standard input) or --watch DIR\n");
    return 2;
  }
  // The watch starts before anything is read, so that a file arriving while
  // the directory's current content is ingested is not missed.
  std::unique_ptr<ingest::DirWatcher> watcher;
  if (!f.watch.empty()) {
    ingest::DirWatchOptions wo;
    wo.settle_ms = f.settle_ms;
    auto w = ingest::DirWatcher::Open(f.watch, wo);
    if (!w.ok()) {
      std::fprintf(stderr, "sitrep ingest: --watch: %s\n", std::string(w.status().message()).c_str());
      return w.status().code() == Status::Code::kResourceExhausted ? 1 : 2;
    }
    watcher = std::move(w).value();
  }

  auto store = store::SqliteStore::Open(f.db, store::StoreOptions{});
  if (!store.ok()) {
    std::fprintf(stderr, "sitrep ingest: %s\n", store.status().ToString().c_str());
    return 1;
  }
  auto engine = MakeEngine();
  if (!engine) return 1;
  const store::Provenance prov{engine->version(), engine->dictionaries_hash(),
                               engine->model_hash()};

  const bool fail_fast = f.in.on_error == "fail";
  Progress progress(f.quiet);
  size_t fresh = 0, dup = 0, skipped = 0, events = 0, syndicated = 0;
  size_t in_batch = 0;
  auto batch_started = Clock::now();
  bool warned = false;
  auto report = [&](const std::string& where, const Status& s) {
    progress.Clear();
    std::fprintf(stderr, "%s: %s\n", where.c_str(), std::string(s.message()).c_str());
  };
  auto commit = [&]() -> Status {
    if (!(*store)->in_transaction()) return Status::OK();
    in_batch = 0;
    return (*store)->Commit();
  };
  Status fatal;  // a store failure stops the run whatever --on-error says

  g_stop = 0;
  g_watcher = watcher.get();
  InstallStopHandlers();
  const Status kStopped = Status::Unavailable("interrupted");

  auto sink = [&](Document&& doc) -> Status {
    if (g_stop) return kStopped;  // finish here; the open batch is committed below
    const std::string where = doc.meta.origin.empty() ? doc.meta.id : doc.meta.origin;
    if (!(*store)->in_transaction()) {
      if (Status s = (*store)->Begin(); !s.ok()) return fatal = s;
      batch_started = Clock::now();
    }
    auto known = (*store)->FindDuplicate(doc.meta, doc.original);
    if (!known.ok()) return fatal = known.status();
    if (known->has_value()) {
      ++dup;
    } else {
      DocumentMeta meta = doc.meta;
      std::string text = doc.original;
      Result<DocumentResult> coded = engine->Code(std::move(doc));
      if (!coded.ok()) {
        ++skipped;
        report(where, coded.status());
        if (fail_fast) return coded.status();
      } else {
        if (!warned) {
          for (const auto& w : coded->warnings) {
            progress.Clear();
            std::fprintf(stderr, "sitrep: warning: %s\n", w.c_str());
          }
          warned = true;
        }
        auto added = (*store)->AddDocument(meta, text, coded->events, prov);
        if (!added.ok()) return fatal = added.status();
        if (added->outcome == store::AddOutcome::kDuplicate) {
          ++dup;
        } else {
          ++fresh;
          events += static_cast<size_t>(added->events);
          if (added->syndicated_with != 0) ++syndicated;
          ++in_batch;
        }
      }
    }
    const double age = std::chrono::duration<double>(Clock::now() - batch_started).count();
    if (in_batch >= static_cast<size_t>(std::max(1, f.batch)) || age >= store::kDefaultBatchSeconds) {
      if (Status s = commit(); !s.ok()) return fatal = s;
      progress.Update(fresh, dup, skipped, events);
    }
    return Status::OK();
  };
  auto errors = [&](const std::string& where, const Status& err) -> Status {
    ++skipped;
    report(where, err);
    return fail_fast ? err : Status::OK();
  };

  bool failed = false;
  // Reads one input; false when the run must stop (store failure, --on-error
  // fail, or a stop signal).
  auto read_one = [&](const std::string& path, const std::string& id) {
    ro.defaults.id = id;
    Status s = ingest::ReadInput(path, ro, sink, errors);
    if (g_stop) return false;
    if (!s.ok()) {
      failed = true;
      if (fatal.ok() && !fail_fast) report(path, s);  // unreadable file: go on with the others
      if (!fatal.ok() || fail_fast) return false;
    }
    return true;
  };
  bool go_on = true;
  for (const std::string& path : f.in.files) {
    go_on = read_one(path, f.in.files.size() == 1 && f.watch.empty() ? f.in.id : std::string());
    if (!go_on) break;
  }
  if (go_on && watcher) go_on = read_one(f.watch, std::string());
  bool watch_failed = false;
  if (go_on && watcher && fatal.ok()) {
    if (Status s = commit(); !s.ok()) fatal = s;
    progress.Update(fresh, dup, skipped, events, /*force=*/true);
    progress.Clear();
    if (!f.quiet) {
      std::fprintf(stderr, "sitrep ingest: watching %s (%zu directories) for new files; "
                   "SIGINT or SIGTERM stops\n",
                   watcher->root().c_str(), watcher->watched_directories());
    }
    while (!g_stop && fatal.ok()) {
      ingest::DirWatcher::PollResult arrived;
      Status ps = watcher->Poll(1000, &arrived);
      for (const std::string& w : arrived.warnings) {
        std::fprintf(stderr, "sitrep ingest: warning: %s\n", w.c_str());
      }
      if (!ps.ok()) {
        std::fprintf(stderr, "sitrep ingest: %s\n", std::string(ps.message()).c_str());
        watch_failed = true;
        break;
      }
      bool stop = false;
      for (const std::string& path : arrived.files) {
        const size_t fresh0 = fresh, dup0 = dup, skipped0 = skipped, events0 = events;
        stop = !read_one(path, std::string());
        if (!f.quiet && !g_stop) {
          std::fprintf(stderr, "sitrep ingest: %s: %zu new, %zu duplicate, %zu skipped, %zu events\n",
                       path.c_str(), fresh - fresh0, dup - dup0, skipped - skipped0, events - events0);
        }
        if (stop) break;
      }
      if (fatal.ok()) {
        if (Status s = commit(); !s.ok()) fatal = s;  // each group of arrivals is one batch
      }
      if (stop && !g_stop) break;  // --on-error fail
    }
  }
  g_watcher = nullptr;
  const bool interrupted = g_stop != 0;
  if (interrupted && fatal.ok()) {
    progress.Clear();
    std::fprintf(stderr, "sitrep ingest: stopping on signal; committing the open batch\n");
  }
  if (!fatal.ok()) {
    (void)(*store)->Rollback();
    progress.Clear();
    std::fprintf(stderr, "sitrep ingest: store error: %s\n", fatal.ToString().c_str());
  } else if (Status s = commit(); !s.ok()) {
    progress.Clear();
    std::fprintf(stderr, "sitrep ingest: store error: %s\n", s.ToString().c_str());
    return 1;
  }
  progress.Clear();
  const double secs = progress.Seconds();
  std::fprintf(stderr,
               "sitrep ingest: %zu documents new, %zu duplicate, %zu skipped; %zu events "
               "stored; %zu syndicated copies; %.1f s (%.1f docs/s)\n",
               fresh, dup, skipped, events, syndicated, secs,
               secs > 0 ? (fresh + dup + skipped) / secs : 0.0);
  if (!fatal.ok() || watch_failed) return 1;
  if (interrupted && !watcher) return 130;  // stopped before the end of the input
  if (watcher) return failed && fail_fast ? 1 : 0;  // a watch ends by signal; bad files
                                                    // were reported as they came
  return failed ? 1 : 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<IngestFlags>();
  auto* sub = app.add_subcommand(
      "ingest", "Code documents and store them with their events in a SQLite store (idempotent)");
  sub->add_option("--db", f->db, "Store file (created when missing)")->required();
  AddInputFlags(sub, &f->in, /*files_required=*/false);
  sub->add_option("--watch", f->watch,
                  "After the FILEs and what DIR holds, keep ingesting files that arrive in DIR "
                  "(recursively) until SIGINT/SIGTERM")
      ->check(CLI::ExistingDirectory);
  sub->add_option("--watch-settle-ms", f->settle_ms,
                  "Quiet time before a file found by a scan (not by its close event) counts as "
                  "complete (default 2000)")
      ->check(CLI::Range(0, 600000))
      ->group("");  // hidden: a tuning knob
  sub->add_option("--batch", f->batch, "Documents per committed transaction (default 500; a batch is also committed every 2 s)")
      ->check(CLI::Range(1, 100000));
  sub->add_flag("--quiet,-q", f->quiet, "No progress output (the summary is still printed)");
  sub->callback([f, exit_code] { *exit_code = RunIngest(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
