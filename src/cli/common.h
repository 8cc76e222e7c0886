// Helpers shared by the CLI commands: input options (--input, metadata
// flags, --on-error), reading every input with FILE:LINE error reports, and
// creating the Engine with a clear message when its data is missing.
#ifndef SITREP_CLI_COMMON_H_
#define SITREP_CLI_COMMON_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ingest/reader.h"
#include "sitrep/engine.h"

namespace sitrep::cli {

struct InputFlags {
  std::vector<std::string> files;
  std::string input = "auto";
  std::string id, date, source, url;
  std::string on_error = "skip";
};

// Adds --input, --id, --date, --source, --url, --on-error and the FILE... positional.
void AddInputFlags(CLI::App* sub, InputFlags* f, bool files_required = true);

struct ReadStats {
  size_t documents = 0;
  size_t skipped = 0;
};

// Reads every file; each good document goes to `fn`. Bad records are printed
// to stderr as "WHERE: message" and skipped, or stop the run under
// --on-error fail. Returns the exit code per CLI.md (0 ok, 1 failure).
int ForEachDocument(const InputFlags& f, const std::function<Status(Document&&)>& fn, ReadStats* stats);

// Appends `s` as a quoted JSON string (JsonWriter's escaping).
void AppendJsonString(std::string_view s, std::string* out);

// Creates the engine or prints why it cannot and returns null. The
// environment variable SITREP_PARSE_ALL=1 sets EngineOptions::parse_all.
std::unique_ptr<Engine> MakeEngine(bool require_model = false);

}  // namespace sitrep::cli

#endif  // SITREP_CLI_COMMON_H_
