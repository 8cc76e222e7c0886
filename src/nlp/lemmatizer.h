// Lemmatiser: a (form, XPOS) -> lemma table learnt from the treebank, then
// WordNet's exception lists (irregular inflections), then suffix-rewrite rules
// learnt from the treebank's word types, keyed by XPOS and the matching
// suffix (up to 5 characters). Rules are tried from the longest suffix down,
// the most frequent first, and the first whose result is a known lemma
// (WordNet's word lists + the treebank's lemmas, per coarse part of speech)
// wins; if none gives a known word, the longest suffix's best rule is used.
// Proper nouns keep their case; other words are lower-cased.
//
// Thread safety: immutable after Open(); Lemmatize() is const.
#ifndef SITREP_NLP_LEMMATIZER_H_
#define SITREP_NLP_LEMMATIZER_H_

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>
#include <set>

#include "sitrep/status.h"

namespace sitrep::nlp {

class Lemmatizer {
 public:
  // Parses the serialised lemmatiser (lines "T|E|R\t..."; see FORMAT.md).
  Status Open(std::string_view bytes);
  std::string Lemmatize(std::string_view form, std::string_view xpos) const;

 private:
  struct Rule {
    uint8_t strip = 0;
    std::string append;
  };
  std::unordered_map<std::string, std::string> table_;       // "xpos\tform" -> lemma
  std::unordered_map<std::string, std::string> exceptions_;  // "n|v|a|r\tform" -> lemma
  std::unordered_map<std::string, std::vector<Rule>> rules_;  // "xpos\tsuffix" -> best first
  std::unordered_set<std::string> known_;                       // "n|v|a|r\tlemma"
};

class LemmatizerTrainer {
 public:
  void Add(std::string_view form, std::string_view xpos, std::string_view lemma);
  // Reads WordNet's exception lists (noun.exc, verb.exc, adj.exc, adv.exc)
  // and word lists (index.noun, ...) from `dir`; NotFound when none exists.
  Status AddWordNet(const std::string& dir);
  std::string Serialize() const;

 private:
  std::map<std::string, std::map<std::string, int>> table_;  // "xpos\tform" -> lemma counts
  std::map<std::string, std::string> exceptions_;
  std::set<std::string> known_;
  std::map<std::string, std::map<std::string, int>> types_;  // "xpos\tlower" -> lemma counts
};

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_LEMMATIZER_H_
