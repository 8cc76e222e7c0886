// `sitrep train tagger|parser|nlp --train F --dev F --out models/en_ewt.model`
//
// `parser` (and its alias `nlp`) trains the whole English pipeline (tagger,
// lemmatiser and parser) into one model file; `tagger` leaves the parser out.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "nlp/trainer.h"

namespace sitrep::cli {
namespace {

struct TrainFlags {
  nlp::TrainOptions opt;
};

int RunTrain(const std::string& what, TrainFlags& flags, int argc_hint) {
  flags.opt.train_parser = what != "tagger";
  flags.opt.command = "sitrep train " + what + " --train " + flags.opt.train_path +
                      (flags.opt.dev_path.empty() ? "" : " --dev " + flags.opt.dev_path) +
                      " --out " + flags.opt.out_path;
  Status s = nlp::TrainModel(flags.opt, stderr);
  if (!s.ok()) {
    std::fprintf(stderr, "sitrep train: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}

void SetupTrain(CLI::App& app, int* exit_code) {
  CLI::App* train = ParentCommand(app, "train", "Train a model");
  for (const char* what : {"tagger", "parser", "nlp"}) {
    auto flags = std::make_shared<TrainFlags>();
    std::string desc = std::string(what) == "tagger"
                           ? "POS tagger + lemmatiser from a CoNLL-U treebank"
                           : "tagger + lemmatiser + dependency parser from a CoNLL-U treebank";
    auto* sub = train->add_subcommand(what, desc);
    sub->add_option("--train", flags->opt.train_path, "training treebank (CoNLL-U)")->required();
    sub->add_option("--dev", flags->opt.dev_path, "development treebank: per-epoch scores");
    sub->add_option("--out", flags->opt.out_path, "model file to write")->required();
    sub->add_option("--tagger-epochs", flags->opt.tagger_epochs)->capture_default_str();
    sub->add_option("--parser-epochs", flags->opt.parser_epochs)->capture_default_str();
    sub->add_option("--jackknife", flags->opt.jackknife_folds,
                    "folds for the parser's training tags (0 = gold tags)")
        ->capture_default_str();
    sub->add_option("--jackknife-epochs", flags->opt.tagger_jackknife_epochs)->capture_default_str();
    sub->add_option("--explore", flags->opt.explore, "error exploration probability")
        ->capture_default_str();
    sub->add_option("--tagger-prune", flags->opt.tagger_prune)->capture_default_str();
    sub->add_option("--parser-prune", flags->opt.parser_prune)->capture_default_str();
    sub->add_option("--parser-max-bytes", flags->opt.parser_max_bytes,
                    "prune the parser until its weights fit (0 = no limit)")
        ->capture_default_str();
    sub->add_option("--tagger-max-bytes", flags->opt.tagger_max_bytes,
                    "prune the tagger until its weights fit (0 = no limit)")
        ->capture_default_str();
    sub->add_option("--wordnet", flags->opt.wordnet_dir, "WordNet dict dir (*.exc lists)")
        ->capture_default_str();
    sub->add_option("--max-sentences", flags->opt.max_train_sentences, "use only the first N")
        ->capture_default_str();
    sub->add_flag("--report-prune", flags->opt.report_prune_levels,
                  "log dev scores of the parser at several prune levels");
    sub->add_option("--seed", flags->opt.seed)->capture_default_str();
    std::string name = what;
    sub->callback([flags, exit_code, name] { *exit_code = RunTrain(name, *flags, 0); });
  }
}

}  // namespace
SITREP_REGISTER_COMMAND(SetupTrain);
}  // namespace sitrep::cli
