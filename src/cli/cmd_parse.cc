// `sitrep parse [--input text|conllu] [--format conllu|json] [--model M] FILE|-`
//
// Tags, lemmatises and parses. `--input text` (default) tokenises and splits
// the text with the text stage; `--input conllu` takes the words of each
// sentence from a CoNLL-U file (gold tokenisation; other columns ignored).
// `--format conllu` (default) prints CoNLL-U; `--format json` prints one JSON
// object per sentence per line: {"sentence":N,"tokens":[{"id":1,"form":..,
// "lemma":..,"upos":..,"xpos":..,"head":H,"deprel":..[,"span":[b,e]]}]} with
// 1-based ids and head 0 for the root, as in CoNLL-U; spans (original byte
// offsets) are present for text input.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "base/paths.h"
#include "cli/command.h"
#include "cli/common.h"
#include "nlp/conllu.h"
#include "nlp/pipeline.h"

#if __has_include("text/text_analyzer.h")
#include "text/text_analyzer.h"
#define SITREP_PARSE_HAS_TEXT 1
#else
#define SITREP_PARSE_HAS_TEXT 0
#endif

namespace sitrep::cli {
namespace {

struct ParseFlags {
  std::string input = "text";
  std::string format = "conllu";
  std::string model;
  std::string file;
};

// `spans` may be null (CoNLL-U input).
void AppendJson(size_t index, const nlp::ParsedSentence& s, const std::vector<Span>* spans,
                std::string* out) {
  out->append("{\"sentence\":").append(std::to_string(index)).append(",\"tokens\":[");
  for (size_t i = 0; i < s.size(); ++i) {
    const nlp::ParsedWord& w = s[i];
    if (i) out->push_back(',');
    out->append("{\"id\":").append(std::to_string(i + 1)).append(",\"form\":");
    AppendJsonString(w.form, out);
    out->append(",\"lemma\":");
    AppendJsonString(w.lemma, out);
    out->append(",\"upos\":\"").append(nlp::UposName(w.upos)).append("\",\"xpos\":");
    AppendJsonString(w.xpos, out);
    out->append(",\"head\":").append(std::to_string(w.head + 1)).append(",\"deprel\":\"");
    out->append(w.deprel).push_back('"');
    if (spans != nullptr) {
      out->append(",\"span\":[").append(std::to_string((*spans)[i].begin)).push_back(',');
      out->append(std::to_string((*spans)[i].end)).push_back(']');
    }
    out->push_back('}');
  }
  out->append("]}\n");
}

int RunParse(const ParseFlags& f) {
  if (f.input != "text" && f.input != "conllu") {
    std::fprintf(stderr, "sitrep parse: --input must be text or conllu\n");
    return 2;
  }
  if (f.format != "conllu" && f.format != "json") {
    std::fprintf(stderr, "sitrep parse: --format must be conllu or json\n");
    return 2;
  }
  std::string path = f.model;
  if (path.empty()) {
    Result<std::string> p = nlp::NlpModel::DefaultPath();
    if (!p.ok()) {
      std::fprintf(stderr, "sitrep parse: %s\n", p.status().ToString().c_str());
      return 1;
    }
    path = *p;
  }
  Result<std::shared_ptr<const nlp::NlpModel>> model = nlp::NlpModel::Load(path);
  if (!model.ok()) {
    std::fprintf(stderr, "sitrep parse: %s\n", model.status().ToString().c_str());
    return 1;
  }
  const bool json = f.format == "json";
  std::string out;
  nlp::ParsedSentence parsed;
  if (f.input == "conllu") {
    Result<std::vector<nlp::ConlluSentence>> sents = nlp::ReadConlluFile(f.file);
    if (!sents.ok()) {
      std::fprintf(stderr, "sitrep parse: %s\n", sents.status().ToString().c_str());
      return 1;
    }
    std::vector<std::string_view> forms;
    for (size_t s = 0; s < sents->size(); ++s) {
      const nlp::ConlluSentence& sent = (*sents)[s];
      forms.clear();
      for (const nlp::ConlluWord& w : sent.words) forms.push_back(w.form);
      if (Status st = (*model)->Parse(forms, &parsed); !st.ok()) {
        std::fprintf(stderr, "%s: sentence %zu: %s\n", f.file.c_str(), s + 1, st.ToString().c_str());
        continue;
      }
      if (json) {
        AppendJson(s, parsed, nullptr, &out);
      } else {
        if (!sent.text.empty()) out.append("# text = ").append(sent.text).push_back('\n');
        nlp::AppendConllu(parsed, &out);
      }
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
    return 0;
  }
#if SITREP_PARSE_HAS_TEXT
  Document doc;
  if (f.file == "-") {
    doc.original.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    Result<std::string> data = ReadFile(f.file);
    if (!data.ok()) {
      std::fprintf(stderr, "sitrep parse: %s\n", data.status().ToString().c_str());
      return 1;
    }
    doc.original = std::move(*data);
  }
  if (Status st = text::AnalyzeText(&doc); !st.ok()) {
    std::fprintf(stderr, "sitrep parse: %s: %s\n", f.file.c_str(), st.ToString().c_str());
    return 1;
  }
  std::vector<std::string_view> forms;
  std::vector<Span> spans;
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& sent = doc.sentences[s];
    forms.clear();
    spans.clear();
    for (uint32_t t = sent.token_begin; t < sent.token_end; ++t) {
      forms.push_back(doc.tokens[t].form);
      spans.push_back(doc.tokens[t].span);
    }
    if (Status st = (*model)->Parse(forms, &parsed); !st.ok()) {
      std::fprintf(stderr, "%s: sentence %zu: %s\n", f.file.c_str(), s + 1, st.ToString().c_str());
      continue;
    }
    if (json) {
      AppendJson(s, parsed, &spans, &out);
    } else {
      std::string_view text = doc.OriginalText(sent.span);
      std::string one_line(text);
      for (char& c : one_line)
        if (c == '\n' || c == '\r') c = ' ';
      out.append("# text = ").append(one_line).push_back('\n');
      nlp::AppendConllu(parsed, &out);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
  }
  return 0;
#else
  std::fprintf(stderr, "sitrep parse: --input text needs the text stage (not built)\n");
  return 1;
#endif
}

void SetupParse(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ParseFlags>();
  auto* sub = app.add_subcommand("parse", "POS-tag, lemmatise and dependency-parse text");
  sub->add_option("--input", flags->input, "text (tokenise + split) or conllu (gold words)")
      ->capture_default_str();
  sub->add_option("--format", flags->format, "conllu or json")->capture_default_str();
  sub->add_option("--model", flags->model, "model file (default: models/en_ewt.model)");
  sub->add_option("file", flags->file, "input file, '-' for stdin")->required();
  sub->callback([flags, exit_code] { *exit_code = RunParse(*flags); });
}

}  // namespace
SITREP_REGISTER_COMMAND(SetupParse);
}  // namespace sitrep::cli
