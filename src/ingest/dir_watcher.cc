#include "ingest/dir_watcher.h"

#include <dirent.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <unordered_map>

namespace sitrep::ingest {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint32_t kDirMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE |
                              IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW |
                              IN_EXCL_UNLINK;

bool EndsWith(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// What identifies one version of a file's content, cheaply.
struct FileState {
  int64_t size = -1;
  int64_t mtime_ns = 0;
  bool operator==(const FileState& o) const { return size == o.size && mtime_ns == o.mtime_ns; }
};

enum class Kind { kNone, kFile, kDir };

Kind Stat(const std::string& path, FileState* st) {
  struct stat s;
  if (::lstat(path.c_str(), &s) != 0) return Kind::kNone;
  if (S_ISDIR(s.st_mode)) return Kind::kDir;
  if (!S_ISREG(s.st_mode)) return Kind::kNone;  // symlinks, fifos, sockets
  st->size = static_cast<int64_t>(s.st_size);
  st->mtime_ns = static_cast<int64_t>(s.st_mtim.tv_sec) * 1000000000 + s.st_mtim.tv_nsec;
  return Kind::kFile;
}

bool UnderPrefix(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

}  // namespace

bool IsIgnoredName(const std::string& name) {
  if (name.empty() || name[0] == '.') return true;
  for (const char* suffix : {".meta.json", ".tmp", ".part", ".partial", ".crdownload", ".swp", "~"}) {
    if (EndsWith(name, suffix)) return true;
  }
  return false;
}

// How files found by walking a directory are treated.
enum class WalkMode {
  kRemember,  // at Open(): the caller ingests them; only remember their state
  kPending,   // a new directory, or a rescan: report once settled (or on a close event)
  kReady,     // a directory moved in whole: report now
};

struct DirWatcher::State {
  int inotify_fd = -1;
  int settle_ms = 0;
  std::string root;
  std::unordered_map<int, std::string> dir_of_wd;
  std::unordered_map<std::string, int> wd_of_dir;
  // Last known state of every file: seen at Open(), or reported.
  std::unordered_map<std::string, FileState> seen;
  struct Pending {
    FileState state;
    Clock::time_point since;
  };
  std::map<std::string, Pending> pending;
  std::vector<std::string> ready;
  std::vector<std::string> warnings;
  // Entries of `seen` under a path moved away, by inotify cookie, so that a
  // rename inside the tree does not make files new.
  std::unordered_map<uint32_t, std::vector<std::pair<std::string, FileState>>> moved;
  bool root_gone = false;
  bool limit_hit = false;

  // A complete file: report it unless it is as last seen.
  void Arrived(const std::string& path) {
    pending.erase(path);
    FileState st;
    if (Stat(path, &st) != Kind::kFile || st.size == 0) return;
    auto it = seen.find(path);
    if (it != seen.end() && it->second == st) return;
    seen[path] = st;
    ready.push_back(path);
  }

  void AddPending(const std::string& path, const FileState& st) {
    auto it = seen.find(path);
    if (it != seen.end() && it->second == st) return;
    auto p = pending.find(path);
    if (p != pending.end() && p->second.state == st) return;
    pending[path] = {st, Clock::now()};
  }

  // Watches `dir` and walks it depth first (entries sorted by name).
  void Walk(const std::string& dir, WalkMode mode) {
    const int wd = ::inotify_add_watch(inotify_fd, dir.c_str(), kDirMask);
    if (wd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) return;  // gone again already
      if (errno == ENOSPC) {
        limit_hit = true;
        warnings.push_back("cannot watch " + dir +
                           ": inotify watch limit reached (raise fs.inotify.max_user_watches)");
      } else {
        warnings.push_back("cannot watch " + dir + ": " + std::strerror(errno));
      }
      return;
    }
    if (auto old = wd_of_dir.find(dir); old != wd_of_dir.end() && old->second != wd) {
      dir_of_wd.erase(old->second);
    }
    dir_of_wd[wd] = dir;
    wd_of_dir[dir] = wd;
    std::vector<std::string> names;
    if (DIR* d = ::opendir(dir.c_str())) {
      while (dirent* e = ::readdir(d)) {
        std::string name = e->d_name;
        if (!name.empty() && name[0] != '.') names.push_back(std::move(name));
      }
      ::closedir(d);
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      const std::string path = dir + "/" + name;
      FileState st;
      switch (Stat(path, &st)) {
        case Kind::kDir:
          Walk(path, mode);
          break;
        case Kind::kFile:
          if (IsIgnoredName(name)) break;
          if (mode == WalkMode::kRemember) {
            seen[path] = st;
          } else if (mode == WalkMode::kReady) {
            Arrived(path);
          } else {
            AddPending(path, st);
          }
          break;
        case Kind::kNone:
          break;
      }
    }
  }

  // Stops watching `dir` and below; forgets their files (into moved[cookie]
  // when the tree was moved away with that cookie).
  void Forget(const std::string& dir, uint32_t cookie) {
    for (auto it = wd_of_dir.begin(); it != wd_of_dir.end();) {
      if (it->first == dir || UnderPrefix(it->first, dir)) {
        ::inotify_rm_watch(inotify_fd, it->second);
        dir_of_wd.erase(it->second);
        it = wd_of_dir.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = seen.begin(); it != seen.end();) {
      if (UnderPrefix(it->first, dir)) {
        if (cookie != 0) moved[cookie].emplace_back(it->first.substr(dir.size()), it->second);
        it = seen.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = pending.begin(); it != pending.end();) {
      it = UnderPrefix(it->first, dir) ? pending.erase(it) : std::next(it);
    }
  }

  // Restores the states stashed by a move-away under the new path.
  void Restore(const std::string& path, uint32_t cookie) {
    auto it = moved.find(cookie);
    if (it == moved.end()) return;
    for (auto& [rel, st] : it->second) seen[path + rel] = st;
    moved.erase(it);
  }

  void Handle(const inotify_event* ev) {
    if (ev->mask & IN_Q_OVERFLOW) {
      // Events were lost: look at everything again.
      Walk(root, WalkMode::kPending);
      return;
    }
    auto d = dir_of_wd.find(ev->wd);
    if (d == dir_of_wd.end()) return;  // a watch removed meanwhile
    const std::string dir = d->second;
    if (ev->mask & IN_IGNORED) {
      dir_of_wd.erase(d);
      if (auto w = wd_of_dir.find(dir); w != wd_of_dir.end() && w->second == ev->wd) {
        wd_of_dir.erase(w);
      }
      if (dir == root) root_gone = true;
      return;
    }
    if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
      if (dir == root) root_gone = true;
      return;  // a subdirectory: its parent's event says where it went
    }
    if (ev->len == 0) return;
    const std::string name = ev->name;
    const std::string path = dir + "/" + name;
    if (ev->mask & IN_ISDIR) {
      if (name[0] == '.') return;  // hidden directories are not read
      if (ev->mask & IN_CREATE) {
        Walk(path, WalkMode::kPending);
      } else if (ev->mask & IN_MOVED_TO) {
        Restore(path, ev->cookie);
        Walk(path, WalkMode::kReady);
      } else if (ev->mask & (IN_MOVED_FROM | IN_DELETE)) {
        Forget(path, (ev->mask & IN_MOVED_FROM) ? ev->cookie : 0);
      }
      return;
    }
    if (ev->mask & IN_MOVED_FROM) {
      auto it = seen.find(path);
      if (it != seen.end()) {
        moved[ev->cookie].emplace_back("", it->second);
        seen.erase(it);
      }
      pending.erase(path);
      return;
    }
    if (ev->mask & IN_DELETE) {
      seen.erase(path);
      pending.erase(path);
      return;
    }
    if (IsIgnoredName(name)) return;
    if (ev->mask & IN_MOVED_TO) {
      Restore(path, ev->cookie);
      Arrived(path);
    } else if (ev->mask & IN_CLOSE_WRITE) {
      Arrived(path);
    }
  }

  // Reports pending files that have not changed for settle_ms; returns the
  // time until the next one could settle (-1: none pending).
  int Settle() {
    const auto now = Clock::now();
    const auto settle = std::chrono::milliseconds(settle_ms);
    int next = -1;
    for (auto it = pending.begin(); it != pending.end();) {
      FileState st;
      if (Stat(it->first, &st) != Kind::kFile) {
        it = pending.erase(it);
        continue;
      }
      if (!(st == it->second.state)) {
        it->second = {st, now};
      } else if (now - it->second.since >= settle) {
        const std::string path = it->first;
        it = pending.erase(it);
        if (st.size > 0) {
          auto s = seen.find(path);
          if (s == seen.end() || !(s->second == st)) {
            seen[path] = st;
            ready.push_back(path);
          }
        }
        continue;
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(it->second.since + settle - now).count();
      const int ms = static_cast<int>(std::max<int64_t>(1, left));
      next = next < 0 ? ms : std::min(next, ms);
      ++it;
    }
    if (moved.size() > 1024) moved.clear();  // halves of moves that left the tree
    return next;
  }
};

DirWatcher::DirWatcher(std::string root, const DirWatchOptions& options)
    : root_(std::move(root)), options_(options), state_(std::make_unique<State>()) {}

DirWatcher::~DirWatcher() {
  if (inotify_fd_ >= 0) ::close(inotify_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

size_t DirWatcher::watched_directories() const { return state_->wd_of_dir.size(); }

void DirWatcher::Wake() {
  const uint64_t one = 1;
  // Async-signal-safe; a saturated counter still means "woken".
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

Result<std::unique_ptr<DirWatcher>> DirWatcher::Open(const std::string& root_in,
                                                     const DirWatchOptions& options) {
  std::string root = root_in;
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  struct stat s;
  if (::stat(root.c_str(), &s) != 0) {
    return Status::NotFound("watch " + root + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(s.st_mode)) return Status::InvalidArgument("watch " + root + ": not a directory");
  std::unique_ptr<DirWatcher> w(new DirWatcher(root, options));
  w->inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (w->inotify_fd_ < 0) {
    return Status::IOError(std::string("inotify_init1: ") + std::strerror(errno));
  }
  w->wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (w->wake_fd_ < 0) return Status::IOError(std::string("eventfd: ") + std::strerror(errno));
  State& st = *w->state_;
  st.inotify_fd = w->inotify_fd_;
  st.settle_ms = std::max(0, options.settle_ms);
  st.root = root;
  st.Walk(root, WalkMode::kRemember);
  if (!st.warnings.empty()) {
    // At Open() a directory that cannot be watched is an error: the caller
    // would otherwise believe that the whole tree is watched.
    return st.limit_hit ? Status::ResourceExhausted(st.warnings.front())
                        : Status::IOError(st.warnings.front());
  }
  if (st.wd_of_dir.count(root) == 0) return Status::IOError("watch " + root + ": cannot watch");
  return w;
}

Status DirWatcher::Poll(int timeout_ms, PollResult* out) {
  State& st = *state_;
  const auto start = Clock::now();
  for (;;) {
    const int settle_in = st.Settle();
    if (!st.ready.empty() || st.root_gone) break;
    int wait = timeout_ms;
    if (timeout_ms >= 0) {
      const auto spent =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
      wait = static_cast<int>(std::max<int64_t>(0, timeout_ms - spent));
    }
    if (settle_in >= 0) wait = wait < 0 ? settle_in : std::min(wait, settle_in);
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
    const int rc = ::poll(fds, 2, wait);
    if (rc < 0) {
      if (errno == EINTR) break;  // a signal: let the caller look at its flags
      return Status::IOError(std::string("poll: ") + std::strerror(errno));
    }
    if (fds[1].revents & POLLIN) {
      uint64_t n;
      [[maybe_unused]] ssize_t r = ::read(wake_fd_, &n, sizeof n);
      out->woken = true;
    }
    if (fds[0].revents & POLLIN) {
      alignas(inotify_event) char buf[64 * 1024];
      for (;;) {
        const ssize_t n = ::read(inotify_fd_, buf, sizeof buf);
        if (n < 0) {
          if (errno == EINTR) continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK) break;
          return Status::IOError(std::string("read inotify events: ") + std::strerror(errno));
        }
        if (n == 0) break;
        for (ssize_t off = 0; off < n;) {
          const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
          st.Handle(ev);
          off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
        }
      }
      (void)st.Settle();
    }
    if (!st.ready.empty() || out->woken || st.root_gone) break;
    if (timeout_ms >= 0 &&
        Clock::now() - start >= std::chrono::milliseconds(timeout_ms)) {
      break;
    }
  }
  out->files.insert(out->files.end(), st.ready.begin(), st.ready.end());
  st.ready.clear();
  out->warnings.insert(out->warnings.end(), st.warnings.begin(), st.warnings.end());
  st.warnings.clear();
  if (st.root_gone) {
    return Status::IOError("watch " + root_ + ": the directory was deleted or moved away");
  }
  return Status::OK();
}

}  // namespace sitrep::ingest
