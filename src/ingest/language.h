// Language identification of extracted article text (CLD2, Debian libcld2).
//
// sitrep codes English only; the readers set DocumentMeta::language with
// DetectLanguage() and the caller skips (and counts) documents for which
// IsEnglish() is false. Text too short or too mixed to tell is reported as
// English, so that short wire items are never dropped for lack of evidence.
//
// Thread-safe: CLD2's tables are static and read-only; no shared state here.
#ifndef SITREP_INGEST_LANGUAGE_H_
#define SITREP_INGEST_LANGUAGE_H_

#include <string>
#include <string_view>

namespace sitrep::ingest {

struct LanguageGuess {
  std::string code;       // ISO 639-1 ("en", "fr"), or a CLD2 code when none exists
  bool reliable = false;  // CLD2 was confident (enough letters, clear margin)
  int percent = 0;        // share of the text's letters in that language
  int text_bytes = 0;     // letters CLD2 looked at
};

// Letters needed before a non-English verdict is trusted.
inline constexpr int kMinLanguageTextBytes = 80;

// Raw CLD2 verdict on plain UTF-8 text. `hint` is an optional language code
// from the source (HTML lang=, feed <language>, Content-Language) that
// nudges the guess; it never overrides clear evidence. Invalid UTF-8 is
// tolerated (CLD2 is called in its checking mode).
LanguageGuess IdentifyLanguage(std::string_view text, std::string_view hint = "");

// The code to store in DocumentMeta::language: the guess when it is
// reliable and long enough, otherwise "en".
std::string DetectLanguage(std::string_view text, std::string_view hint = "");

// True for "en", "en-GB", ... and for an empty code (unknown = English).
bool IsEnglish(std::string_view language_code);

}  // namespace sitrep::ingest

#endif  // SITREP_INGEST_LANGUAGE_H_
