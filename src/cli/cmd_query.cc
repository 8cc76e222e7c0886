// `sitrep query --db F [--actor CODE] [--code PREFIX] [--from D] [--to D]
//               [--country ISO3] [--dedup] [--lede[=N]] [--one-per-dyad-day]
//               [--format jsonl|csv|table|gdelt|plover] [--limit N]`
//
// Prints stored events: one per article by default (each article's own
// record), or merged across articles with --dedup (one per happening, with
// `sources`: articles, independent sources, publishers, first/last seen).
// Opens the store read-only, so it works while an ingest is writing.
//
// `sitrep export --db F --format gdelt|csv|jsonl|plover` (same filters) is
// registered here too: both commands share the flags and the writer code.
//
// Filters of older event datasets: --lede keeps events from the lead
// sentence (sentence index 0; --lede=N the first N sentences), and
// --one-per-dyad-day keeps one event per (source code, target code, CAMEO
// code, date), the highest-confidence one (store::OnePerDyadDay).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "store/export.h"
#include "store/sqlite_store.h"

namespace sitrep::cli {
namespace {

struct QueryFlags {
  std::string db;
  store::EventFilter filter;
  store::QueryOptions query;
  std::string format = "jsonl";
  bool facts_only = false;
  bool current_only = false;
};

int RunQuery(QueryFlags f, const char* name) {
  store::StoreOptions so;
  so.read_only = true;
  auto db = store::SqliteStore::Open(f.db, so);
  if (!db.ok()) {
    std::fprintf(stderr, "sitrep %s: %s\n", name, db.status().ToString().c_str());
    return 1;
  }
  store::FipsTable fips;
  if (f.format == "gdelt" || f.format == "plover") {
    auto t = store::FipsTable::LoadDefault();
    if (!t.ok()) {
      std::fprintf(stderr, "sitrep %s: %s\n", name, t.status().ToString().c_str());
      return 1;
    }
    fips = std::move(t).value();
  }
  auto writer = store::MakeEventWriter(f.format, &fips);
  if (!writer.ok()) {
    std::fprintf(stderr, "sitrep %s: %s\n", name, std::string(writer.status().message()).c_str());
    return 2;
  }
  f.filter.happened_only = f.facts_only;
  f.filter.include_historical = !f.current_only;
  auto n = store::ExportEvents(**db, f.filter, f.query, **writer, stdout);
  std::fflush(stdout);
  if (!n.ok()) {
    std::fprintf(stderr, "sitrep %s: %s\n", name, n.status().ToString().c_str());
    return 1;
  }
  return 0;
}

// Shared by `query` and `export` (same filters, different default format).
void AddStoreQueryFlags(CLI::App* sub, QueryFlags* f) {
  sub->add_option("--db", f->db, "Store file")->required()->check(CLI::ExistingFile);
  sub->add_option("--actor", f->filter.actor, "CAMEO actor code prefix, source or target (UKR, USAGOV)");
  sub->add_option("--code", f->filter.code, "CAMEO event code prefix (19, 190, 0251)");
  sub->add_option("--from", f->filter.from, "First event date, YYYY-MM-DD");
  sub->add_option("--to", f->filter.to, "Last event date, YYYY-MM-DD (inclusive)");
  sub->add_option("--country", f->filter.country,
                  "ISO3: events located in the country or with an actor from it");
  sub->add_option("--doc", f->filter.doc_id, "Events of one document id");
  sub->add_flag("--dedup", f->query.dedup, "Merge events across articles (adds `sources`)");
  sub->add_option("--window-days", f->query.merge.date_window_days,
                  "--dedup: days between reports of one happening (default 1)");
  sub->add_option("--max-km", f->query.merge.max_distance_km,
                  "--dedup: km between places of one happening (default 50)");
  sub->add_flag("--facts-only", f->facts_only,
                "Leave out negated, hypothetical, future and denied events");
  sub->add_flag("--current-only", f->current_only, "Leave out historical (background) events");
  sub->add_flag("--lede{1}", f->filter.lede_sentences,
                "Only events from each article's first N sentences: --lede is the lead sentence, "
                "--lede=3 the first three");
  sub->add_flag("--one-per-dyad-day", f->query.one_per_dyad_day,
                "One event per source, target, CAMEO code and day: the highest-confidence one "
                "(after --dedup when both are given)");
  sub->add_option("--limit", f->query.limit, "At most N events (0 = all)");
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<QueryFlags>();
  auto* sub = app.add_subcommand(
      "query", "Print stored events (per article; merged across articles with --dedup)");
  AddStoreQueryFlags(sub, f.get());
  sub->add_option("--format", f->format, "jsonl (default), csv, table, gdelt, plover")
      ->check(CLI::IsMember({"jsonl", "csv", "table", "gdelt", "plover"}));
  sub->callback([f, exit_code] { *exit_code = RunQuery(*f, "query"); });
}
SITREP_REGISTER_COMMAND(Setup);

void SetupExport(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<QueryFlags>();
  f->format = "";
  auto* sub = app.add_subcommand(
      "export", "Export stored events as GDELT 2.0 TSV, CSV, JSON Lines or PLOVER-style JSON");
  AddStoreQueryFlags(sub, f.get());
  sub->add_option("--format", f->format, "gdelt, csv, jsonl, plover")
      ->required()
      ->check(CLI::IsMember({"gdelt", "csv", "jsonl", "plover"}));
  sub->callback([f, exit_code] { *exit_code = RunQuery(*f, "export"); });
}
SITREP_REGISTER_COMMAND(SetupExport);

}  // namespace
}  // namespace sitrep::cli
