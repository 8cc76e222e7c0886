// Input readers: turn files or standard input into Documents.
//
// Formats (CLI.md): plain text (one document per file, metadata from flags or
// a sidecar FILE.meta.json) and JSON Lines (one document per line: "id" and
// "text" required; "date", "url", "title", "source" optional; other fields
// kept verbatim in DocumentMeta::extra_json). Later formats (HTML, RSS, WARC)
// plug into ReadInput() the same way.
//
// Bad records never stop the reader: each is reported to the error callback
// as "FILE:LINE: message" and skipped; the caller decides whether to stop
// (--on-error fail) by returning a non-OK Status from a callback.
//
// Thread-safe: functions with no shared state; callbacks run on the calling thread.
#ifndef SITREP_INGEST_READER_H_
#define SITREP_INGEST_READER_H_

#include <functional>
#include <string>
#include <string_view>

#include "base/document.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

enum class InputFormat { kAuto, kText, kJsonl, kHtml, kRss, kWarc };

// Parses "text", "jsonl", "auto", "html", "rss", "warc"; InvalidArgument otherwise.
Result<InputFormat> ParseInputFormat(std::string_view name);

struct ReadOptions {
  InputFormat format = InputFormat::kText;
  DocumentMeta defaults;       // from --id/--date/--source/--url; applied to text input
  size_t max_document_bytes = 8u << 20;  // larger records are rejected (ResourceExhausted)
  size_t max_line_bytes = 16u << 20;     // a longer JSON line is rejected, the rest still read
};

// Receives each good document; a non-OK return stops reading and is returned.
using DocumentSink = std::function<Status(Document&& doc)>;
// Receives each bad record as "ORIGIN: message"; a non-OK return stops reading.
using ErrorSink = std::function<Status(const std::string& where, const Status& error)>;

// Reads `path` ("-" = standard input) in the given format.
Status ReadInput(const std::string& path, const ReadOptions& options, const DocumentSink& sink,
                 const ErrorSink& errors);

// Reads JSON Lines from an in-memory buffer; `origin` names it in messages.
Status ReadJsonl(std::string_view data, std::string_view origin, const ReadOptions& options,
                 const DocumentSink& sink, const ErrorSink& errors);

// Builds one document from plain text with the given metadata; validates
// UTF-8 (InvalidArgument naming the byte offset) and the date.
Result<Document> MakeTextDocument(std::string text, DocumentMeta meta, size_t max_bytes);

// The byline as the store keeps it in DocumentMeta::extra_json:
// {"byline":"..."}, or "" for an empty byline.
std::string BylineJson(std::string_view byline);

// Checks a metadata date: empty or a real YYYY-MM-DD day.
Status ValidateDate(std::string_view date);

// A stable id from a path (its file name) when no --id is given.
std::string DefaultIdForPath(const std::string& path);

}  // namespace sitrep::ingest

#endif  // SITREP_INGEST_READER_H_
