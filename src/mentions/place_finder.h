// PlaceFinder: finds place mentions in a Document and resolves each to a
// gazetteer record (a city, a first-level subdivision, a country, a region or
// a point), and picks the document's focus country.
//
// What counts as a place mention: a capitalised token window whose folded
// text is a gazetteer name ("Donetsk", "Gaza Strip", "Donetsk region"), or a
// direction + country alias ("eastern Ukraine"), that is not
//   - a demonym or country adjective ("Ukrainian": counted as a weak country
//     cue for the focus, never a place);
//   - part of a person's or organisation's name: after a title ("President",
//     "Mr", "Gen."), glued to other capitalised words ("Ned Price",
//     "Victoria Nuland", "Washington Post"), or a surname seen in such a name
//     elsewhere in the document ("Price noted");
//   - a function word or an ordinary English word at the start of a sentence,
//     or, mid-sentence, an ordinary word naming only a small place ("Police",
//     "Reading" the verb vs. Reading, UK keeps the large town).
//
// Disambiguation scores every candidate record of a name by
//   prior    feature class and population (country > reviewed region >
//            admin1 ~ large city; capitals and admin1 seats first; a name that
//            is only an alternate spelling of a record is penalised),
//   context  the share of the document's country evidence (from all other
//            mentions and demonyms) that the candidate's country holds,
//   hierarchy "Donetsk, Ukraine" / "Paris, Texas": the candidate lies in the
//            country or admin1 named right after the comma,
//   distance the candidate lies within 250 km of another mention's best guess.
// The confidence is the softmax share of the winner. A name after "near",
// "village of", "town of" ... that the gazetteer lacks is kept as an
// unresolved mention (no coordinates, low confidence); it never removes other
// mentions.
//
// Metonyms: a seat of government (a capital, or an alias marked `seat`:
// Kremlin, White House) used for its government: subject of a verb, agent of a
// passive ("backed by Moscow"), object of an event noun or verb ("warning to
// Moscow", "backing for Kiev", "pressure on Beijing"). With a parse the
// dependency relations decide; without one, the neighbouring words do
// ("Moscow said", "warning to Moscow").
//
// Thread safety: a PlaceFinder is immutable after construction; Find() and
// FocusCountry() are const and may run concurrently. The returned mentions own
// their strings (no views into the Document).
//
//   PlaceFinder finder(gazetteer);
//   std::vector<PlaceMention> places = finder.Find(doc, /*parses=*/nullptr);
//   std::string iso3 = finder.FocusCountry(doc, places);
#ifndef SITREP_MENTIONS_PLACE_FINDER_H_
#define SITREP_MENTIONS_PLACE_FINDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/document.h"
#include "mentions/gazetteer.h"
#include "nlp/parsed_sentence.h"

namespace sitrep::mentions {

struct PlaceMention {
  Span span;                    // ORIGINAL byte offsets of the mention text
  uint32_t sentence = 0;        // index into Document::sentences
  uint32_t token_begin = 0;     // [token_begin, token_end) into Document::tokens
  uint32_t token_end = 0;
  std::string text;             // the mention as written (original bytes)
  bool resolved = false;        // false: raw text only (no record, no coordinates)
  std::string name;             // display name of the record ("Kyiv", "Donetska oblast")
  uint32_t geonameid = 0;       // 0 when the record is not a GeoNames place
  std::string country;          // ISO 3166-1 alpha-3, or "" when unknown
  std::string admin1;           // ISO 3166-2 ("UA-14"), GeoNames ("RU.48") or ""
  double lat = 0, lon = 0;      // degrees, valid when resolved
  PlaceKind precision = PlaceKind::kPoint;
  double confidence = 0;        // 0..1
  bool metonym = false;         // the name stands for a government ("Moscow said")
  uint32_t place = kNoPlace;    // gazetteer record index
};

struct PlaceFinderOptions {
  // Mentions resolved with less confidence are still returned; this only sets
  // the weight floor below which they do not count towards the focus country.
  double focus_min_confidence = 0.2;
  // Weight of one demonym/adjective ("Ukrainian") in the focus vote relative to
  // one place mention (measured on geo-dev: see docs/places.md).
  double focus_demonym_weight = 0.3;
  // Weight of a metonymic capital ("Moscow said") in the focus vote.
  double focus_metonym_weight = 0.5;
  // Weight multiplier of a dateline place ("ANCHORAGE, Alaska --").
  double focus_dateline_weight = 3.0;
};

class PlaceFinder {
 public:
  explicit PlaceFinder(std::shared_ptr<const Gazetteer> gazetteer,
                       PlaceFinderOptions options = PlaceFinderOptions());

  // Place mentions of `doc` in text order. Uses doc.tokens/doc.sentences when
  // present (text::AnalyzeText), else tokenises doc.original itself.
  // `parses`, when not null, holds one ParsedSentence per Document sentence
  // (word i = token sentence.token_begin + i); a parse whose size does not
  // match its sentence is ignored for that sentence.
  std::vector<PlaceMention> Find(const Document& doc,
                                 const std::vector<nlp::ParsedSentence>* parses) const;

  // The document's focus country (ISO alpha-3): the country with the most
  // confidence-weighted place mentions, metonyms counting less, plus weak
  // votes from country adjectives. "" when nothing points anywhere.
  std::string FocusCountry(const Document& doc, const std::vector<PlaceMention>& mentions) const;

  const Gazetteer& gazetteer() const { return *gaz_; }

 private:
  std::shared_ptr<const Gazetteer> gaz_;
  PlaceFinderOptions options_;
};

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_PLACE_FINDER_H_
