#include "text/text_analyzer.h"

#include "text/normalizer.h"
#include "text/sentence_splitter.h"
#include "text/tokenizer.h"

namespace sitrep::text {

Status AnalyzeText(Document* doc, const TextLimits& limits) {
  doc->normalized.clear();
  doc->norm_to_orig.clear();
  doc->tokens.clear();
  doc->sentences.clear();
  if (doc->original.size() > limits.max_bytes)
    return Status::ResourceExhausted("document of " + std::to_string(doc->original.size()) +
                                     " bytes exceeds the limit of " + std::to_string(limits.max_bytes));
  SITREP_RETURN_IF_ERROR(Normalize(doc->original, &doc->normalized, &doc->norm_to_orig));
  Tokenize(doc->normalized, &doc->tokens);
  for (Token& t : doc->tokens) {
    t.span.begin = doc->norm_to_orig[t.norm_begin];
    t.span.end = doc->norm_to_orig[t.norm_end];
    if (t.span.end < t.span.begin) t.span.end = t.span.begin;
  }
  std::vector<Sentence> raw;
  SplitSentences(doc->normalized, doc->tokens, &raw);
  doc->sentences.reserve(raw.size());
  for (const Sentence& s : raw) {
    // Cut runaway sentences (tables, lists without punctuation) into pieces.
    for (uint32_t b = s.token_begin; b < s.token_end; b += limits.max_sentence_tokens) {
      Sentence piece = s;
      piece.token_begin = b;
      piece.token_end = std::min<uint32_t>(s.token_end, b + limits.max_sentence_tokens);
      piece.span.begin = doc->tokens[piece.token_begin].span.begin;
      piece.span.end = doc->tokens[piece.token_end - 1].span.end;
      doc->sentences.push_back(piece);
    }
  }
  return Status::OK();
}

}  // namespace sitrep::text
