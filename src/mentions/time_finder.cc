// Time expressions: a hand-written matcher over lower-cased tokens.
//
// FindTimes lower-cases the sentence once into one buffer, then walks it. At
// each token a single hash lookup says whether the token can begin a time
// expression (a month, a weekday, "yesterday", "last", "since", a digit ...);
// only then are the patterns tried, longest first. "ago" is handled from the
// right: the number before the unit before "ago" is parsed with the number
// finder. No regular expressions: the cost is one lookup per token.
#include "mentions/time_finder.h"

#include <cstdint>
#include <unordered_map>

#include "mentions/date_util.h"
#include "mentions/number_finder.h"

namespace sitrep::mentions {
namespace {

enum class Cue : uint8_t {
  kNone, kMonth, kWeekday, kToday, kTonight, kYesterday, kTomorrow, kLast, kThis, kNext,
  kEarlier, kLater, kSince, kPrep, kThe, kEarly, kLate, kMid, kSoFar, kRecent, kPast,
};

struct CueInfo {
  Cue cue;
  int value;  // month 1..12, weekday 0..6
};

const std::unordered_map<std::string_view, CueInfo>& CueTable() {
  static const auto* t = new std::unordered_map<std::string_view, CueInfo>{
      {"january", {Cue::kMonth, 1}},   {"jan", {Cue::kMonth, 1}},     {"jan.", {Cue::kMonth, 1}},
      {"february", {Cue::kMonth, 2}},  {"feb", {Cue::kMonth, 2}},     {"feb.", {Cue::kMonth, 2}},
      {"march", {Cue::kMonth, 3}},     {"mar.", {Cue::kMonth, 3}},    {"april", {Cue::kMonth, 4}},
      {"apr", {Cue::kMonth, 4}},       {"apr.", {Cue::kMonth, 4}},    {"may", {Cue::kMonth, 5}},
      {"june", {Cue::kMonth, 6}},      {"jun.", {Cue::kMonth, 6}},    {"july", {Cue::kMonth, 7}},
      {"jul.", {Cue::kMonth, 7}},      {"august", {Cue::kMonth, 8}},  {"aug", {Cue::kMonth, 8}},
      {"aug.", {Cue::kMonth, 8}},      {"september", {Cue::kMonth, 9}}, {"sep.", {Cue::kMonth, 9}},
      {"sept", {Cue::kMonth, 9}},      {"sept.", {Cue::kMonth, 9}},   {"october", {Cue::kMonth, 10}},
      {"oct", {Cue::kMonth, 10}},      {"oct.", {Cue::kMonth, 10}},   {"november", {Cue::kMonth, 11}},
      {"nov", {Cue::kMonth, 11}},      {"nov.", {Cue::kMonth, 11}},   {"december", {Cue::kMonth, 12}},
      {"dec", {Cue::kMonth, 12}},      {"dec.", {Cue::kMonth, 12}},
      {"sunday", {Cue::kWeekday, 0}},  {"monday", {Cue::kWeekday, 1}},  {"tuesday", {Cue::kWeekday, 2}},
      {"wednesday", {Cue::kWeekday, 3}}, {"thursday", {Cue::kWeekday, 4}},
      {"friday", {Cue::kWeekday, 5}},  {"saturday", {Cue::kWeekday, 6}},
      {"today", {Cue::kToday, 0}},     {"tonight", {Cue::kTonight, 0}},
      {"yesterday", {Cue::kYesterday, 0}}, {"tomorrow", {Cue::kTomorrow, 0}},
      {"last", {Cue::kLast, 0}},       {"this", {Cue::kThis, 0}},     {"next", {Cue::kNext, 0}},
      {"earlier", {Cue::kEarlier, 0}}, {"later", {Cue::kLater, 0}},   {"since", {Cue::kSince, 0}},
      {"on", {Cue::kPrep, 0}},         {"in", {Cue::kPrep, 0}},       {"during", {Cue::kPrep, 0}},
      {"by", {Cue::kPrep, 0}},         {"until", {Cue::kPrep, 0}},    {"before", {Cue::kPrep, 0}},
      {"after", {Cue::kPrep, 0}},      {"from", {Cue::kPrep, 0}},     {"between", {Cue::kPrep, 0}},
      {"over", {Cue::kPrep, 0}},       {"of", {Cue::kPrep, 0}},       {"through", {Cue::kPrep, 0}},
      {"the", {Cue::kThe, 0}},         {"early", {Cue::kEarly, 0}},   {"late", {Cue::kLate, 0}},
      {"mid", {Cue::kMid, 0}},         {"so", {Cue::kSoFar, 0}},      {"recent", {Cue::kRecent, 0}},
      {"past", {Cue::kPast, 0}},
  };
  return *t;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// All-digit token value, or -1.
int DigitsValue(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return -1;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

char UnitOf(std::string_view w) {
  if (w == "day" || w == "days") return 'd';
  if (w == "week" || w == "weeks") return 'w';
  if (w == "month" || w == "months") return 'm';
  if (w == "year" || w == "years") return 'y';
  if (w == "decade" || w == "decades") return 'D';
  if (w == "weekend") return 'e';
  if (w == "hours") return 'h';
  return 0;
}

class Matcher {
 public:
  Matcher(const Document& doc, const Sentence& s) : doc_(doc), b_(s.token_begin), e_(s.token_end) {
    offs_.reserve(s.size() + 1);
    for (uint32_t k = b_; k < e_; ++k) {
      offs_.push_back(static_cast<uint32_t>(low_.size()));
      for (char c : doc.tokens[k].form) low_.push_back((c >= 'A' && c <= 'Z') ? c + 32 : c);
    }
    offs_.push_back(static_cast<uint32_t>(low_.size()));
  }

  std::string_view L(uint32_t k) const {
    if (k < b_ || k >= e_) return std::string_view();
    const uint32_t i = k - b_;
    return std::string_view(low_).substr(offs_[i], offs_[i + 1] - offs_[i]);
  }
  std::string_view F(uint32_t k) const { return doc_.tokens[k].form; }
  bool Cap(uint32_t k) const {
    std::string_view f = F(k);
    return !f.empty() && f[0] >= 'A' && f[0] <= 'Z';
  }
  CueInfo CueAt(uint32_t k) const {
    std::string_view l = L(k);
    if (l.empty()) return {Cue::kNone, 0};
    auto it = CueTable().find(l);
    return it == CueTable().end() ? CueInfo{Cue::kNone, 0} : it->second;
  }
  // Month name (capitalised) at k: 1..12, else 0.
  int MonthAt(uint32_t k) const {
    if (k >= e_ || !Cap(k)) return 0;
    CueInfo c = CueAt(k);
    return c.cue == Cue::kMonth ? c.value : 0;
  }
  int WeekdayAt(uint32_t k) const {
    if (k >= e_ || !Cap(k)) return -1;
    CueInfo c = CueAt(k);
    return c.cue == Cue::kWeekday ? c.value : -1;
  }
  // "6", "6th", "1st", "22nd", "3rd": 1..31 else 0.
  int DayAt(uint32_t k) const {
    if (k >= e_) return 0;
    std::string_view l = L(k);
    size_t n = 0;
    while (n < l.size() && IsDigit(l[n])) ++n;
    if (n == 0 || n > 2) return 0;
    std::string_view suf = l.substr(n);
    if (!(suf.empty() || suf == "st" || suf == "nd" || suf == "rd" || suf == "th")) return 0;
    int v = DigitsValue(l.substr(0, n), 2);
    return v >= 1 && v <= 31 ? v : 0;
  }
  int YearAt(uint32_t k) const {
    if (k >= e_) return 0;
    int v = DigitsValue(L(k), 4);
    return (L(k).size() == 4 && v >= 1800 && v <= 2100) ? v : 0;
  }
  uint32_t begin() const { return b_; }
  uint32_t end() const { return e_; }
  const Document& doc() const { return doc_; }

 private:
  const Document& doc_;
  uint32_t b_, e_;
  std::string low_;
  std::vector<uint32_t> offs_;
};

struct Match {
  uint32_t end = 0;  // one past the last token; 0 = no match
  TimeRef ref;
};

// Optional day-part words after a day: "Monday night", "yesterday morning".
uint32_t SkipDayPart(const Matcher& m, uint32_t k) {
  std::string_view l = m.L(k);
  if (l == "morning" || l == "afternoon" || l == "evening" || l == "night") return k + 1;
  return k;
}

// Explicit or month-based dates starting at k.
Match MatchDate(const Matcher& m, uint32_t k) {
  Match r;
  const uint32_t e = m.end();
  // ISO date as one token, or split by the tokenizer into 2021 - 04 - 06.
  {
    std::string_view l = m.L(k);
    CivilDate d;
    if (l.size() == 10 && ParseIsoDate(l, &d)) {
      r.end = k + 1;
      r.ref.year = d.year, r.ref.month = d.month, r.ref.day = d.day;
      return r;
    }
    if (m.YearAt(k) && k + 4 < e && m.L(k + 1) == "-" && m.L(k + 3) == "-" &&
        m.L(k + 2).size() == 2 && m.L(k + 4).size() == 2) {
      int mo = DigitsValue(m.L(k + 2), 2), da = DigitsValue(m.L(k + 4), 2);
      if (IsValidDate(m.YearAt(k), mo, da)) {
        r.end = k + 5;
        r.ref.year = m.YearAt(k), r.ref.month = mo, r.ref.day = da;
        return r;
      }
    }
  }
  uint32_t j = k;
  // Optional weekday before an explicit date: "Tuesday, April 6".
  if (m.WeekdayAt(j) >= 0) {
    uint32_t t = j + 1;
    if (m.L(t) == ",") ++t;
    if (m.MonthAt(t) || m.DayAt(t)) j = t;
  }
  // Optional "the" before a day-first date: "the 6th of April".
  if (m.L(j) == "the" && m.DayAt(j + 1)) ++j;
  int month = m.MonthAt(j);
  if (month) {
    int day = m.DayAt(j + 1);
    if (day && m.YearAt(j + 1) == 0) {
      uint32_t t = j + 2;
      r.ref.month = month, r.ref.day = day;
      uint32_t y = t;
      if (m.L(y) == ",") ++y;
      if (int year = m.YearAt(y)) {
        r.ref.year = year;
        t = y + 1;
      }
      if (!IsValidDate(r.ref.year ? r.ref.year : 2000, month, day)) return Match();
      r.end = t;
      return r;
    }
    uint32_t y = j + 1;
    if (m.L(y) == "of") ++y;  // "April of 2014" is rare but harmless
    if (int year = m.YearAt(y)) {
      r.ref.month = month, r.ref.year = year;
      r.end = y + 1;
      return r;
    }
    return r;  // a bare month needs a lead-in; the caller decides
  }
  if (int day = m.DayAt(j)) {
    uint32_t t = j + 1;
    if (m.L(t) == "of") ++t;
    if (int mo = m.MonthAt(t)) {
      r.ref.month = mo, r.ref.day = day;
      uint32_t y = t + 1;
      if (m.L(y) == ",") ++y;
      if (int year = m.YearAt(y)) {
        r.ref.year = year;
        r.end = y + 1;
      } else {
        r.end = t + 1;
      }
      if (!IsValidDate(r.ref.year ? r.ref.year : 2000, mo, day)) return Match();
      return r;
    }
  }
  return r;
}

// "the 1990s" / "1990s" at k.
Match MatchDecade(const Matcher& m, uint32_t k) {
  Match r;
  uint32_t j = k;
  if (m.L(j) == "the") ++j;
  std::string_view l = m.L(j);
  if (l.size() == 5 && l[4] == 's' && l[3] == '0') {
    int v = DigitsValue(l.substr(0, 4), 4);
    if (v >= 1800 && v <= 2100) {
      r.end = j + 1;
      r.ref.kind = TimeRef::Kind::kDecade;
      r.ref.year = v;
    }
  }
  return r;
}

// Relative expressions starting at k (no lead-in preposition).
Match MatchRelative(const Matcher& m, uint32_t k) {
  Match r;
  CueInfo c = m.CueAt(k);
  switch (c.cue) {
    case Cue::kToday:
    case Cue::kTonight:
      r.ref.kind = TimeRef::Kind::kDayOffset, r.ref.n = 0;
      r.end = SkipDayPart(m, k + 1);
      return r;
    case Cue::kYesterday:
      r.ref.kind = TimeRef::Kind::kDayOffset, r.ref.n = -1;
      r.end = SkipDayPart(m, k + 1);
      return r;
    case Cue::kTomorrow:
      r.ref.kind = TimeRef::Kind::kDayOffset, r.ref.n = 1;
      r.end = SkipDayPart(m, k + 1);
      return r;
    case Cue::kWeekday:
      if (!m.Cap(k)) return r;
      r.ref.kind = TimeRef::Kind::kWeekday, r.ref.weekday = c.value;
      r.end = SkipDayPart(m, k + 1);
      return r;
    case Cue::kEarly:
    case Cue::kLate:
    case Cue::kMid: {
      // "late Tuesday", "early April", "mid - April", "late last year"
      uint32_t j = k + 1;
      if (m.L(j) == "-") ++j;
      if (m.WeekdayAt(j) >= 0 || m.MonthAt(j) || m.CueAt(j).cue == Cue::kLast ||
          m.CueAt(j).cue == Cue::kThis || m.CueAt(j).cue == Cue::kNext) {
        Match inner = MatchRelative(m, j);
        if (!inner.end && m.MonthAt(j)) {
          inner = MatchDate(m, j);
          if (!inner.end) {  // bare month after early/late/mid
            inner.ref.kind = TimeRef::Kind::kMonthName;
            inner.ref.month = m.MonthAt(j);
            inner.end = j + 1;
          }
        }
        return inner;
      }
      return r;
    }
    case Cue::kLast:
    case Cue::kThis:
    case Cue::kNext: {
      const int dir = c.cue == Cue::kLast ? -1 : c.cue == Cue::kNext ? 1 : 0;
      uint32_t j = k + 1;
      if (int wd = m.WeekdayAt(j); wd >= 0) {
        r.ref.kind = TimeRef::Kind::kWeekday, r.ref.weekday = wd, r.ref.direction = dir;
        r.end = SkipDayPart(m, j + 1);
        return r;
      }
      if (int mo = m.MonthAt(j)) {
        r.ref.kind = TimeRef::Kind::kMonthName, r.ref.month = mo, r.ref.direction = dir;
        r.end = j + 1;
        return r;
      }
      std::string_view l = m.L(j);
      if (dir == -1 && l == "night") {
        r.ref.kind = TimeRef::Kind::kDayOffset, r.ref.n = -1;
        r.end = j + 1;
        return r;
      }
      if (dir == 0 && (l == "morning" || l == "afternoon" || l == "evening")) {
        r.ref.kind = TimeRef::Kind::kDayOffset, r.ref.n = 0;
        r.end = j + 1;
        return r;
      }
      char u = UnitOf(l);
      if (u == 'w' || u == 'm' || u == 'y' || u == 'e') {
        if (l.back() == 's') return r;  // "last years" is not a date
        r.ref.kind = TimeRef::Kind::kCalendar, r.ref.unit = u, r.ref.n = dir;
        r.end = j + 1;
        return r;
      }
      return r;
    }
    case Cue::kEarlier:
    case Cue::kSoFar: {
      // "earlier this week/month/year", "so far this year"
      uint32_t j = k + 1;
      if (c.cue == Cue::kSoFar) {
        if (m.L(j) != "far") return r;
        ++j;
      }
      if (m.CueAt(j).cue != Cue::kThis) return r;
      char u = UnitOf(m.L(j + 1));
      if (u == 'w' || u == 'm' || u == 'y') {
        r.ref.kind = TimeRef::Kind::kSoFarThis, r.ref.unit = u;
        r.end = j + 2;
      }
      return r;
    }
    case Cue::kThe: {
      // "the past few weeks", "the last two months", "the past week"
      uint32_t j = k + 1;
      CueInfo c2 = m.CueAt(j);
      if (c2.cue != Cue::kPast && c2.cue != Cue::kLast) return r;
      ++j;
      int n = 1;
      bool counted = true;
      int64_t v;
      bool vague;
      if (m.L(j) == "few" || m.L(j) == "several") {
        n = 3;
        ++j;
      } else if (m.L(j) == "couple" && m.L(j + 1) == "of") {
        n = 2;
        j += 2;
      } else if (uint32_t used = ParseNumberAt(m.doc(), j, m.end(), &v, &vague)) {
        if (v <= 0 || v > 1000) return r;
        n = static_cast<int>(v);
        j += used;
      } else {
        counted = false;
      }
      // "the past week" but not "the last years"; "the past 3 days".
      if (!counted && !m.L(j).empty() && m.L(j).back() == 's') return r;
      char u = UnitOf(m.L(j));
      if (u == 'd' || u == 'w' || u == 'm' || u == 'y' || u == 'h') {
        r.ref.kind = TimeRef::Kind::kPastSpan;
        r.ref.unit = u == 'h' ? 'd' : u;
        r.ref.n = u == 'h' ? (n + 23) / 24 : n;
        r.end = j + 1;
      }
      return r;
    }
    case Cue::kRecent: {
      char u = UnitOf(m.L(k + 1));
      if (u == 'd' || u == 'w' || u == 'm' || u == 'y') {
        r.ref.kind = TimeRef::Kind::kPastSpan, r.ref.unit = u, r.ref.n = 3;
        r.end = k + 2;
      }
      return r;
    }
    default:
      return r;
  }
}

// "since ..." bodies: "the beginning/start of this/the year/month", a year,
// a month (with or without year), a date, "last year".
Match MatchSinceBody(const Matcher& m, uint32_t k) {
  Match r;
  if (m.L(k) == "the" && (m.L(k + 1) == "beginning" || m.L(k + 1) == "start") && m.L(k + 2) == "of") {
    uint32_t j = k + 3;
    if (int y = m.YearAt(j)) {
      r.ref.year = y;
      r.end = j + 1;
      return r;
    }
    if (int mo = m.MonthAt(j)) {
      r.ref.kind = TimeRef::Kind::kMonthName, r.ref.month = mo;
      r.end = j + 1;
      return r;
    }
    if (m.L(j) == "this" || m.L(j) == "the") {
      char u = UnitOf(m.L(j + 1));
      if (u == 'y' || u == 'm' || u == 'w') {
        r.ref.kind = TimeRef::Kind::kCalendar, r.ref.unit = u, r.ref.n = 0;
        r.end = j + 2;
      }
    }
    return r;
  }
  return r;
}

bool IsPastCue(std::string_view l) {
  if (l == "said" || l == "told" || l == "was" || l == "were" || l == "had" || l == "did" ||
      l == "spoke" || l == "met" || l == "took" || l == "made" || l == "went" || l == "came" ||
      l == "held" || l == "gave" || l == "began" || l == "saw" || l == "left" || l == "fled" ||
      l == "fell" || l == "hit" || l == "killed" || l == "wrote" || l == "ago")
    return true;
  return l.size() >= 5 && l.substr(l.size() - 2) == "ed";
}

// Tense of the clause around [b, e): 1 (future) when "will", "'ll",
// "shall", "going to", "due/set/scheduled/expected/plans to", "is to" is the
// nearest verb cue, -1 (past) for a past-tense cue, 0 when there is none.
int GuessTense(const Matcher& m, uint32_t b, uint32_t e) {
  auto future_at = [&](uint32_t k) -> int {  // 1 future, -1 past, 0 no cue
    std::string_view l = m.L(k);
    if (l == "will" || l == "'ll" || l == "shall" || l == "wo") return 1;
    if (l == "to" && k > m.begin()) {
      std::string_view p = m.L(k - 1);
      if (p == "going" || p == "due" || p == "set" || p == "scheduled" || p == "expected" ||
          p == "plans" || p == "planned" || p == "plan" || p == "is" || p == "are" ||
          p == "intends" || p == "hopes")
        return 1;
    }
    if (l == "scheduled" || l == "expected" || l == "planned" || l == "due" || l == "set") return 0;
    if (IsPastCue(l)) {
      // A participle after "be" belongs to a modal or "to" phrase: "will be
      // held", "is to be signed"; the cue before "be" decides.
      if (k > m.begin() && m.L(k - 1) == "be") return 2;
      return -1;
    }
    return 0;
  };
  for (uint32_t k = b, steps = 0; k > m.begin() && steps < 14; ++steps) {
    --k;
    if (m.L(k) == ";") break;
    int f = future_at(k);
    if (f == 2) {  // skip the participle and "be"; keep looking left
      --k;
      continue;
    }
    if (f) return f > 0 ? 1 : -1;
  }
  for (uint32_t k = e, steps = 0; k < m.end() && steps < 8; ++k, ++steps) {
    if (m.L(k) == ";") break;
    int f = future_at(k);
    if (f == 2) continue;
    if (f) return f > 0 ? 1 : -1;
  }
  return 0;
}

std::string_view LeadIn(std::string_view l) {
  static constexpr std::string_view kPreps[] = {"on", "in", "during", "by", "until", "before",
                                                "after", "from", "between", "over", "through",
                                                "since", "of"};
  for (std::string_view p : kPreps)
    if (l == p) return p;
  return std::string_view();
}

}  // namespace

std::string_view PrecisionName(TimePrecision p) {
  switch (p) {
    case TimePrecision::kDay: return "day";
    case TimePrecision::kMonth: return "month";
    case TimePrecision::kYear: return "year";
    case TimePrecision::kRange: return "range";
    case TimePrecision::kUnknown: return "unknown";
  }
  return "unknown";
}

namespace {

void SetDay(TimeValue* v, const CivilDate& d) {
  v->value = FormatDate(d);
  v->precision = TimePrecision::kDay;
}
void SetMonth(TimeValue* v, int y, int mo) {
  v->value = FormatYearMonth(y, mo);
  v->precision = TimePrecision::kMonth;
}
void SetYear(TimeValue* v, int y) {
  v->value = FormatYear(y);
  v->precision = TimePrecision::kYear;
}
void SetRange(TimeValue* v, const CivilDate& a, const CivilDate& b) {
  v->start = FormatDate(a);
  v->end = FormatDate(b);
  v->value = v->start;
  v->precision = TimePrecision::kRange;
}
CivilDate MondayOf(const CivilDate& d) { return AddDays(d, -((Weekday(d) + 6) % 7)); }

// Start (and, when it is a period, the last day) of what a ref names.
bool Bounds(const TimeRef& ref, const CivilDate& p, int tense, CivilDate* first,
            CivilDate* last, TimePrecision* prec) {
  using K = TimeRef::Kind;
  const bool future = tense > 0;
  switch (ref.kind) {
    case K::kDate: {
      if (ref.month == 0) {
        if (ref.year == 0) return false;
        *first = {ref.year, 1, 1};
        *last = {ref.year, 12, 31};
        *prec = TimePrecision::kYear;
        return true;
      }
      int y = ref.year;
      if (ref.day == 0) {
        if (y == 0) y = p.year;
        *first = {y, ref.month, 1};
        *last = {y, ref.month, DaysInMonth(y, ref.month)};
        *prec = TimePrecision::kMonth;
        return true;
      }
      if (y == 0) {  // year from the publication date and the tense
        const int64_t pz = DaysFromCivil(p);
        int found = 0;
        if (tense == 0) {  // no tense cue: the reading nearest the publication date
          int64_t best = INT64_MAX;
          for (int cy = p.year - 1; cy <= p.year + 1; ++cy) {
            if (!IsValidDate(cy, ref.month, ref.day)) continue;
            int64_t d = DaysFromCivil({cy, ref.month, ref.day}) - pz;
            if (d < 0) d = -d;
            if (d < best) best = d, found = cy;
          }
        } else if (!future) {
          for (int cy = p.year + 1; cy >= p.year - 1 && !found; --cy)
            if (IsValidDate(cy, ref.month, ref.day) &&
                DaysFromCivil({cy, ref.month, ref.day}) <= pz + 7)
              found = cy;
        } else {
          for (int cy = p.year - 1; cy <= p.year + 1 && !found; ++cy)
            if (IsValidDate(cy, ref.month, ref.day) &&
                DaysFromCivil({cy, ref.month, ref.day}) >= pz)
              found = cy;
        }
        if (!found) return false;
        y = found;
      }
      if (!IsValidDate(y, ref.month, ref.day)) return false;
      *first = *last = {y, ref.month, ref.day};
      *prec = TimePrecision::kDay;
      return true;
    }
    case K::kDecade:
      *first = {ref.year, 1, 1};
      *last = {ref.year + 9, 12, 31};
      *prec = TimePrecision::kRange;
      return true;
    case K::kDayOffset:
      *first = *last = AddDays(p, ref.n);
      *prec = TimePrecision::kDay;
      return true;
    case K::kWeekday: {
      const int pw = Weekday(p);
      int delta;
      if (ref.direction < 0 || (ref.direction == 0 && !future)) {
        delta = -((pw - ref.weekday + 7) % 7);
        if (ref.direction < 0 && delta == 0) delta = -7;
      } else {
        delta = (ref.weekday - pw + 7) % 7;
        if (delta == 0) delta = 7;
      }
      *first = *last = AddDays(p, delta);
      *prec = TimePrecision::kDay;
      return true;
    }
    case K::kMonthName: {
      int y = p.year;
      if (ref.direction < 0) {
        if (ref.month >= p.month) --y;
      } else if (ref.direction > 0) {
        if (ref.month <= p.month) ++y;
      } else if (!future) {
        if (ref.month > p.month) --y;
      } else {
        if (ref.month < p.month) ++y;
      }
      *first = {y, ref.month, 1};
      *last = {y, ref.month, DaysInMonth(y, ref.month)};
      *prec = TimePrecision::kMonth;
      return true;
    }
    case K::kAgo: {
      if (ref.unit == 'w') {
        *first = *last = AddDays(p, -7 * static_cast<int64_t>(ref.n));
        *prec = TimePrecision::kDay;
      } else if (ref.unit == 'm') {
        CivilDate d = AddMonths(p, -ref.n);
        *first = {d.year, d.month, 1};
        *last = {d.year, d.month, DaysInMonth(d.year, d.month)};
        *prec = TimePrecision::kMonth;
      } else {
        const int y = p.year - ref.n * (ref.unit == 'D' ? 10 : 1);
        *first = {y, 1, 1};
        *last = {y, 12, 31};
        *prec = TimePrecision::kYear;
      }
      return true;
    }
    case K::kCalendar: {
      if (ref.unit == 'w') {
        *first = AddDays(MondayOf(p), 7 * static_cast<int64_t>(ref.n));
        *last = AddDays(*first, 6);
        *prec = TimePrecision::kRange;
      } else if (ref.unit == 'e') {  // weekend: Saturday + Sunday
        const int pw = Weekday(p);
        int to_sat;
        if (ref.n < 0 || (ref.n == 0 && !future)) {
          to_sat = -((pw - 6 + 7) % 7);  // most recent Saturday, today included
          if (pw == 6 && ref.n < 0) to_sat = -7;
          if (pw == 0 && ref.n == 0) to_sat = -1;
        } else {
          to_sat = (6 - pw + 7) % 7;
          if (to_sat == 0 && ref.n > 0) to_sat = 7;
        }
        *first = AddDays(p, to_sat);
        *last = AddDays(*first, 1);
        *prec = TimePrecision::kRange;
      } else if (ref.unit == 'm') {
        CivilDate d = AddMonths({p.year, p.month, 1}, ref.n);
        *first = d;
        *last = {d.year, d.month, DaysInMonth(d.year, d.month)};
        *prec = TimePrecision::kMonth;
      } else {
        *first = {p.year + ref.n, 1, 1};
        *last = {p.year + ref.n, 12, 31};
        *prec = TimePrecision::kYear;
      }
      return true;
    }
    case K::kSoFarThis: {
      if (ref.unit == 'w') *first = MondayOf(p);
      else if (ref.unit == 'm') *first = {p.year, p.month, 1};
      else *first = {p.year, 1, 1};
      *last = p;
      *prec = TimePrecision::kRange;
      return true;
    }
    case K::kPastSpan: {
      if (ref.unit == 'd') *first = AddDays(p, -ref.n);
      else if (ref.unit == 'w') *first = AddDays(p, -7 * static_cast<int64_t>(ref.n));
      else if (ref.unit == 'm') *first = AddMonths(p, -ref.n);
      else *first = AddYears(p, -ref.n);
      *last = p;
      *prec = TimePrecision::kRange;
      return true;
    }
  }
  return false;
}

bool NeedsPublication(const TimeRef& ref) {
  if (ref.since) return true;
  if (ref.kind == TimeRef::Kind::kDate) return ref.year == 0;
  return ref.kind != TimeRef::Kind::kDecade;
}


// Resolve with a three-way tense: 1 future, -1 past, 0 unknown (the
// nearest reading for dates without a year; past for everything else).
TimeValue ResolveTense(const TimeRef& ref, std::string_view text, std::string_view pub,
                       int tense) {
  TimeValue v;
  const bool relative = NeedsPublication(ref);
  if (relative) {
    v.basis = "relative:";
    bool space = false;
    for (char ch : text) {  // the expression may span a line break
      if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
        space = true;
        continue;
      }
      if (space) v.basis.push_back(' ');
      space = false;
      v.basis.push_back(ch);
    }
  } else {
    v.basis = "explicit";
  }
  CivilDate p{2000, 1, 1};
  const bool have_pub = ParseIsoDate(pub, &p);
  if (relative && !have_pub) return v;  // precision unknown
  CivilDate first, last;
  TimePrecision prec;
  if (!Bounds(ref, p, tense, &first, &last, &prec)) return v;
  if (ref.since) {
    if (Compare(first, p) > 0) return v;  // "since" a future date: not a range we can state
    SetRange(&v, first, p);
    return v;
  }
  if (ref.end_year) {  // "from 2014 to 2016"
    SetRange(&v, first, CivilDate{ref.end_year, 12, 31});
    return v;
  }
  switch (prec) {
    case TimePrecision::kDay: SetDay(&v, first); break;
    case TimePrecision::kMonth: SetMonth(&v, first.year, first.month); break;
    case TimePrecision::kYear: SetYear(&v, first.year); break;
    case TimePrecision::kRange: SetRange(&v, first, last); break;
    case TimePrecision::kUnknown: break;
  }
  return v;
}

}  // namespace

TimeValue Resolve(const TimeRef& ref, std::string_view text, std::string_view pub,
                  bool future_clause) {
  return ResolveTense(ref, text, pub, future_clause ? 1 : -1);
}

std::vector<TimeExpr> FindTimes(const Document& doc, const Sentence& s, std::string_view pub,
                                TenseHint tense) {
  std::vector<TimeExpr> out;
  if (s.token_end <= s.token_begin) return out;
  // Cheap exit before lower-casing the sentence: every expression contains
  // an anchor (a digit, a month or weekday name, "yesterday", "last",
  // "since", "ago", ...); prepositions and "the" alone are not anchors.
  bool anchor = false;
  for (uint32_t k = s.token_begin; k < s.token_end && !anchor; ++k) {
    std::string_view f = doc.tokens[k].form;
    if (f.empty() || f.size() > 10) continue;
    if (IsDigit(f[0])) {
      anchor = true;
      break;
    }
    char buf[10];
    for (size_t i = 0; i < f.size(); ++i)
      buf[i] = (f[i] >= 'A' && f[i] <= 'Z') ? static_cast<char>(f[i] + 32) : f[i];
    std::string_view low(buf, f.size());
    if (low == "ago") {
      anchor = true;
      break;
    }
    auto it = CueTable().find(low);
    if (it == CueTable().end()) continue;
    switch (it->second.cue) {
      case Cue::kPrep: case Cue::kThe: case Cue::kEarly: case Cue::kLate: case Cue::kMid:
      case Cue::kNone:
        break;
      default:
        anchor = true;
    }
  }
  if (!anchor) return out;
  Matcher m(doc, s);
  auto emit = [&](uint32_t b, uint32_t e, std::string_view prep, const TimeRef& ref) {
    TimeExpr t;
    t.token_begin = b;
    t.token_end = e;
    t.span = Span{doc.tokens[b].span.begin, doc.tokens[e - 1].span.end};
    t.text = std::string_view(doc.normalized)
                 .substr(doc.tokens[b].norm_begin, doc.tokens[e - 1].norm_end - doc.tokens[b].norm_begin);
    t.preposition = prep;
    t.ref = ref;
    const int guess = tense == TenseHint::kFuture ? 1
                      : tense == TenseHint::kPast ? -1
                                                  : GuessTense(m, b, e);
    t.future_clause = guess > 0;
    t.resolved = ResolveTense(ref, t.text, pub, guess);
    out.push_back(std::move(t));
  };
  for (uint32_t i = s.token_begin; i < s.token_end;) {
    // "N units ago" is found from "ago" leftwards.
    if (m.L(i) == "ago" && i >= s.token_begin + 2) {
      char u = UnitOf(m.L(i - 1));
      if (u == 'd' || u == 'w' || u == 'm' || u == 'y' || u == 'D') {
        const uint32_t unit_tok = i - 1;
        uint32_t start = 0;
        bool found = false;
        int64_t n = 0;
        for (uint32_t st = unit_tok; st-- > s.token_begin && unit_tok - st <= 4;) {
          int64_t v;
          bool vague;
          uint32_t used = ParseNumberAt(doc, st, unit_tok, &v, &vague);
          if (used && st + used == unit_tok) {
            start = st, n = v, found = true;
          }
        }
        if (!found && unit_tok > s.token_begin &&
            (m.L(unit_tok - 1) == "a" || m.L(unit_tok - 1) == "an")) {
          start = unit_tok - 1, n = 1, found = true;
        }
        if (found && n > 0 && n < 10000 && (out.empty() || out.back().token_end <= start)) {
          TimeRef ref;
          if (u == 'd') {
            ref.kind = TimeRef::Kind::kDayOffset, ref.n = -static_cast<int>(n);
          } else {
            ref.kind = TimeRef::Kind::kAgo, ref.unit = u, ref.n = static_cast<int>(n);
          }
          emit(start, i + 1, std::string_view(), ref);
        }
      }
      ++i;
      continue;
    }
    CueInfo c = m.CueAt(i);
    std::string_view first = m.L(i);
    if (c.cue == Cue::kNone && (first.empty() || !IsDigit(first[0]))) {
      ++i;
      continue;
    }
    // Optional lead-in preposition.
    std::string_view prep = LeadIn(first);
    uint32_t j = prep.empty() ? i : i + 1;
    const bool since = prep == "since";
    Match best;
    if (since) best = MatchSinceBody(m, j);
    if (!best.end) best = MatchDecade(m, j);
    if (!best.end) best = MatchDate(m, j);
    if (!best.end) best = MatchRelative(m, j);
    if (!best.end && !prep.empty() && prep != "of") {
      // A bare month or year needs the preposition: "in April", "since 2014".
      if (int mo = m.MonthAt(j)) {
        best.ref.kind = TimeRef::Kind::kMonthName, best.ref.month = mo;
        best.end = j + 1;
      } else if (int y = m.YearAt(j)) {
        best.ref.year = y;
        best.end = j + 1;
        // "from 2014 to 2016", "between 2014 and 2016", "2014 - 2016"
        std::string_view link = m.L(j + 1);
        if ((prep == "from" && (link == "to" || link == "-" || link == "until")) ||
            (prep == "between" && link == "and")) {
          if (int y2 = m.YearAt(j + 2); y2 >= y) {
            best.ref.end_year = y2;
            best.end = j + 3;
          }
        }
      } else if (m.L(j) == "early" || m.L(j) == "late" || m.L(j) == "mid") {
        uint32_t t = j + 1;
        if (m.L(t) == "-") ++t;
        if (int y = m.YearAt(t)) {
          best.ref.year = y;
          best.end = t + 1;
        }
      }
    }
    if (!best.end) {
      ++i;
      continue;
    }
    // Only some lead-ins are part of the expression; "of" never is.
    uint32_t b = (prep.empty() || prep == "of") ? j : i;
    if (prep == "of") prep = std::string_view();
    best.ref.since = since && best.ref.kind != TimeRef::Kind::kPastSpan;
    if (!out.empty() && out.back().token_end > b) b = out.back().token_end;
    if (b < best.end) emit(b, best.end, prep, best.ref);
    i = best.end;
  }
  return out;
}

const TimeExpr* TimeForPredicate(const std::vector<TimeExpr>& times, const Sentence& s,
                                 const nlp::ParsedSentence* parse, uint32_t predicate_token) {
  if (times.empty() || predicate_token < s.token_begin || predicate_token >= s.token_end)
    return nullptr;
  if (parse && parse->size() == s.size()) {
    const int n = static_cast<int>(parse->size());
    // The word of each expression that hangs outside it, and where it hangs.
    auto governor = [&](const TimeExpr& t) -> int {
      for (uint32_t k = t.token_begin; k < t.token_end; ++k) {
        const int w = static_cast<int>(k - s.token_begin);
        const int h = (*parse)[w].head;
        if (h < 0) return -1;
        const uint32_t ht = static_cast<uint32_t>(h) + s.token_begin;
        if (ht < t.token_begin || ht >= t.token_end) return h;
      }
      return -1;
    };
    int p = static_cast<int>(predicate_token - s.token_begin);
    for (int hops = 0; p >= 0 && p < n && hops < 4; ++hops) {
      for (const TimeExpr& t : times)
        if (governor(t) == p) return &t;
      const std::string_view rel = nlp::ParsedSentence::BaseRel((*parse)[p].deprel);
      if (rel != "conj" && rel != "xcomp") break;
      p = (*parse)[p].head;
    }
    return nullptr;
  }
  const TimeExpr* best = nullptr;
  uint32_t best_d = UINT32_MAX;
  for (const TimeExpr& t : times) {
    const uint32_t d = predicate_token < t.token_begin ? t.token_begin - predicate_token
                       : predicate_token >= t.token_end ? predicate_token - t.token_end + 1
                                                        : 0;
    if (d < best_d) best_d = d, best = &t;
  }
  return best;
}

}  // namespace sitrep::mentions
