#include "mentions/number_finder.h"

#include <unordered_map>

namespace sitrep::mentions {
namespace {

enum class WordKind : uint8_t {
  kUnit,       // zero..nineteen
  kTens,       // twenty..ninety
  kHundred,    // hundred
  kScale,      // thousand, million, billion
  kDozen,      // dozen
  kPluralVague,  // dozens, scores, tens, hundreds, thousands, millions
  kSeveral,    // several
};

struct WordInfo {
  WordKind kind;
  int64_t value;
};

const std::unordered_map<std::string_view, WordInfo>& WordTable() {
  static const auto* table = new std::unordered_map<std::string_view, WordInfo>{
      {"zero", {WordKind::kUnit, 0}},       {"one", {WordKind::kUnit, 1}},
      {"two", {WordKind::kUnit, 2}},        {"three", {WordKind::kUnit, 3}},
      {"four", {WordKind::kUnit, 4}},       {"five", {WordKind::kUnit, 5}},
      {"six", {WordKind::kUnit, 6}},        {"seven", {WordKind::kUnit, 7}},
      {"eight", {WordKind::kUnit, 8}},      {"nine", {WordKind::kUnit, 9}},
      {"ten", {WordKind::kUnit, 10}},       {"eleven", {WordKind::kUnit, 11}},
      {"twelve", {WordKind::kUnit, 12}},    {"thirteen", {WordKind::kUnit, 13}},
      {"fourteen", {WordKind::kUnit, 14}},  {"fifteen", {WordKind::kUnit, 15}},
      {"sixteen", {WordKind::kUnit, 16}},   {"seventeen", {WordKind::kUnit, 17}},
      {"eighteen", {WordKind::kUnit, 18}},  {"nineteen", {WordKind::kUnit, 19}},
      {"twenty", {WordKind::kTens, 20}},    {"thirty", {WordKind::kTens, 30}},
      {"forty", {WordKind::kTens, 40}},     {"fifty", {WordKind::kTens, 50}},
      {"sixty", {WordKind::kTens, 60}},     {"seventy", {WordKind::kTens, 70}},
      {"eighty", {WordKind::kTens, 80}},    {"ninety", {WordKind::kTens, 90}},
      {"hundred", {WordKind::kHundred, 100}},
      {"thousand", {WordKind::kScale, 1000}},
      {"million", {WordKind::kScale, 1000000}},
      {"billion", {WordKind::kScale, 1000000000}},
      {"dozen", {WordKind::kDozen, 12}},
      {"dozens", {WordKind::kPluralVague, 12}},
      {"scores", {WordKind::kPluralVague, 20}},
      {"tens", {WordKind::kPluralVague, 10}},
      {"hundreds", {WordKind::kPluralVague, 100}},
      {"thousands", {WordKind::kPluralVague, 1000}},
      {"millions", {WordKind::kPluralVague, 1000000}},
      {"several", {WordKind::kSeveral, 3}},
  };
  return *table;
}

// Lower-cases into a fixed buffer; words longer than the buffer are not
// number words.
std::string_view LowerBuf(std::string_view form, char* buf, size_t cap) {
  if (form.size() > cap) return std::string_view();
  for (size_t i = 0; i < form.size(); ++i) {
    char c = form[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return std::string_view(buf, form.size());
}

const WordInfo* Lookup(std::string_view form) {
  char buf[16];
  std::string_view low = LowerBuf(form, buf, sizeof buf);
  if (low.empty()) return nullptr;
  const auto& t = WordTable();
  auto it = t.find(low);
  return it == t.end() ? nullptr : &it->second;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "13,000" "1.5" "24": digits, optional thousands groups, optional fraction.
// Returns false for anything else ("1990s", "3rd", "2,5", "10km").
bool ParseDigits(std::string_view s, int64_t* int_part, double* frac, bool* has_frac,
                 bool* has_comma) {
  if (s.empty() || !IsDigit(s[0])) return false;
  int64_t v = 0;
  size_t i = 0;
  size_t group = 0;
  bool comma = false;
  while (i < s.size() && (IsDigit(s[i]) || s[i] == ',')) {
    if (s[i] == ',') {
      if (group == 0 || (comma && group != 3) || (!comma && group > 3)) return false;
      comma = true;
      group = 0;
    } else {
      if (v > 100000000000000LL) return false;  // absurdly long
      v = v * 10 + (s[i] - '0');
      ++group;
    }
    ++i;
  }
  if (comma && group != 3) return false;
  double f = 0;
  bool hf = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    double scale = 0.1;
    size_t nd = 0;
    while (i < s.size() && IsDigit(s[i])) {
      f += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
      ++nd;
    }
    if (nd == 0) return false;
    hf = true;
  }
  if (i != s.size()) return false;
  *int_part = v;
  *frac = f;
  *has_frac = hf;
  *has_comma = comma;
  return true;
}

bool IsCurrency(std::string_view f) {
  return f == "$" || f == "\xE2\x82\xAC" /* € */ || f == "\xC2\xA3" /* £ */ || f == "US$" ||
         f == "Rs" || f == "Rs." || f == "\xC2\xA5" /* ¥ */;
}

bool IsUnitWord(std::string_view f) {
  static const auto* units = new std::unordered_map<std::string_view, int>{
      {"year", 0},      {"years", 0},     {"yr", 0},        {"yrs", 0},        {"old", 0},
      {"percent", 0},   {"per", 0},       {"%", 0},         {"pct", 0},        {"km", 0},
      {"kilometres", 0}, {"kilometers", 0}, {"kilometre", 0}, {"kilometer", 0}, {"miles", 0},
      {"mile", 0},      {"metres", 0},    {"meters", 0},    {"m", 0},          {"kg", 0},
      {"kilograms", 0}, {"tonnes", 0},    {"tons", 0},      {"tonne", 0},      {"ton", 0},
      {"dollars", 0},   {"dollar", 0},    {"euros", 0},     {"euro", 0},       {"pounds", 0},
      {"rupees", 0},    {"yuan", 0},      {"roubles", 0},   {"rubles", 0},     {"hryvnias", 0},
      {"hours", 0},     {"hour", 0},      {"minutes", 0},   {"minute", 0},     {"seconds", 0},
      {"days", 0},      {"day", 0},       {"weeks", 0},     {"week", 0},       {"months", 0},
      {"month", 0},     {"decades", 0},   {"times", 0},     {"o'clock", 0},    {"am", 0},
      {"pm", 0},        {"a.m.", 0},      {"p.m.", 0},      {"mph", 0},        {"points", 0},
      {"barrels", 0},   {"bpd", 0},       {"litres", 0},    {"liters", 0},     {"acres", 0},
      {"hectares", 0},  {"square", 0},    {"mw", 0},        {"gw", 0},         {"degrees", 0},
      {"cents", 0},     {"shares", 0},    {"votes", 0},     {"seats", 0},      {"mln", 0},
      {"bln", 0},       {"dlrs", 0},      {"pct.", 0},      {"stg", 0},        {"yen", 0},
  };
  char buf[16];
  std::string_view low = LowerBuf(f, buf, sizeof buf);
  return !low.empty() && units->count(low) > 0;
}

struct Phrase {
  CountQualifier q;
  std::string_view words[3];
  int n;
};

constexpr Phrase kQualifiers[] = {
    {CountQualifier::kAtLeast, {"at", "least"}, 2},
    {CountQualifier::kAtLeast, {"no", "fewer", "than"}, 3},
    {CountQualifier::kAtLeast, {"no", "less", "than"}, 3},
    {CountQualifier::kAtLeast, {"not", "less", "than"}, 3},
    {CountQualifier::kAtLeast, {"not", "fewer", "than"}, 3},
    {CountQualifier::kAtLeast, {"a", "minimum", "of"}, 3},
    {CountQualifier::kAtLeast, {"minimum", "of"}, 2},
    {CountQualifier::kMoreThan, {"more", "than"}, 2},
    {CountQualifier::kMoreThan, {"over"}, 1},
    {CountQualifier::kMoreThan, {"upwards", "of"}, 2},
    {CountQualifier::kMoreThan, {"upward", "of"}, 2},
    {CountQualifier::kMoreThan, {"in", "excess", "of"}, 3},
    {CountQualifier::kMoreThan, {"above"}, 1},
    {CountQualifier::kMoreThan, {"greater", "than"}, 2},
    {CountQualifier::kUpTo, {"up", "to"}, 2},
    {CountQualifier::kUpTo, {"as", "many", "as"}, 3},
    {CountQualifier::kUpTo, {"at", "most"}, 2},
    {CountQualifier::kUpTo, {"no", "more", "than"}, 3},
    {CountQualifier::kUpTo, {"not", "more", "than"}, 3},
    {CountQualifier::kUpTo, {"fewer", "than"}, 2},
    {CountQualifier::kUpTo, {"less", "than"}, 2},
    {CountQualifier::kUpTo, {"under"}, 1},
    {CountQualifier::kUpTo, {"a", "maximum", "of"}, 3},
    {CountQualifier::kApprox, {"some"}, 1},
    {CountQualifier::kApprox, {"about"}, 1},
    {CountQualifier::kApprox, {"around"}, 1},
    {CountQualifier::kApprox, {"nearly"}, 1},
    {CountQualifier::kApprox, {"almost"}, 1},
    {CountQualifier::kApprox, {"roughly"}, 1},
    {CountQualifier::kApprox, {"approximately"}, 1},
    {CountQualifier::kApprox, {"an", "estimated"}, 2},
    {CountQualifier::kApprox, {"estimated"}, 1},
    {CountQualifier::kApprox, {"close", "to"}, 2},
    {CountQualifier::kApprox, {"an", "approximate"}, 2},
    {CountQualifier::kApprox, {"approx."}, 1},
    {CountQualifier::kApprox, {"circa"}, 1},
};

}  // namespace

std::string_view QualifierName(CountQualifier q) {
  switch (q) {
    case CountQualifier::kExact: return "exact";
    case CountQualifier::kAtLeast: return "at_least";
    case CountQualifier::kMoreThan: return "more_than";
    case CountQualifier::kUpTo: return "up_to";
    case CountQualifier::kApprox: return "approx";
  }
  return "exact";
}

bool EqualsLower(std::string_view form, std::string_view lower) {
  if (form.size() != lower.size()) return false;
  for (size_t i = 0; i < form.size(); ++i) {
    char c = form[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

void ToLowerAscii(std::string_view form, std::string* out) {
  out->assign(form);
  for (char& c : *out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
}

uint32_t QualifierBefore(const Document& doc, uint32_t begin, uint32_t i, CountQualifier* q) {
  *q = CountQualifier::kExact;
  int best = 0;
  for (const Phrase& p : kQualifiers) {
    if (p.n <= best || i < begin + static_cast<uint32_t>(p.n)) continue;
    bool ok = true;
    for (int k = 0; k < p.n && ok; ++k)
      ok = EqualsLower(doc.tokens[i - p.n + k].form, p.words[k]);
    if (ok) {
      best = p.n;
      *q = p.q;
    }
  }
  return static_cast<uint32_t>(best);
}

namespace {

// Cardinal words from token i: "twenty - four", "one hundred and five",
// "two hundred thousand", "two dozen". `start_current` seeds the value for
// "a hundred" / "a thousand".
uint32_t ParseCardinalWords(const Document& doc, uint32_t i, uint32_t end, int64_t seed,
                            int64_t* value) {
  int64_t total = 0, current = seed;
  uint32_t j = i;
  enum { kNone, kUnit, kTens, kTensUnit, kHundred, kScale } last = seed ? kUnit : kNone;
  uint32_t consumed_end = i;
  while (j < end) {
    std::string_view f = doc.tokens[j].form;
    // A hyphenated single token ("twenty-four").
    size_t dash = f.find('-');
    if (dash != std::string_view::npos && dash > 0 && dash + 1 < f.size()) {
      const WordInfo* a = Lookup(f.substr(0, dash));
      const WordInfo* b = Lookup(f.substr(dash + 1));
      if (a && b && a->kind == WordKind::kTens && b->kind == WordKind::kUnit && b->value < 10 &&
          b->value > 0 && (last == kNone || last == kHundred || last == kScale)) {
        current += a->value + b->value;
        last = kTensUnit;
        consumed_end = ++j;
        continue;
      }
      break;
    }
    if (f == "-" && last == kTens && j + 1 < end) {
      const WordInfo* n = Lookup(doc.tokens[j + 1].form);
      if (n && n->kind == WordKind::kUnit && n->value > 0 && n->value < 10) {
        ++j;
        continue;
      }
      break;
    }
    if (EqualsLower(f, "and") && (last == kHundred || last == kScale) && j + 1 < end) {
      const WordInfo* n = Lookup(doc.tokens[j + 1].form);
      if (n && (n->kind == WordKind::kUnit || n->kind == WordKind::kTens)) {
        ++j;
        continue;
      }
      break;
    }
    const WordInfo* w = Lookup(f);
    if (!w) break;
    bool stop = false;
    switch (w->kind) {
      case WordKind::kUnit:
        if (last == kUnit || last == kTensUnit) { stop = true; break; }
        if (last == kTens && w->value >= 10) { stop = true; break; }
        current += w->value;
        last = last == kTens ? kTensUnit : kUnit;
        break;
      case WordKind::kTens:
        if (last == kUnit || last == kTens || last == kTensUnit) { stop = true; break; }
        current += w->value;
        last = kTens;
        break;
      case WordKind::kHundred:
        if (last == kNone || last == kHundred || current == 0) { stop = true; break; }
        current *= 100;
        last = kHundred;
        break;
      case WordKind::kScale:
        if (last == kNone || last == kScale) { stop = true; break; }
        total += current * w->value;
        current = 0;
        last = kScale;
        break;
      case WordKind::kDozen:
        if (last != kUnit && last != kTens && last != kTensUnit) { stop = true; break; }
        current *= 12;
        last = kScale;  // nothing may follow a dozen but the noun
        consumed_end = j + 1;
        *value = total + current;
        return consumed_end - i;
      default:
        stop = true;
    }
    if (stop) break;
    consumed_end = ++j;
  }
  if (consumed_end == i) return 0;
  *value = total + current;
  return consumed_end - i;
}

// After a vague head ("several", "a few"): an optional multiplier word.
uint32_t VagueMultiplier(const Document& doc, uint32_t j, uint32_t end, int64_t* mult) {
  *mult = 1;
  if (j >= end) return 0;
  const WordInfo* w = Lookup(doc.tokens[j].form);
  if (w && (w->kind == WordKind::kHundred || w->kind == WordKind::kScale ||
            w->kind == WordKind::kDozen)) {
    *mult = w->value;
    return 1;
  }
  return 0;
}

}  // namespace

uint32_t ParseNumberAt(const Document& doc, uint32_t i, uint32_t end, int64_t* value,
                       bool* vague) {
  *vague = false;
  if (i >= end) return 0;
  std::string_view f = doc.tokens[i].form;
  if (f.empty()) return 0;
  if (IsDigit(f[0])) {
    int64_t ip;
    double frac;
    bool has_frac, has_comma;
    if (!ParseDigits(f, &ip, &frac, &has_frac, &has_comma)) return 0;
    if (i + 1 < end) {
      const WordInfo* w = Lookup(doc.tokens[i + 1].form);
      if (w && (w->kind == WordKind::kScale || w->kind == WordKind::kHundred ||
                w->kind == WordKind::kDozen)) {
        *value = static_cast<int64_t>((static_cast<double>(ip) + frac) * w->value + 0.5);
        return 2;
      }
    }
    *value = ip;
    return 1;
  }
  // Word numbers.
  const bool is_a = EqualsLower(f, "a") || EqualsLower(f, "an");
  if (is_a || EqualsLower(f, "half")) {
    uint32_t j = i + 1;
    int64_t base = 1;
    if (!is_a) {  // "half a dozen", "half a million"
      if (j >= end || !EqualsLower(doc.tokens[j].form, "a")) return 0;
      ++j;
    }
    if (j >= end) return 0;
    std::string_view g = doc.tokens[j].form;
    if (is_a && (EqualsLower(g, "few") || EqualsLower(g, "handful"))) {
      int64_t mult;
      uint32_t m = VagueMultiplier(doc, j + 1, end, &mult);
      *value = 3 * mult;
      *vague = true;
      return j + 1 + m - i;
    }
    const WordInfo* w = Lookup(g);
    if (!w) return 0;
    if (!is_a) {
      if (w->kind != WordKind::kDozen && w->kind != WordKind::kScale) return 0;
      *value = w->value / 2;
      return j + 1 - i;
    }
    if (w->kind == WordKind::kDozen) {
      *value = 12 * base;
      return j + 1 - i;
    }
    if (w->kind == WordKind::kHundred || w->kind == WordKind::kScale) {
      int64_t v;
      // "a hundred and fifty", "a thousand"
      uint32_t n = ParseCardinalWords(doc, j, end, 1, &v);
      if (n == 0) return 0;
      *value = v;
      return j + n - i;
    }
    return 0;
  }
  const WordInfo* w = Lookup(f);
  if (!w) return 0;
  if (w->kind == WordKind::kSeveral) {
    int64_t mult;
    uint32_t m = VagueMultiplier(doc, i + 1, end, &mult);
    *value = 3 * mult;
    *vague = true;
    return 1 + m;
  }
  if (w->kind == WordKind::kPluralVague) {
    *vague = true;
    // "tens of thousands", "hundreds of thousands", "dozens of millions"
    if (i + 2 < end && EqualsLower(doc.tokens[i + 1].form, "of")) {
      const WordInfo* w2 = Lookup(doc.tokens[i + 2].form);
      if (w2 && w2->kind == WordKind::kPluralVague && w2->value >= 1000 && w2->value > w->value) {
        *value = w->value * w2->value;
        return 3;
      }
    }
    *value = w->value;
    return 1;
  }
  if (w->kind == WordKind::kUnit || w->kind == WordKind::kTens) {
    return ParseCardinalWords(doc, i, end, 0, value);
  }
  // Hyphenated single token "twenty-four" starts with a tens word.
  return 0;
}

std::vector<NumberMention> FindNumbers(const Document& doc, const Sentence& s,
                                       const NumberOptions& options) {
  std::vector<NumberMention> out;
  const uint32_t end = s.token_end;
  for (uint32_t i = s.token_begin; i < end;) {
    int64_t value = 0;
    bool vague = false;
    uint32_t n = ParseNumberAt(doc, i, end, &value, &vague);
    // "twenty-four" as one token: Lookup fails on the whole form, so try the
    // cardinal parser directly when the token holds a hyphen.
    if (n == 0 && doc.tokens[i].form.find('-') != std::string_view::npos &&
        !doc.tokens[i].form.empty() && !IsDigit(doc.tokens[i].form[0])) {
      n = ParseCardinalWords(doc, i, end, 0, &value);
    }
    bool article = false;
    if (n == 0 && options.articles_as_one &&
        (EqualsLower(doc.tokens[i].form, "a") || EqualsLower(doc.tokens[i].form, "an")) &&
        i + 1 < end) {
      n = 1;
      value = 1;
      article = true;
    }
    if (n == 0) {
      ++i;
      continue;
    }
    NumberMention m;
    m.number_begin = i;
    m.end = i + n;
    m.value = value;
    m.vague = vague;
    m.article = article;
    std::string_view f = doc.tokens[i].form;
    if (IsDigit(f[0])) {
      bool has_frac = f.find('.') != std::string_view::npos;
      m.decimal = has_frac && n == 1;
      m.year_like = n == 1 && f.size() == 4 && !has_frac && value >= 1800 && value <= 2100;
    }
    uint32_t qstart = i;
    if (i > s.token_begin && IsCurrency(doc.tokens[i - 1].form)) {
      m.currency_before = true;
      qstart = i - 1;
    }
    CountQualifier q;
    uint32_t qn = article ? 0 : QualifierBefore(doc, s.token_begin, qstart, &q);
    if (qn > 0 && !out.empty() && out.back().end > qstart - qn) qn = 0;
    m.qualifier = qn > 0 ? q : CountQualifier::kExact;
    if (m.vague && m.qualifier == CountQualifier::kExact) {
      // Plural vague counts ("dozens", "hundreds of thousands") name a floor;
      // "several", "a few", "a handful" an estimate.
      const WordInfo* w = Lookup(f);
      m.qualifier = (w && w->kind == WordKind::kPluralVague) ? CountQualifier::kAtLeast
                                                             : CountQualifier::kApprox;
    }
    m.begin = qn > 0 ? qstart - qn : i;
    if (m.end < end) {
      std::string_view next = doc.tokens[m.end].form;
      m.unit_after = IsUnitWord(next);
      if (!m.unit_after && next == "-" && m.end + 1 < end) m.unit_after = IsUnitWord(doc.tokens[m.end + 1].form);
      if (!m.unit_after && next.size() > 1 && next[0] == '-') m.unit_after = IsUnitWord(next.substr(1));
      if (!m.unit_after && EqualsLower(next, "per") ) m.unit_after = true;
    }
    m.span = Span{doc.tokens[m.begin].span.begin, doc.tokens[m.end - 1].span.end};
    out.push_back(m);
    i = m.end;
  }
  return out;
}

}  // namespace sitrep::mentions
