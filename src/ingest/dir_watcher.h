// DirWatcher: reports files that arrive, complete, under a directory tree
// (Linux inotify), each once, for `sitrep ingest --watch DIR`.
//
// What counts as arrived. A file is reported when a writer closes it after
// writing (IN_CLOSE_WRITE) or when it is renamed or moved into the tree
// (IN_MOVED_TO) -- the two ways a well-behaved producer publishes a file.
// A file still open for writing is never reported from its inotify events.
// New subdirectories (created or moved in, at any depth) are watched as
// they appear. Files that land in a new directory before its watch exists
// produce no event; they are found by scanning the directory right after
// the watch is added and are reported once they have "settled": when their
// size and modification time have not changed for `settle_ms` (or at once,
// when their close or move event arrives after all). Files in a directory
// moved in as a whole are complete and reported at once.
//
// Exactly once. The watcher remembers (size, mtime) of every file it saw at
// Open() and of every file it reported; a close event that leaves a file as
// it was (`touch`, a reader opening it read-write) is not reported again. A
// file rewritten with new content is reported again (the store recognises
// an unchanged document by its content hash anyway).
//
// Left out: hidden names (".x", and whole hidden directories) and sidecar
// "*.meta.json" files, as the directory reader does, and also the temporary
// names of downloaders and editors ("*.tmp", "*.part", "*.partial", "*.crdownload",
// "*.swp", "*~"). Empty files are not reported (a later write reports them).
//
// Overflow. When the kernel's event queue overflows (IN_Q_OVERFLOW), the
// whole tree is rescanned; files whose (size, mtime) differ from what was
// last seen become pending, as above. No arrival is lost, none repeated.
//
// Limits. Each directory costs one inotify watch; when the user's limit
// (/proc/sys/fs/inotify/max_user_watches) is reached, Open() fails with
// ResourceExhausted and a later directory is reported in PollResult::warnings
// (its files are then not seen).
//
// Thread safety: one thread calls Poll(); Wake() may be called from any
// thread or from a signal handler (it writes to an eventfd).
//
//   SITREP_ASSIGN_OR_RETURN(auto w, DirWatcher::Open("incoming", {}));
//   while (!stop) {
//     DirWatcher::PollResult r;
//     SITREP_RETURN_IF_ERROR(w->Poll(1000, &r));
//     for (const std::string& path : r.files) Ingest(path);
//   }
#ifndef SITREP_INGEST_DIR_WATCHER_H_
#define SITREP_INGEST_DIR_WATCHER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::ingest {

struct DirWatchOptions {
  // Quiet time before a file found by a scan (not by its own close event)
  // is reported. Longer is safer against slow writers that pause; shorter
  // reports sooner.
  int settle_ms = 2000;
};

class DirWatcher {
 public:
  // Watches `root` (a directory) and every directory below it. Existing
  // files are remembered, not reported: the caller ingests them itself
  // (ReadInput on the directory) after Open(), so that nothing arriving in
  // between is missed. NotFound / InvalidArgument (not a directory) /
  // ResourceExhausted (watch limit) / IOError.
  static Result<std::unique_ptr<DirWatcher>> Open(const std::string& root,
                                                  const DirWatchOptions& options);
  ~DirWatcher();
  DirWatcher(const DirWatcher&) = delete;
  DirWatcher& operator=(const DirWatcher&) = delete;

  struct PollResult {
    std::vector<std::string> files;     // complete files, in arrival order (paths under root)
    std::vector<std::string> warnings;  // e.g. a directory that could not be watched
    bool woken = false;                 // Wake() was called
  };

  // Waits up to `timeout_ms` (0 = do not wait, -1 = until something
  // happens) for arrivals, then appends them to `out`. Returns early when
  // files are ready, on Wake(), or when a signal interrupts the wait. An
  // error means the watcher cannot go on (IOError: the inotify descriptor
  // failed, or the root directory was deleted or moved away).
  Status Poll(int timeout_ms, PollResult* out);

  // Makes a current or the next Poll() return at once. Async-signal-safe.
  void Wake();

  const std::string& root() const { return root_; }
  // Directories currently watched (for tests and progress lines).
  size_t watched_directories() const;

 private:
  struct State;
  DirWatcher(std::string root, const DirWatchOptions& options);

  std::string root_;
  DirWatchOptions options_;
  int inotify_fd_ = -1;
  int wake_fd_ = -1;
  std::unique_ptr<State> state_;
};

// True for names the watcher and the directory reader leave out (hidden,
// sidecar metadata, temporary download/editor files).
bool IsIgnoredName(const std::string& name);

}  // namespace sitrep::ingest

#endif  // SITREP_INGEST_DIR_WATCHER_H_
