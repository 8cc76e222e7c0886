// `sitrep report --db F [--from D] [--to D] [--country ISO3] [--format md|html]
//                [--top N] [--out FILE]`
//
// Writes a situation report for the period (store/report.h): casualty totals
// without double counting, the top happenings with evidence, the most active
// dyads with their conflict/cooperation trend, and a map (HTML). Opens the
// store read-only.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "store/report.h"
#include "store/sqlite_store.h"

namespace sitrep::cli {
namespace {

struct ReportFlags {
  std::string db, out;
  store::ReportOptions report;
};

int RunReport(const ReportFlags& f) {
  store::StoreOptions so;
  so.read_only = true;
  auto db = store::SqliteStore::Open(f.db, so);
  if (!db.ok()) {
    std::fprintf(stderr, "sitrep report: %s\n", db.status().ToString().c_str());
    return 1;
  }
  auto page = store::BuildReport(**db, f.report);
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
  sub->callback([f, exit_code] { *exit_code = RunReport(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
