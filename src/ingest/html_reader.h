// HTML article reader: main text and metadata of a news page.
//
// The page is parsed by libxml2's HTML parser (recover mode, no network, no
// error output) and the article is found from the document STRUCTURE:
//   1. boilerplate elements are dropped (script, style, nav, header, footer,
//      aside, form, noscript, iframe, comments, and elements whose class/id
//      says sidebar, comment, related, promo, share, ... unless it also says
//      article/story/content/body);
//   2. the remaining text is cut into paragraph runs (a <p>, or the inline
//      text between two block elements, or between <br>s);
//   3. every run of 25+ characters scores its block ancestors (more for
//      longer runs and for commas), each ancestor weighted by its tag and by
//      class/id hints, and discounted by its link density;
//   4. the best container's runs are kept, plus those of its siblings that
//      score close enough, minus headings, link lists and short fragments.
// Paragraphs are joined with one blank line ("\n\n").
//
// Metadata, each from the first source that has it:
//   title  og:title, <title> without a " - Site" / " | Site" suffix, <h1>
//   date   JSON-LD datePublished, article:published_time, meta name=date /
//          pubdate / DC.date..., itemprop=datePublished, <time datetime>;
//          normalised to YYYY-MM-DD
//   url    <link rel=canonical>, og:url
//   byline meta author, JSON-LD author
//   site   og:site_name, JSON-LD publisher
//
// Thread-safe: no shared state (libxml2 is initialised once by the first call).
#ifndef SITREP_INGEST_HTML_READER_H_
#define SITREP_INGEST_HTML_READER_H_

#include <string>
#include <string_view>

#include "base/document.h"
#include "ingest/reader.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

struct HtmlArticle {
  std::string text;       // paragraphs joined by "\n\n"; UTF-8
  std::string title;
  std::string date;       // YYYY-MM-DD or empty
  std::string url;        // canonical URL or empty
  std::string byline;
  std::string site_name;
  std::string language_hint;  // <html lang=...>, for language identification
};

// Largest HTML page accepted (bytes of markup, not of extracted text).
inline constexpr size_t kMaxHtmlBytes = 64u << 20;

// Extracts the article from a whole page. `encoding` (e.g. from an HTTP
// Content-Type) may be empty: libxml2 then uses the page's <meta charset>.
// Errors: InvalidArgument for an empty page, a page with no <body>, or a
// body with no text; ResourceExhausted above kMaxHtmlBytes.
Result<HtmlArticle> ExtractArticle(std::string_view html, std::string_view encoding = "");

// Text of an HTML fragment (a feed item's description or content): every
// paragraph run outside scripts and styles, no boilerplate scoring.
// Plain text without markup comes back with its whitespace collapsed.
std::string HtmlFragmentToText(std::string_view html);

// Normalises a publication date to YYYY-MM-DD: ISO 8601 ("2011-08-10T12:00Z",
// "20110810"), RFC 822 ("Wed, 10 Aug 2011 12:00:00 GMT") and written dates
// ("August 10, 2011", "10 August 2011"). Returns "" when no real day is found.
// The calendar day as written is kept (no time-zone shift).
std::string NormalizeDate(std::string_view text);

// Reads one HTML page into a document. Metadata: id = options.defaults.id,
// else the canonical URL, else `default_id`; date/url/title/source from the
// page, else from options.defaults. Sets meta.language (DetectLanguage).
// A page that yields no text is reported to `errors` as "ORIGIN: message".
Status ReadHtml(std::string_view data, std::string_view origin, std::string_view default_id,
                const ReadOptions& options, const DocumentSink& sink, const ErrorSink& errors);

}  // namespace sitrep::ingest

#endif  // SITREP_INGEST_HTML_READER_H_
