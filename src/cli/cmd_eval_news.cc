// `sitrep eval news-parse [--set F.rel]... [--model M] [--errors]`: scores the
// NLP model on hand-checked news relations (testdata/news-parse/, format in
// its README) through the real text stage and parser, and prints exactly one
// JSON line: overall and per-relation accuracy (head and label right) and
// attachment (head right), per set as well. With `--errors`, every missed
// relation is written to stderr as
//   FILE:LINE: gold 'HEAD LABEL DEP' got 'HEAD LABEL DEP' | sentence
// Without --set, the two shipped sets are scored (sentences.rel and
// seed-main-verbs.rel, found like other data files).
//
// The `eval` parent is shared with the other cmd_eval*.cc files (ParentCommand).
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "base/paths.h"
#include "cli/command.h"
#include "nlp/news_relations.h"
#include "nlp/pipeline.h"

namespace sitrep::cli {
namespace {

struct EvalNewsFlags {
  std::vector<std::string> sets;
  std::string model;
  bool errors = false;
};

constexpr const char* kDefaultSets[] = {"testdata/news-parse/sentences.rel",
                                        "testdata/news-parse/seed-main-verbs.rel"};

int RunEvalNews(const EvalNewsFlags& f) {
  std::vector<std::string> sets = f.sets;
  if (sets.empty()) {
    for (const char* rel : kDefaultSets) {
      Result<std::string> p = FindDataFile(rel);
      if (!p.ok()) {
        std::fprintf(stderr, "sitrep eval news-parse: %s\n", p.status().ToString().c_str());
        return 1;
      }
      sets.push_back(std::filesystem::path(*p).lexically_normal().string());
    }
  }
  std::string path = f.model;
  if (path.empty()) {
    Result<std::string> p = nlp::NlpModel::DefaultPath();
    if (!p.ok()) {
      std::fprintf(stderr, "sitrep eval news-parse: %s\n", p.status().ToString().c_str());
      return 1;
    }
    path = *p;
  }
  Result<std::shared_ptr<const nlp::NlpModel>> model = nlp::NlpModel::Load(path);
  if (!model.ok()) {
    std::fprintf(stderr, "sitrep eval news-parse: %s\n", model.status().ToString().c_str());
    return 1;
  }
  nlp::NewsRelationScores total;
  for (const std::string& file : sets) {
    Result<nlp::NewsRelationSet> set = nlp::ReadNewsRelations(file);
    if (!set.ok()) {
      std::fprintf(stderr, "sitrep eval news-parse: %s\n", set.status().ToString().c_str());
      return 1;
    }
    Result<nlp::NewsRelationScores> scores = nlp::EvaluateNewsRelationSet(**model, *set);
    if (!scores.ok()) {
      std::fprintf(stderr, "sitrep eval news-parse: %s\n", scores.status().ToString().c_str());
      return 1;
    }
    total.Add(*scores);
  }
  if (f.errors) {
    for (const nlp::NewsRelationMiss& m : total.misses)
      std::fprintf(stderr, "%s: gold '%s' got '%s' | %s\n", m.where.c_str(), m.gold.c_str(),
                   m.got.c_str(), m.sentence.c_str());
  }
  std::printf("%s\n", total.ToJson().c_str());
  return 0;
}

void SetupEvalNews(CLI::App& app, int* exit_code) {
  CLI::App* eval = ParentCommand(app, "eval", "Evaluate a component against gold data");
  auto flags = std::make_shared<EvalNewsFlags>();
  auto* sub = eval->add_subcommand(
      "news-parse",
      "Score subject/object/agent/coordination/complement relations on news sentences");
  sub->add_option("--set", flags->sets,
                  "gold .rel file (repeatable; default: the sets in testdata/news-parse/)");
  sub->add_option("--model", flags->model, "model file (default: models/en_ewt.model)");
  sub->add_flag("--errors", flags->errors, "list every missed relation on stderr");
  sub->callback([flags, exit_code] { *exit_code = RunEvalNews(*flags); });
}

}  // namespace
SITREP_REGISTER_COMMAND(SetupEvalNews);
}  // namespace sitrep::cli
