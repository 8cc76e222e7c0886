// (Named cmd_eval_petrarch.cc, not cmd_petrarch_test.cc: src/cli/CMakeLists.txt drops *_test.cc files.)
// `sitrep eval petrarch --records PETR.UnitTest.records.xml --dict-dir DIR`:
// runs PETRARCH's own unit-test records through sitrep. The PETR.Validate.*
// dictionaries of DIR are imported (PetrarchImporter, with no sitrep entries
// mixed in) into a temporary data directory together with sitrep's CAMEO
// code table; an Engine on that directory codes every record's sentence
// with the record's date, and one JSON line reports how many expected
// (source, target, code) triples are reproduced exactly (a mutual event
// counts in both directions):
//   {"records":N,"expected":M,"reproduced":K,"share":K/M,...}
// It is a peer's test suite: it is reported as is, never tuned to.
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>

#include "base/paths.h"
#include "cli/command.h"
#include "lexicon/petrarch_importer.h"
#include "sitrep/engine.h"

namespace sitrep::cli {
namespace {

struct PetrarchTestFlags {
  std::string records;
  std::string dict_dir;
  std::string keep;  // keep the imported data directory here
  bool verbose = false;
};

bool WriteText(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

int Fail(const std::string& m) {
  std::fprintf(stderr, "sitrep eval petrarch: %s\n", m.c_str());
  return 1;
}

// The event codes (first column) of an event-codes.tsv text.
std::set<std::string> CodesOfTable(std::string_view tsv) {
  std::set<std::string> codes;
  for (size_t pos = 0; pos < tsv.size();) {
    size_t nl = tsv.find('\n', pos);
    std::string_view line = tsv.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? tsv.size() : nl + 1;
    std::string_view code = line.substr(0, line.find('\t'));
    if (!code.empty() && std::isdigit(static_cast<unsigned char>(code[0]))) codes.emplace(code);
  }
  return codes;
}

// Table rows for the codes that imported rules use ("  CODE slots...") but
// `known` lacks: quad class of their CAMEO root when they have one, else 1
// (verbal cooperation, the table's neutral default), Goldstein 0.
std::string SuiteOnlyCodes(std::string_view patterns, const std::set<std::string>& known) {
  static const int kQuad[21] = {0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4};
  std::set<std::string> extra;
  for (size_t pos = 0; pos < patterns.size();) {
    size_t nl = patterns.find('\n', pos);
    std::string_view line = patterns.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? patterns.size() : nl + 1;
    if (line.size() < 4 || line[0] != ' ' || line[1] != ' ' || !std::isdigit(static_cast<unsigned char>(line[2])))
      continue;
    std::string code(line.substr(2, line.find(' ', 2) - 2));
    if (!known.count(code)) extra.insert(code);
  }
  std::string rows;
  for (const auto& c : extra) {
    int root = std::atoi(c.substr(0, 2).c_str());
    rows += c + "\t" + std::to_string(root >= 1 && root <= 20 ? kQuad[root] : 1) +
            "\t0.0\t\t\t\tPETR.Validate test code (not in CAMEO)\n";
  }
  return rows;
}

int RunPetrarchTest(const PetrarchTestFlags& f) {
  namespace fs = std::filesystem;
  auto xml = ReadFile(f.records);
  if (!xml.ok()) return Fail(xml.status().ToString());
  auto records = lexicon::ParsePetrarchRecords(*xml);
  if (!records.ok()) return Fail(records.status().ToString());
  auto codes_path = FindDataFile("data/cameo/event-codes.tsv");
  if (!codes_path.ok()) return Fail(codes_path.status().ToString());
  auto codes_text = ReadFile(*codes_path);
  if (!codes_text.ok()) return Fail(codes_text.status().ToString());

  // The suite's verb file also uses codes of its own that CAMEO lacks (9xx,
  // 211, 223 ...): the importer accepts any numeric code here, and the codes
  // missing from CAMEO's table are added to the run's copy of it.
  std::set<std::string> cameo = CodesOfTable(*codes_text);
  lexicon::PetrarchImportOptions o;  // no `existing`: the suite runs on its own dictionaries
  lexicon::PetrarchImporter imp(o);
  Status s = imp.AddActorFile(f.dict_dir + "/PETR.Validate.actors.txt");
  if (s.ok()) s = imp.AddAgentFile(f.dict_dir + "/PETR.Validate.agents.txt");
  if (s.ok()) s = imp.AddVerbFile(f.dict_dir + "/PETR.Validate.verbs.txt");
  if (!s.ok()) return Fail(s.ToString());

  std::error_code ec;
  std::string dir = f.keep;
  if (dir.empty()) {
    std::string tmpl = (fs::temp_directory_path(ec) / "sitrep-petrarch-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) return Fail("cannot create a temporary directory");
    dir = tmpl;
  }
  fs::create_directories(dir + "/actors", ec);
  fs::create_directories(dir + "/verbs", ec);
  fs::create_directories(dir + "/cameo", ec);
  if (!WriteText(dir + "/actors/imported.actors", imp.ActorsText()) ||
      !WriteText(dir + "/verbs/imported.patterns", imp.PatternsText()) ||
      !WriteText(dir + "/cameo/event-codes.tsv", *codes_text + SuiteOnlyCodes(imp.PatternsText(), cameo)))
    return Fail("cannot write to " + dir);

  EngineOptions eo;
  eo.data_dir = dir;
  eo.require_model = true;
  auto engine = Engine::Create(eo);
  auto cleanup = [&] {
    if (f.keep.empty()) fs::remove_all(dir, ec);
  };
  if (!engine.ok()) {
    cleanup();
    return Fail(engine.status().ToString());
  }
  const auto& ir = imp.report();
  std::fprintf(stderr, "eval petrarch: imported %zu actors, %zu agent words, %zu rules from %zu patterns (%zu unconvertible)\n",
               ir.actor_entries, ir.agent_words, ir.patterns_converted, ir.patterns, ir.patterns_unconvertible);

  size_t n = 0, expected = 0, reproduced = 0, records_all = 0, events = 0, noevents = 0, noevents_clean = 0;
  for (const auto& rec : *records) {
    if (rec.error) continue;  // records that test PETRARCH's input-error handling
    ++n;
    Document d;
    d.original = rec.text;
    d.meta.id = rec.id;
    d.meta.date = rec.date;
    auto r = (*engine)->Code(std::move(d));
    std::set<std::string> got;
    std::string got_text;
    if (r.ok()) {
      for (const auto& e : r->events) {
        const std::string src = e.source ? e.source->code : std::string();
        const std::string tgt = e.target ? e.target->code : std::string();
        std::string t = src + " " + tgt + " " + e.cameo;
        got.insert(t);
        // One mutual record stands for both directions, which PETRARCH
        // writes as two codings ("A and B clashed": A->B and B->A).
        if (e.mutual) got.insert(tgt + " " + src + " " + e.cameo);
        got_text += " [" + t + (e.mutual ? " mutual" : "") + "]";
      }
      events += r->events.size();
    }
    size_t hit = 0;
    for (const auto& c : rec.expected)
      if (got.count(c.source + " " + c.target + " " + c.code)) ++hit;
    expected += rec.expected.size();
    reproduced += hit;
    if (!rec.expected.empty() && hit == rec.expected.size()) ++records_all;
    if (rec.noevents) {
      ++noevents;
      if (got.empty()) ++noevents_clean;
    }
    if (f.verbose && hit < rec.expected.size()) {
      std::string want;
      for (const auto& c : rec.expected) want += " [" + c.source + " " + c.target + " " + c.code + "]";
      std::fprintf(stderr, "%s: expected%s; got%s\n", rec.id.c_str(), want.c_str(),
                   got_text.empty() ? " nothing" : got_text.c_str());
    }
  }
  cleanup();
  char share[32];
  std::snprintf(share, sizeof share, "%.4f", expected ? static_cast<double>(reproduced) / expected : 0.0);
  std::printf(
      "{\"records\":%zu,\"expected\":%zu,\"reproduced\":%zu,\"share\":%s,\"records_fully_reproduced\":%zu,"
      "\"events\":%zu,\"noevents_records\":%zu,\"noevents_clean\":%zu}\n",
      n, expected, reproduced, share, records_all, events, noevents, noevents_clean);
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  CLI::App* eval = ParentCommand(app, "eval", "Evaluate a component against gold data");
  auto f = std::make_shared<PetrarchTestFlags>();
  auto* sub = eval->add_subcommand("petrarch", "Run PETRARCH's unit-test records with its imported PETR.Validate dictionaries");
  sub->add_option("--records", f->records, "PETR.UnitTest.records.xml")->required()->check(CLI::ExistingFile);
  sub->add_option("--dict-dir", f->dict_dir, "Directory holding PETR.Validate.{actors,agents,verbs}.txt")
      ->required()
      ->check(CLI::ExistingDirectory);
  sub->add_option("--keep", f->keep, "Write the imported data directory here and keep it");
  sub->add_flag("-v,--verbose", f->verbose, "List the records whose codings are not reproduced");
  sub->callback([f, exit_code] { *exit_code = RunPetrarchTest(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
