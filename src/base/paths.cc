#include "base/paths.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace sitrep {

std::string ExecutableDir() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  buf[n] = '\0';
  return std::filesystem::path(buf).parent_path().string();
}

Result<std::string> FindDataFile(std::string_view relative_path) {
  std::vector<std::string> cands;
  if (const char* home = std::getenv("SITREP_HOME"); home && *home)
    cands.push_back(std::string(home) + "/" + std::string(relative_path));
  std::string exe = ExecutableDir();
  cands.push_back(exe + "/" + std::string(relative_path));
  cands.push_back(exe + "/../" + std::string(relative_path));
#ifdef SITREP_BINARY_DIR
  cands.push_back(std::string(SITREP_BINARY_DIR) + "/" + std::string(relative_path));  // generated data
#endif
#ifdef SITREP_SOURCE_DIR
  cands.push_back(std::string(SITREP_SOURCE_DIR) + "/" + std::string(relative_path));
#endif
  std::error_code ec;
  for (const auto& c : cands)
    if (std::filesystem::exists(c, ec)) return c;
  std::string msg = "cannot find " + std::string(relative_path) + " (looked in:";
  for (const auto& c : cands) msg += " " + c;
  msg += "; set SITREP_HOME)";
  return Status::NotFound(msg);
}

Result<std::string> ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IOError(path + ": " + std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) return Status::IOError(path + ": read error");
  return out;
}

}  // namespace sitrep
