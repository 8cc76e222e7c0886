// `sitrep dict check|stats`: validate and count the dictionaries in data/.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/paths.h"
#include "cli/command.h"
#include "cli/common.h"
#include "lexicon/dict_check.h"
#include "lexicon/lexicon.h"
#include "sitrep/engine.h"

namespace sitrep::cli {
namespace {

struct DictFlags {
  std::string data_dir;
  bool no_examples = false;
  bool strict_examples = false;
  bool require_coverage = false;
  bool verbose = false;
};

Result<std::string> DataDir(const DictFlags& f) {
  if (!f.data_dir.empty()) return f.data_dir;
  SITREP_ASSIGN_OR_RETURN(std::string p, FindDataFile("data/cameo/event-codes.tsv"));
  return std::filesystem::path(p).parent_path().parent_path().string();
}

bool PrefixOk(const std::string& want, const std::optional<EventActor>& a) {
  std::string have = a ? a->code : std::string();
  if (want == "-") return have.empty();
  return have.rfind(want, 0) == 0;
}

int RunCheck(const DictFlags& f) {
  auto dir = DataDir(f);
  if (!dir.ok()) {
    std::fprintf(stderr, "sitrep dict check: %s\n", dir.status().ToString().c_str());
    return 1;
  }
  lexicon::LoadReport rep;
  auto lex = lexicon::Lexicon::Load(*dir, &rep);
  if (!lex.ok()) {
    std::fprintf(stderr, "sitrep dict check: %s\n", lex.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> errors = rep.errors;
  lexicon::CheckOfficeOverlaps(**lex, &errors);
  lexicon::CheckDuplicatePeople(**lex, &errors);
  for (const auto& e : errors) std::printf("%s\n", e.c_str());
  auto uncovered = lexicon::UncoveredCodes(**lex);
  std::printf("dict check: %zu files, %zu errors; CAMEO codes without a pattern: %zu\n", rep.files.size(),
              errors.size(), uncovered.size());
  if (!uncovered.empty() && f.verbose) {
    for (const auto& c : uncovered) std::printf("  uncovered %s\n", c.c_str());
  }
  int rc = errors.empty() ? 0 : 1;
  if (f.no_examples) return rc;
  EngineOptions eo;
  eo.data_dir = *dir;
  auto engine = Engine::Create(eo);
  if (!engine.ok()) {
    std::fprintf(stderr, "sitrep dict check: examples not run: %s\n", engine.status().ToString().c_str());
    return rc;
  }
  if ((*engine)->model_hash() == "none") {
    std::printf("dict check: examples not run (no NLP model)\n");
    return rc;
  }
  size_t total = 0, passed = 0;
  std::set<std::string> proven;  // CAMEO codes with a positive example coded as expected
  for (const auto& t : (*lex)->triggers()) {
    for (const auto& ex : t.examples) {
      ++total;
      Document d;
      d.original = ex.sentence;
      d.meta.id = "example";
      auto r = (*engine)->Code(std::move(d));
      bool ok = false;
      std::string got;
      if (r.ok()) {
        for (const auto& e : r->events) {
          got += " " + (e.source ? e.source->code : std::string("-")) + "/" +
                 (e.target ? e.target->code : std::string("-")) + "/" + e.cameo + (e.Happened() ? "" : "?");
          if (ex.positive && e.Happened() && e.cameo.rfind(ex.code, 0) == 0 && PrefixOk(ex.source, e.source) &&
              PrefixOk(ex.target, e.target))
            ok = true;
        }
        if (!ex.positive) {
          ok = true;
          for (const auto& e : r->events)
            if (e.Happened() && e.pattern.rfind(t.file + ":", 0) == 0) {
              int line = std::atoi(e.pattern.c_str() + t.file.size() + 1);
              for (const auto& rule : t.rules)
                if (rule.line == line) ok = false;
            }
        }
      }
      if (ok) {
        ++passed;
        if (ex.positive) proven.insert(ex.code);
      } else if (f.verbose || f.strict_examples) {
        std::printf("%s:%d: example %s: got%s\n", t.file.c_str(), ex.line,
                    ex.positive ? ("expects " + ex.source + " " + ex.target + " " + ex.code).c_str() : "expects none",
                    got.empty() ? " nothing" : got.c_str());
      }
    }
  }
  std::printf("dict check: examples passed %zu/%zu (%.1f%%)\n", passed, total,
              total ? 100.0 * passed / total : 0.0);
  // Coverage by evidence: a code counts when one of its positive examples
  // (or one of a more specific code under it) is coded as expected.
  size_t codes = 0, with_example = 0;
  std::vector<std::string> unproven;
  for (const auto& c : (*lex)->event_codes()) {
    ++codes;
    auto it = proven.lower_bound(c.code);
    if (it != proven.end() && it->rfind(c.code, 0) == 0) {
      ++with_example;
    } else {
      unproven.push_back(c.code);
    }
  }
  std::printf("dict check: CAMEO codes with a passing example: %zu/%zu\n", with_example, codes);
  if (f.verbose || f.require_coverage)
    for (const auto& c : unproven) std::printf("  no passing example for %s\n", c.c_str());
  if (f.require_coverage && !unproven.empty()) rc = 1;
  if (f.strict_examples && passed < total) rc = 1;
  return rc;
}

int RunStats(const DictFlags& f) {
  auto dir = DataDir(f);
  if (!dir.ok()) {
    std::fprintf(stderr, "sitrep dict stats: %s\n", dir.status().ToString().c_str());
    return 1;
  }
  auto lex = lexicon::Lexicon::Load(*dir);
  if (!lex.ok()) {
    std::fprintf(stderr, "sitrep dict stats: %s\n", lex.status().ToString().c_str());
    return 1;
  }
  auto s = lexicon::Stats(**lex);
  std::printf("{");
  bool first = true;
  for (const auto& [k, v] : s) {
    std::printf("%s\"%s\":%ld", first ? "" : ",", k.c_str(), v);
    first = false;
  }
  std::printf("}\n");
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<DictFlags>();
  auto* dict = ParentCommand(app, "dict", "Check, count and import dictionaries");
  auto* check = dict->add_subcommand("check", "Validate data/ (file:line errors), office overlaps, and code the examples");
  check->add_option("--data", f->data_dir, "Dictionary directory (default: data/)");
  check->add_flag("--no-examples", f->no_examples, "Do not code the example sentences");
  check->add_flag("--strict-examples", f->strict_examples, "Fail when an example is not coded as expected");
  check->add_flag("--require-coverage", f->require_coverage,
                  "Fail unless every CAMEO code has a positive example coded as expected");
  check->add_flag("-v,--verbose", f->verbose, "List failing examples and uncovered codes");
  check->callback([f, exit_code] { *exit_code = RunCheck(*f); });
  auto* stats = dict->add_subcommand("stats", "Count countries, IGOs, groups, agents, people, aliases, unchecked entries");
  stats->add_option("--data", f->data_dir, "Dictionary directory (default: data/)");
  stats->callback([f, exit_code] { *exit_code = RunStats(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
