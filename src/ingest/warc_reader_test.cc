#include "ingest/warc_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <vector>

namespace sitrep::ingest {
namespace {

std::string Page(const std::string& title, const std::string& para, const std::string& date_meta) {
  return "<!DOCTYPE html><html><head><title>" + title + " - Site</title>" + date_meta +
         "</head><body><nav><a href='/'>Home</a></nav><article><p>" + para +
         "</p><p>A second paragraph of the story, long enough to be kept by the extractor.</p>"
         "</article></body></html>";
}

std::string Http(int status, const std::string& ctype, const std::string& body, bool chunked) {
  std::string h = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + ctype + "\r\n";
  if (!chunked) return h + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  h += "Transfer-Encoding: chunked\r\n\r\n";
  size_t half = body.size() / 2;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%zx\r\n", half);
  h += buf + body.substr(0, half) + "\r\n";
  std::snprintf(buf, sizeof buf, "%zx;ext=1\r\n", body.size() - half);
  h += buf + body.substr(half) + "\r\n0\r\n\r\n";
  return h;
}

std::string Record(const std::string& type, const std::string& uri, const std::string& block,
                   const std::string& content_length = "") {
  std::string r = "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
                  "\r\nWARC-Date: 2021-04-06T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:" + uri +
                  ">\r\nContent-Type: application/http; msgtype=" + type +
                  "\r\nContent-Length: " +
                  (content_length.empty() ? std::to_string(block.size()) : content_length) +
                  "\r\n\r\n" + block + "\r\n\r\n";
  return r;
}

std::string Gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// The records of a small crawl: 2 HTML articles among other record types.
std::vector<std::string> Crawl() {
  return {
      "WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 11\r\n\r\nsoftware: x\r\n\r\n",
      Record("request", "https://a.example/one", "GET /one HTTP/1.1\r\nHost: a.example\r\n\r\n"),
      Record("response", "https://a.example/one",
             Http(200, "text/html; charset=utf-8",
                  Page("Troops withdraw from the town",
                       "Government troops withdrew from the town on Monday, officials said.", ""),
                  false)),
      Record("response", "https://a.example/logo.png", Http(200, "image/png", "\x89PNG....", false)),
      Record("response", "https://a.example/two",
             Http(200, "text/html",
                  Page("Leaders sign accord",
                       "The two leaders signed an accord in the capital, ending months of talks.",
                       "<meta property='article:published_time' content='2021-03-30T12:00:00Z'>"),
                  true)),
      Record("response", "https://a.example/moved", Http(301, "text/html", "<html></html>", false)),
  };
}

struct Out {
  std::vector<Document> docs;
  std::vector<std::string> errors;
  WarcStats stats;
};

Out Read(const std::string& data) {
  Out o;
  Status s = ReadWarc(
      data, "crawl.warc", ReadOptions{},
      [&](Document&& d) {
        o.docs.push_back(std::move(d));
        return Status::OK();
      },
      [&](const std::string& where, const Status& e) {
        o.errors.push_back(where + ": " + std::string(e.message()));
        return Status::OK();
      },
      &o.stats);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return o;
}

void ExpectTwoArticles(const Out& o) {
  ASSERT_EQ(o.docs.size(), 2u);
  EXPECT_EQ(o.docs[0].meta.id, "https://a.example/one");
  EXPECT_EQ(o.docs[0].meta.url, "https://a.example/one");
  EXPECT_EQ(o.docs[0].meta.title, "Troops withdraw from the town");
  EXPECT_EQ(o.docs[0].meta.date, "2021-04-06");  // from WARC-Date
  EXPECT_EQ(o.docs[0].meta.language, "en");
  EXPECT_EQ(o.docs[0].original.rfind("Government troops withdrew", 0), 0u);
  EXPECT_EQ(o.docs[0].original.find("Home"), std::string::npos);
  EXPECT_EQ(o.docs[1].meta.date, "2021-03-30");  // from the page (chunked body)
  EXPECT_EQ(o.docs[1].original.rfind("The two leaders signed", 0), 0u) << o.docs[1].original;
}

TEST(WarcReader, PlainWarc) {
  std::string warc;
  for (const auto& r : Crawl()) warc += r;
  Out o = Read(warc);
  EXPECT_TRUE(o.errors.empty()) << o.errors[0];
  ExpectTwoArticles(o);
  EXPECT_EQ(o.stats.records, 6u);
  EXPECT_EQ(o.stats.skipped_not_response, 2u);
  EXPECT_EQ(o.stats.skipped_not_html, 2u);
  EXPECT_EQ(o.stats.documents, 2u);
}

TEST(WarcReader, GzipMembersBackToBack) {
  std::string gz;
  for (const auto& r : Crawl()) gz += Gzip(r);
  Out o = Read(gz);
  EXPECT_TRUE(o.errors.empty()) << o.errors[0];
  ExpectTwoArticles(o);
  // One member holding several records works too.
  std::string all;
  for (const auto& r : Crawl()) all += r;
  Out one = Read(Gzip(all));
  EXPECT_TRUE(one.errors.empty());
  ExpectTwoArticles(one);
}

TEST(WarcReader, CorruptRecordIsOneErrorWithOffsetAndTheRestIsRead) {
  std::vector<std::string> rs = Crawl();
  std::string bad = Record("response", "https://a.example/bad", "whatever", "12x");
  std::string warc = rs[0] + rs[1] + rs[2];
  size_t bad_at = warc.size();
  warc += bad + rs[3] + rs[4];
  Out o = Read(warc);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_EQ(o.errors[0], "crawl.warc: byte " + std::to_string(bad_at) + ": bad Content-Length '12x'");
  ExpectTwoArticles(o);
}

TEST(WarcReader, TruncatedRecordAndTruncatedGzip) {
  std::vector<std::string> rs = Crawl();
  std::string warc = rs[0] + rs[1] + rs[2] + rs[4];
  Out o = Read(warc.substr(0, warc.size() - 200));
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("truncated WARC record"), std::string::npos) << o.errors[0];
  EXPECT_EQ(o.docs.size(), 1u);

  std::string gz = Gzip(rs[0]) + Gzip(rs[2]);
  size_t last_at = gz.size();
  std::string tail = Gzip(rs[4]);
  gz += tail.substr(0, tail.size() / 2);
  Out g = Read(gz);
  ASSERT_EQ(g.errors.size(), 1u);
  EXPECT_EQ(g.errors[0], "crawl.warc: byte " + std::to_string(last_at) + ": truncated gzip member");
  EXPECT_EQ(g.docs.size(), 1u);
}

TEST(WarcReader, CorruptGzipMemberIsSkipped) {
  std::vector<std::string> rs = Crawl();
  std::string m2 = Gzip(rs[2]);
  for (size_t i = 20; i < 60 && i < m2.size(); ++i) m2[i] = static_cast<char>(m2[i] ^ 0x5a);
  std::string gz = Gzip(rs[0]) + m2 + Gzip(rs[4]);
  Out o = Read(gz);
  ASSERT_EQ(o.errors.size(), 1u) << o.errors[0];
  EXPECT_NE(o.errors[0].find("gzip member"), std::string::npos) << o.errors[0];
  ASSERT_EQ(o.docs.size(), 1u);
  EXPECT_EQ(o.docs[0].meta.url, "https://a.example/two");
}

TEST(WarcReader, EmptyAndGarbage) {
  EXPECT_EQ(Read("").errors.size(), 1u);
  std::string garbage;
  for (int i = 0; i < 3000; ++i) garbage.push_back(static_cast<char>((i * 37 + 11) % 256));
  Out o = Read(garbage);
  EXPECT_TRUE(o.docs.empty());
  EXPECT_EQ(o.errors.size(), 1u);
  Out z = Read(std::string("\x1f\x8b\x08garbage", 10));
  EXPECT_TRUE(z.docs.empty());
  EXPECT_EQ(z.errors.size(), 1u);
}

}  // namespace
}  // namespace sitrep::ingest
