// Webhook delivery of escalation alerts: POSTs one JSON body to a URL, with
// bounded retries, and says clearly why a delivery failed.
//
// Delivery policy (DeliverWebhook):
//   - the URL is checked first: "http://host[:port][/path]" or "https://...";
//     anything else is InvalidArgument and nothing is sent;
//   - a connection failure, a timeout, HTTP 429 or any 5xx is retried, up to
//     `attempts` tries in all, waiting backoff_ms, 2*backoff_ms, ... between
//     them;
//   - any other status outside 2xx (400, 404, ...) is a permanent refusal and
//     is not retried;
//   - failure is Unavailable with the URL, the last error and the number of
//     tries. Delivery never throws and never aborts the caller: `sitrep
//     watch` stores an alert before posting it, so a dead webhook loses
//     nothing (the alert stays in the store's `alerts` table and on stdout).
//
// Transport. The monitor stage does not link an HTTP library, so the
// default transport (PostHttp) is a small HTTP/1.1 client over POSIX
// sockets for http:// URLs: one request per connection ("Connection:
// close"), Content-Length framing, the status line read back. https:// needs
// TLS: the caller passes a transport that speaks it (the CLI passes one
// built on cpp-httplib); without one, an https URL is InvalidArgument.
//
// Thread safety: pure functions; each call opens its own connection.
//
//   WebhookOptions o;
//   Result<WebhookDelivery> d = DeliverWebhook(url, AlertToJson(alert), o);
//   if (!d.ok()) std::fprintf(stderr, "warning: %s\n", d.status().ToString().c_str());
#ifndef SITREP_MONITOR_WEBHOOK_H_
#define SITREP_MONITOR_WEBHOOK_H_

#include <functional>
#include <string>

#include "sitrep/status.h"

namespace sitrep::monitor {

struct WebhookUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // name or address; IPv6 literals without brackets
  int port = 80;       // 80 / 443 unless given
  std::string path;    // "/..." (with any query), "/" when absent
  std::string origin() const;  // "scheme://host:port"
};

// Parses a webhook URL; InvalidArgument naming what is wrong.
Result<WebhookUrl> ParseWebhookUrl(const std::string& url);

struct WebhookOptions {
  int attempts = 3;            // tries in all (>= 1); only transient failures are retried
  int backoff_ms = 1000;       // wait before the 2nd try; doubles for each later one
  int connect_timeout_ms = 5000;
  int io_timeout_ms = 10000;   // for sending the request and reading the reply
  std::string user_agent = "sitrep-watch";
};

// What one HTTP exchange produced: a status code (> 0), or `error` when no
// reply came (connection refused, timeout, bad reply).
struct HttpReply {
  int status = 0;
  std::string error;
};

// A transport POSTs `body` (Content-Type application/json) to `url`.
using HttpPost =
    std::function<HttpReply(const WebhookUrl& url, const std::string& body, const WebhookOptions& o)>;

// The built-in transport: plain HTTP over POSIX sockets (http:// only).
HttpReply PostHttp(const WebhookUrl& url, const std::string& body, const WebhookOptions& options);

struct WebhookDelivery {
  int attempts = 0;     // tries made
  int http_status = 0;  // the final (2xx) status
};

// POSTs `json` to `url` per the policy above. `https_transport` handles
// https:// URLs (null: https is InvalidArgument); http:// URLs use
// `http_transport` when given (tests), else PostHttp.
Result<WebhookDelivery> DeliverWebhook(const std::string& url, const std::string& json,
                                       const WebhookOptions& options,
                                       const HttpPost& https_transport = nullptr,
                                       const HttpPost& http_transport = nullptr);

}  // namespace sitrep::monitor

#endif  // SITREP_MONITOR_WEBHOOK_H_
