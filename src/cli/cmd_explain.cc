// `sitrep explain "sentence"`: how a sentence is (not) coded.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "cli/common.h"

namespace sitrep::cli {
namespace {

struct ExplainFlags {
  std::string text;
  std::string date;
};

int RunExplain(const ExplainFlags& f) {
  auto engine = MakeEngine();
  if (!engine) return 1;
  std::string text = f.text;
  if (text == "-") text.assign(std::istreambuf_iterator<char>(std::cin), {});
  auto r = engine->Explain(text, f.date);
  if (!r.ok()) {
    std::fprintf(stderr, "sitrep explain: %s\n", r.status().ToString().c_str());
    return 1;
  }
  std::fwrite(r->data(), 1, r->size(), stdout);
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<ExplainFlags>();
  auto* sub = app.add_subcommand("explain", "Show tokens, parse, actors and the pattern that fired (or why none did)");
  sub->add_option("--date", f->date, "Publication date YYYY-MM-DD (for dated roles and relative dates)");
  sub->add_option("sentence", f->text, "The text to explain, or - for standard input")->required();
  sub->callback([f, exit_code] { *exit_code = RunExplain(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
