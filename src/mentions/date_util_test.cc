#include "mentions/date_util.h"

#include <gtest/gtest.h>

namespace sitrep::mentions {
namespace {

CivilDate D(int y, int m, int d) { return CivilDate{y, m, d}; }

TEST(DateUtil, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2021));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_EQ(DaysInMonth(2021, 13), 0);
}

TEST(DateUtil, Validity) {
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 2, 29));
  EXPECT_FALSE(IsValidDate(2021, 4, 31));
  EXPECT_FALSE(IsValidDate(2021, 0, 1));
  EXPECT_FALSE(IsValidDate(2021, 1, 0));
}

TEST(DateUtil, DaysFromCivilKnownValues) {
  EXPECT_EQ(DaysFromCivil(D(1970, 1, 1)), 0);
  EXPECT_EQ(DaysFromCivil(D(2000, 3, 1)), 11017);
  EXPECT_EQ(DaysFromCivil(D(1969, 12, 31)), -1);
  EXPECT_EQ(DaysFromCivil(D(2021, 4, 6)) - DaysFromCivil(D(2021, 1, 1)), 95);
}

TEST(DateUtil, RoundTripOverFourCenturies) {
  CivilDate d = D(1800, 1, 1);
  int64_t z = DaysFromCivil(d);
  for (int i = 0; i < 146097 * 1 + 400; ++i, ++z) {
    CivilDate c = CivilFromDays(z);
    ASSERT_TRUE(IsValidDate(c)) << z;
    ASSERT_EQ(DaysFromCivil(c), z);
    ASSERT_EQ(c, d) << z;
    // step d by one day by hand
    if (++d.day > DaysInMonth(d.year, d.month)) {
      d.day = 1;
      if (++d.month > 12) {
        d.month = 1;
        ++d.year;
      }
    }
  }
}

TEST(DateUtil, Weekday) {
  EXPECT_EQ(Weekday(D(1970, 1, 1)), 4);   // Thursday
  EXPECT_EQ(Weekday(D(2021, 4, 6)), 2);   // Tuesday
  EXPECT_EQ(Weekday(D(2021, 4, 7)), 3);   // Wednesday
  EXPECT_EQ(Weekday(D(2024, 2, 29)), 4);  // Thursday
  EXPECT_EQ(Weekday(D(1969, 12, 28)), 0); // Sunday, before the epoch
  EXPECT_EQ(Weekday(D(1900, 1, 1)), 1);   // Monday
}

TEST(DateUtil, AddDaysAcrossYearEndAndLeapDay) {
  EXPECT_EQ(AddDays(D(2021, 1, 2), -5), D(2020, 12, 28));
  EXPECT_EQ(AddDays(D(2024, 2, 28), 1), D(2024, 2, 29));
  EXPECT_EQ(AddDays(D(2023, 2, 28), 1), D(2023, 3, 1));
  EXPECT_EQ(AddDays(D(2024, 3, 1), -2), D(2024, 2, 28));
}

TEST(DateUtil, AddMonthsClamps) {
  EXPECT_EQ(AddMonths(D(2021, 3, 31), -1), D(2021, 2, 28));
  EXPECT_EQ(AddMonths(D(2024, 3, 31), -1), D(2024, 2, 29));
  EXPECT_EQ(AddMonths(D(2021, 1, 15), -1), D(2020, 12, 15));
  EXPECT_EQ(AddMonths(D(2021, 12, 15), 1), D(2022, 1, 15));
  EXPECT_EQ(AddMonths(D(2021, 5, 31), -25), D(2019, 4, 30));
  EXPECT_EQ(AddYears(D(2024, 2, 29), -1), D(2023, 2, 28));
  EXPECT_EQ(AddYears(D(2024, 2, 29), 4), D(2028, 2, 29));
}

TEST(DateUtil, ParseAndFormat) {
  CivilDate d;
  ASSERT_TRUE(ParseIsoDate("2021-04-07", &d));
  EXPECT_EQ(d, D(2021, 4, 7));
  EXPECT_EQ(FormatDate(d), "2021-04-07");
  EXPECT_FALSE(ParseIsoDate("2021-02-30", &d));
  EXPECT_FALSE(ParseIsoDate("2021-4-7", &d));
  EXPECT_FALSE(ParseIsoDate("", &d));
  EXPECT_FALSE(ParseIsoDate("2021/04/07", &d));
  EXPECT_EQ(FormatYearMonth(2021, 4), "2021-04");
  EXPECT_EQ(FormatYear(14), "0014");
}

}  // namespace
}  // namespace sitrep::mentions
