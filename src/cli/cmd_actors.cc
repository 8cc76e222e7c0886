// `sitrep actors`: actor mentions per document (CLI.md), or with --unknown
// the proper-noun groups no dictionary knows, by frequency.
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>

#include "base/json_writer.h"
#include "cli/command.h"
#include "cli/common.h"

namespace sitrep::cli {
namespace {

struct ActorsFlags {
  InputFlags in;
  std::string format = "jsonl";
  bool unknown = false;
};

int RunActors(const ActorsFlags& f) {
  auto engine = MakeEngine();
  if (!engine) return 1;
  std::map<std::string, int> unknown;
  ReadStats st;
  int rc = ForEachDocument(f.in, [&](Document&& d) -> Status {
    SITREP_ASSIGN_OR_RETURN(DocumentResult r, engine->Code(std::move(d)));
    for (const auto& a : r.actors) {
      if (f.unknown) {
        if (a.kind == "unknown") unknown[a.text]++;
        continue;
      }
      if (f.format == "table") {
        std::printf("%-12s %-40s %-12s %-8s %s\n", r.doc.meta.id.c_str(), a.text.c_str(),
                    a.code.empty() ? "-" : a.code.c_str(), a.kind.c_str(), a.how.c_str());
        continue;
      }
      JsonWriter w;
      w.BeginObject();
      w.KV("doc_id", r.doc.meta.id);
      w.KV("text", a.text);
      w.Key("span");
      w.Span(a.begin, a.end);
      w.KV("code", a.code);
      w.KV("country", a.country);
      w.KV("role", a.role);
      if (!a.name.empty()) w.KV("name", a.name);
      w.KV("kind", a.kind);
      w.KV("how", a.how);
      w.KV("sentence", a.sentence);
      w.EndObject();
      std::printf("%s\n", w.str().c_str());
    }
    return Status::OK();
  }, &st);
  if (f.unknown) {
    std::vector<std::pair<int, std::string>> v;
    for (const auto& [k, n] : unknown) v.push_back({n, k});
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (const auto& [n, k] : v) std::printf("%d\t%s\n", n, k.c_str());
  }
  return rc;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<ActorsFlags>();
  auto* sub = app.add_subcommand("actors", "List actor mentions with codes (JSON Lines)");
  AddInputFlags(sub, &f->in);
  sub->add_option("--format", f->format, "jsonl or table")->check(CLI::IsMember({"jsonl", "table"}));
  sub->add_flag("--unknown", f->unknown, "List proper-noun groups not in the dictionaries, by frequency");
  sub->callback([f, exit_code] { *exit_code = RunActors(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
