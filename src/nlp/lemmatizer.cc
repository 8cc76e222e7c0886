#include "base/strings.h"
#include "nlp/lemmatizer.h"

#include <algorithm>
#include <vector>

#include "base/paths.h"

namespace sitrep::nlp {
namespace {

constexpr size_t kMaxSuffix = 5;

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

// WordNet part of speech letter for a Penn tag, or 0.
char WordNetPos(std::string_view xpos) {
  if (xpos.substr(0, 2) == "NN") return 'n';
  if (xpos.substr(0, 2) == "VB" || xpos == "MD") return 'v';
  if (xpos.substr(0, 2) == "JJ") return 'a';
  if (xpos.substr(0, 2) == "RB") return 'r';
  return 0;
}

bool IsProper(std::string_view xpos) { return xpos == "NNP" || xpos == "NNPS"; }


// One vowel group ending in a single vowel + one consonant other than w, x, y
// ("rap", "fin", "hop"; not "visit", "fix", "rain").
bool ClosedMonosyllable(std::string_view w) {
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  if (w.size() < 2 || vowel(w.back()) || w.back() == 'w' || w.back() == 'x' || w.back() == 'y') return false;
  if (!vowel(w[w.size() - 2]) || (w.size() >= 3 && vowel(w[w.size() - 3]))) return false;
  for (size_t i = 0; i + 2 < w.size(); ++i)
    if (vowel(w[i]) || w[i] == 'y') return false;
  return true;
}

}  // namespace

// ------------------------------------------------------------ Lemmatizer

Status Lemmatizer::Open(std::string_view bytes) {
  size_t pos = 0;
  int line_no = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view line = bytes.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    std::vector<std::string_view> f = SplitTabs(line);
    auto bad = [&] {
      return Status::Corruption("lemmatiser: malformed record " + std::to_string(line_no));
    };
    if (f[0] == "T" && f.size() == 4) {
      table_[std::string(f[1]) + '\t' + std::string(f[2])] = std::string(f[3]);
    } else if (f[0] == "E" && f.size() == 4) {
      exceptions_[std::string(f[1]) + '\t' + std::string(f[2])] = std::string(f[3]);
    } else if (f[0] == "K" && f.size() == 3) {
      known_.insert(std::string(f[1]) + '\t' + std::string(f[2]));
    } else if (f[0] == "R" && f.size() == 5) {
      Rule r;
      if (f[3].size() != 1 || f[3][0] < '0' || f[3][0] > '9') return bad();
      r.strip = static_cast<uint8_t>(f[3][0] - '0');
      r.append = std::string(f[4]);
      rules_[std::string(f[1]) + '\t' + std::string(f[2])].push_back(std::move(r));
    } else {
      return bad();
    }
  }
  return Status::OK();
}

std::string Lemmatizer::Lemmatize(std::string_view form, std::string_view xpos) const {
  std::string key;
  key.reserve(xpos.size() + form.size() + 1);
  key.append(xpos).push_back('\t');
  key.append(form);
  if (auto it = table_.find(key); it != table_.end()) return it->second;
  const std::string lower = ToLower(form);
  key.resize(xpos.size() + 1);
  key.append(lower);
  if (auto it = table_.find(key); it != table_.end()) return it->second;
  const bool proper = IsProper(xpos);
  // Numbers written with thousands separators: the treebank's lemma drops them.
  if (xpos == "CD" && form.find(',') != std::string_view::npos && form.front() != ',' &&
      form.find_first_not_of("0123456789,") == std::string_view::npos) {
    std::string digits;
    for (char c : form)
      if (c != ',') digits.push_back(c);
    return digits;
  }
  // Proper nouns, e-mail addresses and URLs keep their form (treebank style).
  if (xpos == "NNP" || xpos == "ADD") return std::string(form);
  // WordNet's exception lists map inflected forms ("children", "bade",
  // "better"): a base-form tag (NN, VB, VBP, JJ, RB) never takes them
  // ("trivia" NN stays "trivia", not "trivium").
  const bool inflected = xpos == "NNS" || xpos == "VBD" || xpos == "VBN" || xpos == "VBG" ||
                         xpos == "VBZ" || xpos == "JJR" || xpos == "JJS" || xpos == "RBR" ||
                         xpos == "RBS";
  if (char p = WordNetPos(xpos); p != 0 && !proper && inflected) {
    std::string ek(1, p);
    ek.push_back('\t');
    ek.append(lower);
    if (auto it = exceptions_.find(ek); it != exceptions_.end()) return it->second;
  }
  const std::string base = proper ? std::string(form) : lower;
  const char pos = WordNetPos(xpos);
  std::string fallback;
  bool have_fallback = false;
  std::string known_key;
  for (size_t k = std::min(kMaxSuffix, lower.size());; --k) {
    key.resize(xpos.size() + 1);
    key.append(lower.substr(lower.size() - k));
    if (auto it = rules_.find(key); it != rules_.end()) {
      for (const Rule& r : it->second) {
        if (r.strip >= base.size()) continue;
        std::string cand = base.substr(0, base.size() - r.strip) + r.append;
        if (pos == 0) return cand;
        known_key.assign(1, pos);
        known_key.push_back('\t');
        known_key.append(ToLower(cand));
        if (known_.count(known_key)) {
          // "raped", "fined", "hoping": a one-syllable stem ending in
          // consonant-vowel-consonant doubles its consonant before -ed/-ing
          // ("rapped", "finning"), so an undoubled form is the stem + "e".
          if ((xpos == "VBD" || xpos == "VBN" || xpos == "VBG") && cand != lower && ClosedMonosyllable(cand) &&
              known_.count(known_key + 'e'))
            return cand + 'e';
          return cand;
        }
        if (!have_fallback) {
          fallback = std::move(cand);
          have_fallback = true;
        }
      }
    }
    if (k == 0) break;
  }
  // No rule gives a known word: a form that is itself a known word of any
  // part of speech stays as it is ("protest" mis-tagged JJS is not "prot").
  if (have_fallback) {
    for (char p : {'n', 'v', 'a', 'r'})
      if (known_.count(std::string(1, p) + '\t' + lower)) return base;
  }
  return have_fallback ? fallback : base;
}

// ----------------------------------------------------- LemmatizerTrainer

void LemmatizerTrainer::Add(std::string_view form, std::string_view xpos, std::string_view lemma) {
  if (lemma.empty() || lemma == "_" || form.empty()) return;
  table_[std::string(xpos) + '\t' + std::string(form)][std::string(lemma)]++;
  types_[std::string(xpos) + '\t' + ToLower(form)][ToLower(lemma)]++;
  if (char p = WordNetPos(xpos); p != 0 && lemma.find('\t') == std::string_view::npos)
    known_.insert(std::string(1, p) + '\t' + ToLower(lemma));
}

Status LemmatizerTrainer::AddWordNet(const std::string& dir) {
  static const std::pair<const char*, char> kFiles[] = {
      {"noun.exc", 'n'}, {"verb.exc", 'v'}, {"adj.exc", 'a'}, {"adv.exc", 'r'}};
  int found = 0;
  for (auto [name, pos] : kFiles) {
    Result<std::string> data = ReadFile(dir + "/" + name);
    if (!data.ok()) continue;
    ++found;
    std::string_view text = *data;
    size_t p = 0;
    while (p < text.size()) {
      size_t nl = text.find('\n', p);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(p, nl - p);
      p = nl + 1;
      size_t sp = line.find(' ');
      if (sp == std::string_view::npos) continue;
      std::string_view infl = line.substr(0, sp);
      std::string_view rest = line.substr(sp + 1);
      size_t sp2 = rest.find(' ');
      std::string_view lemma = rest.substr(0, sp2);
      if (infl.find('_') != std::string_view::npos || lemma.empty()) continue;
      std::string key(1, pos);
      key.push_back('\t');
      key.append(infl);
      exceptions_.emplace(key, std::string(lemma));
    }
  }
  static const std::pair<const char*, char> kIndex[] = {
      {"index.noun", 'n'}, {"index.verb", 'v'}, {"index.adj", 'a'}, {"index.adv", 'r'}};
  for (auto [name, pos] : kIndex) {
    Result<std::string> data = ReadFile(dir + "/" + name);
    if (!data.ok()) continue;
    ++found;
    std::string_view text = *data;
    size_t p = 0;
    while (p < text.size()) {
      size_t nl = text.find('\n', p);
      if (nl == std::string_view::npos) nl = text.size();
      std::string_view line = text.substr(p, nl - p);
      p = nl + 1;
      if (line.empty() || line[0] == ' ') continue;  // licence header
      std::string_view word = line.substr(0, line.find(' '));
      if (word.find('_') != std::string_view::npos) continue;
      known_.insert(std::string(1, pos) + '\t' + std::string(word));
    }
  }
  if (found == 0) return Status::NotFound("no WordNet exception lists in " + dir);
  return Status::OK();
}

std::string LemmatizerTrainer::Serialize() const {
  std::string out;
  for (const auto& [key, counts] : table_) {
    auto best = std::max_element(counts.begin(), counts.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    out.append("T\t").append(key).push_back('\t');
    out.append(best->first).push_back('\n');
  }
  for (const auto& [key, lemma] : exceptions_) {
    out.append("E\t").append(key).push_back('\t');
    out.append(lemma).push_back('\n');
  }
  // Suffix rules over word types: (xpos, last k chars) -> (strip, append).
  std::map<std::string, std::map<std::pair<int, std::string>, int>> rules;
  for (const auto& [key, counts] : types_) {
    size_t tab = key.find('\t');
    std::string xpos = key.substr(0, tab);
    std::string form = key.substr(tab + 1);
    auto best = std::max_element(counts.begin(), counts.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    const std::string& lemma = best->first;
    size_t p = 0;
    while (p < form.size() && p < lemma.size() && form[p] == lemma[p]) ++p;
    size_t strip = form.size() - p;
    if (strip > 9 || p == 0) continue;  // not a suffix rewrite
    std::pair<int, std::string> rule(static_cast<int>(strip), lemma.substr(p));
    for (size_t k = 0; k <= std::min(kMaxSuffix, form.size()); ++k) {
      if (k < strip) continue;  // the suffix must cover what the rule strips
      rules[xpos + '\t' + form.substr(form.size() - k)][rule]++;
    }
  }
  for (const auto& [key, counts] : rules) {
    int total = 0;
    for (const auto& [r, c] : counts) total += c;
    if (total < 2 && key.back() != '\t') continue;  // singletons do not generalise
    std::vector<std::pair<int, std::pair<int, std::string>>> ranked;
    for (const auto& [r, c] : counts) ranked.emplace_back(-c, r);
    std::sort(ranked.begin(), ranked.end());
    if (ranked.size() > 4) ranked.resize(4);
    for (const auto& [neg, r] : ranked) {
      out.append("R\t").append(key).push_back('\t');
      out.append(std::to_string(r.first)).push_back('\t');
      out.append(r.second).push_back('\n');
    }
  }
  for (const std::string& k : known_) out.append("K\t").append(k).push_back('\n');
  return out;
}

}  // namespace sitrep::nlp
