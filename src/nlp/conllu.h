// CoNLL-U reading and writing for training, evaluation and `sitrep parse`.
//
// ReadConllu keeps only the basic word lines (integer IDs): multi-word token
// ranges ("3-4") and empty nodes ("5.1") are skipped, as the CoNLL 2018
// evaluation does for gold-token scoring. Heads are converted to 0-based word
// indices with -1 for the root.
//
// Thread safety: free functions over values; no shared state.
//
//   SITREP_ASSIGN_OR_RETURN(std::vector<ConlluSentence> s, ReadConlluFile(path));
#ifndef SITREP_NLP_CONLLU_H_
#define SITREP_NLP_CONLLU_H_

#include <string>
#include <string_view>
#include <vector>

#include "nlp/parsed_sentence.h"
#include "sitrep/status.h"

namespace sitrep::nlp {

struct ConlluWord {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;
  int head = -1;  // 0-based index of the head word; -1 = root
  std::string deprel;
};

// A multi-word token ("didn't" = "did" + "n't"): words [first, last].
struct ConlluMultiword {
  int first = 0;
  int last = 0;
  std::string form;  // the surface token
};

struct ConlluSentence {
  std::string text;  // from "# text = ...", may be empty
  std::vector<ConlluWord> words;
  std::vector<ConlluMultiword> multiwords;
  bool new_paragraph = false;  // "# newpar" or "# newdoc" precedes the sentence
};

// Parses CoNLL-U text. InvalidArgument names the line on malformed input
// (wrong column count, bad ID or HEAD).
Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text,
                                                std::string_view name = "<conllu>");

// Reads and parses a file ("-" = standard input).
Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path);

// Appends the sentence in CoNLL-U (10 columns, FEATS/DEPS/MISC "_", blank line).
void AppendConllu(const ParsedSentence& s, std::string* out);

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_CONLLU_H_
