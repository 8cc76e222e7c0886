// libFuzzer target: the text stage (normaliser, tokenizer, sentence splitter)
// on arbitrary bytes. Invalid UTF-8 must give a Status, never a crash; valid
// input must give tokens whose spans lie inside the original text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "text/text_analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sitrep::Document doc;
  doc.original.assign(reinterpret_cast<const char*>(data), size);
  sitrep::Status s = sitrep::text::AnalyzeText(&doc);
  if (!s.ok()) return 0;
  for (const auto& t : doc.tokens) {
    if (t.span.end > doc.original.size() || t.span.begin > t.span.end) std::abort();
    if (t.form.empty()) std::abort();
  }
  for (const auto& st : doc.sentences)
    if (st.token_end > doc.tokens.size() || st.token_begin >= st.token_end) std::abort();
  return 0;
}
