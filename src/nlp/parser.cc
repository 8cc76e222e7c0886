#include "nlp/parser.h"

#include <algorithm>
#include <climits>

namespace sitrep::nlp {

using internal::F1;
using internal::F2;
using internal::F3;
using internal::HashStr;

namespace {

enum : int { kShift = 0, kReduce = 1 };

const uint64_t kNoneWord = HashStr("<none>");
const uint64_t kRootWord = HashStr("<root>");
constexpr uint64_t kNoneTag = 0, kRootTag = 1;  // real tags are id + 2
constexpr uint64_t kNoneLabel = 0;              // real labels are id + 1

// Parser configuration. Words are 0..n-1, the root token is n and sits at
// the end of the buffer, which is always the contiguous range [b, n].
struct State {
  int n = 0;
  int b = 0;
  std::vector<int> stack;
  std::vector<int> head, label, l1, l2, r1, r2, nl, nr;
  std::vector<uint64_t> lset, rset;

  void Init(int words) {
    n = words;
    b = 0;
    stack.clear();
    head.assign(n + 1, -1);
    label.assign(n + 1, -1);
    l1.assign(n + 1, -1);
    l2.assign(n + 1, -1);
    r1.assign(n + 1, -1);
    r2.assign(n + 1, -1);
    nl.assign(n + 1, 0);
    nr.assign(n + 1, 0);
    lset.assign(n + 1, 0);
    rset.assign(n + 1, 0);
  }
  bool Terminal() const { return b == n && stack.empty(); }
  void AddArc(int h, int d, int l) {
    head[d] = h;
    label[d] = l;
    if (d < h) {
      if (l1[h] == -1 || d < l1[h]) {
        l2[h] = l1[h];
        l1[h] = d;
      } else if (l2[h] == -1 || d < l2[h]) {
        l2[h] = d;
      }
      ++nl[h];
      lset[h] |= uint64_t{1} << (l & 63);
    } else {
      if (r1[h] == -1 || d > r1[h]) {
        r2[h] = r1[h];
        r1[h] = d;
      } else if (r2[h] == -1 || d > r2[h]) {
        r2[h] = d;
      }
      ++nr[h];
      rset[h] |= uint64_t{1} << (l & 63);
    }
  }
  void Apply(int action, int num_labels) {
    if (action == kShift) {
      stack.push_back(b++);
    } else if (action == kReduce) {
      stack.pop_back();
    } else if (action < 2 + num_labels) {
      AddArc(b, stack.back(), action - 2);
      stack.pop_back();
    } else {
      AddArc(stack.back(), b, action - 2 - num_labels);
      stack.push_back(b++);
    }
  }
};

// Legal actions: writes a mask of size 2 + 2L.
void Legal(const State& s, int num_labels, int root_label, std::vector<char>* legal) {
  legal->assign(2 + 2 * num_labels, 0);
  const bool has_stack = !s.stack.empty();
  const bool at_root = s.b == s.n;
  if (!at_root) (*legal)[kShift] = 1;
  if (!has_stack) return;
  const int s0 = s.stack.back();
  if (s.head[s0] != -1) {
    (*legal)[kReduce] = 1;
  } else if (at_root) {
    (*legal)[2 + root_label] = 1;
  } else {
    for (int l = 0; l < num_labels; ++l)
      if (l != root_label) (*legal)[2 + l] = 1;
  }
  if (!at_root)
    for (int l = 0; l < num_labels; ++l)
      if (l != root_label) (*legal)[2 + num_labels + l] = 1;
}

// Dynamic-oracle costs (number of reachable gold arcs lost) for every
// action; `gold_head` uses n for the root.
void Costs(const State& s, const std::vector<int>& gold_head, const std::vector<int>& gold_label,
           int num_labels, const std::vector<char>& legal, std::vector<int>* costs) {
  costs->assign(2 + 2 * num_labels, INT_MAX);
  const int b = s.b, n = s.n;
  if (legal[kShift]) {
    int c = 0;
    for (int k : s.stack) {
      if (gold_head[b] == k) ++c;
      if (gold_head[k] == b && s.head[k] == -1) ++c;
    }
    (*costs)[kShift] = c;
  }
  if (s.stack.empty()) return;
  const int s0 = s.stack.back();
  int deps_in_buffer = 0;  // gold dependents of s0 in [b, n)
  for (int k = b; k < n; ++k)
    if (gold_head[k] == s0) ++deps_in_buffer;
  if (legal[kReduce]) (*costs)[kReduce] = deps_in_buffer;
  // LEFT-ARC: s0 <- b.
  {
    int c = deps_in_buffer + (gold_head[s0] > b ? 1 : 0);
    for (int l = 0; l < num_labels; ++l) {
      if (!legal[2 + l]) continue;
      (*costs)[2 + l] = c + (gold_head[s0] == b && gold_label[s0] != l ? 1 : 0);
    }
  }
  // RIGHT-ARC: s0 -> b.
  if (b < n) {
    int c = 0;
    const int h = gold_head[b];
    if (h != s0) {
      if (h > b) {
        ++c;
      } else {
        for (size_t i = 0; i + 1 < s.stack.size(); ++i)
          if (s.stack[i] == h) ++c;
      }
    }
    for (int k : s.stack)
      if (gold_head[k] == b && s.head[k] == -1) ++c;
    for (int l = 0; l < num_labels; ++l) {
      if (!legal[2 + num_labels + l]) continue;
      (*costs)[2 + num_labels + l] = c + (h == s0 && gold_label[b] != l ? 1 : 0);
    }
  }
}

// Template ids.
enum : uint32_t {
  kS0wp = 1, kS0w, kS0p, kN0wp, kN0w, kN0p, kN1wp, kN1w, kN1p, kN2wp, kN2w, kN2p,
  kS0wpN0wp, kS0wpN0w, kS0wN0wp, kS0wpN0p, kS0pN0wp, kS0wN0w, kS0pN0p, kN0pN1p,
  kN0pN1pN2p, kS0pN0pN1p, kS0hpS0pN0p, kS0pS0lpN0p, kS0pS0rpN0p, kS0pN0pN0lp,
  kS0wd, kS0pd, kN0wd, kN0pd, kS0wN0wd, kS0pN0pd,
  kS0wvr, kS0pvr, kS0wvl, kS0pvl, kN0wvl, kN0pvl,
  kS0hw, kS0hp, kS0l, kS0lw, kS0lp, kS0ll, kS0rw, kS0rp, kS0rl, kN0lw, kN0lp, kN0ll,
  kS0h2w, kS0h2p, kS0hl, kS0l2w, kS0l2p, kS0l2l, kS0r2w, kS0r2p, kS0r2l, kN0l2w, kN0l2p,
  kN0l2l, kS0pS0lpS0l2p, kS0pS0rpS0r2p, kS0pS0hpS0h2p, kN0pN0lpN0l2p,
  kS0wsr, kS0psr, kS0wsl, kS0psl, kN0wsl, kN0psl,
  kS1w, kS1p, kS1pS0pN0p, kS1wS0w, kN0wN1w, kBias, kS0wN0pN1p, kS1lS0pN0p, kStackDepth,
  // Format version 2.
  kS2p, kS0pS1pS2p, kN3p, kN1pN2pN3p, kS0HasHead, kN0Suf, kS0Suf, kS0pN0pN0ll, kS0rlS0pN0p,
  kPunctBetween, kS0pN0wN1p, kS0wS0pN0p, kS0pN0wN0p, kS1wS0pN0p,
};

class FeatureExtractor {
 public:
  static constexpr size_t kNumFeatures = 95;

  FeatureExtractor(std::span<const std::string_view> forms, std::span<const int> tags) {
    const size_t n = forms.size();
    words_.resize(n + 1);
    tags_.resize(n + 1);
    suffix_.resize(n + 1);
    punct_before_.resize(n + 2);
    punct_before_[0] = 0;
    std::string lower;
    for (size_t i = 0; i < n; ++i) {
      lower.assign(forms[i]);
      bool punct = !lower.empty();
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80)
          punct = false;
      }
      words_[i] = HashStr(lower);
      tags_[i] = static_cast<uint64_t>(tags[i]) + 2;
      suffix_[i] = HashStr(std::string_view(lower).substr(lower.size() > 3 ? lower.size() - 3 : 0));
      punct_before_[i + 1] = punct_before_[i] + (punct ? 1 : 0);
    }
    words_[n] = kRootWord;
    tags_[n] = kRootTag;
    suffix_[n] = kRootWord;
    punct_before_[n + 1] = punct_before_[n];
  }

  // Writes the features of `s` to out[0..kNumFeatures).
  void Extract(const State& s, uint64_t* out) const {
    uint64_t* o = out;
    auto W = [&](int i) { return i < 0 ? kNoneWord : words_[i]; };
    auto P = [&](int i) { return i < 0 ? kNoneTag : tags_[i]; };
    auto L = [&](int i) { return i < 0 || s.label[i] < 0 ? kNoneLabel : s.label[i] + 1; };
    auto Pair = [](uint64_t a, uint64_t b) { return F2(0, a, b); };
    const int ns = static_cast<int>(s.stack.size());
    const int s0 = ns > 0 ? s.stack[ns - 1] : -1;
    const int s1 = ns > 1 ? s.stack[ns - 2] : -1;
    const int n0 = s.b;
    const int n1 = n0 + 1 <= s.n ? n0 + 1 : -1;
    const int n2 = n0 + 2 <= s.n ? n0 + 2 : -1;
    const int s0h = s0 >= 0 ? s.head[s0] : -1;
    const int s0h2 = s0h >= 0 ? s.head[s0h] : -1;
    const int s0l = s0 >= 0 ? s.l1[s0] : -1, s0l2 = s0 >= 0 ? s.l2[s0] : -1;
    const int s0r = s0 >= 0 ? s.r1[s0] : -1, s0r2 = s0 >= 0 ? s.r2[s0] : -1;
    const int n0l = s.l1[n0], n0l2 = s.l2[n0];
    const uint64_t s0w = W(s0), s0p = P(s0), n0w = W(n0), n0p = P(n0);
    const uint64_t n1w = W(n1), n1p = P(n1), n2w = W(n2), n2p = P(n2);
    const uint64_t s0wp = Pair(s0w, s0p), n0wp = Pair(n0w, n0p);
    uint64_t d = 0;
    if (s0 >= 0) {
      d = static_cast<uint64_t>(n0 - s0);
      if (d > 5) d = d < 10 ? 6 : 7;
      if (n0 == s.n) d = 8;  // the root token
    }
    const uint64_t s0vl = s0 >= 0 ? s.nl[s0] : 0, s0vr = s0 >= 0 ? s.nr[s0] : 0;
    const uint64_t n0vl = s.nl[n0];
    const uint64_t s0sl = s0 >= 0 ? s.lset[s0] : 0, s0sr = s0 >= 0 ? s.rset[s0] : 0;
    const uint64_t n0sl = s.lset[n0];

    *o++ = F1(kBias, 0);
    *o++ = F1(kS0wp, s0wp);
    *o++ = F1(kS0w, s0w);
    *o++ = F1(kS0p, s0p);
    *o++ = F1(kN0wp, n0wp);
    *o++ = F1(kN0w, n0w);
    *o++ = F1(kN0p, n0p);
    *o++ = F2(kN1wp, n1w, n1p);
    *o++ = F1(kN1w, n1w);
    *o++ = F1(kN1p, n1p);
    *o++ = F2(kN2wp, n2w, n2p);
    *o++ = F1(kN2w, n2w);
    *o++ = F1(kN2p, n2p);

    *o++ = F2(kS0wpN0wp, s0wp, n0wp);
    *o++ = F2(kS0wpN0w, s0wp, n0w);
    *o++ = F2(kS0wN0wp, s0w, n0wp);
    *o++ = F2(kS0wpN0p, s0wp, n0p);
    *o++ = F2(kS0pN0wp, s0p, n0wp);
    *o++ = F2(kS0wN0w, s0w, n0w);
    *o++ = F2(kS0pN0p, s0p, n0p);
    *o++ = F2(kN0pN1p, n0p, n1p);

    *o++ = F3(kN0pN1pN2p, n0p, n1p, n2p);
    *o++ = F3(kS0pN0pN1p, s0p, n0p, n1p);
    *o++ = F3(kS0hpS0pN0p, P(s0h), s0p, n0p);
    *o++ = F3(kS0pS0lpN0p, s0p, P(s0l), n0p);
    *o++ = F3(kS0pS0rpN0p, s0p, P(s0r), n0p);
    *o++ = F3(kS0pN0pN0lp, s0p, n0p, P(n0l));

    *o++ = F2(kS0wd, s0w, d);
    *o++ = F2(kS0pd, s0p, d);
    *o++ = F2(kN0wd, n0w, d);
    *o++ = F2(kN0pd, n0p, d);
    *o++ = F3(kS0wN0wd, s0w, n0w, d);
    *o++ = F3(kS0pN0pd, s0p, n0p, d);

    *o++ = F2(kS0wvr, s0w, s0vr);
    *o++ = F2(kS0pvr, s0p, s0vr);
    *o++ = F2(kS0wvl, s0w, s0vl);
    *o++ = F2(kS0pvl, s0p, s0vl);
    *o++ = F2(kN0wvl, n0w, n0vl);
    *o++ = F2(kN0pvl, n0p, n0vl);

    *o++ = F1(kS0hw, W(s0h));
    *o++ = F1(kS0hp, P(s0h));
    *o++ = F1(kS0l, L(s0));
    *o++ = F1(kS0lw, W(s0l));
    *o++ = F1(kS0lp, P(s0l));
    *o++ = F1(kS0ll, L(s0l));
    *o++ = F1(kS0rw, W(s0r));
    *o++ = F1(kS0rp, P(s0r));
    *o++ = F1(kS0rl, L(s0r));
    *o++ = F1(kN0lw, W(n0l));
    *o++ = F1(kN0lp, P(n0l));
    *o++ = F1(kN0ll, L(n0l));

    *o++ = F1(kS0h2w, W(s0h2));
    *o++ = F1(kS0h2p, P(s0h2));
    *o++ = F1(kS0hl, L(s0h));
    *o++ = F1(kS0l2w, W(s0l2));
    *o++ = F1(kS0l2p, P(s0l2));
    *o++ = F1(kS0l2l, L(s0l2));
    *o++ = F1(kS0r2w, W(s0r2));
    *o++ = F1(kS0r2p, P(s0r2));
    *o++ = F1(kS0r2l, L(s0r2));
    *o++ = F1(kN0l2w, W(n0l2));
    *o++ = F1(kN0l2p, P(n0l2));
    *o++ = F1(kN0l2l, L(n0l2));
    *o++ = F3(kS0pS0lpS0l2p, s0p, P(s0l), P(s0l2));
    *o++ = F3(kS0pS0rpS0r2p, s0p, P(s0r), P(s0r2));
    *o++ = F3(kS0pS0hpS0h2p, s0p, P(s0h), P(s0h2));
    *o++ = F3(kN0pN0lpN0l2p, n0p, P(n0l), P(n0l2));

    *o++ = F2(kS0wsr, s0w, s0sr);
    *o++ = F2(kS0psr, s0p, s0sr);
    *o++ = F2(kS0wsl, s0w, s0sl);
    *o++ = F2(kS0psl, s0p, s0sl);
    *o++ = F2(kN0wsl, n0w, n0sl);
    *o++ = F2(kN0psl, n0p, n0sl);

    *o++ = F1(kS1w, W(s1));
    *o++ = F1(kS1p, P(s1));
    *o++ = F3(kS1pS0pN0p, P(s1), s0p, n0p);
    *o++ = F2(kS1wS0w, W(s1), s0w);
    *o++ = F2(kN0wN1w, n0w, n1w);
    *o++ = F3(kS0wN0pN1p, s0w, n0p, n1p);
    *o++ = F3(kS1lS0pN0p, L(s1), s0p, n0p);
    *o++ = F2(kStackDepth, std::min(ns, 4), n0 == s.n);

    const int s2 = ns > 2 ? s.stack[ns - 3] : -1;
    const int n3 = n0 + 3 <= s.n ? n0 + 3 : -1;
    const uint64_t s1p = P(s1), s2p = P(s2), n3p = P(n3);
    *o++ = F1(kS2p, s2p);
    *o++ = F3(kS0pS1pS2p, s0p, s1p, s2p);
    *o++ = F1(kN3p, n3p);
    *o++ = F3(kN1pN2pN3p, n1p, n2p, n3p);
    *o++ = F3(kS0HasHead, s0p, n0p, s0 >= 0 && s.head[s0] >= 0);
    *o++ = F2(kN0Suf, suffix_[n0], n0p);
    *o++ = F2(kS0Suf, s0 >= 0 ? suffix_[s0] : kNoneWord, s0p);
    *o++ = F3(kS0pN0pN0ll, s0p, n0p, L(n0l));
    *o++ = F3(kS0rlS0pN0p, L(s0r), s0p, n0p);
    uint64_t punct = 0;
    if (s0 >= 0) punct = std::min(punct_before_[n0] - punct_before_[s0 + 1], 2);
    *o++ = F3(kPunctBetween, s0p, n0p, punct);
    *o++ = F3(kS0pN0wN1p, s0p, n0w, n1p);
    *o++ = F3(kS0wS0pN0p, s0w, s0p, n0p);
    *o++ = F3(kS0pN0wN0p, s0p, n0w, n0p);
    *o++ = F3(kS1wS0pN0p, W(s1), s0p, n0p);
    (void)o;  // o == out + kNumFeatures: one line per template above
  }

 private:
  std::vector<uint64_t> words_;
  std::vector<uint64_t> tags_;
  std::vector<uint64_t> suffix_;     // last three bytes of the lower-case form
  std::vector<int> punct_before_;    // punctuation tokens among words [0, i)
};

}  // namespace

// -------------------------------------------------------------- Parser

Status Parser::Open(std::string_view weights, int num_labels, int root_label) {
  SITREP_RETURN_IF_ERROR(weights_.Open(weights));
  if (num_labels <= 0 || root_label < 0 || root_label >= num_labels ||
      weights_.num_classes() != 2 + 2 * num_labels)
    return Status::Corruption("parser: label count does not match the weight table");
  num_labels_ = num_labels;
  root_label_ = root_label;
  return Status::OK();
}

void Parser::Parse(std::span<const std::string_view> forms, std::span<const int> tags,
                   std::vector<int>* heads, std::vector<int>* labels) const {
  const int n = static_cast<int>(forms.size());
  FeatureExtractor fx(forms, tags);
  State s;
  s.Init(n);
  uint64_t feats[FeatureExtractor::kNumFeatures];
  std::vector<char> legal;
  std::vector<int32_t> scores(2 + 2 * num_labels_);
  while (!s.Terminal()) {
    fx.Extract(s, feats);
    std::fill(scores.begin(), scores.end(), 0);
    weights_.Score(feats, scores.data());
    Legal(s, num_labels_, root_label_, &legal);
    int best = -1;
    for (size_t a = 0; a < scores.size(); ++a)
      if (legal[a] && (best < 0 || scores[a] > scores[best])) best = static_cast<int>(a);
    s.Apply(best, num_labels_);
  }
  heads->resize(n);
  labels->resize(n);
  for (int i = 0; i < n; ++i) {
    (*heads)[i] = s.head[i] == n ? -1 : s.head[i];
    (*labels)[i] = s.label[i] < 0 ? root_label_ : s.label[i];
  }
}

// ------------------------------------------------------- ParserTrainer

ParserTrainer::ParserTrainer(int num_labels, int root_label, uint64_t seed)
    : model_(2 + 2 * num_labels), num_labels_(num_labels), root_label_(root_label), rng_(seed) {}

void ParserTrainer::TrainEpoch(const std::vector<ParserExample>& data,
                               const std::vector<size_t>& order, double explore) {
  std::vector<uint64_t> feats(FeatureExtractor::kNumFeatures);
  std::vector<char> legal;
  std::vector<int> costs;
  std::vector<float> scores(2 + 2 * num_labels_);
  std::vector<int> gold_head;
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  State s;
  for (size_t idx : order) {
    const ParserExample& ex = data[idx];
    const int n = static_cast<int>(ex.forms.size());
    gold_head.resize(n);
    for (int i = 0; i < n; ++i) gold_head[i] = ex.heads[i] < 0 ? n : ex.heads[i];
    FeatureExtractor fx(ex.forms, ex.tags);
    s.Init(n);
    while (!s.Terminal()) {
      fx.Extract(s, feats.data());
      model_.Score(feats, scores.data());
      Legal(s, num_labels_, root_label_, &legal);
      Costs(s, gold_head, ex.labels, num_labels_, legal, &costs);
      int guess = -1, best = -1, min_cost = INT_MAX;
      for (size_t a = 0; a < scores.size(); ++a)
        if (legal[a]) min_cost = std::min(min_cost, costs[a]);
      for (size_t a = 0; a < scores.size(); ++a) {
        if (!legal[a]) continue;
        if (guess < 0 || scores[a] > scores[guess]) guess = static_cast<int>(a);
        if (costs[a] == min_cost && (best < 0 || scores[a] > scores[best]))
          best = static_cast<int>(a);
      }
      if (costs[guess] > min_cost) {
        model_.Update(feats, best, guess);
        s.Apply(coin(rng_) < explore ? guess : best, num_labels_);
      } else {
        model_.Tick();
        s.Apply(guess, num_labels_);
      }
    }
  }
}

}  // namespace sitrep::nlp
