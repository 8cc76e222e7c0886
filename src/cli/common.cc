#include "cli/common.h"

#include <cstdio>
#include <cstdlib>

#include "base/json_writer.h"

namespace sitrep::cli {

void AddInputFlags(CLI::App* sub, InputFlags* f, bool files_required) {
  sub->add_option("--input", f->input, "Input format: auto, text, jsonl, html, rss, warc")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "html", "rss", "warc"}));
  sub->add_option("--id", f->id, "Document id (plain text input; default: the file name)");
  sub->add_option("--date", f->date, "Publication date YYYY-MM-DD");
  sub->add_option("--source", f->source, "Publisher / source name");
  sub->add_option("--url", f->url, "Document URL");
  sub->add_option("--on-error", f->on_error, "skip (default): report bad records and go on; fail: stop")
      ->check(CLI::IsMember({"skip", "fail"}));
  auto* opt = sub->add_option("files", f->files, "Input files, or - for standard input");
  if (files_required) opt->required();
}

int ForEachDocument(const InputFlags& f, const std::function<Status(Document&&)>& fn, ReadStats* stats) {
  ingest::ReadOptions ro;
  auto fmt = ingest::ParseInputFormat(f.input);
  if (!fmt.ok()) {
    std::fprintf(stderr, "sitrep: %s\n", std::string(fmt.status().message()).c_str());
    return 2;
  }
  ro.format = *fmt;
  if (!f.date.empty()) {
    Status s = ingest::ValidateDate(f.date);
    if (!s.ok()) {
      std::fprintf(stderr, "sitrep: --date: %s\n", std::string(s.message()).c_str());
      return 2;
    }
  }
  ro.defaults.date = f.date;
  ro.defaults.source = f.source;
  ro.defaults.url = f.url;
  bool fail = f.on_error == "fail";
  bool failed = false;
  for (const auto& path : f.files) {
    ro.defaults.id = f.files.size() == 1 ? f.id : std::string();
    Status s = ingest::ReadInput(
        path, ro,
        [&](Document&& d) -> Status {
          ++stats->documents;
          std::string where = d.meta.origin;
          Status st = fn(std::move(d));
          if (!st.ok()) {
            ++stats->skipped;
            std::fprintf(stderr, "%s: %s\n", where.c_str(), std::string(st.message()).c_str());
            if (fail) return st;
          }
          return Status::OK();
        },
        [&](const std::string& where, const Status& err) -> Status {
          ++stats->skipped;
          std::fprintf(stderr, "%s: %s\n", where.c_str(), std::string(err.message()).c_str());
          if (fail) return err;
          return Status::OK();
        });
    if (!s.ok()) {
      failed = true;
      break;
    }
  }
  return failed ? 1 : 0;
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  JsonWriter::Escape(s, out);
  out->push_back('"');
}

std::unique_ptr<Engine> MakeEngine(bool require_model) {
  EngineOptions o;
  o.require_model = require_model;
  // SITREP_PARSE_ALL=1 parses every sentence (to compare with the default,
  // which leaves sentences that cannot yield an event unparsed).
  const char* all = std::getenv("SITREP_PARSE_ALL");
  o.parse_all = all != nullptr && all[0] != '\0' && all[0] != '0';
  auto e = Engine::Create(o);
  if (!e.ok()) {
    std::fprintf(stderr, "sitrep: %s\n", e.status().ToString().c_str());
    return nullptr;
  }
  return std::move(e).value();
}

}  // namespace sitrep::cli
