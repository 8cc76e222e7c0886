// `sitrep code`: code documents and print one event per line (CLI.md).
#include <cstdio>
#include <memory>
#include <optional>

#include "cli/command.h"
#include "cli/common.h"
#include "store/event_json.h"
#include "store/export.h"

namespace sitrep::cli {
namespace {

struct CodeFlags {
  InputFlags in;
  std::string format = "jsonl";
  bool facts_only = false;
};

int RunCode(const CodeFlags& f) {
  auto engine = MakeEngine();
  if (!engine) return 1;
  bool warned = false;
  ReadStats st;
  // CSV and GDELT TSV use the same writers as `sitrep export`.
  std::unique_ptr<store::EventWriter> writer;
  std::optional<store::FipsTable> fips;
  if (f.format != "jsonl") {
    auto table = store::FipsTable::LoadDefault();
    if (table.ok()) fips = std::move(table).value();
    auto w = store::MakeEventWriter(f.format, fips ? &*fips : nullptr);
    if (!w.ok()) {
      std::fprintf(stderr, "sitrep code: %s\n", w.status().ToString().c_str());
      return 2;
    }
    writer = std::move(w).value();
    std::string h = writer->Header();
    std::fwrite(h.data(), 1, h.size(), stdout);
  }
  int rc = ForEachDocument(f.in, [&](Document&& d) -> Status {
    SITREP_ASSIGN_OR_RETURN(DocumentResult r, engine->Code(std::move(d)));
    if (!warned) {
      for (const auto& w : r.warnings) std::fprintf(stderr, "sitrep: warning: %s\n", w.c_str());
      warned = true;
    }
    for (const Event& e : r.events) {
      if (f.facts_only && !e.Happened()) continue;
      std::string line;
      if (writer) {
        store::ExportRecord rec;
        rec.event = &e;
        rec.publisher = r.doc.meta.source;
        rec.published = r.doc.meta.date;
        rec.url = r.doc.meta.url;
        rec.title = r.doc.meta.title;
        line = writer->Write(rec);
      } else {
        line = store::EventToJson(e);
        line += '\n';
      }
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return Status::OK();
  }, &st);
  return rc;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<CodeFlags>();
  auto* sub = app.add_subcommand("code", "Code documents into events (JSON Lines, one event per line)");
  AddInputFlags(sub, &f->in);
  sub->add_option("--format", f->format, "Output format: jsonl (default), csv, gdelt (GDELT 2.0 event TSV)")->check(CLI::IsMember({"jsonl", "csv", "gdelt"}));
  sub->add_flag("--facts-only", f->facts_only, "Leave out negated, hypothetical, future and denied events");
  sub->callback([f, exit_code] { *exit_code = RunCode(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
