// ParsedSentence: the one interface through which later stages (actors,
// places, dates, casualties, the event coder) read the NLP analysis of a
// sentence: universal POS, English XPOS, lemma and a labelled dependency tree
// in Universal Dependencies style.
//
// Words are indexed 0..size()-1 in sentence order; they correspond one to one
// with the Document tokens of the sentence (word i = token token_begin + i).
// head is the index of the governing word, or -1 for the root.
//
// Ownership: a ParsedSentence owns its lemmas; `form` views point into the
// Document's normalised text and live as long as the Document. xpos and
// deprel views point into static tables and live forever.
//
// Thread safety: a value; build in one thread, read from many.
#ifndef SITREP_NLP_PARSED_SENTENCE_H_
#define SITREP_NLP_PARSED_SENTENCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::nlp {

enum class Upos : uint8_t {
  ADJ, ADP, ADV, AUX, CCONJ, DET, INTJ, NOUN, NUM, PART, PRON, PROPN, PUNCT,
  SCONJ, SYM, VERB, X, kCount
};

std::string_view UposName(Upos u);
// Returns Upos::kCount when the name is not a UPOS tag.
Upos UposFromName(std::string_view name);

struct ParsedWord {
  std::string_view form;    // surface form (normalised text)
  std::string lemma;        // lower-cased lemma ("be", "annex", "Ukraine" keeps case for PROPN)
  Upos upos = Upos::X;
  std::string_view xpos;    // Penn tag: "VBD", "NNP", ...; static storage
  int head = -1;            // index of the head word in this sentence, -1 = root
  std::string_view deprel;  // "nsubj", "obj", "obl", "nsubj:pass", ...; static storage
  uint16_t tag = 0;         // the model's internal tag index (NlpModel use only)
};

struct ParsedSentence {
  std::vector<ParsedWord> words;
  // False when only tags and lemmas were computed (NlpModel::Tag): every
  // head is then -1 and every deprel "dep". The engine leaves sentences that
  // cannot yield an event unparsed.
  bool has_tree = false;

  size_t size() const { return words.size(); }
  const ParsedWord& operator[](size_t i) const { return words[i]; }
  // Indices of the words whose head is `i`, in sentence order.
  std::vector<int> Children(int i) const {
    std::vector<int> out;
    for (size_t j = 0; j < words.size(); ++j)
      if (words[j].head == i) out.push_back(static_cast<int>(j));
    return out;
  }
  // The relation without its subtype ("nsubj:pass" -> "nsubj").
  static std::string_view BaseRel(std::string_view deprel) {
    size_t c = deprel.find(':');
    return c == std::string_view::npos ? deprel : deprel.substr(0, c);
  }
};

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_PARSED_SENTENCE_H_
