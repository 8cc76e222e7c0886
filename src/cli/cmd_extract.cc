// `sitrep extract [--input auto|html|rss|warc|jsonl|text] [--on-error skip|fail] FILE...|-`
//
// Prints what the ingest readers make of the input: one JSON object per
// document per line, {"id","url","title","date","language","source",["author",]"text"}
// ("author" only when the input names a byline).
// A directory argument is read recursively (every file auto-detected unless
// --input names a format). Bad records go to stderr as "FILE:LINE: message"
// or "FILE: byte N: message" and are skipped (exit 0); with --on-error fail
// the first one stops the run with exit code 1. Unreadable files: exit 1.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/common.h"
#include "ingest/reader.h"

namespace sitrep::cli {
namespace {

struct ExtractFlags {
  std::string input = "auto";
  std::string on_error = "skip";
  std::vector<std::string> files;
};

int RunExtract(const ExtractFlags& flags) {
  auto fmt = ingest::ParseInputFormat(flags.input);
  if (!fmt.ok()) {
    std::fprintf(stderr, "sitrep extract: %s\n", std::string(fmt.status().message()).c_str());
    return 2;
  }
  if (flags.on_error != "skip" && flags.on_error != "fail") {
    std::fprintf(stderr, "sitrep extract: --on-error must be skip or fail\n");
    return 2;
  }
  ingest::ReadOptions opt;
  opt.format = *fmt;
  bool fail_fast = flags.on_error == "fail";
  bool bad_input = false, unreadable = false;
  std::string line;
  auto sink = [&](Document&& doc) {
    line.clear();
    line += "{\"id\":";
    AppendJsonString(doc.meta.id, &line);
    line += ",\"url\":";
    AppendJsonString(doc.meta.url, &line);
    line += ",\"title\":";
    AppendJsonString(doc.meta.title, &line);
    line += ",\"date\":";
    AppendJsonString(doc.meta.date, &line);
    line += ",\"language\":";
    AppendJsonString(doc.meta.language, &line);
    line += ",\"source\":";
    AppendJsonString(doc.meta.source, &line);
    if (!doc.meta.author.empty()) {
      line += ",\"author\":";
      AppendJsonString(doc.meta.author, &line);
    }
    line += ",\"text\":";
    AppendJsonString(doc.original, &line);
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    return Status::OK();
  };
  auto errors = [&](const std::string& where, const Status& e) {
    std::fflush(stdout);  // keep stdout lines whole when both go to one terminal or file
    std::string message(e.message());
    // File-system errors already name the file.
    if (message.rfind(where + ": ", 0) == 0) message.erase(0, where.size() + 2);
    std::fprintf(stderr, "%s: %s\n", where.c_str(), message.c_str());
    if (e.code() == Status::Code::kIOError || e.code() == Status::Code::kNotFound) unreadable = true;
    bad_input = true;
    return fail_fast ? Status::InvalidArgument("stopped at the first bad record (--on-error fail)")
                     : Status::OK();
  };
  for (const std::string& f : flags.files) {
    Status s = ingest::ReadInput(f, opt, sink, errors);
    if (!s.ok()) {
      std::fflush(stdout);
      return 1;
    }
  }
  std::fflush(stdout);
  if (unreadable || (fail_fast && bad_input)) return 1;
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<ExtractFlags>();
  auto* sub = app.add_subcommand(
      "extract", "Print the documents the readers find (one JSON object per line)");
  sub->add_option("--input", flags->input, "auto|html|rss|warc|jsonl|text (default auto)");
  sub->add_option("--on-error", flags->on_error, "skip (default: report and go on) or fail");
  sub->add_option("files", flags->files, "files or directories, - for standard input")->required();
  sub->callback([flags, exit_code] { *exit_code = RunExtract(*flags); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
