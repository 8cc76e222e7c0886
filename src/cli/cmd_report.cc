// `sitrep report --db F [--from D] [--to D] [--country ISO3] [--format md|html]
//                [--top N] [--out FILE]`
//
// Writes a situation report for the period (store/report.h): casualty totals
// without double counting, the top happenings with evidence, the most active
// dyads with their conflict/cooperation trend, a map (HTML), and the
// escalation signals. Opens the store read-only.
//
// Escalation signals: the alerts `sitrep watch` stored for the period; when
// there are none, this command runs the escalation monitor itself
// (monitor/escalation.h, the options of `sitrep watch`) on every day of the
// period -- the last 28 days up to the latest event when --from is not
// given; at most the last 366 days -- and an alert for a series is not
// repeated within the recent window after it, as `sitrep watch` does. The report writer gets them as
// plain data (the store stage sits below the monitor).
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "cli/command.h"
#include "monitor/escalation.h"
#include "monitor/series.h"
#include "monitor/store_source.h"
#include "store/report.h"
#include "store/sqlite_store.h"

namespace sitrep::cli {
namespace {

struct ReportFlags {
  std::string db, out;
  store::ReportOptions report;
  monitor::EscalationOptions esc;
  bool live_signals = true;
};

// Runs the monitor over the report period; the signals it raises, in the
// report's plain form.
Status ComputeSignals(store::SqliteStore& db, const ReportFlags& f,
                      std::vector<store::EscalationSignal>* out, std::string* tested_from,
                      std::string* tested_to) {
  sqlite3* h = db.handle();
  SITREP_ASSIGN_OR_RETURN(std::string latest, monitor::LatestEventDate(h));
  int64_t last = 0;
  if (!monitor::DayOfDate(latest, &last)) return Status::OK();  // no dated events
  int64_t to = last, from = 0;
  if (!f.report.to.empty() && monitor::DayOfDate(f.report.to, &to)) to = std::min(to, last);
  if (f.report.from.empty() || !monitor::DayOfDate(f.report.from, &from)) from = to - 27;
  if (from > to) return Status::OK();
  if (to - from > 365) {  // one evaluation per day: keep long periods bounded
    from = to - 365;
    std::fprintf(stderr, "sitrep report: escalation signals computed for the last 366 days of the "
                         "period only\n");
  }
  *tested_from = monitor::DateOfDay(from);
  *tested_to = monitor::DateOfDay(to);
  monitor::SeriesSet set;
  SITREP_RETURN_IF_ERROR(monitor::LoadSeries(
      h, monitor::DateOfDay(from - f.esc.recent_days - f.esc.baseline_days), monitor::DateOfDay(to),
      &set));
  std::map<std::string, int64_t> last_alert;  // series id -> window end of its last alert
  for (int64_t day = from; day <= to; ++day) {
    for (const monitor::Alert& a : monitor::DetectEscalation(set, day, f.esc)) {
      const std::string series = std::string(monitor::SeriesKindName(a.test.kind)) + ":" + a.test.key;
      auto it = last_alert.find(series);
      if (it != last_alert.end() && day - it->second <= f.esc.recent_days) continue;
      last_alert[series] = day;
      auto sig = store::SignalFromAlertJson(monitor::AlertToJson(a));
      if (sig.ok()) out->push_back(std::move(sig).value());
    }
  }
  return Status::OK();
}

int RunReport(const ReportFlags& f) {
  store::StoreOptions so;
  so.read_only = true;
  auto db = store::SqliteStore::Open(f.db, so);
  if (!db.ok()) {
    std::fprintf(stderr, "sitrep report: %s\n", db.status().ToString().c_str());
    return 1;
  }
  store::ReportOptions options = f.report;
  if (f.live_signals) {
    auto stored = store::StoredSignals(**db, options);
    if (stored.ok() && stored->empty()) {
      Status st = ComputeSignals(**db, f, &options.computed_signals, &options.computed_from,
                                 &options.computed_to);
      if (st.ok()) {
        options.signals_computed = true;
      } else {
        std::fprintf(stderr, "sitrep report: warning: escalation signals not computed: %s\n",
                     st.ToString().c_str());
      }
    }
  }
  auto page = store::BuildReport(**db, options);
  if (!page.ok()) {
    std::fprintf(stderr, "sitrep report: %s\n", std::string(page.status().message()).c_str());
    return page.status().code() == Status::Code::kInvalidArgument ? 2 : 1;
  }
  std::FILE* out = stdout;
  if (!f.out.empty() && f.out != "-") {
    out = std::fopen(f.out.c_str(), "wb");
    if (out == nullptr) {
      std::fprintf(stderr, "sitrep report: cannot write %s\n", f.out.c_str());
      return 1;
    }
  }
  std::fwrite(page->data(), 1, page->size(), out);
  if (out != stdout) std::fclose(out);
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<ReportFlags>();
  auto* sub = app.add_subcommand("report", "Situation report for a period (Markdown or HTML)");
  sub->add_option("--db", f->db, "Store file")->required()->check(CLI::ExistingFile);
  sub->add_option("--from", f->report.from, "First day, YYYY-MM-DD");
  sub->add_option("--to", f->report.to, "Last day, YYYY-MM-DD (inclusive)");
  sub->add_option("--country", f->report.country,
                  "ISO3: events located in the country or with an actor from it");
  sub->add_option("--format", f->report.format, "md (default) or html")
      ->check(CLI::IsMember({"md", "html"}));
  sub->add_option("--top", f->report.top_events, "Top happenings listed (default 10)");
  sub->add_option("--dyads", f->report.top_dyads, "Dyads charted (default 6)");
  sub->add_option("--window-days", f->report.merge.date_window_days,
                  "Days between reports of one happening (default 1)");
  sub->add_option("--max-km", f->report.merge.max_distance_km,
                  "Km between places of one happening (default 50)");
  sub->add_option("--out,-o", f->out, "Write to FILE instead of standard output");
  sub->add_option("--signals", f->report.max_signals, "Escalation signals told in full (default 10)");
  sub->add_flag("!--no-live-signals", f->live_signals,
                "Only stored alerts: do not run the escalation monitor when none are stored");
  sub->add_option("--recent-days", f->esc.recent_days,
                  "Monitor: recent window in days (default 7; as sitrep watch)")
      ->check(CLI::Range(1, 365));
  sub->add_option("--baseline-days", f->esc.baseline_days,
                  "Monitor: baseline window in days (default 28)")
      ->check(CLI::Range(1, 3650));
  sub->add_option("--fdr", f->esc.fdr_q, "Monitor: Benjamini-Hochberg level (default 1e-4)")
      ->check(CLI::Range(0.0, 1.0));
  sub->callback([f, exit_code] { *exit_code = RunReport(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
