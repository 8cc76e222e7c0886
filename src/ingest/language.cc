#include "ingest/language.h"

#include <cstdio>  // must precede the CLD2 header (Debian's libcld2-dev)

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include <algorithm>
#include <cctype>
#include <string>

namespace sitrep::ingest {
namespace {

// CLD2 codes that are longer than ISO 639-1 but have a two-letter form.
std::string ToIso6391(const char* cld2_code) {
  std::string code = cld2_code ? cld2_code : "";
  // "zh-Hant", "sr-ME": keep the language part only.
  size_t dash = code.find('-');
  if (dash != std::string::npos) code.resize(dash);
  if (code == "iw") return "he";   // CLD2 uses the withdrawn code for Hebrew
  if (code == "in") return "id";
  if (code == "jw") return "jv";
  return code;
}

}  // namespace

LanguageGuess IdentifyLanguage(std::string_view text, std::string_view hint) {
  LanguageGuess out;
  if (text.empty()) {
    out.code = "un";
    return out;
  }
  // CLD2 takes an int length; long articles are decided on their first 256 KB.
  size_t length = std::min<size_t>(text.size(), 256u << 10);
  // Cut on a character boundary: CLD2 gives up on a split UTF-8 sequence.
  while (length < text.size() && length > 0 &&
         (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80)
    --length;
  std::string hint_code(hint.substr(0, std::min<size_t>(hint.size(), 16)));
  std::transform(hint_code.begin(), hint_code.end(), hint_code.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  if (!hint_code.empty()) hints.content_language_hint = hint_code.c_str();
  // CLD2 leaves these untouched when it rejects invalid UTF-8 up front.
  CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                 CLD2::UNKNOWN_LANGUAGE};
  int percent3[3] = {0, 0, 0};
  double scores3[3] = {0, 0, 0};
  int text_bytes = 0;
  int valid_prefix_bytes = 0;
  bool reliable = false;
  CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(length), /*is_plain_text=*/true, &hints, /*flags=*/0, language3, percent3,
      scores3, /*resultchunkvector=*/nullptr, &text_bytes, &reliable, &valid_prefix_bytes);
  out.code = ToIso6391(CLD2::LanguageCode(lang));
  out.reliable = reliable && valid_prefix_bytes == static_cast<int>(length);
  out.percent = language3[0] == lang ? percent3[0] : 0;
  out.text_bytes = text_bytes;
  return out;
}

std::string DetectLanguage(std::string_view text, std::string_view hint) {
  LanguageGuess g = IdentifyLanguage(text, hint);
  if (!g.reliable || g.text_bytes < kMinLanguageTextBytes || g.code == "un" || g.code.empty())
    return "en";
  return g.code;
}

bool IsEnglish(std::string_view code) {
  if (code.empty()) return true;
  if (code.size() < 2) return false;
  bool en = (code[0] == 'e' || code[0] == 'E') && (code[1] == 'n' || code[1] == 'N');
  return en && (code.size() == 2 || code[2] == '-' || code[2] == '_');
}

}  // namespace sitrep::ingest
