// `sitrep dict import-petrarch --actors F... --agents F --verbs F --out DIR`:
// converts TABARI/PETRARCH dictionaries into DIR/imported.actors and
// DIR/imported.patterns (sitrep's formats), never overriding sitrep's own
// entries, and prints a report on stderr. See docs/petrarch-import.md.
//
// Registration: `dict` belongs to cmd_dict.cc, which creates it with
// add_subcommand (CLI11 throws on a second "dict"). Static-initialisation
// order across files is unspecified, so this file never creates `dict`
// while cmd_dict.cc may still do so: when `dict` exists already it attaches
// at once; otherwise it attaches in a pre-parse callback (run after every
// setup function), creating `dict` there only if no one else did.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <cctype>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/paths.h"
#include "cli/command.h"
#include "lexicon/lexicon.h"
#include "lexicon/petrarch_importer.h"

namespace sitrep::cli {
namespace {

struct ImportFlags {
  std::vector<std::string> actors;
  std::vector<std::string> agents;
  std::vector<std::string> verbs;
  std::string out;
  std::string data_dir;
  bool list = false;
};

// The CAMEO event codes of data/cameo/event-codes.tsv (first column).
std::set<std::string> ReadEventCodes(const std::string& path) {
  std::set<std::string> codes;
  auto text = ReadFile(path);
  if (!text.ok()) return codes;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t nl = text->find('\n', pos);
    std::string line = text->substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text->size() : nl + 1;
    if (line.empty() || line[0] == '#') continue;
    std::string code = line.substr(0, line.find('\t'));
    if (!code.empty() && std::isdigit(static_cast<unsigned char>(code[0]))) codes.insert(code);
  }
  return codes;
}

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

void PrintList(const char* title, const std::vector<std::string>& items, size_t limit) {
  if (items.empty()) return;
  std::fprintf(stderr, "%s (%zu):\n", title, items.size());
  for (size_t i = 0; i < items.size() && i < limit; ++i) std::fprintf(stderr, "  %s\n", items[i].c_str());
  if (items.size() > limit) std::fprintf(stderr, "  ... %zu more\n", items.size() - limit);
}

int RunImport(const ImportFlags& f) {
  if (f.actors.empty() && f.agents.empty() && f.verbs.empty()) {
    std::fprintf(stderr, "sitrep dict import-petrarch: give --actors, --agents and/or --verbs\n");
    return 2;
  }
  std::string dir = f.data_dir;
  if (dir.empty()) {
    auto p = FindDataFile("data/cameo/event-codes.tsv");
    if (!p.ok()) {
      std::fprintf(stderr, "sitrep dict import-petrarch: sitrep's data/ not found: %s\n",
                   p.status().ToString().c_str());
      return 1;
    }
    dir = std::filesystem::path(*p).parent_path().parent_path().string();
  }
  auto lex = lexicon::Lexicon::Load(dir);
  if (!lex.ok()) {
    std::fprintf(stderr, "sitrep dict import-petrarch: %s\n", lex.status().ToString().c_str());
    return 1;
  }
  lexicon::PetrarchImportOptions o;
  o.existing = lex->get();
  o.event_codes = ReadEventCodes(dir + "/cameo/event-codes.tsv");
  lexicon::PetrarchImporter imp(o);
  for (const auto& a : f.actors)
    if (Status s = imp.AddActorFile(a); !s.ok()) {
      std::fprintf(stderr, "sitrep dict import-petrarch: %s\n", s.ToString().c_str());
      return 1;
    }
  for (const auto& a : f.agents)
    if (Status s = imp.AddAgentFile(a); !s.ok()) {
      std::fprintf(stderr, "sitrep dict import-petrarch: %s\n", s.ToString().c_str());
      return 1;
    }
  for (const auto& v : f.verbs)
    if (Status s = imp.AddVerbFile(v); !s.ok()) {
      std::fprintf(stderr, "sitrep dict import-petrarch: %s\n", s.ToString().c_str());
      return 1;
    }
  std::error_code ec;
  std::filesystem::create_directories(f.out, ec);
  if (!WriteText(f.out + "/imported.actors", imp.ActorsText()) ||
      !WriteText(f.out + "/imported.patterns", imp.PatternsText())) {
    std::fprintf(stderr, "sitrep dict import-petrarch: cannot write to %s\n", f.out.c_str());
    return 1;
  }
  const auto& r = imp.report();
  std::fprintf(stderr,
               "import-petrarch: actors: %zu entries (%zu persons), %zu aliases, %zu roles, %zu stale roles, "
               "%zu skipped duplicates, %zu dropped entries, %zu two-digit start years read as 19xx\n"
               "import-petrarch: agents: %zu entries, %zu words, %zu clashes with sitrep, %zu prefix agents\n"
               "import-petrarch: verbs: %zu blocks, %zu triggers, patterns %zu: %zu converted (%zu loosened), "
               "%zu unconvertible; %zu transformations not converted\n"
               "import-petrarch: wrote %s/imported.actors and %s/imported.patterns\n",
               r.actor_entries, r.persons, r.aliases, r.roles, r.stale_roles, r.skipped_duplicates,
               r.dropped_entries, r.repaired_years, r.agent_entries, r.agent_words, r.clashes, r.prefix_agents,
               r.verb_blocks, r.triggers, r.patterns, r.patterns_converted, r.patterns_loosened,
               r.patterns_unconvertible, r.transformations, f.out.c_str(), f.out.c_str());
  size_t limit = f.list ? static_cast<size_t>(-1) : 10;
  PrintList("clashes", r.clash_list, limit);
  PrintList("stale roles", r.stale, limit);
  PrintList("unconvertible patterns (also listed at the end of imported.patterns)", r.unconvertible, limit);
  PrintList("warnings", r.warnings, limit);
  return 0;
}

void AddImport(CLI::App* dict, int* exit_code) {
  auto f = std::make_shared<ImportFlags>();
  auto* sub = dict->add_subcommand("import-petrarch",
                                   "Convert TABARI/PETRARCH actor, agent and verb dictionaries to sitrep's formats");
  sub->add_option("--actors", f->actors, "PETRARCH actor dictionaries (Phoenix.*.actors.txt)")->check(CLI::ExistingFile);
  sub->add_option("--agents", f->agents, "PETRARCH agent dictionaries (Phoenix.agents.txt)")->check(CLI::ExistingFile);
  sub->add_option("--verbs", f->verbs, "PETRARCH verb dictionaries (CAMEO.2.0.txt)")->check(CLI::ExistingFile);
  sub->add_option("--out", f->out, "Output directory for imported.actors and imported.patterns")->required();
  sub->add_option("--data", f->data_dir, "sitrep's dictionary directory to check against (default: data/)");
  sub->add_flag("--list", f->list, "List every clash, stale role, unconvertible pattern and warning");
  sub->callback([f, exit_code] { *exit_code = RunImport(*f); });
}

void Setup(CLI::App& app, int* exit_code) {
  AddImport(ParentCommand(app, "dict", "Check, count and import dictionaries"), exit_code);
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
