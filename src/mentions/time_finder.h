// time_finder: time expressions in a sentence, resolved against the
// publication date.
//
// Finds explicit dates ("April 6, 2021", "6 April 2021", "Apr. 6",
// "2021-04-06", "April 2021", "in 2014", "the 1990s") and relative ones
// ("on Tuesday", "Monday night", "Tuesday's meeting", "yesterday", "last
// week", "earlier this month", "seven years ago", "a decade ago", "last
// April", "in the past few weeks", "since 2014", "since the beginning of this
// year"), and resolves each to a value with a precision and a basis. The
// rules, and how each ambiguity is decided, are in docs/dates-and-casualties.md.
// Numeric dates such as 06/04/2021 are skipped: day-first and month-first
// readings cannot be told apart from the text alone.
//
// Tense: a bare weekday or month is the most recent one (publication day
// included) in a past clause and the next one (publication day excluded) in
// a future clause ("will meet on Thursday"). FindTimes guesses the tense of
// each expression's clause from the words around it; Resolve() lets a caller
// that knows better (the event coder, from the parse) re-resolve.
//
// Thread-safety: free functions, immutable static tables. Lifetime: the
// `text` and `preposition` views of a TimeExpr point into
// Document::normalized and live as long as the Document.
//
//   for (const TimeExpr& t : FindTimes(doc, doc.sentences[i], doc.meta.date)) {
//     // t.resolved.value == "2021-04-05", t.resolved.precision == kDay,
//     // t.resolved.basis == "relative:on Monday"
//   }
#ifndef SITREP_MENTIONS_TIME_FINDER_H_
#define SITREP_MENTIONS_TIME_FINDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/document.h"
#include "nlp/parsed_sentence.h"

namespace sitrep::mentions {

enum class TimePrecision : uint8_t { kDay, kMonth, kYear, kRange, kUnknown };
// "day", "month", "year", "range", "unknown".
std::string_view PrecisionName(TimePrecision p);

// What the words say, before any publication date is applied.
struct TimeRef {
  enum class Kind : uint8_t {
    kDate,        // year/month/day as written; 0 = not written ("April 6", "April 2021", "2014")
    kDecade,      // "the 1990s": year = 1990
    kDayOffset,   // today (n = 0), yesterday (-1), tomorrow (+1), "two days ago" (-2)
    kWeekday,     // weekday 0 = Sunday .. 6; direction -1 "last", 0 bare/"this", +1 "next"
    kMonthName,   // a month without a year ("in April", "last April"); direction as above
    kAgo,         // n units before publication: "seven years ago" (unit 'w', 'm', 'y'; days use kDayOffset)
    kCalendar,    // "last week" (n = -1), "this month" (0), "next year" (+1); unit 'w','m','y','e' (weekend)
    kSoFarThis,   // "earlier this week/month/year", "so far this year": range start of unit .. publication
    kPastSpan,    // "in the past few weeks", "over the last 3 days": n units back .. publication
  };
  Kind kind = Kind::kDate;
  int year = 0, month = 0, day = 0;
  int weekday = -1;
  int direction = 0;
  int n = 0;
  char unit = 0;       // 'd', 'w', 'm', 'y', 'e' (weekend)
  bool since = false;  // "since ...": a range from the resolved start to publication
  int end_year = 0;    // "from 2014 to 2016", "between 2014 and 2016": the closing year
};

struct TimeValue {
  std::string value;  // "YYYY-MM-DD", "YYYY-MM" or "YYYY"; for ranges the start; empty when unknown
  std::string start;  // ranges only: "YYYY-MM-DD"
  std::string end;    // ranges only: "YYYY-MM-DD" (inclusive)
  TimePrecision precision = TimePrecision::kUnknown;
  std::string basis;  // "explicit", or "relative:<text>" when the publication date was needed
};

struct TimeExpr {
  uint32_t token_begin = 0;  // Document::tokens index, lead-in preposition included
  uint32_t token_end = 0;
  Span span;                 // original bytes
  std::string_view text;     // normalised text of the expression (view into the Document)
  // Lower-case lead-in word when one was read: "on", "in", "since", "during",
  // "by", "until", "before", "after", "from", "between"; empty otherwise.
  // "before"/"after"/"by"/"until" bound an event rather than date it.
  std::string_view preposition;
  TimeRef ref;
  bool future_clause = false;  // the tense guess used for `resolved`
  TimeValue resolved;
};

enum class TenseHint : uint8_t { kAuto, kPast, kFuture };

// All time expressions of the sentence, left to right, non-overlapping.
// `publication_date` is "YYYY-MM-DD" or empty; without it, expressions that
// need it resolve with precision kUnknown (explicit dates still resolve).
std::vector<TimeExpr> FindTimes(const Document& doc, const Sentence& sentence,
                                std::string_view publication_date,
                                TenseHint tense = TenseHint::kAuto);

// Resolves what the words say against the publication date. `text` is used
// for the basis string only.
TimeValue Resolve(const TimeRef& ref, std::string_view text, std::string_view publication_date,
                  bool future_clause);
inline TimeValue Resolve(const TimeExpr& expr, std::string_view publication_date,
                         bool future_clause) {
  return Resolve(expr.ref, expr.text, publication_date, future_clause);
}

// The time expression that dates the predicate at Document token
// `predicate_token` of `sentence`, or null when the sentence has none.
// With a parse (same tokens as the sentence): the expression attached to the
// predicate (its word whose head lies outside it hangs on the predicate),
// else the one attached to the predicate's head when the predicate is a
// conjunct or xcomp ("spoke with Zelensky on Monday and reaffirmed ..."
// dates both verbs), else null: a time in another clause does not date this
// one. Without a parse: the expression nearest to the predicate in tokens.
// `times` is FindTimes' result for `sentence`; the pointer points into it.
const TimeExpr* TimeForPredicate(const std::vector<TimeExpr>& times, const Sentence& sentence,
                                 const nlp::ParsedSentence* parse, uint32_t predicate_token);

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_TIME_FINDER_H_
