// Labelled dependency parser: greedy arc-eager transition system with the
// root token at the END of the buffer (Ballesteros & Nivre 2013), scored by
// an averaged perceptron over Zhang & Nivre (2011)-style features, trained
// with Goldberg & Nivre's (2012) dynamic oracle and error exploration.
//
// Actions (class ids): 0 SHIFT, 1 REDUCE, 2+l LEFT-ARC(l), 2+L+l RIGHT-ARC(l)
// for L labels. Only the root token may take a dependent with the root label
// and it takes no other label, so the output is always a tree.
//
// Thread safety: a Parser is immutable after Open(); Parse() is const. It
// borrows the weight bytes (the model file mapping), which must outlive it.
#ifndef SITREP_NLP_PARSER_H_
#define SITREP_NLP_PARSER_H_

#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/linear_model.h"
#include "sitrep/status.h"

namespace sitrep::nlp {

class Parser {
 public:
  // `num_labels` and `root_label` come from the model file's label list.
  Status Open(std::string_view weights, int num_labels, int root_label);
  // heads[i] in [-1, n) (-1 = root), labels[i] in [0, num_labels).
  void Parse(std::span<const std::string_view> forms, std::span<const int> tags,
             std::vector<int>* heads, std::vector<int>* labels) const;

 private:
  internal::FrozenTable weights_;
  int num_labels_ = 0;
  int root_label_ = 0;
};

struct ParserExample {
  std::vector<std::string_view> forms;
  std::vector<int> tags;    // predicted tag ids (jackknifed in training)
  std::vector<int> heads;   // gold, -1 = root
  std::vector<int> labels;  // gold label ids
};

class ParserTrainer {
 public:
  ParserTrainer(int num_labels, int root_label, uint64_t seed);
  // One pass. With probability `explore` (after the first epoch) the trainer
  // follows its own wrong prediction instead of the oracle's best action.
  void TrainEpoch(const std::vector<ParserExample>& data, const std::vector<size_t>& order,
                  double explore);
  std::string Freeze(float prune) const { return model_.Freeze(prune); }
  size_t num_features() const { return model_.num_features(); }

 private:
  internal::PerceptronTrainer model_;
  int num_labels_;
  int root_label_;
  std::mt19937_64 rng_;
};

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_PARSER_H_
