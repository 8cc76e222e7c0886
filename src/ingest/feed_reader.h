// RSS 2.0 / RSS 1.0 (RDF) / Atom feed reader: each item or entry becomes a
// Document.
//
// Parsing is by libxml2 with XML_PARSE_NONET and WITHOUT entity
// substitution (no XML_PARSE_NOENT) or DTD loading, so a feed can neither
// reach the network nor read local files through external entities; entity
// references left in the tree are not followed.
//
// Fields per item:
//   id     RSS <guid>, Atom <id>, else the link, else "ORIGIN#N"
//   url    RSS <link>, Atom <link rel="alternate" href> (or the first link)
//   title  <title> (Atom type="html" titles are turned into text)
//   date   RSS <pubDate> (RFC 822) or <dc:date>; Atom <published>, else
//          <updated> (ISO 8601); normalised to YYYY-MM-DD
//   text   <content:encoded>, else <description>; Atom <content>, else
//          <summary>; HTML turned into text by HtmlFragmentToText(). An item
//          with no body but a title is kept with its title as the text.
//   source the channel/feed <title>
//   language  DetectLanguage() on the text, the feed's <language> as a hint
//
// Broken XML: the first well-formedness error is reported once, as
// "ORIGIN:LINE: malformed XML: ...". The feed is then re-read in libxml2's
// recover mode and the items that END before the error line are kept (an
// item on or after that line may be truncated or mis-nested, so it is
// dropped; the message says how many items were kept).
//
// Thread-safe: no shared state.
#ifndef SITREP_INGEST_FEED_READER_H_
#define SITREP_INGEST_FEED_READER_H_

#include <string_view>

#include "ingest/reader.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

// Reads a whole feed held in memory; `origin` names it in messages.
Status ReadFeed(std::string_view data, std::string_view origin, const ReadOptions& options,
                const DocumentSink& sink, const ErrorSink& errors);

}  // namespace sitrep::ingest

#endif  // SITREP_INGEST_FEED_READER_H_
