#include "text/tokenizer.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "base/utf8.h"

namespace sitrep::text {
namespace {

// Titles that come before a name: a following capitalised word never starts a
// new sentence.
constexpr std::array<std::string_view, 44> kTitleAbbrevs = {
    "Mr.",   "Mrs.", "Ms.",   "Dr.",   "Gen.",  "Lt.",   "Col.",  "Maj.",  "Capt.", "Sgt.",  "Adm.",
    "Cmdr.", "Cpl.", "Pvt.",  "Sen.",  "Rep.",  "Gov.",  "Pres.", "Prof.", "Rev.",  "Fr.",   "Sr.",
    "Jr.",   "St.",  "Mt.",   "Ft.",   "Hon.",  "Amb.",  "Supt.", "Insp.", "Brig.", "Gens.", "Messrs.",
    "Lt.-Gen.", "No.", "Nos.", "Art.", "Sec.", "Dept.", "Gov't.", "Atty.", "Asst.", "Vol.", "pp."};

// Other abbreviations that keep their period (they may end a sentence).
constexpr std::array<std::string_view, 45> kOtherAbbrevs = {
    "Jan.", "Feb.",  "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.",  "Sept.", "Oct.", "Nov.", "Dec.",
    "Mon.", "Tue.",  "Tues.", "Wed.", "Thu.", "Thur.", "Thurs.", "Fri.", "Sat.", "Sun.", "Inc.", "Corp.",
    "Co.",  "Ltd.",  "Bros.", "etc.", "vs.", "approx.", "est.", "Ave.", "Blvd.", "Rd.", "Calif.", "Mass.",
    "Fla.", "Wash.", "Ariz.", "Ill.", "Pa.", "Va.", "Conn.", "Tenn.", "Mich."};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// A code point that belongs inside a word (letters, digits, combining marks).
bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return IsAsciiAlpha(static_cast<char>(cp)) || IsAsciiDigit(static_cast<char>(cp));
  int8_t t = u_charType(static_cast<UChar32>(cp));
  return u_isalnum(static_cast<UChar32>(cp)) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK ||
         t == U_ENCLOSING_MARK;
}

bool IsSpace(char c) { return c == ' ' || c == '\n'; }

bool IsLeadingPunct(char c) {
  return c == '"' || c == '(' || c == '[' || c == '{' || c == '$' || c == '#' || c == '@' ||
         c == '*' || c == '<' || c == '\'';
}
bool IsTrailingPunct(char c) {
  return c == '"' || c == ')' || c == ']' || c == '}' || c == ',' || c == ';' || c == ':' ||
         c == '!' || c == '?' || c == '%' || c == '*' || c == '>';
}

struct Emitter {
  std::string_view norm;
  std::vector<Token>* out;
  void Emit(size_t b, size_t e) {
    if (e <= b) return;
    Token t;
    t.norm_begin = static_cast<uint32_t>(b);
    t.norm_end = static_cast<uint32_t>(e);
    t.form = norm.substr(b, e - b);
    t.space_after = e < norm.size() && IsSpace(norm[e]);
    out->push_back(t);
  }
};

// Length of a clitic suffix at the end of [b, e), or 0.
size_t CliticSuffix(std::string_view w) {
  auto ends_ci = [&](std::string_view suf) {
    if (w.size() <= suf.size()) return false;
    for (size_t i = 0; i < suf.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(w[w.size() - suf.size() + i])) != suf[i]) return false;
    return true;
  };
  if (ends_ci("n't")) return 3;
  for (std::string_view s : {"'s", "'re", "'ve", "'ll", "'d", "'m"})
    if (ends_ci(s) && IsAsciiAlpha(w[w.size() - s.size() - 1])) return s.size();
  return 0;
}

// Splits the core of a chunk (no leading/trailing punctuation) at hyphens
// between word characters, at commas between non-digits, and other symbols.
void SplitCore(Emitter& em, size_t b, size_t e) {
  std::string_view s = em.norm;
  size_t start = b, i = b;
  while (i < e) {
    size_t len;
    char32_t cp = utf8::Decode(s, i, &len);
    bool word = IsWordChar(cp) || cp == '\'' || cp == '.' || cp == '&' || cp == '/' || cp == '_';
    bool digit_sep = (cp == ',' || cp == '.' || cp == ':' || cp == '-') && i > b && i + 1 < e &&
                     IsAsciiDigit(s[i - 1]) && IsAsciiDigit(s[i + 1]);
    if (word || digit_sep) {
      i += len;
      continue;
    }
    // A separator: hyphen, comma, or a symbol. Emit what came before it.
    em.Emit(start, i);
    em.Emit(i, i + len);
    i += len;
    start = i;
  }
  if (start < e) {
    std::string_view w = s.substr(start, e - start);
    size_t cl = CliticSuffix(w);
    if (cl > 0) {
      // "can't" -> "ca" "n't", "won't" -> "wo" "n't"
      em.Emit(start, e - cl);
      em.Emit(e - cl, e);
    } else {
      em.Emit(start, e);
    }
  }
}

bool EndsWithPeriodAbbrev(std::string_view w) { return IsAbbreviation(w); }

void TokenizeChunk(Emitter& em, size_t b, size_t e) {
  std::string_view s = em.norm;
  // Leading punctuation.
  while (b < e && IsLeadingPunct(s[b])) {
    // An apostrophe that starts a clitic-like word ('em, '90s) stays attached.
    if (s[b] == '\'' && b + 1 < e && (IsAsciiDigit(s[b + 1]))) break;
    em.Emit(b, b + 1);
    ++b;
  }
  // Trailing punctuation, collected right to left.
  std::vector<std::pair<size_t, size_t>> trail;
  while (e > b) {
    char c = s[e - 1];
    if (IsTrailingPunct(c)) {
      trail.push_back({e - 1, e});
      --e;
    } else if (c == '\'' && e - b > 1 && (s[e - 2] == 's' || s[e - 2] == 'S' || !IsAsciiAlpha(s[e - 2]))) {
      trail.push_back({e - 1, e});  // plural possessive or closing single quote
      --e;
    } else if (c == '.') {
      size_t dots = 0;
      while (e - dots > b && s[e - 1 - dots] == '.') ++dots;
      if (dots >= 2) {  // "..." as one token
        trail.push_back({e - dots, e});
        e -= dots;
        continue;
      }
      if (EndsWithPeriodAbbrev(s.substr(b, e - b))) break;
      trail.push_back({e - 1, e});
      --e;
    } else if (c == '-' && e - b > 1 && !IsAsciiDigit(s[e - 2])) {
      trail.push_back({e - 1, e});
      --e;
    } else {
      break;
    }
  }
  if (b < e) SplitCore(em, b, e);
  for (auto it = trail.rbegin(); it != trail.rend(); ++it) em.Emit(it->first, it->second);
}

}  // namespace

bool IsTitleAbbreviation(std::string_view w) {
  return std::find(kTitleAbbrevs.begin(), kTitleAbbrevs.end(), w) != kTitleAbbrevs.end();
}

bool IsAbbreviation(std::string_view w) {
  if (w.size() < 2 || w.back() != '.') return false;
  if (IsTitleAbbreviation(w)) return true;
  if (std::find(kOtherAbbrevs.begin(), kOtherAbbrevs.end(), w) != kOtherAbbrevs.end()) return true;
  // Initials: "U.S.", "U.N.", "e.g.", "a.m.", "J." (a single capital letter).
  if (w.size() == 2 && IsAsciiAlpha(w[0]) && std::isupper(static_cast<unsigned char>(w[0]))) return true;
  if (w.size() >= 4) {
    bool initials = true;
    for (size_t i = 0; i < w.size(); i += 2) {
      if (!(IsAsciiAlpha(w[i]) && i + 1 < w.size() && w[i + 1] == '.')) {
        initials = false;
        break;
      }
    }
    if (initials) return true;
  }
  return false;
}

void Tokenize(std::string_view norm, std::vector<Token>* out) {
  Emitter em{norm, out};
  size_t i = 0, n = norm.size();
  while (i < n) {
    while (i < n && IsSpace(norm[i])) ++i;
    size_t b = i;
    while (i < n && !IsSpace(norm[i])) ++i;
    if (i > b) TokenizeChunk(em, b, i);
  }
}

}  // namespace sitrep::text
