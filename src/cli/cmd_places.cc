// `sitrep places [--input text|jsonl] [--date D] [--format jsonl] FILE|-`
//
// Prints one JSON line per place mention (CLI.md): doc_id, text, span [b,e]
// (original bytes), name, geonameid, country (ISO alpha-3), admin1, lat, lon,
// precision, confidence, metonym; unresolved mentions carry nulls for the
// record fields. After each document's mentions, one line
// {"doc_id":..., "focus_country":"UKR"} (null when nothing points anywhere).
//
// The gazetteer is found like other run-time data (gazetteer.bin next to the
// binary, SITREP_HOME, ...) or given with --gazetteer. The NLP parse is used
// for metonymy when the model is found (--parse auto, the default); the
// finder works without it.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/paths.h"
#include "cli/command.h"
#include "ingest/reader.h"
#include "mentions/gazetteer.h"
#include "mentions/place_finder.h"
#include "nlp/pipeline.h"
#include "text/text_analyzer.h"

namespace sitrep::cli {
namespace {

struct PlacesFlags {
  std::string input = "text";
  std::string format = "jsonl";
  std::string date;
  std::string id;
  std::string gazetteer;
  std::string parse = "auto";
  std::string on_error = "skip";
  std::string file;
};

std::string Dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

int RunPlaces(const PlacesFlags& f) {
  if (f.format != "jsonl") {
    std::fprintf(stderr, "sitrep places: --format must be jsonl\n");
    return 2;
  }
  if (f.parse != "auto" && f.parse != "on" && f.parse != "off") {
    std::fprintf(stderr, "sitrep places: --parse must be auto, on or off\n");
    return 2;
  }
  if (f.on_error != "skip" && f.on_error != "fail") {
    std::fprintf(stderr, "sitrep places: --on-error must be skip or fail\n");
    return 2;
  }
  Result<ingest::InputFormat> fmt = ingest::ParseInputFormat(f.input);
  if (!fmt.ok()) {
    std::fprintf(stderr, "sitrep places: %s\n", fmt.status().ToString().c_str());
    return 2;
  }
  std::string gpath = f.gazetteer;
  if (gpath.empty()) {
    Result<std::string> p = FindDataFile("gazetteer.bin");
    if (!p.ok()) {
      std::fprintf(stderr, "sitrep places: %s (run `make build`)\n", p.status().ToString().c_str());
      return 1;
    }
    gpath = *p;
  }
  auto gaz = mentions::Gazetteer::Load(gpath);
  if (!gaz.ok()) {
    std::fprintf(stderr, "sitrep places: %s\n", gaz.status().ToString().c_str());
    return 1;
  }
  std::shared_ptr<const nlp::NlpModel> model;
  if (f.parse != "off") {
    Result<std::string> mp = nlp::NlpModel::DefaultPath();
    Result<std::shared_ptr<const nlp::NlpModel>> m =
        mp.ok() ? nlp::NlpModel::Load(*mp) : Result<std::shared_ptr<const nlp::NlpModel>>(mp.status());
    if (m.ok()) {
      model = *m;
    } else if (f.parse == "on") {
      std::fprintf(stderr, "sitrep places: %s\n", m.status().ToString().c_str());
      return 1;
    }
  }
  mentions::PlaceFinder finder(*gaz);

  ingest::ReadOptions ro;
  ro.format = *fmt;
  ro.defaults.date = f.date;
  ro.defaults.id = f.id.empty() ? ingest::DefaultIdForPath(f.file) : f.id;
  bool failed = false;
  auto sink = [&](Document&& d) -> Status {
    Document doc = std::move(d);  // moved before analysis, as document.h requires
    if (doc.meta.date.empty()) doc.meta.date = f.date;
    if (Status s = text::AnalyzeText(&doc); !s.ok()) {
      std::fprintf(stderr, "%s: %s\n", doc.meta.origin.c_str(), s.ToString().c_str());
      failed = true;
      return f.on_error == "fail" ? s : Status::OK();
    }
    std::vector<nlp::ParsedSentence> parses;
    bool have_parse = model && model->ParseDocument(doc, &parses).ok() &&
                      parses.size() == doc.sentences.size();
    std::vector<mentions::PlaceMention> found = finder.Find(doc, have_parse ? &parses : nullptr);
    std::string out;
    for (const mentions::PlaceMention& m : found) {
      nlohmann::ordered_json j;
      j["doc_id"] = doc.meta.id;
      j["text"] = m.text;
      j["span"] = {m.span.begin, m.span.end};
      if (m.resolved) {
        j["name"] = m.name;
        j["geonameid"] = m.geonameid ? nlohmann::ordered_json(m.geonameid) : nlohmann::ordered_json();
        j["country"] = m.country.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(m.country);
        j["admin1"] = m.admin1.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(m.admin1);
        j["lat"] = std::round(m.lat * 1e5) / 1e5;
        j["lon"] = std::round(m.lon * 1e5) / 1e5;
        j["precision"] = std::string(mentions::PlaceKindName(m.precision));
      } else {
        j["name"] = nullptr;
        j["geonameid"] = nullptr;
        j["country"] = nullptr;
        j["admin1"] = nullptr;
        j["lat"] = nullptr;
        j["lon"] = nullptr;
        j["precision"] = nullptr;
      }
      j["confidence"] = std::round(m.confidence * 1000) / 1000;
      j["metonym"] = m.metonym;
      out += Dump(j);
      out.push_back('\n');
    }
    std::string focus = finder.FocusCountry(doc, found);
    nlohmann::ordered_json fj;
    fj["doc_id"] = doc.meta.id;
    fj["focus_country"] = focus.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(focus);
    out += Dump(fj);
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
    return Status::OK();
  };
  auto errors = [&](const std::string& where, const Status& s) -> Status {
    std::fprintf(stderr, "%s: %s\n", where.c_str(), std::string(s.message()).c_str());
    failed = true;
    return f.on_error == "fail" ? s : Status::OK();
  };
  Status st = ingest::ReadInput(f.file, ro, sink, errors);
  std::fflush(stdout);
  if (!st.ok()) {
    std::fprintf(stderr, "sitrep places: %s\n", st.ToString().c_str());
    return 1;
  }
  return failed && f.on_error == "fail" ? 1 : 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto* sub = app.add_subcommand("places", "Place mentions with coordinates, and each document's focus country");
  auto f = std::make_shared<PlacesFlags>();
  sub->add_option("--input", f->input, "text (default) or jsonl");
  sub->add_option("--format", f->format, "jsonl (default)");
  sub->add_option("--date", f->date, "publication date YYYY-MM-DD for text input");
  sub->add_option("--id", f->id, "document id for text input (default: file name)");
  sub->add_option("--gazetteer", f->gazetteer, "gazetteer file (default: build/gazetteer.bin)");
  sub->add_option("--parse", f->parse, "auto (default: use the NLP model when found), on, off");
  sub->add_option("--on-error", f->on_error, "skip (default) or fail");
  sub->add_option("file", f->file, "input file, - for standard input")->required();
  sub->callback([f, exit_code] { *exit_code = RunPlaces(*f); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
