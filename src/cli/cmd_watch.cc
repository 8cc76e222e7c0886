// `sitrep watch --db F [--interval S] [--webhook URL] [--once] [--since D]`:
// runs the escalation monitor (src/monitor/escalation.h) whenever ingests
// change the store, prints each new alert as one JSON line on stdout, stores
// it in the store's `alerts` table, and POSTs it to a webhook
// (monitor/webhook.h: retries transient failures; a failed delivery is a
// warning on stderr, and the alert stays stored).
//
// An escalation is reported once: an alert for a series that already alerted
// within the last `recent_days` days (by window end) is not repeated.
// --since D evaluates every day from D to the latest event date (backfill);
// otherwise only the latest date is evaluated on each change.
#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>

#include <httplib.h>

#include "cli/command.h"
#include "monitor/escalation.h"
#include "monitor/series.h"
#include "monitor/store_source.h"
#include "monitor/webhook.h"
#include "store/sqlite_store.h"

namespace sitrep::cli {
namespace {

struct WatchFlags {
  std::string db;
  double interval = 60;
  std::string webhook;
  bool once = false;
  std::string since;
  monitor::EscalationOptions esc;
  std::string volume = "articles";
  monitor::WebhookOptions hook;
};

volatile std::sig_atomic_t g_stop = 0;
void OnSignal(int) { g_stop = 1; }

// The https transport of the webhook (monitor/webhook.h speaks plain http
// itself; TLS comes from cpp-httplib, built with OpenSSL on Debian).
monitor::HttpReply PostHttps(const monitor::WebhookUrl& url, const std::string& body,
                             const monitor::WebhookOptions& o) {
  monitor::HttpReply reply;
  httplib::Client client(url.origin());
  client.set_connection_timeout(std::chrono::milliseconds(o.connect_timeout_ms));
  client.set_read_timeout(std::chrono::milliseconds(o.io_timeout_ms));
  client.set_write_timeout(std::chrono::milliseconds(o.io_timeout_ms));
  httplib::Headers headers = {{"User-Agent", o.user_agent}};
  auto r = client.Post(url.path.c_str(), headers, body, "application/json");
  if (!r) {
    reply.error = httplib::to_string(r.error());
  } else {
    reply.status = r->status;
  }
  return reply;
}

// A cheap fingerprint of the store's content: changes when documents or
// events are added or replaced.
Result<std::string> Fingerprint(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT (SELECT ifnull(max(key), 0) FROM documents), "
                         "(SELECT ifnull(max(key), 0) FROM events), (SELECT count(*) FROM documents)",
                         -1, &s, nullptr) != SQLITE_OK) {
    return Status::Internal(std::string("fingerprint: ") + sqlite3_errmsg(db));
  }
  std::string out;
  if (sqlite3_step(s) == SQLITE_ROW) {
    out = std::to_string(sqlite3_column_int64(s, 0)) + "/" + std::to_string(sqlite3_column_int64(s, 1)) +
          "/" + std::to_string(sqlite3_column_int64(s, 2));
  }
  sqlite3_finalize(s);
  return out;
}

// One pass: evaluates the days [first, last] and reports new alerts.
Status Evaluate(const WatchFlags& f, sqlite3* db, int64_t first, int64_t last, int* reported) {
  monitor::SeriesSet set;
  SITREP_RETURN_IF_ERROR(monitor::LoadSeries(
      db, monitor::DateOfDay(first - f.esc.recent_days - f.esc.baseline_days), monitor::DateOfDay(last),
      &set));
  for (int64_t day = first; day <= last; ++day) {
    for (const monitor::Alert& a : monitor::DetectEscalation(set, day, f.esc)) {
      SITREP_ASSIGN_OR_RETURN(bool repeated, monitor::RecentlyAlerted(db, a, f.esc.recent_days));
      if (repeated) continue;
      SITREP_ASSIGN_OR_RETURN(bool is_new, monitor::SaveAlert(db, a));
      if (!is_new) continue;
      std::string json = monitor::AlertToJson(a);
      std::printf("%s\n", json.c_str());
      std::fflush(stdout);
      ++*reported;
      if (!f.webhook.empty()) {
        // The alert is stored and printed already: a failed POST loses nothing.
        auto sent = monitor::DeliverWebhook(f.webhook, json, f.hook, PostHttps);
        if (!sent.ok()) {
          std::fprintf(stderr, "sitrep watch: warning: alert %s not delivered: %s\n", a.id.c_str(),
                       std::string(sent.status().message()).c_str());
        }
      }
    }
  }
  return Status::OK();
}

int RunWatch(WatchFlags f) {
  f.esc.volume = f.volume == "series" ? monitor::VolumeBasis::kSeriesEvents
                                      : monitor::VolumeBasis::kArticles;
  if (!f.webhook.empty()) {
    if (auto u = monitor::ParseWebhookUrl(f.webhook); !u.ok()) {
      std::fprintf(stderr, "sitrep watch: --webhook: %s\n", std::string(u.status().message()).c_str());
      return 2;
    }
  }
  auto opened = store::SqliteStore::Open(f.db, store::StoreOptions{});
  if (!opened.ok()) {
    std::fprintf(stderr, "sitrep watch: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  auto store = std::move(opened).value();
  sqlite3* db = store->handle();
  if (Status st = monitor::EnsureAlertTable(db); !st.ok()) {
    std::fprintf(stderr, "sitrep watch: %s\n", st.ToString().c_str());
    return 1;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::string last_fingerprint;
  bool first_pass = true;
  int total = 0;
  while (!g_stop) {
    auto fp = Fingerprint(db);
    if (!fp.ok()) {
      std::fprintf(stderr, "sitrep watch: %s\n", fp.status().ToString().c_str());
      return 1;
    }
    if (*fp != last_fingerprint) {
      last_fingerprint = *fp;
      auto latest = monitor::LatestEventDate(db);
      int64_t last = 0;
      if (latest.ok() && monitor::DayOfDate(*latest, &last)) {
        int64_t first = last;
        if (first_pass && !f.since.empty()) {
          if (!monitor::DayOfDate(f.since, &first)) {
            std::fprintf(stderr, "sitrep watch: --since: expected YYYY-MM-DD\n");
            return 2;
          }
        }
        int reported = 0;
        Status st = Evaluate(f, db, std::min(first, last), last, &reported);
        if (!st.ok()) {
          std::fprintf(stderr, "sitrep watch: %s\n", st.ToString().c_str());
          return 1;
        }
        total += reported;
        std::fprintf(stderr, "sitrep watch: evaluated through %s: %d new alert(s)\n",
                     latest->c_str(), reported);
      } else {
        std::fprintf(stderr, "sitrep watch: no dated events yet\n");
      }
      first_pass = false;
    }
    if (f.once) break;
    auto until = std::chrono::steady_clock::now() +
                 std::chrono::milliseconds(static_cast<int64_t>(f.interval * 1000));
    while (!g_stop && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::fprintf(stderr, "sitrep watch: %d alert(s) reported\n", total);
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<WatchFlags>();
  auto* sub = app.add_subcommand("watch", "Escalation alerts as the store changes (JSON lines)");
  sub->add_option("--db", f->db, "Store file")->required();
  sub->add_option("--interval", f->interval, "Seconds between checks for new data (default 60)")
      ->check(CLI::Range(0.1, 86400.0));
  sub->add_option("--webhook", f->webhook, "POST each alert (JSON) to this http(s) URL");
  sub->add_option("--webhook-tries", f->hook.attempts,
                  "Tries per alert; connection errors, 429 and 5xx are retried (default 3)")
      ->check(CLI::Range(1, 10));
  sub->add_flag("--once", f->once, "Evaluate once and exit");
  sub->add_option("--since", f->since, "Also evaluate every day from this date (YYYY-MM-DD) on the first pass");
  sub->add_option("--recent-days", f->esc.recent_days, "Recent window in days (default 7)")
      ->check(CLI::Range(1, 365));
  sub->add_option("--baseline-days", f->esc.baseline_days, "Baseline window in days (default 28)")
      ->check(CLI::Range(1, 3650));
  sub->add_option("--fdr", f->esc.fdr_q, "Benjamini-Hochberg level across series (default 1e-4)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--min-ratio", f->esc.min_ratio, "Smallest recent/baseline conflict rate ratio (default 2)");
  sub->add_option("--min-events", f->esc.min_recent_conflict, "Fewest recent conflict events (default 5)");
  sub->add_option("--min-sources", f->esc.min_sources, "Fewest independent sources (default 2)");
  sub->add_option("--volume", f->volume, "News volume: articles (store-wide) or series (own events)")
      ->check(CLI::IsMember({"articles", "series"}));
  sub->callback([f, exit_code] { *exit_code = RunWatch(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
