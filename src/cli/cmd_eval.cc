// `sitrep eval parser --gold F.conllu [--model M]`: scores the NLP model on a
// gold-tokenised treebank and prints exactly one JSON line
// {"upos":..,"xpos":..,"lemma":..,"uas":..,"las":..,"tokens":N}
// (CoNLL 2018 definitions: punctuation counted, LAS on the universal relation
// without subtype, multi-word-token ranges and empty nodes skipped).
// `--raw` (tokenising the text first) is not implemented yet.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "nlp/conllu.h"
#include "nlp/pipeline.h"
#include "nlp/trainer.h"

namespace sitrep::cli {
namespace {

struct EvalFlags {
  std::string gold;
  std::string model;
  bool raw = false;
};

int RunEvalParser(const EvalFlags& f) {
  if (f.raw) {
    std::fprintf(stderr, "sitrep eval parser: --raw is not implemented yet\n");
    return 2;
  }
  std::string path = f.model;
  if (path.empty()) {
    Result<std::string> p = nlp::NlpModel::DefaultPath();
    if (!p.ok()) {
      std::fprintf(stderr, "sitrep eval parser: %s\n", p.status().ToString().c_str());
      return 1;
    }
    path = *p;
  }
  Result<std::shared_ptr<const nlp::NlpModel>> model = nlp::NlpModel::Load(path);
  if (!model.ok()) {
    std::fprintf(stderr, "sitrep eval parser: %s\n", model.status().ToString().c_str());
    return 1;
  }
  Result<std::vector<nlp::ConlluSentence>> gold = nlp::ReadConlluFile(f.gold);
  if (!gold.ok()) {
    std::fprintf(stderr, "sitrep eval parser: %s\n", gold.status().ToString().c_str());
    return 1;
  }
  Result<nlp::EvalScores> scores = nlp::Evaluate(**model, *gold);
  if (!scores.ok()) {
    std::fprintf(stderr, "sitrep eval parser: %s\n", scores.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", scores->ToJson().c_str());
  return 0;
}

void SetupEval(CLI::App& app, int* exit_code) {
  CLI::App* eval = ParentCommand(app, "eval", "Evaluate a component against gold data");
  auto flags = std::make_shared<EvalFlags>();
  auto* sub = eval->add_subcommand("parser", "Score tagger, lemmatiser and parser on CoNLL-U");
  sub->add_option("--gold", flags->gold, "gold treebank (CoNLL-U, '-' = stdin)")->required();
  sub->add_option("--model", flags->model, "model file (default: models/en_ewt.model)");
  sub->add_flag("--raw", flags->raw, "tokenise the raw text first (not implemented yet)");
  sub->callback([flags, exit_code] { *exit_code = RunEvalParser(*flags); });
}

}  // namespace
SITREP_REGISTER_COMMAND(SetupEval);
}  // namespace sitrep::cli
