// libFuzzer target: HTML article extraction, fragment-to-text and date
// normalisation must not crash, leak or hang on any bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/html_reader.h"
#include "ingest/language.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto article = sitrep::ingest::ExtractArticle(in);
  if (article.ok()) (void)sitrep::ingest::DetectLanguage(article->text, article->language_hint);
  (void)sitrep::ingest::HtmlFragmentToText(in.substr(0, 4096));
  (void)sitrep::ingest::NormalizeDate(in.substr(0, 64));
  return 0;
}
