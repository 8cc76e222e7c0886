#include "ingest/feed_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/paths.h"

namespace sitrep::ingest {
namespace {

struct Collected {
  std::vector<Document> docs;
  std::vector<std::string> errors;
};

Collected Read(std::string_view data, std::string_view origin = "feed.xml") {
  Collected c;
  Status s = ReadFeed(
      data, origin, ReadOptions{},
      [&](Document&& d) {
        c.docs.push_back(std::move(d));
        return Status::OK();
      },
      [&](const std::string& where, const Status& e) {
        c.errors.push_back(where + ": " + std::string(e.message()));
        return Status::OK();
      });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return c;
}

std::string TestFile(const std::string& name) {
  auto r = ReadFile(std::string(SITREP_SOURCE_DIR) + "/testdata/ingest/" + name);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::string();
}

TEST(FeedReader, ReadsRss2Items) {
  Collected c = Read(TestFile("feed.rss"), "feed.rss");
  EXPECT_TRUE(c.errors.empty()) << c.errors[0];
  ASSERT_EQ(c.docs.size(), 3u);
  const DocumentMeta& m = c.docs[0].meta;
  EXPECT_EQ(m.id, "wire-0001");
  EXPECT_EQ(m.url, "https://wire.example.org/2021/04/06/ministers");
  EXPECT_EQ(m.title, "Foreign ministers meet in Ankara");
  EXPECT_EQ(m.date, "2021-04-06");
  EXPECT_EQ(m.source, "Example Wire");
  EXPECT_EQ(m.language, "en");
  EXPECT_EQ(c.docs[0].original,
            "The foreign ministers of Turkey and Ukraine met in Ankara on Tuesday.\n\n"
            "They discussed \"security in the Black Sea\" & trade.");
  // No guid: the link is the id; escaped HTML in <description> becomes text.
  EXPECT_EQ(c.docs[1].meta.id, "https://wire.example.org/2021/04/07/protest");
  EXPECT_EQ(c.docs[1].meta.date, "2021-04-07");
  EXPECT_EQ(c.docs[1].original, "Thousands of people marched through the capital on Wednesday.");
  // Headline-only item: the title is the text.
  EXPECT_EQ(c.docs[2].original, "Headline only");
  EXPECT_EQ(c.docs[2].meta.date, "");
}

TEST(FeedReader, ReadsAtomEntries) {
  Collected c = Read(TestFile("feed.atom"), "feed.atom");
  EXPECT_TRUE(c.errors.empty());
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.docs[0].meta.id, "urn:example:entry:1");
  EXPECT_EQ(c.docs[0].meta.url, "https://atom.example.org/talks");
  EXPECT_EQ(c.docs[0].meta.title, "Talks resume in Vienna");
  EXPECT_EQ(c.docs[0].meta.date, "2021-04-06");  // published wins over updated
  EXPECT_EQ(c.docs[0].original, "Negotiators returned to Vienna on Tuesday.\n\nA second round is planned.");
  EXPECT_EQ(c.docs[1].meta.date, "2021-04-08");
  EXPECT_EQ(c.docs[1].meta.url, "https://atom.example.org/plain");
  EXPECT_EQ(c.docs[1].original, "Officials said the border crossing would reopen.");
  EXPECT_EQ(c.docs[1].meta.source, "Example Atom News");
}

TEST(FeedReader, BylinesOfRssAndAtomItems) {
  Collected rss = Read(
      "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<channel><title>Wire</title><item><title>Talks resume</title><dc:creator>Ana Ruiz</dc:creator>"
      "<description>Negotiators met again on Monday.</description></item>"
      "<item><title>No byline</title><description>Markets were calm.</description></item></channel></rss>");
  ASSERT_EQ(rss.docs.size(), 2u);
  EXPECT_EQ(rss.docs[0].meta.author, "Ana Ruiz");
  EXPECT_EQ(rss.docs[1].meta.author, "");
  EXPECT_EQ(rss.docs[1].meta.extra_json, "");
  Collected atom = Read(
      "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title>"
      "<entry><title>Ceasefire holds</title><author><name>Li Wei</name><email>li@example.org</email></author>"
      "<summary>The truce held overnight.</summary></entry></feed>");
  ASSERT_EQ(atom.docs.size(), 1u);
  EXPECT_EQ(atom.docs[0].meta.author, "Li Wei");
  EXPECT_EQ(atom.docs[0].meta.extra_json, "{\"byline\":\"Li Wei\"}");
}

TEST(FeedReader, BrokenXmlKeepsEarlierItemsAndReportsOneErrorWithLine) {
  Collected c = Read(TestFile("broken.rss"), "broken.rss");
  ASSERT_EQ(c.errors.size(), 1u);
  EXPECT_EQ(c.errors[0].rfind("broken.rss:18: malformed XML", 0), 0u) << c.errors[0];
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.docs[0].meta.url, "https://broken.example.org/1");
  EXPECT_EQ(c.docs[1].meta.url, "https://broken.example.org/2");
}

TEST(FeedReader, DoesNotExpandExternalEntities) {
  std::string feed =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\"><!ENTITY big \"BIGBIGBIG\">]>\n"
      "<rss version=\"2.0\"><channel><title>t</title>\n"
      "<item><title>Entity &xxe; here &big;</title><link>https://e.example/1</link>"
      "<description>Body &xxe; text</description></item>\n"
      "</channel></rss>\n";
  Collected c = Read(feed);
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].original.find("root:"), std::string::npos);
  EXPECT_EQ(c.docs[0].meta.title.find("root:"), std::string::npos);
  EXPECT_EQ(c.docs[0].meta.title.find("BIG"), std::string::npos);
}

TEST(FeedReader, EmptyGarbageAndWrongRoot) {
  EXPECT_EQ(Read("").errors.size(), 1u);
  EXPECT_EQ(Read("   \n").errors.size(), 1u);
  std::string garbage;
  for (int i = 0; i < 2000; ++i) garbage.push_back(static_cast<char>((i * 131) % 256));
  Collected g = Read(garbage);
  EXPECT_TRUE(g.docs.empty());
  EXPECT_EQ(g.errors.size(), 1u);
  Collected w = Read("<?xml version=\"1.0\"?><html><body>x</body></html>");
  ASSERT_EQ(w.errors.size(), 1u);
  EXPECT_NE(w.errors[0].find("not an RSS or Atom feed"), std::string::npos);
}

}  // namespace
}  // namespace sitrep::ingest
