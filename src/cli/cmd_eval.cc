// `sitrep eval parser --gold F.conllu [--model M]`: scores the NLP model on a
// gold-tokenised treebank and prints exactly one JSON line
// {"upos":..,"xpos":..,"lemma":..,"uas":..,"las":..,"tokens":N}
// (CoNLL 2018 definitions: punctuation counted, LAS on the universal relation
// without subtype, multi-word-token ranges and empty nodes skipped).
// `--raw` joins the gold sentence texts, tokenises and splits them with the
// text stage and scores with CoNLL 2018 alignment (nlp/raw_eval.h); the line
// then also has "tokens_f1", "words_f1" and "sentences_f1".
// `--dump F` also writes the predictions (gold tokens) as CoNLL-U.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "nlp/conllu.h"
#include "nlp/pipeline.h"
#include "nlp/raw_eval.h"
#include "nlp/trainer.h"

namespace sitrep::cli {
namespace {

struct EvalFlags {
  std::string gold;
  std::string model;
  bool raw = false;
  std::string dump;  // write the predictions as CoNLL-U here (error analysis)
  bool fast_tagging = false;
};

int RunEvalParser(const EvalFlags& f) {
  std::string path = f.model;
  if (path.empty()) {
    Result<std::string> p = nlp::NlpModel::DefaultPath();
    if (!p.ok()) {
      std::fprintf(stderr, "sitrep eval parser: %s\n", p.status().ToString().c_str());
      return 1;
    }
    path = *p;
  }
  Result<std::shared_ptr<const nlp::NlpModel>> model = nlp::NlpModel::Load(path, nlp::NlpLoadOptions{f.fast_tagging});
  if (!model.ok()) {
    std::fprintf(stderr, "sitrep eval parser: %s\n", model.status().ToString().c_str());
    return 1;
  }
  Result<std::vector<nlp::ConlluSentence>> gold = nlp::ReadConlluFile(f.gold);
  if (!gold.ok()) {
    std::fprintf(stderr, "sitrep eval parser: %s\n", gold.status().ToString().c_str());
    return 1;
  }
  if (f.raw) {
    Result<nlp::RawEvalScores> raw = nlp::EvaluateRaw(**model, *gold);
    if (!raw.ok()) {
      std::fprintf(stderr, "sitrep eval parser: %s\n", raw.status().ToString().c_str());
      return 1;
    }
    std::printf("%s\n", raw->ToJson().c_str());
    return 0;
  }
  Result<nlp::EvalScores> scores = nlp::Evaluate(**model, *gold);
  if (!scores.ok()) {
    std::fprintf(stderr, "sitrep eval parser: %s\n", scores.status().ToString().c_str());
    return 1;
  }
  if (!f.dump.empty()) {
    std::string out;
    nlp::ParsedSentence parsed;
    std::vector<std::string_view> forms;
    for (const nlp::ConlluSentence& s : *gold) {
      forms.clear();
      for (const nlp::ConlluWord& w : s.words) forms.push_back(w.form);
      if (!(*model)->Parse(forms, &parsed).ok()) continue;
      nlp::AppendConllu(parsed, &out);
    }
    FILE* fp = std::fopen(f.dump.c_str(), "wb");
    if (fp == nullptr || std::fwrite(out.data(), 1, out.size(), fp) != out.size()) {
      std::fprintf(stderr, "sitrep eval parser: cannot write %s\n", f.dump.c_str());
      if (fp) std::fclose(fp);
      return 1;
    }
    std::fclose(fp);
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
  sub->add_option("--dump", flags->dump, "also write the predictions as CoNLL-U to this file");
  sub->add_flag("--fast-tagging", flags->fast_tagging,
                "lean mode: only the tagger's first pass");
  sub->add_flag("--raw", flags->raw, "tokenise and split the raw text with sitrep's text stage first");
  sub->callback([flags, exit_code] { *exit_code = RunEvalParser(*flags); });
}

}  // namespace
SITREP_REGISTER_COMMAND(SetupEval);
}  // namespace sitrep::cli
