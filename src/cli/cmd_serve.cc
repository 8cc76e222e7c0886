// `sitrep serve --db F [--port 8080] [--bind 127.0.0.1] [--token T]`: the HTTP
// API and dashboard (src/serve/server.h, docs/api.md). The token for
// POST /api/ingest comes from --token or $SITREP_TOKEN; without one, ingest
// answers 401. SIGINT/SIGTERM stop the server cleanly.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>

#include "cli/command.h"
#include "cli/common.h"
#include "serve/server.h"

namespace sitrep::cli {
namespace {

struct ServeFlags {
  std::string db;
  int port = 8080;
  std::string bind = "127.0.0.1";
  std::string token;
  std::string web;
  size_t threads = 0;
  bool no_engine = false;
};

int RunServe(const ServeFlags& f) {
  serve::ServerOptions o;
  o.db_path = f.db;
  o.port = f.port;
  o.bind = f.bind;
  o.token = f.token;
  if (o.token.empty()) {
    const char* env = std::getenv("SITREP_TOKEN");
    if (env) o.token = env;
  }
  o.web_dir = f.web;
  o.threads = f.threads;
  if (o.bind != "127.0.0.1" && o.bind != "localhost" && o.bind != "::1") {
    std::fprintf(stderr, "sitrep serve: warning: listening on %s, not loopback only\n",
                 o.bind.c_str());
  }
  std::unique_ptr<Engine> engine;
  if (!f.no_engine) {
    engine = MakeEngine();
    if (!engine) std::fprintf(stderr, "sitrep serve: no engine: /api/code and /api/ingest disabled\n");
  }
  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto server = serve::Server::Create(o, engine.get());
  if (!server.ok()) {
    std::fprintf(stderr, "sitrep serve: %s\n", server.status().ToString().c_str());
    return 1;
  }
  auto port = (*server)->Bind();
  if (!port.ok()) {
    std::fprintf(stderr, "sitrep serve: %s\n", port.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "sitrep serve: listening on http://%s:%d/ (store %s, ingest %s)\n",
               o.bind.c_str(), *port, f.db.c_str(), o.token.empty() ? "disabled" : "enabled");
  std::fflush(stderr);
  serve::Server* raw = server->get();
  std::thread waiter([raw, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    (void)sig;
    raw->Stop();
  });
  Status st = raw->Listen();
  // Wake the waiter if Listen() ended on its own.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  if (!st.ok()) {
    std::fprintf(stderr, "sitrep serve: %s\n", st.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "sitrep serve: stopped\n");
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<ServeFlags>();
  auto* sub = app.add_subcommand("serve", "HTTP JSON API and web dashboard over a store");
  sub->add_option("--db", f->db, "Store file (created when missing)")->required();
  sub->add_option("--port", f->port, "TCP port (0 = any free port, printed on stderr)")
      ->check(CLI::Range(0, 65535));
  sub->add_option("--bind", f->bind, "Address to listen on (default loopback only)");
  sub->add_option("--token", f->token, "Token required by POST /api/ingest (else $SITREP_TOKEN)");
  sub->add_option("--web", f->web, "Dashboard folder (default: web/ found beside the binary or source)");
  sub->add_option("--threads", f->threads, "Worker threads (default 64)");
  sub->add_flag("--no-engine", f->no_engine, "Do not load the engine (read-only API, faster start)");
  sub->callback([f, exit_code] { *exit_code = RunServe(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
