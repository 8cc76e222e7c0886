#include "nlp/pipeline.h"

#include <cstdio>
#include <deque>
#include <mutex>
#include <set>

#include "base/paths.h"

namespace sitrep::nlp {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    out.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return out;
}

}  // namespace

std::string_view InternTagName(std::string_view s) {
  static std::mutex mu;
  static std::set<std::string, std::less<>>* names = new std::set<std::string, std::less<>>();
  std::lock_guard<std::mutex> lock(mu);
  auto it = names->find(s);
  if (it == names->end()) it = names->emplace(s).first;
  return *it;  // std::set nodes never move
}

std::string NlpModel::content_hash() const {
  const uint64_t h = internal::Mix64(file_->checksum() ^ (uint64_t{file_->size()} << 1));
  char buf[20];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Result<std::string> NlpModel::DefaultPath() { return FindDataFile("models/en_ewt.model"); }

Result<std::shared_ptr<const NlpModel>> NlpModel::Load(const std::string& path,
                                                       const NlpLoadOptions& options) {
  auto model = std::shared_ptr<NlpModel>(new NlpModel());
  model->first_pass_only_ = options.first_pass_tagging_only;
  SITREP_ASSIGN_OR_RETURN(model->file_, MappedModelFile::Open(path));
  const MappedModelFile& f = *model->file_;
  auto corrupt = [&](const Status& s) { return s.WithPrefix(path); };
  for (SectionId id : {SectionId::kTags, SectionId::kTagDict, SectionId::kTagger,
                       SectionId::kLemmas, SectionId::kLabels})
    if (!f.Has(id))
      return Status::Corruption(path + ": missing section " +
                                std::to_string(static_cast<uint32_t>(id)));
  model->meta_ = std::string(f.Section(SectionId::kMeta));
  for (std::string_view line : Lines(f.Section(SectionId::kTags))) {
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return Status::Corruption(path + ": bad tag record");
    Upos u = UposFromName(line.substr(0, tab));
    if (u == Upos::kCount) return Status::Corruption(path + ": unknown UPOS in tag set");
    model->tag_upos_.push_back(u);
    model->tag_xpos_.push_back(InternTagName(line.substr(tab + 1)));
  }
  int root_label = -1;
  for (std::string_view line : Lines(f.Section(SectionId::kLabels))) {
    if (line == "root") root_label = static_cast<int>(model->labels_.size());
    model->labels_.push_back(InternTagName(line));
  }
  if (Status s = model->tagger_.Open(
          f.Section(SectionId::kTagger), f.Section(SectionId::kTagDict),
          f.Has(SectionId::kTagger2) ? f.Section(SectionId::kTagger2) : std::string_view());
      !s.ok())
    return corrupt(s);
  if (model->tagger_.num_tags() != static_cast<int>(model->tag_upos_.size()))
    return Status::Corruption(path + ": tag set size does not match the tagger");
  if (Status s = model->lemmatizer_.Open(f.Section(SectionId::kLemmas)); !s.ok()) return corrupt(s);
  if (f.Has(SectionId::kParser)) {
    if (root_label < 0) return Status::Corruption(path + ": no 'root' relation in label list");
    if (Status s = model->parser_.Open(f.Section(SectionId::kParser),
                                       static_cast<int>(model->labels_.size()), root_label);
        !s.ok())
      return corrupt(s);
    model->has_parser_ = true;
  }
  return std::shared_ptr<const NlpModel>(std::move(model));
}

Status NlpModel::Parse(std::span<const std::string_view> forms, ParsedSentence* out) const {
  SITREP_RETURN_IF_ERROR(Tag(forms, out));
  AddTree(out);
  return Status::OK();
}

Status NlpModel::Tag(std::span<const std::string_view> forms, ParsedSentence* out) const {
  out->words.clear();
  out->has_tree = false;
  if (forms.empty()) return Status::OK();
  if (forms.size() > kMaxWordsPerSentence)
    return Status::ResourceExhausted("sentence has " + std::to_string(forms.size()) +
                                     " words; the limit is " +
                                     std::to_string(kMaxWordsPerSentence));
  for (size_t i = 0; i < forms.size(); ++i) {
    if (forms[i].empty()) return Status::InvalidArgument("word " + std::to_string(i) + " is empty");
    if (forms[i].size() > kMaxWordBytes)
      return Status::ResourceExhausted("word " + std::to_string(i) + " is longer than " +
                                       std::to_string(kMaxWordBytes) + " bytes");
  }
  std::vector<int> tags;
  tagger_.Tag(forms, &tags, first_pass_only_);
  out->words.resize(forms.size());
  static const std::string_view kDep = InternTagName("dep");
  for (size_t i = 0; i < forms.size(); ++i) {
    ParsedWord& w = out->words[i];
    w.form = forms[i];
    w.tag = static_cast<uint16_t>(tags[i]);
    w.upos = tag_upos_[tags[i]];
    w.xpos = tag_xpos_[tags[i]];
    w.lemma = lemmatizer_.Lemmatize(forms[i], w.xpos);
    w.head = -1;
    w.deprel = kDep;
  }
  return Status::OK();
}

void NlpModel::AddTree(ParsedSentence* s) const {
  if (s->has_tree || !has_parser_ || s->words.empty()) return;
  std::vector<std::string_view> forms;
  std::vector<int> tags, heads, labels;
  forms.reserve(s->size());
  tags.reserve(s->size());
  for (const ParsedWord& w : s->words) {
    forms.push_back(w.form);
    tags.push_back(w.tag);
  }
  parser_.Parse(forms, tags, &heads, &labels);
  for (size_t i = 0; i < s->size(); ++i) {
    s->words[i].head = heads[i];
    s->words[i].deprel = labels_[labels[i]];
  }
  s->has_tree = true;
}

Status NlpModel::TagDocument(const Document& doc, std::vector<ParsedSentence>* out) const {
  out->clear();
  out->resize(doc.sentences.size());
  std::vector<std::string_view> forms;
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& sent = doc.sentences[s];
    if (sent.token_end > doc.tokens.size() || sent.token_begin > sent.token_end)
      return Status::InvalidArgument("sentence " + std::to_string(s) + " has bad token range");
    forms.clear();
    for (uint32_t t = sent.token_begin; t < sent.token_end; ++t) forms.push_back(doc.tokens[t].form);
    SITREP_RETURN_IF_ERROR(Tag(forms, &(*out)[s]));
  }
  return Status::OK();
}

Status NlpModel::ParseDocument(const Document& doc, std::vector<ParsedSentence>* out) const {
  SITREP_RETURN_IF_ERROR(TagDocument(doc, out));
  for (ParsedSentence& s : *out) AddTree(&s);
  return Status::OK();
}

}  // namespace sitrep::nlp
