#include "mentions/gazetteer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sitrep::mentions {
namespace {

// Header layout: see GAZETTEER-FORMAT.md.
struct Header {
  char magic[8];
  uint32_t version;
  uint32_t header_size;
  uint32_t num_places;
  uint32_t num_names;
  uint32_t num_countries;
  uint32_t max_tokens;
  uint64_t strings_size;
  uint64_t payload_size;
  uint64_t checksum;
  uint64_t reserved;
};
static_assert(sizeof(Header) == 64);

}  // namespace

std::string_view PlaceKindName(PlaceKind k) {
  switch (k) {
    case PlaceKind::kCity: return "city";
    case PlaceKind::kAdmin1: return "admin1";
    case PlaceKind::kCountry: return "country";
    case PlaceKind::kRegion: return "region";
    case PlaceKind::kPoint: return "point";
  }
  return "point";
}

uint64_t Fnv1a64(const void* data, size_t size) {
  // Eight bytes per step: the plain byte-wise FNV costs ~40 ms on a 40 MB file;
  // folding 64-bit words keeps the load check well inside the 300 ms budget.
  const unsigned char* p = static_cast<const unsigned char*>(data);
  uint64_t h = 1469598103934665603ull;
  const uint64_t prime = 1099511628211ull;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * prime;
  }
  for (; i < size; ++i) h = (h ^ p[i]) * prime;
  return h;
}

std::string FoldName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool pending_space = false;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c + 32));
    } else if (c == 0xC3 && i + 1 < name.size()) {
      // Latin-1 supplement: U+00C0..U+00DE (except U+00D7) lower-case by +0x20.
      unsigned char d = static_cast<unsigned char>(name[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) d = static_cast<unsigned char>(d + 0x20);
      out.push_back(static_cast<char>(c));
      out.push_back(static_cast<char>(d));
      ++i;
    } else if (c == 0xE2 && i + 2 < name.size() && static_cast<unsigned char>(name[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(name[i + 2]) == 0x98 ||
                static_cast<unsigned char>(name[i + 2]) == 0x99)) {
      out.push_back('\'');  // U+2018 / U+2019
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

Gazetteer::~Gazetteer() {
  if (mapped_ && data_) munmap(const_cast<char*>(data_), size_);
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::Load(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string msg = path + ": " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(msg) : Status::IOError(msg);
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    std::string msg = path + ": " + std::strerror(errno);
    close(fd);
    return Status::IOError(msg);
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(Header)) {
    close(fd);
    return Status::Corruption(path + ": file too small for a gazetteer header");
  }
  void* m = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) return Status::IOError(path + ": mmap: " + std::strerror(errno));
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->data_ = static_cast<const char*>(m);
  g->size_ = size;
  g->mapped_ = true;
  Status s = g->Init();
  if (!s.ok()) return s.WithPrefix(path);
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

Result<std::shared_ptr<const Gazetteer>> Gazetteer::FromBytes(std::string bytes) {
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->owned_ = std::move(bytes);
  g->data_ = g->owned_.data();
  g->size_ = g->owned_.size();
  if (g->size_ < sizeof(Header)) return Status::Corruption("file too small for a gazetteer header");
  SITREP_RETURN_IF_ERROR(g->Init());
  return std::shared_ptr<const Gazetteer>(std::move(g));
}

Status Gazetteer::Init() {
  Header h;
  std::memcpy(&h, data_, sizeof(h));
  if (std::memcmp(h.magic, kGazetteerMagic, 8) != 0)
    return Status::Corruption("bad magic: not a sitrep gazetteer");
  if (h.version != kGazetteerVersion)
    return Status::Corruption("gazetteer format version " + std::to_string(h.version) +
                              ", this build reads version " + std::to_string(kGazetteerVersion) +
                              " (rebuild it with `sitrep gazetteer build`)");
  if (h.header_size != sizeof(Header)) return Status::Corruption("bad header size");
  const uint64_t places_bytes = uint64_t{h.num_places} * sizeof(PlaceRecord);
  const uint64_t names_bytes = uint64_t{h.num_names} * sizeof(NameEntry);
  const uint64_t countries_bytes = uint64_t{h.num_countries} * sizeof(CountryRecord);
  const uint64_t need = places_bytes + names_bytes + countries_bytes + h.strings_size;
  if (h.payload_size != need || sizeof(Header) + need != size_)
    return Status::Corruption("section sizes do not add up to the file size (truncated?)");
  const char* payload = data_ + sizeof(Header);
  if (Fnv1a64(payload, h.payload_size) != h.checksum)
    return Status::Corruption("checksum mismatch (file damaged or partly written)");
  // The payload starts at byte 64 and every record is a multiple of 4 bytes,
  // so the record arrays are suitably aligned for the packed structs.
  places_ = {reinterpret_cast<const PlaceRecord*>(payload), h.num_places};
  names_ = {reinterpret_cast<const NameEntry*>(payload + places_bytes), h.num_names};
  countries_ = {reinterpret_cast<const CountryRecord*>(payload + places_bytes + names_bytes),
                h.num_countries};
  strings_ = payload + places_bytes + names_bytes + countries_bytes;
  max_tokens_ = std::max<uint32_t>(1, h.max_tokens);
  // Cheap structural checks so that later accesses cannot leave the mapping.
  for (const PlaceRecord& p : places_) {
    if (uint64_t{p.name_off} + p.name_len > h.strings_size ||
        uint64_t{p.admin1_off} + p.admin1_len > h.strings_size)
      return Status::Corruption("place string out of bounds");
    if (p.country != kNoCountry && p.country >= h.num_countries)
      return Status::Corruption("place country index out of bounds");
  }
  for (const NameEntry& e : names_) {
    if (uint64_t{e.key_off} + e.key_len > h.strings_size || e.place >= h.num_places)
      return Status::Corruption("name entry out of bounds");
  }
  for (const CountryRecord& c : countries_) {
    if (c.place >= h.num_places || (c.capital != kNoPlace && c.capital >= h.num_places))
      return Status::Corruption("country record out of bounds");
  }
  return Status::OK();
}

std::span<const NameEntry> Gazetteer::Lookup(std::string_view folded) const {
  auto less = [this](const NameEntry& e, std::string_view k) { return key(e) < k; };
  auto it = std::lower_bound(names_.begin(), names_.end(), folded, less);
  auto end = it;
  while (end != names_.end() && key(*end) == folded) ++end;
  return names_.subspan(static_cast<size_t>(it - names_.begin()), static_cast<size_t>(end - it));
}

bool Gazetteer::HasKeyWithPrefix(std::string_view prefix) const {
  auto less = [this](const NameEntry& e, std::string_view k) { return key(e) < k; };
  auto it = std::lower_bound(names_.begin(), names_.end(), prefix, less);
  return it != names_.end() && key(*it).substr(0, prefix.size()) == prefix;
}

std::string_view Gazetteer::iso3(uint16_t i) const {
  if (i >= countries_.size()) return {};
  return std::string_view(countries_[i].iso3, 3);
}

uint16_t Gazetteer::FindCountry(std::string_view code) const {
  for (size_t i = 0; i < countries_.size(); ++i) {
    const CountryRecord& c = countries_[i];
    if ((code.size() == 3 && std::string_view(c.iso3, 3) == code) ||
        (code.size() == 2 && std::string_view(c.iso2, 2) == code))
      return static_cast<uint16_t>(i);
  }
  return kNoCountry;
}

}  // namespace sitrep::mentions
