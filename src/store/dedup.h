// Cross-article deduplication, in two parts.
//
// 1. Syndication. A wire story reprinted by many outlets is one source, not
//    many. Each document gets a MinHash signature over its word shingles
//    (k consecutive lower-cased words); two documents whose signatures agree
//    on at least `min_similarity` of their slots are near-duplicates. The
//    store finds candidates with locality-sensitive hashing: the signature is
//    cut into `bands` bands of `rows` slots and two documents that share any
//    band's hash are compared. The signature has 64 slots (16 bands x 4
//    rows); the store indexes the first 10 bands, so a pair with true Jaccard
//    similarity 0.8 becomes a candidate with probability 1-(1-0.8^4)^10 =
//    0.995, at 0.7 with 0.936, at 0.3 with 0.08; candidates are then
//    compared on all 64 slots.
//
// 2. Event merging. Events from different articles describing the same
//    happening become one event carrying `sources`. Two events are the same
//    happening when all of these hold (each threshold an option below):
//      - the same CAMEO root (02, 19 ...), and the same polarity
//        (happened / not, historical / current);
//      - dates within `date_window_days` (day-precision dates), or the same
//        month/year when one of them is coarser; undated events never merge;
//      - actors compatible side by side (or crosswise when either event is
//        mutual): an actor's country must agree when both are known, and its
//        sector (GOV, MIL, REB ...) when both are known; a side left empty by
//        one article (an unstated perpetrator) is compatible with anything
//        when `allow_missing_actor` is set;
//      - places near each other: within `max_distance_km` when both have
//        coordinates found in the text (document-level fallbacks are not
//        evidence of where something happened), and never in different
//        countries when both countries are known;
//      - never two events of the same document (the resolve stage already
//        merged repeated mentions inside one article).
//    Clustering is greedy in date order: an event joins the first open
//    cluster where it is compatible with every member (complete link), so a
//    chain of "almost the same" events cannot glue two happenings together.
//    The merged record is the most informative member (located at clause or
//    sentence level first, then the largest toll, then highest confidence,
//    then earliest article);
//    its casualty records take, per kind, the largest count any article
//    reported (tolls rise as news comes in; summing reports of the same dead
//    would double count); `sources` counts articles, independent sources
//    (syndication clusters), publishers, and first/last publication dates.
//
// Thread safety: free functions over values; safe from any thread.
#ifndef SITREP_STORE_DEDUP_H_
#define SITREP_STORE_DEDUP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/event.h"

namespace sitrep::store {

struct SyndicationOptions {
  int shingle_words = 5;      // words per shingle; smaller = more lenient to rewording
  int bands = 16;             // LSH bands; bands * rows = signature length
  int rows = 4;               // slots per band; more rows = fewer, better candidates
  // Bands the store indexes (the first `indexed_bands` of `bands`; the whole
  // signature is still compared). Each indexed band is one index row per
  // document, written at a random place of the index: the store's main
  // ingest cost. With 10 of 16 bands of 4 rows a pair with Jaccard 0.8 is a
  // candidate with probability 1-(1-0.8^4)^10 = 0.995, at 0.9 0.99999, at
  // 0.7 0.936 (all 16: 0.9998, 1, 0.988); see docs/store.md.
  int indexed_bands = 10;
  double min_similarity = 0.7;  // estimated Jaccard at or above which texts are copies
  int signature_size() const { return bands * rows; }
};

// MinHash signature of `text` (signature_size() slots). Texts with no words
// get a signature of all 0xFFFFFFFF, which matches nothing meaningful.
std::vector<uint32_t> MinHashSignature(std::string_view text, const SyndicationOptions& options);

// One 64-bit hash per band of `signature` (for the LSH index).
std::vector<uint64_t> BandHashes(const std::vector<uint32_t>& signature,
                                 const SyndicationOptions& options);

// Share of equal slots: an estimate of the Jaccard similarity of the shingle
// sets. 0 when sizes differ or a signature is empty.
double EstimatedSimilarity(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// Exact-duplicate key: 64-bit hash of the text with runs of whitespace
// collapsed, as 16 hex digits.
std::string ContentHash(std::string_view text);

struct MergeOptions {
  int date_window_days = 1;     // |date difference| allowed between reports of one happening
  double max_distance_km = 50;  // place distance allowed when both are located in the text
  bool allow_missing_actor = true;  // an empty side matches any actor on that side
  bool merge_non_happened = false;  // also merge hypothetical/negated/denied events
};

// One per-article event with what the merge needs about its article.
struct ArticleEvent {
  Event event;
  std::string publisher;  // documents.source ("" = unknown)
  std::string published;  // publication date of the article ("" = unknown)
  int64_t cluster = 0;    // syndication cluster of the article (0 = its own)
  int64_t doc_key = 0;    // any key unique per document (the store's rowid)
};

struct MergedEvent {
  Event event;                 // representative, with `sources` set and merged tolls
  std::vector<size_t> members;  // indices into the input, in date order
};

// Merges `events` into happenings (see the file comment). Every input event
// appears in exactly one output; outputs are in date order.
std::vector<MergedEvent> MergeEvents(const std::vector<ArticleEvent>& events,
                                     const MergeOptions& options);

// True when a and b pass the pairwise test of the file comment (same document excluded by
// the caller). Exposed for tests and for callers with their own clustering.
bool SameHappening(const ArticleEvent& a, const ArticleEvent& b, const MergeOptions& options);

// Great-circle distance in kilometres.
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

// Days since 1970-01-01 for a YYYY-MM-DD date; false when not a full date.
bool DayNumber(std::string_view date, int64_t* day);

}  // namespace sitrep::store

#endif  // SITREP_STORE_DEDUP_H_
