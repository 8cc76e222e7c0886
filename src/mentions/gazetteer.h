// Gazetteer: the compiled, read-only table of place names sitrep resolves
// place mentions against (GeoNames populated places, countries, first-level
// subdivisions and the reviewed aliases of data/places/aliases.txt).
//
// The table is one binary file (layout in GAZETTEER-FORMAT.md beside this
// file) written by BuildGazetteer() (gazetteer_builder.h) at setup and mapped
// read-only with mmap here: loading checks the header, the section bounds and
// a checksum, and copies nothing, so a 50 MB gazetteer opens in tens of
// milliseconds and its pages are shared between processes.
//
// Thread safety: a loaded Gazetteer is immutable; share it as
// std::shared_ptr<const Gazetteer> between any number of threads.
// Lifetime: every string_view and pointer handed out points into the mapping
// and stays valid while the Gazetteer lives.
//
//   SITREP_ASSIGN_OR_RETURN(auto gaz, Gazetteer::Load("build/gazetteer.bin"));
//   for (const NameEntry& e : gaz->Lookup(FoldName("Donetsk")))
//     const PlaceRecord& p = gaz->place(e.place);
#ifndef SITREP_MENTIONS_GAZETTEER_H_
#define SITREP_MENTIONS_GAZETTEER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::mentions {

// What a place record stands for; also the `precision` of a resolved mention.
enum class PlaceKind : uint8_t { kCity = 0, kAdmin1 = 1, kCountry = 2, kRegion = 3, kPoint = 4 };
std::string_view PlaceKindName(PlaceKind k);  // "city", "admin1", ...

// GeoNames feature codes that matter for ranking, smallest = most important.
enum class Feature : uint8_t { kPPLC = 0, kPPLA = 1, kPPLA2 = 2, kPPLA3 = 3, kPPL = 4, kOther = 5 };

// Place flags (PlaceRecord::flags).
inline constexpr uint8_t kPlaceSeat = 1;      // seat of a government: may stand for it (metonym)
inline constexpr uint8_t kPlaceReviewed = 2;  // from the reviewed alias file

// Name flags (NameEntry::flags).
inline constexpr uint8_t kNameMain = 1;        // the record's own name (not an alternate)
inline constexpr uint8_t kNameCommonWord = 2;  // also an ordinary English word (WordNet / stoplist)
inline constexpr uint8_t kNameDemonym = 4;     // a demonym/adjective of the country: not a place
inline constexpr uint8_t kNameLowerStart = 8;  // may start with a lower-case word ("eastern Ukraine")
inline constexpr uint8_t kNameAbbrev = 16;     // all-capital abbreviation ("US", "UK"): case must match
inline constexpr uint8_t kNameFirstName = 32;  // also a common English given name ("Sophia", "Dave")

// On-disk records; the layouts are part of the file format (little-endian).
#pragma pack(push, 1)
struct PlaceRecord {
  uint32_t geonameid;   // 0 when the record is not a GeoNames place
  float lat;            // degrees
  float lon;
  uint32_t population;  // summed over members for countries and admin1
  uint32_t name_off;    // display name in the string pool
  uint16_t name_len;
  uint8_t kind;         // PlaceKind
  uint8_t flags;        // kPlace*
  uint16_t country;     // index into the country table, 0xFFFF = none
  uint8_t feature;      // Feature
  uint8_t admin1_len;
  uint32_t admin1_off;  // "UA-14" (ISO 3166-2) or "UA.05" (GeoNames) or empty
};
struct NameEntry {
  uint32_t key_off;  // folded name (FoldName) in the string pool
  uint16_t key_len;
  uint8_t flags;     // kName*
  uint8_t ntokens;   // words in the key
  uint32_t place;    // index into the place table
};
struct CountryRecord {
  char iso3[3];
  char iso2[2];
  uint8_t pad[3];
  uint32_t place;    // the country's own place record
  uint32_t capital;  // place index of its capital, 0xFFFFFFFF = unknown
};
#pragma pack(pop)
static_assert(sizeof(PlaceRecord) == 32);
static_assert(sizeof(NameEntry) == 12);
static_assert(sizeof(CountryRecord) == 16);

inline constexpr uint16_t kNoCountry = 0xFFFF;
inline constexpr uint32_t kNoPlace = 0xFFFFFFFF;
inline constexpr uint32_t kGazetteerVersion = 1;
inline constexpr char kGazetteerMagic[8] = {'S', 'R', 'G', 'A', 'Z', 'E', 'T', '\n'};

// Folds a name for lookup: ASCII and Latin-1 letters lower-cased, typographic
// apostrophes to "'", runs of spaces to one space, leading/trailing spaces
// dropped. Used by the builder and the finder alike, so both must agree.
std::string FoldName(std::string_view name);

// 64-bit FNV-1a, the file checksum.
uint64_t Fnv1a64(const void* data, size_t size);

class Gazetteer {
 public:
  // Maps `path`. NotFound/IOError when it cannot be opened; Corruption (with
  // the offending field) when the magic, version, bounds or checksum are wrong.
  static Result<std::shared_ptr<const Gazetteer>> Load(const std::string& path);
  // Same checks over bytes already in memory (tests, fuzzers); the bytes are copied.
  static Result<std::shared_ptr<const Gazetteer>> FromBytes(std::string bytes);

  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

  // All entries whose key equals `folded` (already FoldName'd), in file order;
  // empty when none.
  std::span<const NameEntry> Lookup(std::string_view folded) const;
  // True when some key starts with `folded_prefix` (lets callers stop growing
  // a token window as soon as no longer name can match).
  bool HasKeyWithPrefix(std::string_view folded_prefix) const;
  // The longest key, in words: callers need not try longer token windows.
  uint32_t max_name_tokens() const { return max_tokens_; }

  size_t num_places() const { return places_.size(); }
  size_t num_names() const { return names_.size(); }
  size_t num_countries() const { return countries_.size(); }
  const PlaceRecord& place(uint32_t i) const { return places_[i]; }
  std::string_view name(const PlaceRecord& p) const { return Str(p.name_off, p.name_len); }
  std::string_view admin1(const PlaceRecord& p) const { return Str(p.admin1_off, p.admin1_len); }
  std::string_view key(const NameEntry& e) const { return Str(e.key_off, e.key_len); }
  const CountryRecord* country(uint16_t i) const {
    return i < countries_.size() ? &countries_[i] : nullptr;
  }
  // "UKR", or "" for kNoCountry.
  std::string_view iso3(uint16_t country_index) const;
  // Index of the country with this alpha-3 or alpha-2 code, or kNoCountry.
  uint16_t FindCountry(std::string_view code) const;
  size_t file_bytes() const { return size_; }

 private:
  Gazetteer() = default;
  Status Init();
  std::string_view Str(uint32_t off, uint32_t len) const {
    return std::string_view(strings_ + off, len);
  }

  const char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  std::string owned_;  // FromBytes
  std::span<const PlaceRecord> places_;
  std::span<const NameEntry> names_;
  std::span<const CountryRecord> countries_;
  const char* strings_ = nullptr;
  uint32_t max_tokens_ = 1;
};

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_GAZETTEER_H_
