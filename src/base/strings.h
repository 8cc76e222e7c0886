// Small string helpers shared by the readers of tab-separated data files.
// Thread-safe, no allocation beyond the returned vector.
#ifndef SITREP_BASE_STRINGS_H_
#define SITREP_BASE_STRINGS_H_

#include <string_view>
#include <vector>

namespace sitrep {

// Splits `line` at every tab; returned views point into `line`. An empty
// line gives one empty field.
inline std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t t = line.find('\t', start);
    if (t == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, t - start));
    start = t + 1;
  }
}

}  // namespace sitrep

#endif  // SITREP_BASE_STRINGS_H_
