#include "ingest/language.h"

#include <gtest/gtest.h>

namespace sitrep::ingest {
namespace {

TEST(Language, EnglishNews) {
  const char* text =
      "NATO voiced concern on Tuesday about the build-up of Russian troops near the border with "
      "Ukraine, and the alliance's foreign ministers said they would meet again next week to "
      "discuss the situation in the Black Sea region.";
  EXPECT_EQ(DetectLanguage(text), "en");
  EXPECT_TRUE(IsEnglish(DetectLanguage(text)));
}

TEST(Language, OtherLanguagesAreNotEnglish) {
  const char* fr =
      "Les ministres des affaires étrangères de l'Union européenne se sont réunis mardi à "
      "Bruxelles pour discuter de la situation à la frontière entre la Russie et l'Ukraine, "
      "où des dizaines de milliers de soldats ont été déployés ces dernières semaines.";
  EXPECT_EQ(DetectLanguage(fr), "fr");
  EXPECT_FALSE(IsEnglish(DetectLanguage(fr)));
  const char* de =
      "Die Außenminister der Europäischen Union haben sich am Dienstag in Brüssel getroffen, um "
      "über die Lage an der Grenze zwischen Russland und der Ukraine zu beraten, wo in den "
      "vergangenen Wochen zehntausende Soldaten stationiert wurden.";
  EXPECT_EQ(DetectLanguage(de), "de");
}

TEST(Language, TooShortOrEmptyCountsAsEnglish) {
  EXPECT_EQ(DetectLanguage(""), "en");
  EXPECT_EQ(DetectLanguage("Merci."), "en");
  EXPECT_EQ(DetectLanguage("12 34 56"), "en");
  std::string bad = "\xff\xfe garbage \xc3";
  EXPECT_EQ(DetectLanguage(bad), "en");
}

TEST(Language, IsEnglishCodes) {
  EXPECT_TRUE(IsEnglish(""));
  EXPECT_TRUE(IsEnglish("en"));
  EXPECT_TRUE(IsEnglish("en-GB"));
  EXPECT_FALSE(IsEnglish("fr"));
  EXPECT_FALSE(IsEnglish("e"));
  EXPECT_FALSE(IsEnglish("eng"));
}

}  // namespace
}  // namespace sitrep::ingest
