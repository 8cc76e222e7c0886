// Finding sitrep's run-time files (models, compiled dictionaries, gazetteer,
// dashboard assets).
//
// Search order for a relative path such as "models/en_ewt.model":
//   1. $SITREP_HOME/<path>
//   2. <directory of the running binary>/<path>   (build/ holds generated data)
//   3. <directory of the running binary>/../<path>
//   4. the build tree the binary was built in (SITREP_BINARY_DIR: gazetteer, maps)
//   5. the source tree the binary was built from (SITREP_SOURCE_DIR)
// Thread-safe.
#ifndef SITREP_BASE_PATHS_H_
#define SITREP_BASE_PATHS_H_

#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep {

// Returns the first existing candidate, or NotFound listing where it looked.
Result<std::string> FindDataFile(std::string_view relative_path);

// Directory of the running executable (from /proc/self/exe), or "." .
std::string ExecutableDir();

// Reads a whole file. IOError names the file and the system error.
Result<std::string> ReadFile(const std::string& path);

}  // namespace sitrep

#endif  // SITREP_BASE_PATHS_H_
