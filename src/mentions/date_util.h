// date_util: proleptic Gregorian civil-date arithmetic for time resolution.
//
// Dates are plain {year, month, day} values; day numbers count days since
// 1970-01-01 (negative before). The conversions are the closed-form
// days-from-civil / civil-from-days algorithms, valid for any year that fits
// in an int, with no table and no time zone: a news date is a calendar day.
//
// Thread-safe: pure functions, no state.
//
//   CivilDate d;
//   if (ParseIsoDate("2024-02-29", &d)) {
//     CivilDate prev = AddYears(d, -1);   // 2023-02-28 (clamped)
//     int wd = Weekday(d);                // 4 = Thursday
//   }
#ifndef SITREP_MENTIONS_DATE_UTIL_H_
#define SITREP_MENTIONS_DATE_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace sitrep::mentions {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth(year, month)
  bool operator==(const CivilDate&) const = default;
};

bool IsLeapYear(int year);
// 28..31; 0 when month is outside 1..12.
int DaysInMonth(int year, int month);
bool IsValidDate(int year, int month, int day);
inline bool IsValidDate(const CivilDate& d) { return IsValidDate(d.year, d.month, d.day); }

// Days since 1970-01-01 for a valid date.
int64_t DaysFromCivil(const CivilDate& d);
CivilDate CivilFromDays(int64_t days);

// 0 = Sunday, 1 = Monday, ... 6 = Saturday.
int Weekday(const CivilDate& d);

CivilDate AddDays(const CivilDate& d, int64_t n);
// Moves by whole months; a day past the end of the target month is clamped
// (2021-03-31 minus one month = 2021-02-28).
CivilDate AddMonths(const CivilDate& d, int n);
// AddMonths(d, 12 * n): 2024-02-29 minus one year = 2023-02-28.
CivilDate AddYears(const CivilDate& d, int n);

// Negative, zero or positive as a is before, equal to or after b.
inline int Compare(const CivilDate& a, const CivilDate& b) {
  if (a.year != b.year) return a.year < b.year ? -1 : 1;
  if (a.month != b.month) return a.month < b.month ? -1 : 1;
  if (a.day != b.day) return a.day < b.day ? -1 : 1;
  return 0;
}

// Parses exactly "YYYY-MM-DD" (a valid date). False on anything else.
bool ParseIsoDate(std::string_view s, CivilDate* out);
std::string FormatDate(const CivilDate& d);             // "YYYY-MM-DD"
std::string FormatYearMonth(int year, int month);       // "YYYY-MM"
std::string FormatYear(int year);                       // "YYYY"

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_DATE_UTIL_H_
