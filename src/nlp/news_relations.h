// News relations: a hand-checked gold set of the dependency relations that
// event coding reads (subject, object, passive subject and agent, the target
// obl, coordination, clausal complements), and its scorer.
//
// The gold lives in `.rel` files (format: testdata/news-parse/README.md). A
// file is a list of blocks; a block names one sentence, either by its text
// (`# text = ...`, the sentence is the document) or by a short unique
// substring of a sentence of an outside document (`# find = ...`, with the
// document named once per file by `# document = PATH`, a path relative to
// the .rel file, so that copyrighted articles stay outside the repository).
// Each relation line reads `HEAD LABEL DEPENDENT`:
//
//   # text = Rebels backed by Rwanda seized the town, officials said.
//   said nsubj officials
//   said ccomp|parataxis seized
//   seized nsubj Rebels
//   seized obj town
//   backed obl:agent Rwanda
//
// Words are surface forms as sitrep's tokenizer produces them, `form#N` for
// the N-th occurrence (in the sentence for `find` blocks, in the text for
// `text` blocks); `a|b` lists accepted alternatives for a word or a label.
//
// Scoring runs the real pipeline: text::AnalyzeText (normaliser, tokenizer,
// sentence splitter) then NlpModel::ParseDocument. A relation is correct when
// the dependent's predicted head is the gold head and its predicted label
// (full, with subtype) is one of the gold labels. A relation whose words sit
// in different predicted sentences, or whose word cannot be found, is a miss.
//
// Thread safety: free functions over values; EvaluateNewsRelations only
// reads the (thread-safe, immutable) model.
#ifndef SITREP_NLP_NEWS_RELATIONS_H_
#define SITREP_NLP_NEWS_RELATIONS_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/pipeline.h"
#include "sitrep/status.h"

namespace sitrep::nlp {

// One word of a gold relation: a surface form and which occurrence (1-based).
struct NewsWordRef {
  std::string form;
  int occurrence = 1;
  std::string ToString() const;  // "said", "said#2"
};

struct NewsRelation {
  std::vector<NewsWordRef> heads;       // alternatives; at least one
  std::vector<std::string> labels;      // alternatives, full UD labels; at least one
  std::vector<NewsWordRef> dependents;  // alternatives; at least one
  int line = 0;                         // line in the .rel file
  // The bucket the relation is reported under: its first label.
  const std::string& category() const { return labels.front(); }
  std::string ToString() const;  // "said ccomp|parataxis seized"
};

struct NewsBlock {
  std::string text;  // `# text =`: the sentence (empty for find blocks)
  std::string find;  // `# find =`: substring of one sentence of the document
  int line = 0;      // line of the `# text`/`# find` header
  std::vector<NewsRelation> relations;
};

struct NewsRelationSet {
  std::string name;           // file path (or the name given to the parser), for messages
  std::string document_path;  // from `# document =`, resolved against the file's directory
  std::vector<NewsBlock> blocks;
  size_t relation_count() const;
};

// Parses the text of a .rel file. InvalidArgument "name:line: message" for
// malformed input: a relation outside a block, a wrong field count, a bad
// label or occurrence, an unknown `# key =`, a block without relations, a
// word given two heads, `find` blocks without `# document`.
Result<NewsRelationSet> ParseNewsRelations(std::string_view content, std::string_view name);
// Reads and parses a file; `# document` paths become relative to its directory.
Result<NewsRelationSet> ReadNewsRelations(const std::string& path);

struct NewsRelationCounts {
  int total = 0;
  int attached = 0;  // head right, any label
  int correct = 0;   // head and label right
  double Accuracy() const { return total == 0 ? 0.0 : 100.0 * correct / total; }
  double Attachment() const { return total == 0 ? 0.0 : 100.0 * attached / total; }
  void Add(const NewsRelationCounts& o) {
    total += o.total;
    attached += o.attached;
    correct += o.correct;
  }
};

struct NewsRelationMiss {
  std::string where;     // "file:line" of the relation
  std::string sentence;  // the sentence text as analysed
  std::string gold;      // "said ccomp|parataxis seized"
  std::string got;       // "seized <- killed advcl", "word not found", "split: other sentence"
};

struct NewsRelationScores {
  NewsRelationCounts overall;
  std::map<std::string, NewsRelationCounts> by_relation;  // by NewsRelation::category()
  std::map<std::string, NewsRelationCounts> by_set;       // by NewsRelationSet::name
  int blocks = 0;
  int cross_sentence = 0;  // relations whose gold head and dependent the splitter separated
  int unresolved = 0;      // relations whose words were not found in the tokens
  std::vector<NewsRelationMiss> misses;

  void Add(const NewsRelationScores& o);
  // One JSON object on one line (percentages with two decimals):
  // {"relations":N,"accuracy":..,"attachment":..,"blocks":..,
  //  "cross_sentence":..,"unresolved":..,"by_relation":{"nsubj":{"n":..,"accuracy":..,"attachment":..},..},
  //  "by_set":{..}}
  std::string ToJson() const;
};

// Scores `model` on one set. `document_text` is the text `find` blocks search
// (pass the contents of set.document_path; ignored when the set has no find
// blocks). NotFound / InvalidArgument "file:line: ..." when a `find` key
// matches no sentence or more than one; errors of the text stage or parser
// are passed on.
Result<NewsRelationScores> EvaluateNewsRelations(const NlpModel& model, const NewsRelationSet& set,
                                                 std::string_view document_text);

// Reads set.document_path when the set has find blocks, then evaluates.
Result<NewsRelationScores> EvaluateNewsRelationSet(const NlpModel& model,
                                                   const NewsRelationSet& set);

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_NEWS_RELATIONS_H_
