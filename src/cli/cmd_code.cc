// `sitrep code`: code documents and print one event per line (CLI.md).
#include <cstdio>
#include <memory>

#include "cli/command.h"
#include "cli/common.h"
#include "store/event_json.h"

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
  if (f.format != "jsonl") {
    std::fprintf(stderr, "sitrep code: --format %s: use `sitrep export` on a store for csv/gdelt; "
                         "writing jsonl\n", f.format.c_str());
  }
  int rc = ForEachDocument(f.in, [&](Document&& d) -> Status {
    SITREP_ASSIGN_OR_RETURN(DocumentResult r, engine->Code(std::move(d)));
    if (!warned) {
      for (const auto& w : r.warnings) std::fprintf(stderr, "sitrep: warning: %s\n", w.c_str());
      warned = true;
    }
    for (const Event& e : r.events) {
      if (f.facts_only && !e.Happened()) continue;
      std::string line = store::EventToJson(e);
      line += '\n';
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
  sub->add_option("--format", f->format, "Output format: jsonl")->check(CLI::IsMember({"jsonl", "csv", "gdelt"}));
  sub->add_flag("--facts-only", f->facts_only, "Leave out negated, hypothetical, future and denied events");
  sub->callback([f, exit_code] { *exit_code = RunCode(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
