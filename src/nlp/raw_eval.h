// End-to-end evaluation from raw text (`sitrep eval parser --raw`): the gold
// treebank's sentence texts are joined into one document, which sitrep's own
// text stage tokenises and splits into sentences; the NLP model then tags
// and parses that segmentation, and the result is scored against the gold
// treebank with CoNLL 2018 shared-task alignment semantics:
//
//  - gold and system words are aligned when they cover exactly the same
//    character range of the text (gold ranges come from matching the word
//    forms, and the surface forms of multi-word tokens, against the text);
//  - tokens_f1 compares surface tokens (a gold multi-word token such as
//    "didn't" is one token), words_f1 syntactic words, sentences_f1 sentence
//    ranges;
//  - upos/xpos/lemma/uas/las are F1 scores over aligned words (precision over
//    system words, recall over gold words); a head is correct when the system
//    head is aligned to the gold head (or both are the root); LAS compares
//    relations without subtypes.
//
// Thread safety: a pure function of its arguments.
#ifndef SITREP_NLP_RAW_EVAL_H_
#define SITREP_NLP_RAW_EVAL_H_

#include <string>
#include <vector>

#include "nlp/conllu.h"
#include "nlp/pipeline.h"
#include "sitrep/status.h"

namespace sitrep::nlp {

struct RawEvalScores {
  double upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;  // F1, percent
  double tokens_f1 = 0, words_f1 = 0, sentences_f1 = 0;    // percent
  size_t gold_words = 0, system_words = 0;
  std::string ToJson() const;
};

// The raw text the gold file stands for: sentence texts joined by a space,
// or by a newline where a paragraph or document starts. Sentences without a
// "# text" comment use their word forms joined by spaces.
std::string RawTextOf(const std::vector<ConlluSentence>& gold);

Result<RawEvalScores> EvaluateRaw(const NlpModel& model, const std::vector<ConlluSentence>& gold);

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_RAW_EVAL_H_
