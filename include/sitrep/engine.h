// Engine: sitrep's pipeline behind one object. Loads the dictionaries, the
// NLP model and the gazetteer once (immutable, shared), then codes documents:
// text analysis -> parse -> actors, places, times, numbers -> events ->
// per-document resolution (dates, locations, casualties, duplicates).
// The CLI and the HTTP server both call it.
//
// Thread safety: Create() once; Code() is const and may run on many threads
// at once (each call uses its own scratch space).
//
//   SITREP_ASSIGN_OR_RETURN(auto engine, Engine::Create(EngineOptions{}));
//   SITREP_ASSIGN_OR_RETURN(DocumentResult r, engine->Code(std::move(doc)));
//   for (const Event& e : r.events) ...
#ifndef SITREP_ENGINE_H_
#define SITREP_ENGINE_H_

#include <memory>
#include <string>
#include <vector>

#include "base/document.h"
#include "sitrep/event.h"
#include "sitrep/status.h"

namespace sitrep {

struct EngineOptions {
  std::string data_dir;    // dictionaries; "" = find data/ (SITREP_HOME, next to the binary, source tree)
  std::string model_path;  // NLP model; "" = models/en_ewt.model found the same way
  std::string gazetteer_path;  // "" = gazetteer.bin found the same way; missing gazetteer = no places
  bool require_model = false;  // fail Create() when the model is missing (else: coder runs without events)
  bool keep_non_happened = true;  // also emit hypothetical/negated/denied events (flagged)
  // Parse every sentence. By default a sentence with no pattern trigger and
  // no casualty word is tagged but not parsed: nothing in it can start an
  // event, and parsing is most of the engine's time.
  bool parse_all = false;
};

struct ActorOut {      // one actor mention, for `sitrep actors` and the document view
  std::string text, code, country, role, name, kind, how;
  uint32_t begin = 0, end = 0;  // original byte span
  int sentence = 0;
};

struct DocumentResult {
  Document doc;                 // the analysed document (text, tokens, sentences)
  std::vector<Event> events;
  std::vector<ActorOut> actors;
  std::vector<std::string> warnings;  // e.g. "no NLP model: events not coded"
  bool skipped_language = false;      // not English: analysed but not coded
  uint32_t sentences_parsed = 0;      // sentences given a dependency tree
  uint32_t sentences_skipped = 0;     // sentences tagged only (see EngineOptions::parse_all)
};

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> Create(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Codes one document (its meta.date, when set, is the publication date).
  // InvalidArgument for bad text (invalid UTF-8 ...), ResourceExhausted over limits.
  Result<DocumentResult> Code(Document doc) const;

  // Human-readable account of how a sentence is (not) coded: `sitrep explain`.
  Result<std::string> Explain(const std::string& text, const std::string& date) const;

  // Provenance strings written on every event.
  const std::string& version() const;
  const std::string& dictionaries_hash() const;
  const std::string& model_hash() const;

  struct Impl;
 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep

#endif  // SITREP_ENGINE_H_
