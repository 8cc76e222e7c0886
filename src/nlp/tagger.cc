#include "nlp/tagger.h"

#include <algorithm>
#include <cstring>

namespace sitrep::nlp {

using internal::F1;
using internal::F2;
using internal::F3;
using internal::HashStr;

namespace {

const uint64_t kUnknownClass = HashStr("<unk-class>");
const uint64_t kPad = HashStr("<pad>");

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Feature template ids.
enum : uint32_t {
  kBias = 1, kWord, kLower, kSuf1, kSuf2, kSuf3, kSuf4, kPre1, kPre2, kPre3, kShape, kFlags,
  kAmb, kP1, kP2, kP1P2, kP1Word, kWm1, kWm1Suf, kWm2, kWp1, kWp1Suf, kWp2, kWm1W, kWWp1,
  kAmbP1, kAmbN1, kAmbN2, kAmbN1N2, kAmbM1P1, kFirstShape, kP1Amb, kWm1Wp1, kShapeSuf3,
  kShapeM1, kShapeP1, kSufP1Amb, kPreP1, kSuf3P1, kWp1Wp2, kP2W, kAmbM1, kFormP1,
  // Second pass.
  kT0, kTn1, kTn2, kTn1Tn2, kT0Tn1, kWTn1, kP1Tn1, kAmbTn1, kSufTn1, kP1T0Tn1, kWTn1Tn2,
  kWp1Tn1, kTn1Wp1Wp2,
};

}  // namespace

// -------------------------------------------------------------- TagDict

void TagDict::Add(uint64_t word, uint64_t amb_class) {
  bool inserted = false;
  uint32_t idx = index_.FindOrInsert(word, static_cast<uint32_t>(classes_.size()), &inserted);
  if (inserted) {
    keys_.push_back(word);
    classes_.push_back(amb_class);
  } else {
    classes_[idx] = amb_class;
  }
}

uint64_t TagDict::Lookup(uint64_t word) const {
  uint32_t idx = index_.Find(word);
  return idx == UINT32_MAX ? kUnknownClass : classes_[idx];
}

std::string TagDict::Serialize() const {
  std::string out;
  uint64_t n = classes_.size();
  out.append(reinterpret_cast<const char*>(&n), 8);
  out.append(reinterpret_cast<const char*>(keys_.data()), keys_.size() * 8);
  out.append(reinterpret_cast<const char*>(classes_.data()), classes_.size() * 8);
  return out;
}

Status TagDict::Open(std::string_view bytes) {
  if (bytes.size() < 8) return Status::Corruption("tag dictionary: truncated");
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  if (n > (bytes.size() - 8) / 16 || 8 + n * 16 != bytes.size())
    return Status::Corruption("tag dictionary: size mismatch");
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t k = 0, c = 0;
    std::memcpy(&k, bytes.data() + 8 + i * 8, 8);
    std::memcpy(&c, bytes.data() + 8 + n * 8 + i * 8, 8);
    Add(k, c);
  }
  return Status::OK();
}

// ------------------------------------------------------------ features

void PrepareTaggerTokens(std::span<const std::string_view> forms, const TagDict& dict,
                         std::vector<TaggerToken>* out) {
  out->resize(forms.size());
  std::string lower, shape;
  for (size_t i = 0; i < forms.size(); ++i) {
    std::string_view f = forms[i];
    TaggerToken& t = (*out)[i];
    lower.resize(f.size());
    for (size_t k = 0; k < f.size(); ++k) lower[k] = Lower(f[k]);
    shape.clear();
    uint8_t flags = 0;
    bool any_lower = false, any_upper = false;
    for (size_t k = 0; k < f.size(); ++k) {
      char c = f[k];
      char s;
      if (c >= 'A' && c <= 'Z') {
        s = 'X';
        any_upper = true;
      } else if (c >= 'a' && c <= 'z') {
        s = 'x';
        any_lower = true;
      } else if (c >= '0' && c <= '9') {
        s = 'd';
        flags |= 4;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        s = 'u';
      } else {
        s = c;
        if (c == '-') flags |= 8;
      }
      // Keep at most two repeats of a shape character: "Xxxxx" -> "Xxx".
      size_t n = shape.size();
      if (n >= 2 && shape[n - 1] == s && shape[n - 2] == s) continue;
      shape.push_back(s);
    }
    if (!f.empty() && f[0] >= 'A' && f[0] <= 'Z') flags |= 1;
    if (any_upper && !any_lower) flags |= 2;
    t.form = HashStr(f);
    t.lower = HashStr(lower);
    t.shape = HashStr(shape);
    t.amb = dict.Lookup(t.lower);
    std::string_view lv(lower);
    for (int k = 0; k < 4; ++k)
      t.suf[k] = lv.size() > static_cast<size_t>(k) ? HashStr(lv.substr(lv.size() - k - 1))
                                                    : kPad + static_cast<uint64_t>(k);
    for (int k = 0; k < 3; ++k)
      t.pre[k] = lv.size() > static_cast<size_t>(k) ? HashStr(lv.substr(0, k + 1))
                                                    : kPad + static_cast<uint64_t>(k);
    t.flags = flags;
  }
}

void TaggerFeatures(const std::vector<TaggerToken>& toks, int i, int p1, int p2,
                    std::vector<uint64_t>* out) {
  const int n = static_cast<int>(toks.size());
  const TaggerToken& t = toks[i];
  auto word_at = [&](int j) { return j < 0 ? kPad - 1 : j >= n ? kPad - 2 : toks[j].lower; };
  auto amb_at = [&](int j) { return j < 0 ? kPad - 1 : j >= n ? kPad - 2 : toks[j].amb; };
  auto suf_at = [&](int j) { return j < 0 ? kPad - 1 : j >= n ? kPad - 2 : toks[j].suf[2]; };
  const uint64_t tp1 = static_cast<uint64_t>(p1 + 2), tp2 = static_cast<uint64_t>(p2 + 2);
  out->push_back(F1(kBias, 0));
  out->push_back(F1(kWord, t.form));
  out->push_back(F1(kLower, t.lower));
  out->push_back(F1(kSuf1, t.suf[0]));
  out->push_back(F1(kSuf2, t.suf[1]));
  out->push_back(F1(kSuf3, t.suf[2]));
  out->push_back(F1(kSuf4, t.suf[3]));
  out->push_back(F1(kPre1, t.pre[0]));
  out->push_back(F1(kPre2, t.pre[1]));
  out->push_back(F1(kPre3, t.pre[2]));
  out->push_back(F1(kShape, t.shape));
  out->push_back(F2(kFlags, t.flags, i == 0));
  out->push_back(F1(kAmb, t.amb));
  out->push_back(F1(kP1, tp1));
  out->push_back(F1(kP2, tp2));
  out->push_back(F2(kP1P2, tp1, tp2));
  out->push_back(F2(kP1Word, tp1, t.lower));
  out->push_back(F1(kWm1, word_at(i - 1)));
  out->push_back(F1(kWm1Suf, suf_at(i - 1)));
  out->push_back(F1(kWm2, word_at(i - 2)));
  out->push_back(F1(kWp1, word_at(i + 1)));
  out->push_back(F1(kWp1Suf, suf_at(i + 1)));
  out->push_back(F1(kWp2, word_at(i + 2)));
  out->push_back(F2(kWm1W, word_at(i - 1), t.lower));
  out->push_back(F2(kWWp1, t.lower, word_at(i + 1)));
  out->push_back(F2(kAmbP1, t.amb, tp1));
  out->push_back(F2(kAmbN1, t.amb, amb_at(i + 1)));
  out->push_back(F1(kAmbN2, amb_at(i + 2)));
  out->push_back(F3(kAmbN1N2, t.amb, amb_at(i + 1), amb_at(i + 2)));
  out->push_back(F3(kAmbM1P1, amb_at(i - 1), t.amb, tp1));
  out->push_back(F2(kFirstShape, t.shape, i == 0));
  out->push_back(F2(kP1Amb, tp1, amb_at(i + 1)));
  out->push_back(F2(kWm1Wp1, word_at(i - 1), word_at(i + 1)));
  out->push_back(F2(kShapeSuf3, t.shape, t.suf[2]));
  auto shape_at = [&](int j) { return j < 0 ? kPad - 1 : j >= n ? kPad - 2 : toks[j].shape; };
  out->push_back(F2(kShapeM1, shape_at(i - 1), t.shape));
  out->push_back(F2(kShapeP1, t.shape, shape_at(i + 1)));
  out->push_back(F2(kSufP1Amb, suf_at(i + 1), amb_at(i + 1)));
  out->push_back(F1(kPreP1, i + 1 < n ? toks[i + 1].pre[1] : kPad - 2));
  out->push_back(F2(kSuf3P1, t.suf[2], tp1));
  out->push_back(F2(kWp1Wp2, word_at(i + 1), word_at(i + 2)));
  out->push_back(F2(kP2W, tp2, t.lower));
  out->push_back(F2(kAmbM1, amb_at(i - 1), t.amb));
  out->push_back(F2(kFormP1, t.form, i + 1 < n ? toks[i + 1].form : kPad - 2));
}

void RightContextFeatures(const std::vector<TaggerToken>& toks, std::span<const int> first, int i,
                          int prev1, std::vector<uint64_t>* out) {
  const int n = static_cast<int>(toks.size());
  const TaggerToken& t = toks[i];
  auto tag_at = [&](int j) { return j >= n ? uint64_t{0} : static_cast<uint64_t>(first[j] + 2); };
  auto word_at = [&](int j) { return j >= n ? kPad - 2 : toks[j].lower; };
  const uint64_t t0 = tag_at(i), tn1 = tag_at(i + 1), tn2 = tag_at(i + 2);
  const uint64_t tp1 = static_cast<uint64_t>(prev1 + 2);
  out->push_back(F1(kT0, t0));
  out->push_back(F1(kTn1, tn1));
  out->push_back(F1(kTn2, tn2));
  out->push_back(F2(kTn1Tn2, tn1, tn2));
  out->push_back(F2(kT0Tn1, t0, tn1));
  out->push_back(F2(kWTn1, t.lower, tn1));
  out->push_back(F2(kP1Tn1, tp1, tn1));
  out->push_back(F2(kAmbTn1, t.amb, tn1));
  out->push_back(F2(kSufTn1, t.suf[2], tn1));
  out->push_back(F3(kP1T0Tn1, tp1, t0, tn1));
  out->push_back(F3(kWTn1Tn2, t.lower, tn1, tn2));
  out->push_back(F2(kWp1Tn1, word_at(i + 1), tn1));
  out->push_back(F3(kTn1Wp1Wp2, tn1, word_at(i + 1), word_at(i + 2)));
}

// -------------------------------------------------------------- Tagger

Status Tagger::Open(std::string_view weights, std::string_view tagdict, std::string_view second) {
  SITREP_RETURN_IF_ERROR(weights_.Open(weights));
  has_second_ = !second.empty();
  if (has_second_) {
    SITREP_RETURN_IF_ERROR(second_.Open(second));
    if (second_.num_classes() != weights_.num_classes())
      return Status::Corruption("tagger: the two passes have different tag sets");
  }
  return dict_.Open(tagdict);
}

void Tagger::Tag(std::span<const std::string_view> forms, std::vector<int>* tags,
                 bool first_pass_only) const {
  std::vector<TaggerToken> toks;
  PrepareTaggerTokens(forms, dict_, &toks);
  const int n = static_cast<int>(forms.size());
  const int nc = weights_.num_classes();
  tags->assign(n, 0);
  std::vector<uint64_t> feats;
  feats.reserve(64);
  std::vector<int32_t> scores(nc);
  for (int i = 0; i < n; ++i) {
    feats.clear();
    TaggerFeatures(toks, i, i > 0 ? (*tags)[i - 1] : -1, i > 1 ? (*tags)[i - 2] : -1, &feats);
    std::fill(scores.begin(), scores.end(), 0);
    weights_.Score(feats, scores.data());
    (*tags)[i] = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  }
  if (!has_second_ || first_pass_only) return;
  const std::vector<int> first = *tags;
  for (int i = 0; i < n; ++i) {
    feats.clear();
    const int p1 = i > 0 ? (*tags)[i - 1] : -1;
    TaggerFeatures(toks, i, p1, i > 1 ? (*tags)[i - 2] : -1, &feats);
    RightContextFeatures(toks, first, i, p1, &feats);
    std::fill(scores.begin(), scores.end(), 0);
    second_.Score(feats, scores.data());
    (*tags)[i] = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  }
}

// ------------------------------------------------------- TaggerTrainer

void TaggerTrainer::TrainEpoch(const std::vector<std::vector<std::string_view>>& forms,
                               const std::vector<std::vector<int>>& gold,
                               const std::vector<size_t>& order,
                               const std::vector<std::vector<int>>* first) {
  std::vector<TaggerToken> toks;
  std::vector<uint64_t> feats;
  std::vector<float> scores(model_.num_classes());
  for (size_t s : order) {
    PrepareTaggerTokens(forms[s], *dict_, &toks);
    const int n = static_cast<int>(toks.size());
    std::vector<int> pred(n, 0);
    for (int i = 0; i < n; ++i) {
      feats.clear();
      TaggerFeatures(toks, i, i > 0 ? pred[i - 1] : -1, i > 1 ? pred[i - 2] : -1, &feats);
      if (first != nullptr) RightContextFeatures(toks, (*first)[s], i, i > 0 ? pred[i - 1] : -1, &feats);
      model_.Score(feats, scores.data());
      int guess = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
      model_.Update(feats, gold[s][i], guess);
      pred[i] = guess;
    }
  }
}

void TaggerTrainer::Tag(std::span<const std::string_view> forms, std::vector<int>* tags) const {
  // Uses the current (not averaged) weights; for jackknifing we freeze first.
  std::vector<TaggerToken> toks;
  PrepareTaggerTokens(forms, *dict_, &toks);
  const int n = static_cast<int>(forms.size());
  tags->assign(n, 0);
  std::vector<uint64_t> feats;
  std::vector<float> scores(model_.num_classes());
  for (int i = 0; i < n; ++i) {
    feats.clear();
    TaggerFeatures(toks, i, i > 0 ? (*tags)[i - 1] : -1, i > 1 ? (*tags)[i - 2] : -1, &feats);
    model_.Score(feats, scores.data());
    (*tags)[i] = static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
  }
}

}  // namespace sitrep::nlp
