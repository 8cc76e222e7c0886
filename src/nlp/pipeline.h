// NlpModel: the English tagger + lemmatiser + dependency parser behind one
// immutable object loaded from a model file (models/en_ewt.model).
//
// Thread safety: Load() returns a shared immutable model; Parse() is const and
// may be called concurrently from any number of threads (all scratch space
// is local to the call).
//
// Lifetime: ParsedWord::form views the caller's `forms` (so, for Document
// tokens, the Document's normalised text); xpos and deprel view interned
// strings that live for the whole process; lemmas are owned by the
// ParsedSentence.
//
//   SITREP_ASSIGN_OR_RETURN(std::string path, NlpModel::DefaultPath());
//   SITREP_ASSIGN_OR_RETURN(auto model, NlpModel::Load(path));
//   std::vector<std::string_view> forms = {"Troops", "shelled", "the", "town", "."};
//   ParsedSentence parsed;
//   SITREP_RETURN_IF_ERROR(model->Parse(forms, &parsed));
#ifndef SITREP_NLP_PIPELINE_H_
#define SITREP_NLP_PIPELINE_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/document.h"
#include "nlp/lemmatizer.h"
#include "nlp/model_file.h"
#include "nlp/parsed_sentence.h"
#include "nlp/parser.h"
#include "nlp/tagger.h"
#include "sitrep/status.h"

namespace sitrep::nlp {

// Limits enforced by Parse (kResourceExhausted beyond them).
inline constexpr size_t kMaxWordsPerSentence = 1000;
inline constexpr size_t kMaxWordBytes = 1024;

struct NlpLoadOptions {
  // Lean mode: run only the tagger's first pass (a two-pass model then tags
  // faster and a little less accurately; see models/README.md).
  bool first_pass_tagging_only = false;
};

class NlpModel {
 public:
  // Maps and validates the file. NotFound when missing; Corruption for a
  // damaged, truncated or incompatible file (the message says what is wrong).
  static Result<std::shared_ptr<const NlpModel>> Load(const std::string& path,
                                                      const NlpLoadOptions& options = {});
  // FindDataFile("models/en_ewt.model").
  static Result<std::string> DefaultPath();

  // Tags, lemmatises and parses one sentence of pre-tokenised words.
  // InvalidArgument for an empty word; ResourceExhausted beyond the limits.
  // An empty sentence yields an empty result.
  Status Parse(std::span<const std::string_view> forms, ParsedSentence* out) const;
  // The first half of Parse: tags and lemmas only (has_tree false, heads -1).
  Status Tag(std::span<const std::string_view> forms, ParsedSentence* out) const;
  // The second half: adds the dependency tree to a sentence filled by Tag()
  // (a no-op when it already has one or the model has no parser).
  void AddTree(ParsedSentence* s) const;
  // Parses every sentence of an analysed document (tokens + sentences);
  // out->size() becomes doc.sentences.size().
  Status ParseDocument(const Document& doc, std::vector<ParsedSentence>* out) const;
  // Tag() for every sentence of the document (no trees; see AddTree).
  Status TagDocument(const Document& doc, std::vector<ParsedSentence>* out) const;

  bool has_parser() const { return has_parser_; }
  // "key=value" lines recorded at training time.
  std::string_view metadata() const { return meta_; }
  size_t file_bytes() const { return file_->size(); }
  // 16 hex digits identifying the model file's content (from the checksum
  // its header carries and Load verified, mixed with the file size).
  std::string content_hash() const;

  NlpModel(const NlpModel&) = delete;
  NlpModel& operator=(const NlpModel&) = delete;
  NlpModel() = default;

 private:
  std::unique_ptr<MappedModelFile> file_;
  std::string meta_;
  std::vector<Upos> tag_upos_;
  std::vector<std::string_view> tag_xpos_;  // interned
  std::vector<std::string_view> labels_;    // interned
  Tagger tagger_;
  Lemmatizer lemmatizer_;
  Parser parser_;
  bool has_parser_ = false;
  bool first_pass_only_ = false;
};

// Interns a short string for the life of the process (tag and relation
// names); thread-safe.
std::string_view InternTagName(std::string_view s);

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_PIPELINE_H_
