#include "monitor/webhook.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace sitrep::monitor {
namespace {

// Closes a socket when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

using Clock = std::chrono::steady_clock;

int MsLeft(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

// Waits for `events` on fd until the deadline; "" when ready, else why not.
std::string WaitFor(int fd, short events, Clock::time_point deadline, const char* what) {
  for (;;) {
    pollfd p{fd, events, 0};
    int rc = ::poll(&p, 1, MsLeft(deadline));
    if (rc > 0) return "";
    if (rc == 0) return std::string("timed out ") + what;
    if (errno != EINTR) return std::string(what) + ": " + std::strerror(errno);
  }
}

// Connects to one resolved address within the deadline; -1 and *err on failure.
int ConnectOne(const addrinfo* ai, Clock::time_point deadline, std::string* err) {
  int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  if (fd < 0) {
    *err = std::string("socket: ") + std::strerror(errno);
    return -1;
  }
  if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      *err = std::string("connect: ") + std::strerror(errno);
      ::close(fd);
      return -1;
    }
    std::string w = WaitFor(fd, POLLOUT, deadline, "connecting");
    int so_error = 0;
    socklen_t len = sizeof so_error;
    if (w.empty() && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) so_error = errno;
    if (!w.empty() || so_error != 0) {
      *err = w.empty() ? std::string("connect: ") + std::strerror(so_error) : w;
      ::close(fd);
      return -1;
    }
  }
  return fd;
}

bool Transient(const HttpReply& r) { return r.status == 0 || r.status == 429 || r.status >= 500; }

std::string Describe(const HttpReply& r) {
  return r.status > 0 ? "HTTP " + std::to_string(r.status) : r.error;
}

}  // namespace

std::string WebhookUrl::origin() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<WebhookUrl> ParseWebhookUrl(const std::string& url) {
  WebhookUrl u;
  const size_t sep = url.find("://");
  if (sep == std::string::npos) {
    return Status::InvalidArgument("webhook URL '" + url + "' has no scheme (http:// or https://)");
  }
  u.scheme = url.substr(0, sep);
  for (char& c : u.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u.scheme != "http" && u.scheme != "https") {
    return Status::InvalidArgument("webhook URL '" + url + "': scheme must be http or https");
  }
  u.port = u.scheme == "https" ? 443 : 80;
  const size_t start = sep + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  u.path = end == std::string::npos ? "/" : url.substr(end);
  if (const size_t hash = u.path.find('#'); hash != std::string::npos) u.path.resize(hash);
  if (u.path.empty() || u.path[0] != '/') u.path = "/" + u.path;
  if (authority.find('@') != std::string::npos) {
    return Status::InvalidArgument("webhook URL '" + url + "': user names in URLs are not supported");
  }
  std::string port;
  if (!authority.empty() && authority[0] == '[') {  // [IPv6]:port
    const size_t close = authority.find(']');
    if (close == std::string::npos) {
      return Status::InvalidArgument("webhook URL '" + url + "': unterminated [IPv6 address]");
    }
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        return Status::InvalidArgument("webhook URL '" + url + "': junk after ]");
      }
      port = authority.substr(close + 2);
    }
  } else {
    const size_t colon = authority.rfind(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  if (u.host.empty()) return Status::InvalidArgument("webhook URL '" + url + "' has no host");
  if (!port.empty()) {
    int p = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || p > 65535) {
        return Status::InvalidArgument("webhook URL '" + url + "': bad port '" + port + "'");
      }
      p = p * 10 + (c - '0');
    }
    if (p < 1 || p > 65535) {
      return Status::InvalidArgument("webhook URL '" + url + "': bad port '" + port + "'");
    }
    u.port = p;
  }
  return u;
}

HttpReply PostHttp(const WebhookUrl& url, const std::string& body, const WebhookOptions& o) {
  HttpReply reply;
  if (url.scheme != "http") {
    reply.error = "the built-in transport speaks plain http only";
    return reply;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(url.port);
  if (int rc = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    reply.error = "cannot resolve " + url.host + ": " + ::gai_strerror(rc);
    return reply;
  }
  const auto connect_deadline = Clock::now() + std::chrono::milliseconds(o.connect_timeout_ms);
  int raw = -1;
  for (const addrinfo* ai = found; ai != nullptr && raw < 0; ai = ai->ai_next) {
    raw = ConnectOne(ai, connect_deadline, &reply.error);
  }
  ::freeaddrinfo(found);
  if (raw < 0) return reply;
  Fd fd(raw);
  reply.error.clear();

  const bool v6 = url.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + url.host + "]" : url.host;
  if (url.port != 80) host += ":" + std::to_string(url.port);
  std::string request = "POST " + url.path + " HTTP/1.1\r\nHost: " + host +
                        "\r\nUser-Agent: " + o.user_agent +
                        "\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  request += body;
  const auto io_deadline = Clock::now() + std::chrono::milliseconds(o.io_timeout_ms);
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (std::string w = WaitFor(fd.get(), POLLOUT, io_deadline, "sending"); !w.empty()) {
        reply.error = w;
        return reply;
      }
      continue;
    }
    reply.error = std::string("send: ") + std::strerror(errno);
    return reply;
  }
  // Only the status line matters; read until it is complete.
  std::string head;
  char buf[4096];
  while (head.find("\r\n") == std::string::npos && head.size() < 16384) {
    if (std::string w = WaitFor(fd.get(), POLLIN, io_deadline, "waiting for the reply"); !w.empty()) {
      reply.error = w;
      return reply;
    }
    ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n > 0) {
      head.append(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      break;
    } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
      reply.error = std::string("recv: ") + std::strerror(errno);
      return reply;
    }
  }
  // "HTTP/1.1 204 No Content"
  if (head.rfind("HTTP/", 0) != 0 || head.find(' ') == std::string::npos) {
    reply.error = head.empty() ? "connection closed without a reply" : "not an HTTP reply";
    return reply;
  }
  const size_t sp = head.find(' ');
  int status = 0;
  for (size_t i = sp + 1; i < head.size() && i < sp + 4; ++i) {
    if (head[i] < '0' || head[i] > '9') {
      reply.error = "bad HTTP status line";
      return reply;
    }
    status = status * 10 + (head[i] - '0');
  }
  if (status < 100) {
    reply.error = "bad HTTP status line";
    return reply;
  }
  reply.status = status;
  return reply;
}

Result<WebhookDelivery> DeliverWebhook(const std::string& url_text, const std::string& json,
                                       const WebhookOptions& o, const HttpPost& https_transport,
                                       const HttpPost& http_transport) {
  SITREP_ASSIGN_OR_RETURN(WebhookUrl url, ParseWebhookUrl(url_text));
  HttpPost post;
  if (url.scheme == "https") {
    if (!https_transport) {
      return Status::InvalidArgument("webhook " + url_text +
                                     ": https needs a TLS transport, which this caller lacks");
    }
    post = https_transport;
  } else {
    post = http_transport ? http_transport : HttpPost(PostHttp);
  }
  WebhookDelivery d;
  HttpReply last;
  const int attempts = std::max(1, o.attempts);
  int wait_ms = std::max(0, o.backoff_ms);
  for (d.attempts = 1; d.attempts <= attempts; ++d.attempts) {
    last = post(url, json, o);
    if (last.status >= 200 && last.status < 300) {
      d.http_status = last.status;
      return d;
    }
    if (!Transient(last)) {
      return Status::Unavailable("webhook " + url_text + " refused the alert: " + Describe(last) +
                                 " (not retried)");
    }
    if (d.attempts < attempts) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      wait_ms *= 2;
    }
  }
  return Status::Unavailable("webhook " + url_text + ": " + Describe(last) + " after " +
                             std::to_string(attempts) + (attempts == 1 ? " try" : " tries"));
}

}  // namespace sitrep::monitor
