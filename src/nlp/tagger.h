// Part-of-speech tagger: greedy left-to-right averaged perceptron over a
// joint "UPOS|XPOS" tag set (so UPOS and the Penn tag are always consistent).
//
// Features: the word, its lower-case form, prefixes/suffixes, shape, the
// ambiguity class of the word and its neighbours (the set of tags the word
// had in training), words in a +-2 window and the two previous predicted tags.
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

class Tagger {
 public:
  Status Open(std::string_view weights, std::string_view tagdict);
  int num_tags() const { return weights_.num_classes(); }
  // tags->size() becomes forms.size(); tag ids index the model's tag set.
  void Tag(std::span<const std::string_view> forms, std::vector<int>* tags) const;

 private:
  internal::FrozenTable weights_;
  TagDict dict_;
};

// Training-time tagger.
class TaggerTrainer {
 public:
  TaggerTrainer(int num_tags, const TagDict* dict) : model_(num_tags), dict_(dict) {}
  // One pass over `sentences` (forms + gold tag ids) in the order of `order`.
  void TrainEpoch(const std::vector<std::vector<std::string_view>>& forms,
                  const std::vector<std::vector<int>>& gold, const std::vector<size_t>& order);
  void Tag(std::span<const std::string_view> forms, std::vector<int>* tags) const;
  std::string Freeze(float prune) const { return model_.Freeze(prune); }

 private:
  internal::PerceptronTrainer model_;
  const TagDict* dict_;
};

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_TAGGER_H_
