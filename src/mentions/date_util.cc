#include "mentions/date_util.h"

#include <cstdio>

namespace sitrep::mentions {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return (m == 2 && IsLeapYear(y)) ? 29 : kDays[m - 1];
}

bool IsValidDate(int y, int m, int d) { return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m); }

// Eras of 400 years (146097 days) make the Gregorian cycle exact; the year is
// shifted to start in March so that the leap day is the last day of a year.
int64_t DaysFromCivil(const CivilDate& date) {
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                    // [0, 399]
  const int64_t mp = (date.month + 9) % 12;                             // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;                // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  out.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  out.year = static_cast<int>(yoe + era * 400 + (out.month <= 2 ? 1 : 0));
  return out;
}

int Weekday(const CivilDate& d) {
  const int64_t z = DaysFromCivil(d);  // 1970-01-01 was a Thursday (4)
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

CivilDate AddDays(const CivilDate& d, int64_t n) { return CivilFromDays(DaysFromCivil(d) + n); }

CivilDate AddMonths(const CivilDate& d, int n) {
  int64_t total = static_cast<int64_t>(d.year) * 12 + (d.month - 1) + n;
  int64_t y = total >= 0 ? total / 12 : (total - 11) / 12;
  CivilDate out;
  out.year = static_cast<int>(y);
  out.month = static_cast<int>(total - y * 12) + 1;
  const int dim = DaysInMonth(out.year, out.month);
  out.day = d.day > dim ? dim : d.day;
  return out;
}

CivilDate AddYears(const CivilDate& d, int n) { return AddMonths(d, 12 * n); }

bool ParseIsoDate(std::string_view s, CivilDate* out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (int i = 0; i < lens[f]; ++i) {
      const char c = s[starts[f] + i];
      if (c < '0' || c > '9') return false;
      v[f] = v[f] * 10 + (c - '0');
    }
  }
  if (!IsValidDate(v[0], v[1], v[2])) return false;
  out->year = v[0];
  out->month = v[1];
  out->day = v[2];
  return true;
}

std::string FormatDate(const CivilDate& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatYearMonth(int year, int month) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::string FormatYear(int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", year);
  return buf;
}

}  // namespace sitrep::mentions
