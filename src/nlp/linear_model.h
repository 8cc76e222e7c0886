// Sparse multi-class linear models over hashed features: the training-time
// averaged perceptron and the frozen, quantised table that the model file
// stores and that inference reads in place (from the mmap).
//
// Features are 64-bit hashes (see Hash* below). A frozen table maps a feature
// to a short list of (class, int16 weight) pairs; scores are int32 sums.
//
// Thread safety: PerceptronTrainer is single-threaded; FrozenTable is
// immutable and may be read from any number of threads. A FrozenTable's
// pointers borrow the bytes it was opened on (the model file mapping).
#ifndef SITREP_NLP_LINEAR_MODEL_H_
#define SITREP_NLP_LINEAR_MODEL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::nlp::internal {

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
inline uint64_t HashStr(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return Mix64(h ^ s.size());
}
// Feature hash of a template id and up to three values.
inline uint64_t F1(uint32_t t, uint64_t a) { return Mix64(a * 0x9E3779B97F4A7C15ULL + t); }
inline uint64_t F2(uint32_t t, uint64_t a, uint64_t b) {
  return Mix64(F1(t, a) ^ (b * 0xC2B2AE3D27D4EB4FULL + 0x165667B19E3779F9ULL));
}
inline uint64_t F3(uint32_t t, uint64_t a, uint64_t b, uint64_t c) {
  return Mix64(F2(t, a, b) ^ (c * 0x27D4EB2F165667C5ULL + 0x85EBCA77C2B2AE63ULL));
}

// Open-addressing map uint64 -> uint32 used during training.
class U64Map {
 public:
  U64Map();
  // Returns the value for key, inserting `next` if absent (then *inserted = true).
  uint32_t FindOrInsert(uint64_t key, uint32_t next, bool* inserted);
  // Returns UINT32_MAX when absent.
  uint32_t Find(uint64_t key) const;
  size_t size() const { return size_; }

 private:
  void Grow();
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> vals_;
  size_t size_ = 0;
  size_t mask_ = 0;
};

// Averaged perceptron with lazily updated averages (Collins 2002; the
// timestamp trick of Daume). One row of (class, weight) entries per feature.
class PerceptronTrainer {
 public:
  explicit PerceptronTrainer(int num_classes) : num_classes_(num_classes) {}
  int num_classes() const { return num_classes_; }
  // scores[0..num_classes) = sum of current weights.
  void Score(std::span<const uint64_t> feats, float* scores) const;
  // Moves weight from `guess` to `truth` (no-op when equal) and counts one step.
  void Update(std::span<const uint64_t> feats, int truth, int guess, float amount = 1.0f);
  // Counts one training step without an update.
  void Tick() { ++step_; }
  size_t num_features() const { return rows_.size(); }

  // Serialises the averaged weights as a frozen table (see FrozenTable),
  // dropping entries whose quantised value is zero and features whose
  // largest |average| is below `prune` (in units of the averaged weight).
  std::string Freeze(float prune) const;

 private:
  struct Entry {
    uint16_t cls;
    float w;
    float total;
    int64_t stamp;
  };
  int num_classes_;
  int64_t step_ = 0;
  U64Map index_;
  std::vector<uint64_t> keys_;
  std::vector<std::vector<Entry>> rows_;
};

// Read-only view of a frozen table. Layout (little endian, all in the model
// file section; see FORMAT.md):
//   u32 magic 'LTB1', u32 num_classes, u32 table_bits, u32 entries_u16,
//   f32 scale, u32 num_features, u64 reserved
//   slots[1 << table_bits]: { u32 fingerprint, u32 offset }  (offset 0xFFFFFFFF = empty)
//   u16 entries[entries_u16]: at each offset: count, then count x (class, int16 weight)
class FrozenTable {
 public:
  FrozenTable() = default;
  // Validates every slot and entry list; Corruption names what is wrong.
  Status Open(std::string_view bytes);
  int num_classes() const { return static_cast<int>(num_classes_); }
  // Adds the weights of every feature to scores[0..num_classes).
  void Score(std::span<const uint64_t> feats, int32_t* scores) const;
  float scale() const { return scale_; }

 private:
  const uint32_t* slots_ = nullptr;
  const uint16_t* entries_ = nullptr;
  uint32_t num_classes_ = 0;
  uint64_t mask_ = 0;
  float scale_ = 1;
};

}  // namespace sitrep::nlp::internal

#endif  // SITREP_NLP_LINEAR_MODEL_H_
