// Document: one article as it flows through the pipeline.
//
// A Document owns the original bytes (`original`, validated UTF-8), the
// normalised text (`normalized`: NFC, curly quotes and dashes folded) and the
// map from every normalised byte back to an original byte. Tokens and
// sentences are plain structs indexed by position; they hold offsets, not
// copies.
//
// **Lifetime: every string_view handed out by a Token (form) points into
// Document::normalized and stays valid while the Document lives and its text
// is not modified.**
//
// Thread safety: a Document is a value; one thread fills it, any number may
// read it afterwards.
#ifndef SITREP_BASE_DOCUMENT_H_
#define SITREP_BASE_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

// [begin, end) byte offsets. Unless a field says otherwise, a Span counts
// bytes of the ORIGINAL text.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool operator==(const Span&) const = default;
};

struct DocumentMeta {
  std::string id;        // required; unique per document in a store
  std::string date;      // publication date YYYY-MM-DD, or empty when unknown
  std::string url;
  std::string title;
  std::string source;    // publisher / outlet
  std::string author;    // byline, when the input names one
  std::string language;  // ISO 639-1 when known
  std::string extra_json;  // other JSON fields of the input record, verbatim object text, or empty
  std::string origin;    // where it came from, for messages: "file.jsonl:12"
};

struct Token {
  uint32_t norm_begin = 0;  // offsets into Document::normalized
  uint32_t norm_end = 0;
  Span span;                // offsets into Document::original
  bool space_after = true;  // whitespace follows in the text
  std::string_view form;    // view into Document::normalized
};

struct Sentence {
  uint32_t token_begin = 0;  // index into Document::tokens
  uint32_t token_end = 0;    // one past the last token
  Span span;                 // original bytes of the whole sentence
  bool credit_line = false;  // "(dpa/NAN)", bylines, photo credits: not story text
  bool in_quote = false;     // the whole sentence is inside a quotation
  uint32_t size() const { return token_end - token_begin; }
};

struct Document {
  DocumentMeta meta;
  std::string original;            // valid UTF-8
  std::string normalized;          // NFC, quotes/dashes folded
  std::vector<uint32_t> norm_to_orig;  // size normalized.size() + 1
  std::vector<Token> tokens;
  std::vector<Sentence> sentences;

  Document() = default;
  Document(const Document&) = delete;  // tokens hold views into `normalized`
  Document& operator=(const Document&) = delete;
  Document(Document&&) = default;      // std::string move keeps heap buffers,
  Document& operator=(Document&&) = default;  // but short (SSO) texts would move:
  // callers must re-run text analysis after moving a Document with tokens,
  // or move only before analysis. AnalyzeText() is always called in place.

  std::string_view OriginalText(Span s) const {
    return std::string_view(original).substr(s.begin, s.end - s.begin);
  }
};

}  // namespace sitrep

#endif  // SITREP_BASE_DOCUMENT_H_
