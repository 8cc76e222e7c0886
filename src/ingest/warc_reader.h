// WARC reader: news crawls (WARC/1.0 and WARC/1.1, plain or .warc.gz).
//
// A .warc.gz is a series of gzip members back to back (usually one record
// per member); every member is inflated in turn (zlib, inflateReset between
// members) and the records are parsed from the concatenated stream, so a
// record may also span members. Plain and gzip input are told apart by the
// gzip magic bytes, not by the file name.
//
// Records used: `response` records whose block is an HTTP response with a
// 2xx status and an HTML Content-Type (and `resource` records holding HTML).
// The HTTP headers are removed, chunked transfer encoding is decoded, gzip /
// deflate content encoding is inflated, the charset of the Content-Type is
// passed to the HTML parser, and the article is extracted by
// ExtractArticle(). Everything else (warcinfo, request, metadata, revisit,
// non-HTML or non-2xx responses, pages with no article text) is skipped
// and counted in WarcStats, not reported as an error.
//
// Document fields: id = canonical URL of the page, else WARC-Target-URI,
// else WARC-Record-ID; url likewise; date = the page's publication date,
// else WARC-Date; language by DetectLanguage().
//
// Errors ("ORIGIN: byte N: message", N = offset in the file; for gzip input
// the offset of the gzip member where the record starts): a record with a
// bad header line or Content-Length, a truncated record, corrupt or
// truncated gzip data. One error per bad record; reading resumes at the next
// "WARC/1." header (or the next gzip member).
//
// Thread-safe: no shared state.
#ifndef SITREP_INGEST_WARC_READER_H_
#define SITREP_INGEST_WARC_READER_H_

#include <cstddef>
#include <string_view>

#include "ingest/reader.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

struct WarcStats {
  size_t records = 0;            // WARC records parsed
  size_t documents = 0;          // documents handed to the sink
  size_t skipped_not_response = 0;  // warcinfo, request, metadata, revisit, ...
  size_t skipped_not_html = 0;   // responses that are not 2xx HTML, or too large
  size_t skipped_no_text = 0;    // HTML with no article text found
  size_t errors = 0;             // corrupt records or gzip members reported
};

// Reads a whole WARC or WARC.gz file held in memory. `stats` may be null.
Status ReadWarc(std::string_view data, std::string_view origin, const ReadOptions& options,
                const DocumentSink& sink, const ErrorSink& errors, WarcStats* stats = nullptr);

// True when `data` starts like a WARC record or a gzip member.
bool LooksLikeWarc(std::string_view data);

}  // namespace sitrep::ingest

#endif  // SITREP_INGEST_WARC_READER_H_
