#include "mentions/time_finder.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mentions/date_util.h"
#include "text/text_analyzer.h"

namespace sitrep::mentions {
namespace {

struct Found {
  std::unique_ptr<Document> doc;
  std::vector<TimeExpr> times;
};

Found Times(std::string_view text, std::string_view pub, TenseHint tense = TenseHint::kAuto) {
  Found f;
  f.doc = std::make_unique<Document>();
  f.doc->original = std::string(text);
  Status st = text::AnalyzeText(f.doc.get());
  EXPECT_TRUE(st.ok()) << st.ToString();
  for (const Sentence& s : f.doc->sentences) {
    auto v = FindTimes(*f.doc, s, pub, tense);
    f.times.insert(f.times.end(), v.begin(), v.end());
  }
  return f;
}

// The value and precision of the only (or first) expression, as "value/precision".
std::string One(std::string_view text, std::string_view pub,
                TenseHint tense = TenseHint::kAuto) {
  Found f = Times(text, pub, tense);
  if (f.times.empty()) return "none";
  const TimeValue& v = f.times[0].resolved;
  std::string out = v.value + "/" + std::string(PrecisionName(v.precision));
  if (v.precision == TimePrecision::kRange) out += "/" + v.start + ".." + v.end;
  return out;
}

// --- explicit dates ---------------------------------------------------------

TEST(TimeFinder, ExplicitFormats) {
  const char* pub = "2021-04-07";
  EXPECT_EQ(One("The talks began on April 6, 2021, in Vienna.", pub), "2021-04-06/day");
  EXPECT_EQ(One("The talks began on 6 April 2021 in Vienna.", pub), "2021-04-06/day");
  EXPECT_EQ(One("The talks began on the 6th of April 2021.", pub), "2021-04-06/day");
  EXPECT_EQ(One("The talks began on Apr. 6 in Vienna.", pub), "2021-04-06/day");
  EXPECT_EQ(One("The talks began on 2021-04-06 in Vienna.", pub), "2021-04-06/day");
  EXPECT_EQ(One("The talks began in April 2021.", pub), "2021-04/month");
  EXPECT_EQ(One("The talks began in 2014.", pub), "2014/year");
  EXPECT_EQ(One("Fighting raged in the 1990s.", pub), "1990-01-01/range/1990-01-01..1999-12-31");
  EXPECT_EQ(One("He served from 2014 to 2016 as envoy.", pub),
            "2014-01-01/range/2014-01-01..2016-12-31");
}

TEST(TimeFinder, ExplicitBasisAndSpan) {
  Found f = Times("The talks began on Tuesday, April 6, 2021, in Vienna.", "2021-04-07");
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.times[0].resolved.basis, "explicit");
  EXPECT_EQ(f.times[0].text, "on Tuesday, April 6, 2021");
  EXPECT_EQ(f.doc->OriginalText(f.times[0].span), "on Tuesday, April 6, 2021");
  EXPECT_EQ(f.times[0].preposition, "on");
}

TEST(TimeFinder, ExplicitWithoutPublicationDate) {
  EXPECT_EQ(One("The talks began on April 6, 2021.", ""), "2021-04-06/day");
  EXPECT_EQ(One("The talks began on Tuesday.", ""), "/unknown");
  EXPECT_EQ(One("The talks began on April 6.", ""), "/unknown");
}

TEST(TimeFinder, NumericSlashDatesAreSkipped) {
  EXPECT_EQ(One("The talks began on 06/04/2021 in Vienna.", "2021-04-07"), "none");
}

// --- the seed article ----------------------------------------------------------

TEST(TimeFinder, SeedArticle) {
  const char* pub = "2021-04-07";  // a Wednesday
  EXPECT_EQ(One("The military alliance chief tweeted on Tuesday after the conversation.", pub),
            "2021-04-06/day");
  EXPECT_EQ(One("Boris Johnson also spoke with Zelensky on Monday, and reaffirmed support.", pub),
            "2021-04-05/day");
  Found f = Times("Russia annexed the Crimean peninsula seven years ago after a referendum.", pub);
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.times[0].resolved.value, "2014");
  EXPECT_EQ(f.times[0].resolved.precision, TimePrecision::kYear);
  EXPECT_EQ(f.times[0].resolved.basis, "relative:seven years ago");
  EXPECT_EQ(One("There have been repeated deadly clashes in the past few weeks.", pub),
            "2021-03-17/range/2021-03-17..2021-04-07");
  EXPECT_EQ(One("Since the beginning of this year alone, at least 24 soldiers have died.", pub),
            "2021-01-01/range/2021-01-01..2021-04-07");
}

// --- weekdays and tense -----------------------------------------------------------

TEST(TimeFinder, WeekdaySameAsPublicationDay) {
  const char* pub = "2021-04-07";  // Wednesday
  EXPECT_EQ(One("The ministers met on Wednesday.", pub), "2021-04-07/day");
  EXPECT_EQ(One("The ministers will meet on Wednesday.", pub), "2021-04-14/day");
  EXPECT_EQ(One("The ministers will meet on Thursday.", pub), "2021-04-08/day");
  EXPECT_EQ(One("The ministers met on Thursday.", pub), "2021-04-01/day");
  EXPECT_EQ(One("The ministers are scheduled to meet on Friday.", pub), "2021-04-09/day");
}

TEST(TimeFinder, TenseOfEachClause) {
  Found f = Times("He said on Tuesday that the envoys will meet on Thursday.", "2021-04-07");
  ASSERT_EQ(f.times.size(), 2u);
  EXPECT_EQ(f.times[0].resolved.value, "2021-04-06");
  EXPECT_FALSE(f.times[0].future_clause);
  EXPECT_EQ(f.times[1].resolved.value, "2021-04-08");
  EXPECT_TRUE(f.times[1].future_clause);
  // A caller that knows the tense can re-resolve.
  EXPECT_EQ(Resolve(f.times[0], "2021-04-07", true).value, "2021-04-13");
}

TEST(TimeFinder, TenseHintOverrides) {
  EXPECT_EQ(One("Talks on Thursday.", "2021-04-07", TenseHint::kFuture), "2021-04-08/day");
  EXPECT_EQ(One("Talks on Thursday.", "2021-04-07", TenseHint::kPast), "2021-04-01/day");
}

TEST(TimeFinder, WeekdayForms) {
  const char* pub = "2021-04-07";
  EXPECT_EQ(One("Shelling resumed on Monday night near the town.", pub), "2021-04-05/day");
  EXPECT_EQ(One("Shelling resumed late Monday near the town.", pub), "2021-04-05/day");
  EXPECT_EQ(One("Tuesday's meeting ended without a deal.", pub), "2021-04-06/day");
  EXPECT_EQ(One("Shelling resumed last Wednesday.", pub), "2021-03-31/day");
  EXPECT_EQ(One("Shelling resumed last Tuesday.", pub), "2021-04-06/day");
  EXPECT_EQ(One("They will vote next Tuesday.", pub), "2021-04-13/day");
  Found f = Times("They met on Monday night.", pub);
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.times[0].resolved.basis, "relative:on Monday night");
}

// --- year ends, leap days -------------------------------------------------------------

TEST(TimeFinder, YearEnd) {
  const char* pub = "2021-01-02";  // a Saturday
  EXPECT_EQ(One("The attack happened last Tuesday.", pub), "2020-12-29/day");
  EXPECT_EQ(One("The attack happened on Tuesday.", pub), "2020-12-29/day");
  EXPECT_EQ(One("The attack happened on December 30.", pub), "2020-12-30/day");
  EXPECT_EQ(One("The attack happened last month.", pub), "2020-12/month");
  EXPECT_EQ(One("The attack happened last year.", pub), "2020/year");
  EXPECT_EQ(One("The attack happened in December.", pub), "2020-12/month");
  EXPECT_EQ(One("The attack happened last week.", pub), "2020-12-21/range/2020-12-21..2020-12-27");
  EXPECT_EQ(One("The envoys will return on January 5.", pub), "2021-01-05/day");
  EXPECT_EQ(One("The envoys will return next month.", pub), "2021-02/month");
  EXPECT_EQ(One("The attack happened yesterday.", "2021-01-01"), "2020-12-31/day");
  EXPECT_EQ(One("The envoys will return on December 28.", "2020-12-31"), "2021-12-28/day");
}

TEST(TimeFinder, LeapDays) {
  EXPECT_EQ(One("The town fell a year ago.", "2024-02-29"), "2023/year");
  EXPECT_EQ(One("The town fell yesterday.", "2024-02-29"), "2024-02-28/day");
  EXPECT_EQ(One("The town will fall tomorrow.", "2024-02-29"), "2024-03-01/day");
  EXPECT_EQ(One("The town fell two days ago.", "2024-03-01"), "2024-02-28/day");
  EXPECT_EQ(One("The town fell two days ago.", "2023-03-01"), "2023-02-27/day");
  EXPECT_EQ(One("The town fell a month ago.", "2024-03-31"), "2024-02/month");
  EXPECT_EQ(One("The town fell on February 29.", "2025-03-01"), "2024-02-29/day");
  EXPECT_EQ(One("The town fell in the past year.", "2024-02-29"),
            "2023-02-28/range/2023-02-28..2024-02-29");
}

// --- relative expressions ---------------------------------------------------------------

TEST(TimeFinder, RelativeDaysWeeksMonthsYears) {
  const char* pub = "2021-04-07";
  EXPECT_EQ(One("The blast happened today.", pub), "2021-04-07/day");
  EXPECT_EQ(One("The blast happened yesterday morning.", pub), "2021-04-06/day");
  EXPECT_EQ(One("The blast happened last night.", pub), "2021-04-06/day");
  EXPECT_EQ(One("The blast happened two days ago.", pub), "2021-04-05/day");
  EXPECT_EQ(One("The blast happened 10 days ago.", pub), "2021-03-28/day");
  EXPECT_EQ(One("The blast happened three weeks ago.", pub), "2021-03-17/day");
  EXPECT_EQ(One("The blast happened six months ago.", pub), "2020-10/month");
  EXPECT_EQ(One("The blast happened a decade ago.", pub), "2011/year");
  EXPECT_EQ(One("The blast happened this week.", pub), "2021-04-05/range/2021-04-05..2021-04-11");
  EXPECT_EQ(One("The blast happened earlier this week.", pub),
            "2021-04-05/range/2021-04-05..2021-04-07");
  EXPECT_EQ(One("The blast happened earlier this month.", pub),
            "2021-04-01/range/2021-04-01..2021-04-07");
  EXPECT_EQ(One("The blast happened this year.", pub), "2021/year");
  EXPECT_EQ(One("Talks will resume next week.", pub), "2021-04-12/range/2021-04-12..2021-04-18");
  EXPECT_EQ(One("Clashes intensified in recent weeks.", pub),
            "2021-03-17/range/2021-03-17..2021-04-07");
  EXPECT_EQ(One("Clashes intensified over the last two months.", pub),
            "2021-02-07/range/2021-02-07..2021-04-07");
}

TEST(TimeFinder, MonthsWithoutYear) {
  EXPECT_EQ(One("Rebels took the town last April.", "2021-06-10"), "2021-04/month");
  EXPECT_EQ(One("Rebels took the town last April.", "2021-04-07"), "2020-04/month");
  EXPECT_EQ(One("Rebels took the town in April.", "2021-03-01"), "2020-04/month");
  EXPECT_EQ(One("Elections will be held in April.", "2021-03-01"), "2021-04/month");
  EXPECT_EQ(One("Rebels took the town in early April.", "2021-06-01"), "2021-04/month");
  EXPECT_EQ(One("Rebels took the town in mid-April.", "2021-06-01"), "2021-04/month");
}

TEST(TimeFinder, DateWithoutYearAndNoTenseCueTakesTheNearestReading) {
  EXPECT_EQ(One("The dividend is payable March 31.", "1987-03-05"), "1987-03-31/day");
  EXPECT_EQ(One("The dividend was paid on March 31.", "1987-03-05"), "1986-03-31/day");
  EXPECT_EQ(One("Record date is Jan. 3.", "1986-12-29"), "1987-01-03/day");
}

TEST(TimeFinder, BasisCollapsesLineBreaks) {
  Found f = Times("Output fell last\nyear in the region.", "2021-04-07");
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.times[0].resolved.basis, "relative:last year");
  EXPECT_EQ(f.times[0].resolved.value, "2020");
}

TEST(TimeFinder, SinceRanges) {
  const char* pub = "2021-04-07";
  Found f = Times("More than 13,000 people have been killed since 2014.", pub);
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.times[0].resolved.precision, TimePrecision::kRange);
  EXPECT_EQ(f.times[0].resolved.start, "2014-01-01");
  EXPECT_EQ(f.times[0].resolved.end, "2021-04-07");
  EXPECT_EQ(f.times[0].preposition, "since");
  EXPECT_EQ(f.times[0].resolved.basis, "relative:since 2014");
  EXPECT_EQ(One("Prices rose since January.", pub), "2021-01-01/range/2021-01-01..2021-04-07");
  EXPECT_EQ(One("Prices rose since the start of the month.", pub),
            "2021-04-01/range/2021-04-01..2021-04-07");
  EXPECT_EQ(One("Prices rose since March 3.", pub), "2021-03-03/range/2021-03-03..2021-04-07");
}

TEST(TimeFinder, PrepositionsAreReported) {
  Found f = Times("The ceasefire held until 2019 and collapsed after March.", "2021-04-07");
  ASSERT_EQ(f.times.size(), 2u);
  EXPECT_EQ(f.times[0].preposition, "until");
  EXPECT_EQ(f.times[0].resolved.value, "2019");
  EXPECT_EQ(f.times[1].preposition, "after");
}

TEST(TimeFinder, Negatives) {
  const char* pub = "2021-04-07";
  EXPECT_EQ(One("They may come back.", pub), "none");
  EXPECT_EQ(One("The march on the capital was peaceful.", pub), "none");
  EXPECT_EQ(One("March organisers said 12 people were hurt.", pub), "none");
  EXPECT_EQ(One("In 2,014 cases the police intervened.", pub), "none");
  EXPECT_EQ(One("He was 10 years old.", pub), "none");
  EXPECT_EQ(One("The last years were hard.", pub), "none");
  EXPECT_EQ(One("", pub), "none");
}

TEST(TimeFinder, SeveralInOneSentence) {
  Found f = Times("Fighting that began in 2014 flared again on Saturday and will be discussed "
                  "next week.",
                  "2021-04-07");
  ASSERT_EQ(f.times.size(), 3u);
  EXPECT_EQ(f.times[0].resolved.value, "2014");
  EXPECT_EQ(f.times[1].resolved.value, "2021-04-03");
  EXPECT_EQ(f.times[2].resolved.start, "2021-04-12");
}

TEST(TimeFinder, RandomWordSalad) {
  const char* vocab[] = {"on", "in", "since", "the", "last", "next", "this", "Tuesday", "April",
                         "May", "6", "6th", "2021", "-", "04", "1990s", "of", "beginning",
                         "start", "year", "years", "week", "month", "ago", "a", "two", "few",
                         "past", "recent", "weeks", "earlier", "so", "far", "yesterday", "will",
                         "said", ",", "from", "to", "between", "and", "mid", "late", "'s",
                         "night", "be", "held", "2,014", "31", "February", "29"};
  const size_t nv = sizeof vocab / sizeof vocab[0];
  uint32_t state = 777;
  auto next = [&state]() {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  int found = 0;
  const char* pubs[] = {"2021-04-07", "2024-02-29", "2021-01-01", "", "2020-12-31"};
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    const int len = 1 + static_cast<int>(next() % 14);
    for (int i = 0; i < len; ++i) {
      if (i) text += ' ';
      text += vocab[next() % nv];
    }
    Found f = Times(text, pubs[iter % 5]);
    for (const TimeExpr& t : f.times) {
      ++found;
      ASSERT_LT(t.token_begin, t.token_end) << text;
      ASSERT_LE(t.token_end, f.doc->tokens.size()) << text;
      const TimeValue& v = t.resolved;
      if (v.precision == TimePrecision::kDay) {
        CivilDate d;
        ASSERT_TRUE(ParseIsoDate(v.value, &d)) << text << " -> " << v.value;
      }
      if (v.precision == TimePrecision::kRange) {
        ASSERT_LE(v.start, v.end) << text;
      }
    }
  }
  EXPECT_GT(found, 100);
}

nlp::ParsedWord W(int head, const char* rel) {
  nlp::ParsedWord w;
  w.head = head;
  w.deprel = rel;
  return w;
}

TEST(TimeFinder, TimeForPredicateFollowsTheParse) {
  Found f = Times("Johnson spoke with Zelensky on Monday and reaffirmed support.", "2021-04-07");
  const Sentence& s = f.doc->sentences[0];
  ASSERT_EQ(s.size(), 10u);
  ASSERT_EQ(f.times.size(), 1u);
  nlp::ParsedSentence parse;
  parse.words = {W(1, "nsubj"), W(-1, "root"), W(3, "case"), W(1, "obl"), W(5, "case"),
                 W(1, "obl:tmod"), W(7, "cc"), W(1, "conj"), W(7, "obj"), W(1, "punct")};
  const uint32_t b = s.token_begin;
  const TimeExpr* t = TimeForPredicate(f.times, s, &parse, b + 1);  // spoke
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->resolved.value, "2021-04-05");
  t = TimeForPredicate(f.times, s, &parse, b + 7);  // reaffirmed: conjunct of spoke
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->resolved.value, "2021-04-05");
  // A word that is not the predicate the time hangs on gets none.
  EXPECT_EQ(TimeForPredicate(f.times, s, &parse, b + 8), nullptr);
}

TEST(TimeFinder, TimeForPredicateWithoutParseTakesTheNearest) {
  Found f = Times("He said on Tuesday that the envoys will meet on Thursday.", "2021-04-07");
  const Sentence& s = f.doc->sentences[0];
  ASSERT_EQ(f.times.size(), 2u);
  const uint32_t b = s.token_begin;
  EXPECT_EQ(TimeForPredicate(f.times, s, nullptr, b + 1)->resolved.value, "2021-04-06");
  EXPECT_EQ(TimeForPredicate(f.times, s, nullptr, b + 9)->resolved.value, "2021-04-08");
  EXPECT_EQ(TimeForPredicate({}, s, nullptr, b + 1), nullptr);
}

}  // namespace
}  // namespace sitrep::mentions
