#include "text/sentence_splitter.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "text/tokenizer.h"

namespace sitrep::text {
namespace {

bool IsFinal(std::string_view f) { return f == "." || f == "!" || f == "?" || f == "..."; }
bool IsCloser(std::string_view f) { return f == "\"" || f == ")" || f == "]" || f == "'" || f == "}"; }

bool StartsLower(std::string_view f) {
  return !f.empty() && std::islower(static_cast<unsigned char>(f[0]));
}
bool StartsUpper(std::string_view f) {
  return !f.empty() && std::isupper(static_cast<unsigned char>(f[0]));
}

// Words that typically open a sentence: after an abbreviation such as "U.S."
// they signal a new sentence; a name would not.
bool IsOpener(std::string_view f) {
  static constexpr std::array<std::string_view, 34> kOpeners = {
      "The", "A",   "An",    "He",      "She",  "It",  "They",  "We",    "I",
      "In",  "On",  "At",    "But",     "And",  "This", "That", "These", "Those",
      "There", "His", "Her", "Its",     "Their", "Our", "When", "While", "After",
      "Before", "If", "As",  "However", "Meanwhile"};
  return std::find(kOpeners.begin(), kOpeners.end(), f) != kOpeners.end() || f == "\"";
}

// Number of newlines in the whitespace between token a and token b.
int NewlinesBetween(std::string_view norm, const Token& a, const Token& b) {
  int n = 0;
  for (uint32_t i = a.norm_end; i < b.norm_begin; ++i) n += norm[i] == '\n';
  return n;
}

bool IsAllCapsWord(std::string_view f) {
  if (f.size() < 2) return false;
  for (char c : f)
    if (!(std::isupper(static_cast<unsigned char>(c)) || c == '.' || c == '\'')) return false;
  return true;
}

// Tokens [b, e) form a credit line: "( dpa/NAN )", "( Reuters )",
// "( Reporting by X ; Editing by Y )".
bool IsCreditLine(const std::vector<Token>& t, uint32_t b, uint32_t e) {
  if (e - b >= 3 && t[b].form == "(" && (t[e - 1].form == ")" || (e - b >= 4 && t[e - 2].form == ")"))) {
    uint32_t close = t[e - 1].form == ")" ? e - 1 : e - 2;
    uint32_t n = close - b - 1;
    if (n <= 6) {
      // Short bracketed group standing alone: agencies, wire credits.
      bool any_lower_word = false;
      for (uint32_t i = b + 1; i < close; ++i)
        if (StartsLower(t[i].form) && t[i].form.find('/') == std::string_view::npos) any_lower_word = true;
      if (!any_lower_word) return true;
    }
    std::string_view first = t[b + 1].form;
    if (first == "Reporting" || first == "Writing" || first == "Editing" || first == "Additional" ||
        first == "Compiled" || first == "With")
      return true;
  }
  if (e > b) {
    std::string_view first = t[b].form;
    if ((first == "Reporting" || first == "Editing" || first == "Writing") && e - b > 2 &&
        t[b + 1].form == "by")
      return true;
  }
  return false;
}

// Length of a dateline at the start of tokens [b, e): "KYIV , April 6 ( Reuters ) -"
// or "MOSCOW ( AP ) -". Returns 0 when there is none.
uint32_t DatelineLength(const std::vector<Token>& t, uint32_t b, uint32_t e) {
  if (e - b < 3 || !IsAllCapsWord(t[b].form)) return 0;
  for (uint32_t i = b + 1; i < e && i < b + 14; ++i) {
    if (t[i].form == "-" || t[i].form == "--") return i + 1 - b;
    if (IsFinal(t[i].form)) return 0;
  }
  return 0;
}

}  // namespace

void SplitSentences(std::string_view norm, const std::vector<Token>& t, std::vector<Sentence>* out) {
  const uint32_t n = static_cast<uint32_t>(t.size());
  uint32_t start = 0;
  auto push = [&](uint32_t b, uint32_t e) {
    if (e <= b) return;
    // A dateline at the start of a paragraph becomes its own credit sentence.
    uint32_t dl = DatelineLength(t, b, e);
    if (dl > 0 && dl < e - b) {
      Sentence d;
      d.token_begin = b;
      d.token_end = b + dl;
      d.credit_line = true;
      out->push_back(d);
      b += dl;
    }
    Sentence s;
    s.token_begin = b;
    s.token_end = e;
    s.credit_line = IsCreditLine(t, b, e);
    s.in_quote = t[b].form == "\"";
    out->push_back(s);
  };
  for (uint32_t i = 0; i < n; ++i) {
    std::string_view f = t[i].form;
    bool end_here = false;
    uint32_t last = i;  // last token of the sentence if it ends here
    if (IsFinal(f)) {
      // Closing quotes/brackets attach when they touch the punctuation; a
      // straight quote after a space opens the next sentence instead.
      while (last + 1 < n && (IsCloser(t[last + 1].form) || IsFinal(t[last + 1].form)) &&
             !t[last].space_after)
        ++last;
      if (last + 1 >= n) {
        end_here = true;
      } else {
        std::string_view next = t[last + 1].form;
        bool newline = NewlinesBetween(norm, t[last], t[last + 1]) > 0;
        // "?" / "!" inside a quote followed by "he asked" does not end it.
        end_here = newline || !(StartsLower(next) || next == "," || next == ";" || next == ":" ||
                                 next == "-");
      }
    } else if (f.size() > 1 && f.back() == '.' && IsAbbreviation(f) && !IsTitleAbbreviation(f) &&
               i + 1 < n) {
      std::string_view next = t[i + 1].form;
      end_here = IsOpener(next) || NewlinesBetween(norm, t[i], t[i + 1]) > 0;
    }
    if (!end_here && i + 1 < n) {
      int nl = NewlinesBetween(norm, t[i], t[i + 1]);
      if (nl >= 2) {
        end_here = true;
      } else if (nl == 1) {
        // A line with no final punctuation: a headline when short, a wrapped
        // line otherwise. A new bracketed credit group also starts fresh.
        bool short_line = i + 1 - start <= 12;
        bool next_upper = StartsUpper(t[i + 1].form) || t[i + 1].form == "(" || t[i + 1].form == "\"";
        bool prev_joinable = f == "," || f == "-" || StartsLower(f) || f == "the" || f == "of";
        end_here = (short_line && next_upper && !prev_joinable && !StartsLower(f)) ||
                   (t[i + 1].form == "(" && i + 2 < n &&
                    IsCreditLine(t, i + 1, std::min<uint32_t>(n, i + 9)));
      }
    }
    if (!end_here && f == ")" && i + 1 < n && start < i && t[start].form == "(" &&
        IsCreditLine(t, start, i + 1)) {
      end_here = true;  // "(dpa/NAN) Next sentence" on one line
    }
    if (end_here) {
      push(start, last + 1);
      start = last + 1;
      i = last;
    }
  }
  if (start < n) push(start, n);
  // A trailing "(dpa/NAN)" glued to the last sentence: split it off.
  if (!out->empty()) {
    Sentence& s = out->back();
    if (s.size() > 4 && t[s.token_end - 1].form == ")") {
      uint32_t open = s.token_end - 1;
      while (open > s.token_begin && t[open].form != "(") --open;
      if (open > s.token_begin && t[open].form == "(" && IsFinal(t[open - 1].form) &&
          IsCreditLine(t, open, s.token_end)) {
        Sentence c;
        c.token_begin = open;
        c.token_end = s.token_end;
        c.credit_line = true;
        s.token_end = open;
        out->push_back(c);
      }
    }
  }
}

}  // namespace sitrep::text
