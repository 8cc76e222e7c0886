// `sitrep recode --db F [--all] [--batch N]`
//
// Re-codes stored documents with the current engine (after a dictionary or
// model change) and replaces each document's events atomically. By default
// only documents coded with a different version, dictionaries hash or model
// hash are recoded; --all recodes everything. Documents are committed in
// batches; a killed recode leaves every document with either its old or its
// new events, never a mix, and re-running it finishes the rest.
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/common.h"
#include "ingest/reader.h"
#include "store/sqlite_store.h"

namespace sitrep::cli {
namespace {

struct RecodeFlags {
  std::string db;
  bool all = false;
  int batch = 100;
};

int RunRecode(const RecodeFlags& f) {
  auto store = store::SqliteStore::Open(f.db, store::StoreOptions{});
  if (!store.ok()) {
    std::fprintf(stderr, "sitrep recode: %s\n", store.status().ToString().c_str());
    return 1;
  }
  auto engine = MakeEngine();
  if (!engine) return 1;
  const store::Provenance prov{engine->version(), engine->dictionaries_hash(),
                               engine->model_hash()};
  auto keys = (*store)->DocumentKeys();
  if (!keys.ok()) {
    std::fprintf(stderr, "sitrep recode: %s\n", keys.status().ToString().c_str());
    return 1;
  }
  size_t recoded = 0, current = 0, failed = 0, events = 0, in_batch = 0;
  const auto start = std::chrono::steady_clock::now();
  auto last = start;
  for (int64_t key : *keys) {
    auto doc = (*store)->GetDocument(key);
    if (!doc.ok()) {
      std::fprintf(stderr, "sitrep recode: %s\n", doc.status().ToString().c_str());
      return 1;
    }
    if (!f.all && doc->version == prov.version && doc->dictionaries == prov.dictionaries &&
        doc->model == prov.model) {
      ++current;
      continue;
    }
    auto made = ingest::MakeTextDocument(doc->text, doc->meta, 64u << 20);
    Result<DocumentResult> coded =
        made.ok() ? engine->Code(std::move(made).value()) : Result<DocumentResult>(made.status());
    if (!coded.ok()) {
      ++failed;
      std::fprintf(stderr, "%s: %s\n", doc->meta.id.c_str(),
                   std::string(coded.status().message()).c_str());
      continue;
    }
    if (!(*store)->in_transaction()) {
      if (Status s = (*store)->Begin(); !s.ok()) {
        std::fprintf(stderr, "sitrep recode: %s\n", s.ToString().c_str());
        return 1;
      }
    }
    if (Status s = (*store)->ReplaceEvents(key, coded->events, prov); !s.ok()) {
      (void)(*store)->Rollback();
      std::fprintf(stderr, "sitrep recode: %s\n", s.ToString().c_str());
      return 1;
    }
    ++recoded;
    events += coded->events.size();
    if (++in_batch >= static_cast<size_t>(std::max(1, f.batch))) {
      if (Status s = (*store)->Commit(); !s.ok()) {
        std::fprintf(stderr, "sitrep recode: %s\n", s.ToString().c_str());
        return 1;
      }
      in_batch = 0;
      auto now = std::chrono::steady_clock::now();
      if (std::chrono::duration<double>(now - last).count() > 5) {
        std::fprintf(stderr, "sitrep recode: %zu of %zu documents\n", recoded + current + failed,
                     keys->size());
        last = now;
      }
    }
  }
  if (Status s = (*store)->Commit(); !s.ok()) {
    std::fprintf(stderr, "sitrep recode: %s\n", s.ToString().c_str());
    return 1;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "sitrep recode: %zu documents recoded (%zu events), %zu already current, %zu "
               "failed; %.1f s\n",
               recoded, events, current, failed, secs);
  return failed ? 1 : 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto f = std::make_shared<RecodeFlags>();
  auto* sub = app.add_subcommand(
      "recode", "Re-code stored documents with the current dictionaries and model");
  sub->add_option("--db", f->db, "Store file")->required()->check(CLI::ExistingFile);
  sub->add_flag("--all", f->all, "Recode every document, not only those coded by another version");
  sub->add_option("--batch", f->batch, "Documents per committed transaction (default 100)")
      ->check(CLI::Range(1, 100000));
  sub->callback([f, exit_code] { *exit_code = RunRecode(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
