#include "ingest/dir_watcher.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace sitrep::ingest {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

class DirWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = (fs::temp_directory_path() /
             ("sitrep_dir_watcher_" + std::to_string(::getpid()) + "_" + info->name()))
                .string();
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::unique_ptr<DirWatcher> Open(int settle_ms = 200) {
    DirWatchOptions o;
    o.settle_ms = settle_ms;
    auto w = DirWatcher::Open(root_, o);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    return w.ok() ? std::move(w).value() : nullptr;
  }
  // Everything reported within `ms`, paths relative to the root.
  std::vector<std::string> Collect(DirWatcher* w, int ms) {
    std::vector<std::string> out;
    const auto end = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < end) {
      DirWatcher::PollResult r;
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
      Status s = w->Poll(static_cast<int>(std::max<int64_t>(0, left)), &r);
      EXPECT_TRUE(s.ok()) << s.ToString();
      for (const std::string& f : r.files) out.push_back(f.substr(root_.size() + 1));
      if (!s.ok()) break;
    }
    return out;
  }
  void Write(const std::string& rel, const std::string& text) {
    std::FILE* f = std::fopen((root_ + "/" + rel).c_str(), "wb");
    ASSERT_NE(f, nullptr) << rel;
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  std::string root_;
};

TEST_F(DirWatcherTest, ReportsNewFilesAndFilesInNewSubdirectoriesOnce) {
  Write("before.txt", "was here before the watch");
  auto w = Open();
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->watched_directories(), 1u);
  Write("a.txt", "first article");
  // A new directory with a file written at once: the file may land before
  // the directory's watch exists (found by the scan) or after (its close
  // event); either way it is reported once.
  fs::create_directories(root_ + "/2024/05");
  Write("2024/05/b.txt", "second article");
  std::vector<std::string> got = Collect(w.get(), 1500);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"2024/05/b.txt", "a.txt"}));
  EXPECT_EQ(w->watched_directories(), 3u);
  // Nothing more later, in particular no second report of either file.
  EXPECT_TRUE(Collect(w.get(), 600).empty());
  // A file in the (now watched) subdirectory is reported by its close event.
  Write("2024/05/c.txt", "third");
  EXPECT_EQ(Collect(w.get(), 800), std::vector<std::string>{"2024/05/c.txt"});
}

TEST_F(DirWatcherTest, PartiallyWrittenFileIsReportedWhenClosed) {
  auto w = Open();
  ASSERT_NE(w, nullptr);
  fs::create_directories(root_ + "/sub");
  EXPECT_TRUE(Collect(w.get(), 300).empty());  // the directory is watched now
  for (const std::string rel : {"top.jsonl", "sub/inner.jsonl"}) {
    const int fd = ::open((root_ + "/" + rel).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "{\"id\":\"1\",", 10), 10);
    // Longer than the settle time: an open file is still not reported.
    EXPECT_TRUE(Collect(w.get(), 500).empty()) << rel;
    ASSERT_EQ(::write(fd, "\"text\":\"x\"}\n", 12), 12);
    EXPECT_TRUE(Collect(w.get(), 100).empty()) << rel;
    ::close(fd);
    EXPECT_EQ(Collect(w.get(), 500), std::vector<std::string>{rel});
  }
}

TEST_F(DirWatcherTest, RenamesPublishFilesAndMovedDirectories) {
  auto w = Open();
  ASSERT_NE(w, nullptr);
  // Written under a hidden or temporary name, then renamed into place.
  Write(".incoming", "atomic publish");
  Write("feed.xml.part", "download in progress");
  EXPECT_TRUE(Collect(w.get(), 300).empty());
  fs::rename(root_ + "/.incoming", root_ + "/story.txt");
  fs::rename(root_ + "/feed.xml.part", root_ + "/feed.xml");
  EXPECT_EQ(Collect(w.get(), 400), (std::vector<std::string>{"story.txt", "feed.xml"}));
  // A whole directory moved in from outside: its files are complete.
  const std::string outside = root_ + "_outside";
  fs::remove_all(outside);
  fs::create_directories(outside + "/deep");
  std::FILE* f = std::fopen((outside + "/deep/x.html").c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("<html></html>", f);
  std::fclose(f);
  fs::rename(outside, root_ + "/batch");
  EXPECT_EQ(Collect(w.get(), 400), std::vector<std::string>{"batch/deep/x.html"});
  // Renaming known files or directories inside the tree does not make them new.
  fs::rename(root_ + "/story.txt", root_ + "/story-renamed.txt");
  fs::rename(root_ + "/batch", root_ + "/batch2");
  EXPECT_TRUE(Collect(w.get(), 400).empty());
  // ... but the renamed directory is still watched.
  Write("batch2/deep/y.html", "<html>y</html>");
  EXPECT_EQ(Collect(w.get(), 400), std::vector<std::string>{"batch2/deep/y.html"});
}

TEST_F(DirWatcherTest, IgnoresUnchangedClosesEmptyFilesAndSidecars) {
  Write("old.txt", "old");
  auto w = Open();
  ASSERT_NE(w, nullptr);
  // Opened for writing and closed without a write: same size and mtime.
  const int fd = ::open((root_ + "/old.txt").c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ::close(fd);
  Write("empty.txt", "");
  Write("a.txt.meta.json", "{}");
  Write("notes.txt~", "editor backup");
  EXPECT_TRUE(Collect(w.get(), 400).empty());
  // The empty file gets its content later: reported then.
  Write("empty.txt", "now with text");
  EXPECT_EQ(Collect(w.get(), 400), std::vector<std::string>{"empty.txt"});
  // Rewritten with new content: reported again.
  Write("old.txt", "new content, longer");
  EXPECT_EQ(Collect(w.get(), 400), std::vector<std::string>{"old.txt"});
}

TEST_F(DirWatcherTest, WakeInterruptsAnEndlessPoll) {
  auto w = Open();
  ASSERT_NE(w, nullptr);
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    w->Wake();
  });
  DirWatcher::PollResult r;
  const auto t0 = Clock::now();
  EXPECT_TRUE(w->Poll(-1, &r).ok());
  waker.join();
  EXPECT_TRUE(r.woken);
  EXPECT_TRUE(r.files.empty());
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(5));
}

TEST_F(DirWatcherTest, ErrorsForMissingRootAndRemovedRoot) {
  EXPECT_EQ(DirWatcher::Open(root_ + "/missing", {}).status().code(), Status::Code::kNotFound);
  Write("file.txt", "x");
  EXPECT_EQ(DirWatcher::Open(root_ + "/file.txt", {}).status().code(),
            Status::Code::kInvalidArgument);
  auto w = Open();
  ASSERT_NE(w, nullptr);
  fs::remove_all(root_);
  DirWatcher::PollResult r;
  Status s = Status::OK();
  const auto end = Clock::now() + std::chrono::seconds(2);
  while (s.ok() && Clock::now() < end) s = w->Poll(200, &r);
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find("deleted or moved"), std::string::npos) << s.ToString();
}

}  // namespace
}  // namespace sitrep::ingest
