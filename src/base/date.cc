#include "base/date.h"

namespace sitrep {
namespace {
bool Digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}
}  // namespace

bool IsValidIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!Digits(s.substr(0, 4)) || !Digits(s.substr(5, 2)) || !Digits(s.substr(8, 2))) return false;
  int y = Num(s.substr(0, 4)), m = Num(s.substr(5, 2)), d = Num(s.substr(8, 2));
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

bool IsValidPartialDate(std::string_view s) {
  if (s.size() == 4) return Digits(s) && Num(s) >= 1000;
  if (s.size() == 7) return s[4] == '-' && Digits(s.substr(0, 4)) && Digits(s.substr(5, 2)) &&
                            Num(s.substr(5, 2)) >= 1 && Num(s.substr(5, 2)) <= 12;
  return IsValidIsoDate(s);
}

}  // namespace sitrep
