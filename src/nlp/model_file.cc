#include "nlp/model_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sitrep::nlp {
namespace {

constexpr size_t kHeaderSize = 32;
constexpr size_t kDirEntrySize = 24;

void PutU32(std::string* s, uint32_t v) { s->append(reinterpret_cast<const char*>(&v), 4); }
void PutU64(std::string* s, uint64_t v) { s->append(reinterpret_cast<const char*>(&v), 8); }
uint32_t GetU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

}  // namespace

uint64_t ModelChecksum(std::string_view bytes) {
  uint64_t h = 0x243F6A8885A308D3ULL ^ bytes.size();
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ULL;
  h ^= h >> 32;
  return h;
}

std::string ModelFileWriter::Serialize() const {
  // Layout: header, directory, then sections each aligned to 8 bytes.
  std::string body;
  std::string dir;
  size_t offset = kHeaderSize + kDirEntrySize * sections_.size();
  std::string payload;
  for (const auto& [id, bytes] : sections_) {
    while ((offset + payload.size()) % 8 != 0) payload.push_back('\0');
    PutU32(&dir, static_cast<uint32_t>(id));
    PutU32(&dir, 0);
    PutU64(&dir, offset + payload.size());
    PutU64(&dir, bytes.size());
    payload += bytes;
  }
  while ((offset + payload.size()) % 8 != 0) payload.push_back('\0');
  body = dir + payload;
  std::string out(kModelMagic, 8);
  PutU32(&out, kModelFormatVersion);
  PutU32(&out, static_cast<uint32_t>(sections_.size()));
  PutU64(&out, kHeaderSize + body.size());
  PutU64(&out, ModelChecksum(body));
  out += body;
  return out;
}

Status ModelFileWriter::WriteTo(const std::string& path) const {
  std::string data = Serialize();
  std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return Status::IOError(tmp + ": " + std::strerror(errno));
  size_t written = std::fwrite(data.data(), 1, data.size(), f);
  if (std::fclose(f) != 0 || written != data.size())
    return Status::IOError(tmp + ": write failed");
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::IOError(path + ": " + std::strerror(errno));
  return Status::OK();
}

MappedModelFile::~MappedModelFile() {
  if (map_ != nullptr) munmap(map_, map_size_);
}

std::string_view MappedModelFile::Section(SectionId id) const {
  auto it = sections_.find(id);
  return it == sections_.end() ? std::string_view() : it->second;
}

Result<std::unique_ptr<MappedModelFile>> MappedModelFile::FromBytes(std::string_view bytes,
                                                                    std::string_view name) {
  auto err = [&](const std::string& m) { return Status::Corruption(std::string(name) + ": " + m); };
  if (bytes.size() < kHeaderSize)
    return err("truncated: " + std::to_string(bytes.size()) + " bytes, smaller than the header");
  if (std::memcmp(bytes.data(), kModelMagic, 8) != 0) return err("not a sitrep NLP model (bad magic)");
  uint32_t version = GetU32(bytes.data() + 8);
  if (version != kModelFormatVersion)
    return err("format version " + std::to_string(version) + ", this build reads version " +
               std::to_string(kModelFormatVersion));
  uint32_t count = GetU32(bytes.data() + 12);
  uint64_t total = GetU64(bytes.data() + 16);
  if (total != bytes.size())
    return err("truncated or padded: header says " + std::to_string(total) + " bytes, file has " +
               std::to_string(bytes.size()));
  if (count > 64 || kHeaderSize + uint64_t{count} * kDirEntrySize > bytes.size())
    return err("bad section count " + std::to_string(count));
  std::string_view body = bytes.substr(kHeaderSize);
  if (ModelChecksum(body) != GetU64(bytes.data() + 24)) return err("checksum mismatch");
  auto file = std::make_unique<MappedModelFile>();
  file->bytes_ = bytes;
  file->checksum_ = GetU64(bytes.data() + 24);
  for (uint32_t i = 0; i < count; ++i) {
    const char* e = bytes.data() + kHeaderSize + i * kDirEntrySize;
    uint32_t id = GetU32(e);
    uint64_t off = GetU64(e + 8), size = GetU64(e + 16);
    if (off > bytes.size() || size > bytes.size() - off || off % 8 != 0)
      return err("section " + std::to_string(id) + " out of bounds");
    file->sections_[static_cast<SectionId>(id)] = bytes.substr(off, size);
  }
  return file;
}

Result<std::unique_ptr<MappedModelFile>> MappedModelFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such model file");
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IOError(path + ": " + std::strerror(errno));
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return Status::Corruption(path + ": empty model file");
  }
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return Status::IOError(path + ": mmap: " + std::strerror(errno));
  Result<std::unique_ptr<MappedModelFile>> r =
      FromBytes(std::string_view(static_cast<const char*>(map), size), path);
  if (!r.ok()) {
    munmap(map, size);
    return r.status();
  }
  (*r)->map_ = map;
  (*r)->map_size_ = size;
  return r;
}

}  // namespace sitrep::nlp
