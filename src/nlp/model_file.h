// The NLP model file: one versioned binary container of named sections
// (see FORMAT.md beside this file for the byte layout).
//
// ModelFileWriter assembles sections in memory and writes the file;
// MappedModelFile maps a file read-only (mmap) and validates the header,
// the checksum and the section directory. Every failure is a Status
// (Corruption for a damaged file, IOError for the system), never a crash.
//
// Thread safety: a MappedModelFile is immutable after Open(); section views
// stay valid while it lives.
#ifndef SITREP_NLP_MODEL_FILE_H_
#define SITREP_NLP_MODEL_FILE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::nlp {

inline constexpr char kModelMagic[8] = {'S', 'I', 'T', 'R', 'N', 'L', 'P', '\0'};
inline constexpr uint32_t kModelFormatVersion = 2;

enum class SectionId : uint32_t {
  kMeta = 1,        // text, "key=value" lines
  kTags = 2,        // text, one "UPOS\tXPOS" line per joint tag id
  kLabels = 3,      // text, one dependency relation per line
  kTagDict = 4,     // ambiguity classes (TagDict::Serialize)
  kTagger = 5,      // frozen weight table
  kLemmas = 6,      // lemmatiser records (text)
  kParser = 7,      // frozen weight table (optional)
  kTagger2 = 8,     // frozen weight table of the tagger's second pass (optional)
};

// 64-bit checksum used by the format (word-wise multiply-xor over the bytes).
uint64_t ModelChecksum(std::string_view bytes);

class ModelFileWriter {
 public:
  void AddSection(SectionId id, std::string bytes) { sections_[id] = std::move(bytes); }
  std::string Serialize() const;
  Status WriteTo(const std::string& path) const;

 private:
  std::map<SectionId, std::string> sections_;
};

class MappedModelFile {
 public:
  MappedModelFile() = default;
  ~MappedModelFile();
  MappedModelFile(const MappedModelFile&) = delete;
  MappedModelFile& operator=(const MappedModelFile&) = delete;

  static Result<std::unique_ptr<MappedModelFile>> Open(const std::string& path);
  // Validates an in-memory image (used by Open and by tests); the bytes must
  // outlive the object.
  static Result<std::unique_ptr<MappedModelFile>> FromBytes(std::string_view bytes,
                                                            std::string_view name);

  bool Has(SectionId id) const { return sections_.count(id) > 0; }
  // Empty view when absent.
  std::string_view Section(SectionId id) const;
  size_t size() const { return bytes_.size(); }
  // The header's checksum of the file body (ModelChecksum of bytes 32..end),
  // verified by Open: a content hash for provenance that costs no re-read.
  uint64_t checksum() const { return checksum_; }

 private:
  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::string_view bytes_;
  uint64_t checksum_ = 0;
  std::map<SectionId, std::string_view> sections_;
};

}  // namespace sitrep::nlp

#endif  // SITREP_NLP_MODEL_FILE_H_
