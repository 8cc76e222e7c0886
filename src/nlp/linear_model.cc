#include "nlp/linear_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace sitrep::nlp::internal {

// ---------------------------------------------------------------- U64Map

U64Map::U64Map() : keys_(1024, 0), vals_(1024, UINT32_MAX), mask_(1023) {}

uint32_t U64Map::Find(uint64_t key) const {
  if (key == 0) key = 1;  // 0 marks an empty slot
  for (size_t i = Mix64(key) & mask_;; i = (i + 1) & mask_) {
    if (keys_[i] == key) return vals_[i];
    if (keys_[i] == 0) return UINT32_MAX;
  }
}

uint32_t U64Map::FindOrInsert(uint64_t key, uint32_t next, bool* inserted) {
  if (key == 0) key = 1;
  if ((size_ + 1) * 4 > keys_.size() * 3) Grow();
  for (size_t i = Mix64(key) & mask_;; i = (i + 1) & mask_) {
    if (keys_[i] == key) {
      *inserted = false;
      return vals_[i];
    }
    if (keys_[i] == 0) {
      keys_[i] = key;
      vals_[i] = next;
      ++size_;
      *inserted = true;
      return next;
    }
  }
}

void U64Map::Grow() {
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint32_t> old_vals = std::move(vals_);
  keys_.assign(old_keys.size() * 2, 0);
  vals_.assign(old_keys.size() * 2, UINT32_MAX);
  mask_ = keys_.size() - 1;
  for (size_t j = 0; j < old_keys.size(); ++j) {
    if (old_keys[j] == 0) continue;
    size_t i = Mix64(old_keys[j]) & mask_;
    while (keys_[i] != 0) i = (i + 1) & mask_;
    keys_[i] = old_keys[j];
    vals_[i] = old_vals[j];
  }
}

// ----------------------------------------------------- PerceptronTrainer

void PerceptronTrainer::Score(std::span<const uint64_t> feats, float* scores) const {
  std::fill(scores, scores + num_classes_, 0.0f);
  for (uint64_t f : feats) {
    uint32_t r = index_.Find(f);
    if (r == UINT32_MAX) continue;
    for (const Entry& e : rows_[r]) scores[e.cls] += e.w;
  }
}

void PerceptronTrainer::Update(std::span<const uint64_t> feats, int truth, int guess,
                               float amount) {
  ++step_;
  if (truth == guess) return;
  for (uint64_t f : feats) {
    bool inserted = false;
    uint32_t r = index_.FindOrInsert(f, static_cast<uint32_t>(rows_.size()), &inserted);
    if (inserted) {
      rows_.emplace_back();
      keys_.push_back(f);
    }
    std::vector<Entry>& row = rows_[r];
    for (int k = 0; k < 2; ++k) {
      int cls = k == 0 ? truth : guess;
      float delta = k == 0 ? amount : -amount;
      Entry* e = nullptr;
      for (Entry& x : row)
        if (x.cls == cls) e = &x;
      if (e == nullptr) {
        row.push_back(Entry{static_cast<uint16_t>(cls), 0.0f, 0.0f, step_});
        e = &row.back();
      }
      e->total += static_cast<float>(step_ - e->stamp) * e->w;
      e->stamp = step_;
      e->w += delta;
    }
  }
}

namespace {
void PutU32(std::string* s, uint32_t v) { s->append(reinterpret_cast<const char*>(&v), 4); }
}  // namespace

std::string PerceptronTrainer::Freeze(float prune) const {
  const double steps = std::max<int64_t>(step_, 1);
  // Averaged weights of surviving entries, per feature.
  struct Kept {
    uint64_t key;
    std::vector<std::pair<uint16_t, float>> entries;
  };
  std::vector<Kept> kept;
  float max_abs = 1e-9f;
  for (size_t r = 0; r < rows_.size(); ++r) {
    Kept k{keys_[r], {}};
    for (const Entry& e : rows_[r]) {
      double total = e.total + static_cast<double>(step_ - e.stamp) * e.w;
      float avg = static_cast<float>(total / steps);
      if (std::fabs(avg) < prune || avg == 0.0f) continue;
      k.entries.emplace_back(e.cls, avg);
      max_abs = std::max(max_abs, std::fabs(avg));
    }
    if (!k.entries.empty()) kept.push_back(std::move(k));
  }
  const float scale = max_abs / 32767.0f;
  std::vector<uint16_t> entries;
  uint32_t bits = 4;
  while ((size_t{1} << bits) * 3 < kept.size() * 4 + 4) ++bits;  // load <= 0.75
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  std::vector<uint32_t> slots(size_t{2} << bits, 0);
  for (size_t i = 0; i < (size_t{1} << bits); ++i) slots[2 * i + 1] = UINT32_MAX;
  uint32_t num_features = 0;
  for (const Kept& k : kept) {
    std::vector<std::pair<uint16_t, int16_t>> q;
    for (auto [cls, w] : k.entries) {
      long v = std::lround(w / scale);
      v = std::clamp<long>(v, -32767, 32767);
      if (v != 0) q.emplace_back(cls, static_cast<int16_t>(v));
    }
    if (q.empty()) continue;
    std::sort(q.begin(), q.end());
    uint32_t offset = static_cast<uint32_t>(entries.size());
    entries.push_back(static_cast<uint16_t>(q.size()));
    for (auto [cls, v] : q) {
      entries.push_back(cls);
      entries.push_back(static_cast<uint16_t>(v));
    }
    size_t i = k.key & mask;
    while (slots[2 * i + 1] != UINT32_MAX) i = (i + 1) & mask;
    slots[2 * i] = static_cast<uint32_t>(k.key >> 32);
    slots[2 * i + 1] = offset;
    ++num_features;
  }
  if (entries.size() % 2) entries.push_back(0);  // keep 4-byte alignment of what follows
  std::string out;
  PutU32(&out, 0x3142544Cu);  // "LTB1"
  PutU32(&out, static_cast<uint32_t>(num_classes_));
  PutU32(&out, bits);
  PutU32(&out, static_cast<uint32_t>(entries.size()));
  out.append(reinterpret_cast<const char*>(&scale), 4);
  PutU32(&out, num_features);
  PutU32(&out, 0);
  PutU32(&out, 0);
  out.append(reinterpret_cast<const char*>(slots.data()), slots.size() * 4);
  out.append(reinterpret_cast<const char*>(entries.data()), entries.size() * 2);
  return out;
}

// ----------------------------------------------------------- FrozenTable

Status FrozenTable::Open(std::string_view bytes) {
  if (bytes.size() < 32) return Status::Corruption("weight table: header truncated");
  if (reinterpret_cast<uintptr_t>(bytes.data()) % 4 != 0)
    return Status::Corruption("weight table: misaligned");
  uint32_t h[8];
  std::memcpy(h, bytes.data(), 32);
  if (h[0] != 0x3142544Cu) return Status::Corruption("weight table: bad magic");
  uint32_t classes = h[1], bits = h[2], n_entries = h[3];
  std::memcpy(&scale_, &h[4], 4);
  if (classes == 0 || classes > 4096) return Status::Corruption("weight table: bad class count");
  if (bits > 28) return Status::Corruption("weight table: bad table size");
  uint64_t slot_bytes = (uint64_t{8} << bits);
  if (32 + slot_bytes + uint64_t{n_entries} * 2 != bytes.size())
    return Status::Corruption("weight table: size mismatch (" + std::to_string(bytes.size()) +
                              " bytes)");
  slots_ = reinterpret_cast<const uint32_t*>(bytes.data() + 32);
  entries_ = reinterpret_cast<const uint16_t*>(bytes.data() + 32 + slot_bytes);
  num_classes_ = classes;
  mask_ = (uint64_t{1} << bits) - 1;
  bool has_empty = false;
  for (uint64_t i = 0; i <= mask_; ++i) {
    uint32_t off = slots_[2 * i + 1];
    if (off == UINT32_MAX) {
      has_empty = true;
      continue;
    }
    if (off >= n_entries) return Status::Corruption("weight table: slot offset out of range");
    uint32_t count = entries_[off];
    if (uint64_t{off} + 1 + 2 * uint64_t{count} > n_entries)
      return Status::Corruption("weight table: entry list out of range");
    for (uint32_t j = 0; j < count; ++j)
      if (entries_[off + 1 + 2 * j] >= classes)
        return Status::Corruption("weight table: class id out of range");
  }
  if (!has_empty) return Status::Corruption("weight table: no empty slot");
  return Status::OK();
}

void FrozenTable::Score(std::span<const uint64_t> feats, int32_t* scores) const {
  // Three passes so that the two dependent memory reads of every feature
  // (slot, then entry list) overlap across features instead of serialising.
  constexpr size_t kBatch = 128;
  uint32_t offsets[kBatch];
  for (size_t base = 0; base < feats.size(); base += kBatch) {
    const size_t m = std::min(kBatch, feats.size() - base);
    const uint64_t* f = feats.data() + base;
    for (size_t k = 0; k < m; ++k) __builtin_prefetch(&slots_[2 * (f[k] & mask_)]);
    size_t found = 0;
    for (size_t k = 0; k < m; ++k) {
      const uint32_t fp = static_cast<uint32_t>(f[k] >> 32);
      for (uint64_t i = f[k] & mask_;; i = (i + 1) & mask_) {
        const uint32_t off = slots_[2 * i + 1];
        if (off == UINT32_MAX) break;
        if (slots_[2 * i] == fp) {
          __builtin_prefetch(entries_ + off);
          offsets[found++] = off;
          break;
        }
      }
    }
    for (size_t k = 0; k < found; ++k) {
      const uint16_t* e = entries_ + offsets[k];
      const uint32_t count = e[0];
      for (uint32_t j = 0; j < count; ++j)
        scores[e[1 + 2 * j]] += static_cast<int16_t>(e[2 + 2 * j]);
    }
  }
}

}  // namespace sitrep::nlp::internal
