#include "monitor/webhook.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "monitor/escalation.h"
#include "monitor/store_source.h"
#include "store/sqlite_store.h"

namespace sitrep::monitor {
namespace {

// A minimal HTTP server on 127.0.0.1 and an ephemeral port, in a thread:
// reads each request (headers + Content-Length body), records it, answers
// with the next scripted status (200 once the script is used up) and closes.
// (The monitor stage does not link cpp-httplib, so the test speaks HTTP
// itself; this also keeps the client honest against a second implementation.)
class TestServer {
 public:
  struct Request {
    std::string head, body;
  };
  explicit TestServer(std::deque<int> statuses) : statuses_(std::move(statuses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    ok_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
          ::listen(fd_, 8) == 0;
    socklen_t len = sizeof a;
    if (ok_ && ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) port_ = ntohs(a.sin_port);
    if (ok_) thread_ = std::thread([this] { Serve(); });
  }
  ~TestServer() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool ok() const { return ok_; }
  int port() const { return port_; }
  std::vector<Request> requests() {
    std::lock_guard<std::mutex> l(mu_);
    return requests_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      std::string data;
      char buf[4096];
      size_t need = std::string::npos;
      for (;;) {
        ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        data.append(buf, static_cast<size_t>(n));
        size_t end = data.find("\r\n\r\n");
        if (end != std::string::npos && need == std::string::npos) {
          size_t cl = data.find("Content-Length: ");
          size_t len = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
          need = end + 4 + len;
        }
        if (need != std::string::npos && data.size() >= need) break;
      }
      int status = 200;
      {
        std::lock_guard<std::mutex> l(mu_);
        size_t end = data.find("\r\n\r\n");
        requests_.push_back({data.substr(0, end), end == std::string::npos ? "" : data.substr(end + 4)});
        if (!statuses_.empty()) {
          status = statuses_.front();
          statuses_.pop_front();
        }
      }
      std::string reply = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n\r\n";
      (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }

  int fd_ = -1, port_ = 0;
  bool ok_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::deque<int> statuses_;
  std::vector<Request> requests_;
};

WebhookOptions Fast() {
  WebhookOptions o;
  o.backoff_ms = 10;
  o.connect_timeout_ms = 2000;
  o.io_timeout_ms = 2000;
  return o;
}

Alert SampleAlert() {
  Alert a;
  a.id = "dyad:RUS-UKR:2024-05-12";
  a.test.key = "RUS-UKR";
  a.test.recent_conflict = 14;
  a.test.baseline_conflict = 12;
  a.recent_from = "2024-05-06";
  a.recent_to = "2024-05-12";
  a.baseline_from = "2024-04-08";
  a.baseline_to = "2024-05-05";
  a.summary = "dyad RUS-UKR: 14 material-conflict events";
  return a;
}

TEST(WebhookUrl, ParsesAndRejects) {
  auto u = ParseWebhookUrl("http://example.org:8080/hooks/alerts?x=1");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->host, "example.org");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path, "/hooks/alerts?x=1");
  u = ParseWebhookUrl("HTTPS://[::1]/a");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 443);
  u = ParseWebhookUrl("http://h");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->path, "/");
  for (const char* bad : {"example.org/x", "ftp://h/", "http:///x", "http://h:0/", "http://h:99999/",
                          "http://h:8x/", "http://u@h/"}) {
    EXPECT_FALSE(ParseWebhookUrl(bad).ok()) << bad;
  }
}

TEST(Webhook, PostsTheAlertJson) {
  TestServer server({});
  ASSERT_TRUE(server.ok());
  const std::string json = AlertToJson(SampleAlert());
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/hook";
  auto d = DeliverWebhook(url, json, Fast());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->attempts, 1);
  EXPECT_EQ(d->http_status, 200);
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].head.rfind("POST /hook HTTP/1.1\r\n", 0), 0u) << reqs[0].head;
  EXPECT_NE(reqs[0].head.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(reqs[0].head.find("Host: 127.0.0.1:" + std::to_string(server.port())), std::string::npos);
  EXPECT_EQ(reqs[0].body, json);
  EXPECT_NE(reqs[0].body.find("\"id\":\"dyad:RUS-UKR:2024-05-12\""), std::string::npos);
}

TEST(Webhook, RetriesTransientFailuresOnly) {
  {
    TestServer server({503, 429, 204});
    ASSERT_TRUE(server.ok());
    auto d = DeliverWebhook("http://127.0.0.1:" + std::to_string(server.port()) + "/", "{}", Fast());
    ASSERT_TRUE(d.ok()) << d.status().ToString();
    EXPECT_EQ(d->attempts, 3);
    EXPECT_EQ(d->http_status, 204);
    EXPECT_EQ(server.requests().size(), 3u);
  }
  {
    TestServer server({500, 500, 500, 500});
    ASSERT_TRUE(server.ok());
    auto d = DeliverWebhook("http://127.0.0.1:" + std::to_string(server.port()) + "/", "{}", Fast());
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), Status::Code::kUnavailable);
    EXPECT_NE(d.status().message().find("HTTP 500 after 3 tries"), std::string::npos)
        << d.status().ToString();
    EXPECT_EQ(server.requests().size(), 3u);
  }
  {
    TestServer server({404});
    ASSERT_TRUE(server.ok());
    auto d = DeliverWebhook("http://127.0.0.1:" + std::to_string(server.port()) + "/", "{}", Fast());
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.status().message().find("HTTP 404 (not retried)"), std::string::npos)
        << d.status().ToString();
    EXPECT_EQ(server.requests().size(), 1u);  // a refusal is not retried
  }
}

TEST(Webhook, UnreachableIsAClearErrorAndTheStoredAlertStays) {
  // A port that was just free: bind, read the port, close.
  int port = 0;
  {
    TestServer probe({});
    ASSERT_TRUE(probe.ok());
    port = probe.port();
  }
  const std::string db_path = (std::filesystem::temp_directory_path() /
                               ("sitrep_webhook_" + std::to_string(::getpid()) + ".db"))
                                  .string();
  std::filesystem::remove(db_path);
  auto st = store::SqliteStore::Open(db_path, {});
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  sqlite3* db = (*st)->handle();
  ASSERT_TRUE(EnsureAlertTable(db).ok());
  // The order `sitrep watch` uses: store, then post.
  const Alert a = SampleAlert();
  auto saved = SaveAlert(db, a);
  ASSERT_TRUE(saved.ok());
  EXPECT_TRUE(*saved);
  const auto t0 = std::chrono::steady_clock::now();
  auto d = DeliverWebhook("http://127.0.0.1:" + std::to_string(port) + "/hook", AlertToJson(a), Fast());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Status::Code::kUnavailable);
  const std::string msg(d.status().message());
  EXPECT_NE(msg.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << msg;
  EXPECT_NE(msg.find("refused"), std::string::npos) << msg;  // "connect: Connection refused"
  EXPECT_NE(msg.find("after 3 tries"), std::string::npos) << msg;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  auto listed = ListAlerts(db, "RUS-UKR", 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, a.id);
  st->reset();
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(db_path + s);
}

TEST(Webhook, HttpsNeedsATransport) {
  auto d = DeliverWebhook("https://127.0.0.1:9/x", "{}", Fast());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), Status::Code::kInvalidArgument);
  int calls = 0;
  HttpPost fake = [&](const WebhookUrl& u, const std::string& body, const WebhookOptions&) {
    ++calls;
    EXPECT_EQ(u.scheme, "https");
    EXPECT_EQ(body, "{}");
    return HttpReply{calls < 2 ? 0 : 201, calls < 2 ? "timed out" : ""};
  };
  d = DeliverWebhook("https://127.0.0.1:9/x", "{}", Fast(), fake);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(d->http_status, 201);
}

}  // namespace
}  // namespace sitrep::monitor
