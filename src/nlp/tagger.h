// Part-of-speech tagger: greedy left-to-right averaged perceptron over a
// joint "UPOS|XPOS" tag set (so UPOS and the Penn tag are always consistent).
//
// Features: the word, its lower-case form, prefixes/suffixes, shape, the
// ambiguity class of the word and its neighbours (the set of tags the word
// had in training), words in a +-2 window and the two previous predicted tags.
// An optional second pass (model format 2) repeats the tagging with, in
// addition, the first pass's tags of the word and of the two words to its
// right (RightContextFeatures).
//
// Thread safety: a Tagger is immutable after Open(); Tag() is const and may be
// called from many threads. The Tagger borrows the weight bytes (the model
// file mapping), which must outlive it.
#ifndef SITREP_NLP_TAGGER_H_
#define SITREP_NLP_TAGGER_H_

#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/linear_model.h"
#include "sitrep/status.h"

namespace sitrep::nlp {

// Per-token features that do not depend on predicted tags.
struct TaggerToken {
  uint64_t form, lower, shape, amb;
  uint64_t suf[4];  // suffixes of length 1..4 (of the lower-case form)
  uint64_t pre[3];  // prefixes of length 1..3
  uint8_t flags;    // bit0 first-upper, bit1 all-upper, bit2 digit, bit3 hyphen
};

// Maps a lower-cased word hash to its ambiguity class (hash of the tag set
// seen with it in training). Serialised as pairs of u64.
class TagDict {
 public:
  void Add(uint64_t word, uint64_t amb_class);
  uint64_t Lookup(uint64_t word) const;  // a fixed "unknown" class when absent
  std::string Serialize() const;
  Status Open(std::string_view bytes);

 private:
  internal::U64Map index_;
  std::vector<uint64_t> keys_;
  std::vector<uint64_t> classes_;
};

void PrepareTaggerTokens(std::span<const std::string_view> forms, const TagDict& dict,
                         std::vector<TaggerToken>* out);
// Appends the features of token i given the two previous tags (-1 = none).
void TaggerFeatures(const std::vector<TaggerToken>& toks, int i, int prev1, int prev2,
                    std::vector<uint64_t>* out);
// Second-pass features: the first pass's tags of token i and of the two
// tokens to its right (`first` has one tag per token).
void RightContextFeatures(const std::vector<TaggerToken>& toks, std::span<const int> first, int i,
                          int prev1, std::vector<uint64_t>* out);

class Tagger {
 public:
  // `second` (optional, may be empty) is the weight table of the second
  // pass, which also sees the first pass's tags of the right context.
  Status Open(std::string_view weights, std::string_view tagdict, std::string_view second = {});
  int num_tags() const { return weights_.num_classes(); }
  bool two_pass() const { return has_second_; }
  // tags->size() becomes forms.size(); tag ids index the model's tag set.
  // `first_pass_only` skips the second pass (faster, a little less accurate).
  void Tag(std::span<const std::string_view> forms, std::vector<int>* tags,
           bool first_pass_only = false) const;

 private:
  internal::FrozenTable weights_;
  internal::FrozenTable second_;
  bool has_second_ = false;
  TagDict dict_;
};

// Training-time tagger.
class TaggerTrainer {
 public:
  TaggerTrainer(int num_tags, const TagDict* dict) : model_(num_tags), dict_(dict) {}
  // One pass over `sentences` (forms + gold tag ids) in the order of `order`.
  // With `first` (one first-pass tag sequence per sentence, e.g. jackknifed)
  // it trains the second pass, which also uses RightContextFeatures.
  void TrainEpoch(const std::vector<std::vector<std::string_view>>& forms,
                  const std::vector<std::vector<int>>& gold, const std::vector<size_t>& order,
                  const std::vector<std::vector<int>>* first = nullptr);
  void Tag(std::span<const std::string_view> forms, std::vector<int>* tags) const;
  std::string Freeze(float prune) const { return model_.Freeze(prune); }

 private:
  internal::PerceptronTrainer model_;
  const TagDict* dict_;
};

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_TAGGER_H_
