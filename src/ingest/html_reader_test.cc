#include "ingest/html_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/paths.h"

namespace sitrep::ingest {
namespace {

std::string TestFile(const std::string& name) {
  auto r = ReadFile(std::string(SITREP_SOURCE_DIR) + "/testdata/ingest/" + name);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::string();
}

TEST(HtmlReader, ExtractsArticleAndMetadata) {
  auto a = ExtractArticle(TestFile("article.html"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->title, "Ceasefire talks resume in Geneva");
  EXPECT_EQ(a->date, "2021-04-06");
  EXPECT_EQ(a->url, "https://news.example.org/world/ceasefire-talks");
  EXPECT_EQ(a->byline, "Jane Reporter");
  EXPECT_EQ(a->site_name, "Example News");
  // Paragraphs of the story, in order, separated by blank lines.
  EXPECT_NE(a->text.find("Delegations from both sides"), std::string::npos);
  EXPECT_NE(a->text.find("\n\nThe talks, which"), std::string::npos);
  EXPECT_LT(a->text.find("Delegations"), a->text.find("The talks, which"));
  // Boilerplate is gone.
  for (const char* junk : {"Subscribe to our newsletter", "Most read", "var tracking",
                           "Copyright", "Home", "Leave a comment", "Related stories"})
    EXPECT_EQ(a->text.find(junk), std::string::npos) << junk;
}

TEST(HtmlReader, TextNodesOutsideParagraphsCount) {
  auto a = ExtractArticle(
      "<html><body><div id='nav'><a href='/'>Home</a> <a href='/x'>World</a></div>"
      "<div>First block of loose text that is long enough to count, with commas, as content."
      "<p>A paragraph inside the same container, which also belongs to the story.</p>"
      "Second loose text node after the paragraph, still part of the article body.</div>"
      "</body></html>");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find("First block"), std::string::npos);
  EXPECT_NE(a->text.find("A paragraph inside"), std::string::npos);
  EXPECT_NE(a->text.find("Second loose"), std::string::npos);
  EXPECT_EQ(a->text.find("Home"), std::string::npos);
}

TEST(HtmlReader, PageWideFormIsNotBoilerplate) {
  // ASP.NET WebForms pages wrap everything in one <form>; a small sign-up
  // form inside the story is still dropped.
  std::string story;
  for (int i = 0; i < 8; ++i)
    story += "<p>The provincial court proposed a rule on public records, and prosecutors, "
             "sheriffs and businesses wrote to oppose it in paragraph " + std::to_string(i) + ".</p>";
  auto a = ExtractArticle("<html><body><form id='aspnetForm'><div class='story'>" + story +
                          "<form class='signup'>Get our newsletter every morning</form>"
                          "</div></form></body></html>");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(a->text.find("paragraph 7."), std::string::npos);
  EXPECT_EQ(a->text.find("newsletter"), std::string::npos);
}

TEST(HtmlReader, DatelineAtTopIsMetadata) {
  auto a = ExtractArticle(
      "<html><body><div class='story'>"
      "<p>By Richard Writer posted Aug 18th 2010 7:30PM</p>"
      "<p>Government forces retook the town after two days of fighting, officials said on Wednesday.</p>"
      "<p>Aid groups said thousands of residents had fled toward the coast, and more were leaving.</p>"
      "</div></body></html>");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->text.find("Richard Writer"), std::string::npos);
  EXPECT_EQ(a->text.rfind("Government forces", 0), 0u);
  EXPECT_EQ(a->date, "2010-08-18");  // no meta date: the dateline's
  // A sentence of the story that mentions a date and a time stays.
  auto b = ExtractArticle(
      "<html><body><div class='story'>"
      "<p>Polls close at 8:00 on November 3, 2020, across the state.</p>"
      "<p>Officials expect turnout to be high, and counting may take several days to finish.</p>"
      "</div></body></html>");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_NE(b->text.find("Polls close"), std::string::npos);
}

TEST(HtmlReader, NormalizeDateOrdinalAfterMonth) {
  EXPECT_EQ(NormalizeDate("Aug 18th 2010"), "2010-08-18");
  EXPECT_EQ(NormalizeDate("posted on March 3rd, 2021 at 10:15"), "2021-03-03");
  EXPECT_EQ(NormalizeDate("the 2nd of May 2019"), "2019-05-02");
}

TEST(HtmlReader, NoBodyIsOneClearError) {
  auto a = ExtractArticle("<html><head><title>Only a head</title></head></html>");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(std::string(a.status().message()).find("no <body>"), std::string::npos);
  std::vector<std::string> errs;
  int docs = 0;
  Status s = ReadHtml("<html><head><title>x</title></head></html>", "page.html", "page.html",
                      ReadOptions{}, [&](Document&&) { ++docs; return Status::OK(); },
                      [&](const std::string& w, const Status& e) {
                        errs.push_back(w + ": " + std::string(e.message()));
                        return Status::OK();
                      });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(docs, 0);
  ASSERT_EQ(errs.size(), 1u);
  EXPECT_EQ(errs[0].rfind("page.html: ", 0), 0u) << errs[0];
}

TEST(HtmlReader, EmptyAndGarbageInputs) {
  EXPECT_FALSE(ExtractArticle("").ok());
  EXPECT_FALSE(ExtractArticle("   \n ").ok());
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  auto a = ExtractArticle(garbage);  // must not crash; any verdict is fine
  if (a.ok()) {
    EXPECT_FALSE(a->text.empty());
  }
  EXPECT_FALSE(ExtractArticle("<html><body><script>var x = 1;</script></body></html>").ok());
}

TEST(HtmlReader, NormalizesDates) {
  EXPECT_EQ(NormalizeDate("2011-08-10T12:30:00Z"), "2011-08-10");
  EXPECT_EQ(NormalizeDate("2011-08-10T23:30:00-05:00"), "2011-08-10");
  EXPECT_EQ(NormalizeDate("20110810"), "2011-08-10");
  EXPECT_EQ(NormalizeDate("Wed, 10 Aug 2011 12:00:00 GMT"), "2011-08-10");
  EXPECT_EQ(NormalizeDate("Mon, 06 Apr 2021 09:05:00 +0200"), "2021-04-06");
  EXPECT_EQ(NormalizeDate("August 10, 2011 4:05 PM"), "2011-08-10");
  EXPECT_EQ(NormalizeDate("10th August 2011"), "2011-08-10");
  EXPECT_EQ(NormalizeDate("2011/08/10"), "2011-08-10");
  EXPECT_EQ(NormalizeDate("2011-02-30"), "");
  EXPECT_EQ(NormalizeDate("yesterday"), "");
  EXPECT_EQ(NormalizeDate(""), "");
}

TEST(HtmlReader, FragmentToText) {
  EXPECT_EQ(HtmlFragmentToText("<p>One &amp; two.</p><p>Three <b>four</b>.</p>"),
            "One & two.\n\nThree four.");
  EXPECT_EQ(HtmlFragmentToText("  plain   text\n here "), "plain text here");
  EXPECT_EQ(HtmlFragmentToText("<script>x()</script>"), "");
}

// ---- extraction quality on real pages (../shared/data/news-html) ----

std::vector<std::string> Tokens(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80) {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// Bag-of-tokens overlap: recall against the expected text, precision of ours.
void Overlap(const std::string& expected, const std::string& got, double* recall,
             double* precision) {
  std::unordered_map<std::string, int> want;
  auto e = Tokens(expected), g = Tokens(got);
  for (auto& t : e) ++want[t];
  size_t hit = 0;
  for (auto& t : g)
    if (want[t] > 0) {
      --want[t];
      ++hit;
    }
  *recall = e.empty() ? 1 : static_cast<double>(hit) / e.size();
  *precision = g.empty() ? 0 : static_cast<double>(hit) / g.size();
}

TEST(HtmlReader, MatchesExpectedTextOnRealPages) {
  std::string dir = std::string(SITREP_SOURCE_DIR) + "/../shared/data/news-html/";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  int pages = 0;
  double sum_r = 0, sum_p = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    const std::string suffix = "_result.txt";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix))
      continue;
    std::string page = name.substr(0, name.size() - suffix.size()) + ".txt";
    auto html = ReadFile(dir + page);
    auto expected = ReadFile(dir + name);
    ASSERT_TRUE(html.ok() && expected.ok());
    auto a = ExtractArticle(*html);
    ASSERT_TRUE(a.ok()) << page << ": " << a.status().ToString();
    double r, p;
    Overlap(*expected, a->text, &r, &p);
    std::printf("%-16s recall %.3f precision %.3f\n", page.c_str(), r, p);
    EXPECT_GE(r, 0.80) << page;
    EXPECT_GE(p, 0.60) << page;
    sum_r += r;
    sum_p += p;
    ++pages;
  }
  ASSERT_GT(pages, 0);
  std::printf("mean over %d pages: recall %.3f precision %.3f\n", pages, sum_r / pages,
              sum_p / pages);
}

// Every page of the shared set yields some text and a title without crashing.
TEST(HtmlReader, AllSharedPagesExtract) {
  std::string dir = std::string(SITREP_SOURCE_DIR) + "/../shared/data/news-html/";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename().string().find("_result") == std::string::npos)
      names.insert(entry.path().string());
  int with_text = 0;
  for (const auto& path : names) {
    auto html = ReadFile(path);
    ASSERT_TRUE(html.ok());
    auto a = ExtractArticle(*html);
    if (a.ok() && a->text.size() > 200) ++with_text;
  }
  EXPECT_GE(with_text, static_cast<int>(names.size()) - 2);
}

}  // namespace
}  // namespace sitrep::ingest
