// `sitrep gazetteer build --out FILE`: compiles the place gazetteer from the
// registry packages (see src/mentions/gazetteer_builder.h), and
// `sitrep gazetteer lookup NAME...` to inspect what a name resolves to.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/paths.h"
#include "cli/command.h"
#include "mentions/gazetteer.h"
#include "mentions/gazetteer_builder.h"

namespace sitrep::cli {
namespace {

struct GazetteerBuildOptions {
  std::string out = "gazetteer.bin";
  mentions::GazetteerSources sources;
  bool no_wordnet = false;
};

int RunBuild(const GazetteerBuildOptions& o) {
  mentions::GazetteerSources s = o.sources;
  mentions::DefaultGazetteerSources(&s);
  if (o.no_wordnet) s.wordnet_dir.clear();
  mentions::GazetteerBuildStats st;
  Status status = mentions::BuildGazetteer(s, o.out, &st);
  if (!status.ok()) {
    std::fprintf(stderr, "sitrep gazetteer build: %s\n", status.ToString().c_str());
    return 1;
  }
  std::fprintf(stderr,
               "wrote %s: %zu places, %zu names, %zu countries, %zu admin1 tied to ISO 3166-2 "
               "(%zu not), %zu aliases, %zu common-word names, %zu given names, %.1f MB in %.1f s\n",
               o.out.c_str(), st.places, st.names, st.countries, st.admin1_mapped,
               st.admin1_unmapped, st.aliases, st.common_words, st.first_names, st.bytes / 1e6, st.seconds);
  return 0;
}

int RunLookup(const std::string& path, const std::vector<std::string>& names) {
  std::string p = path;
  if (p.empty()) {
    Result<std::string> f = FindDataFile("gazetteer.bin");
    if (!f.ok()) {
      std::fprintf(stderr, "%s\n", f.status().ToString().c_str());
      return 1;
    }
    p = *f;
  }
  auto gaz = mentions::Gazetteer::Load(p);
  if (!gaz.ok()) {
    std::fprintf(stderr, "%s\n", gaz.status().ToString().c_str());
    return 1;
  }
  const auto& g = **gaz;
  for (const std::string& n : names) {
    for (const mentions::NameEntry& e : g.Lookup(mentions::FoldName(n))) {
      const mentions::PlaceRecord& pr = g.place(e.place);
      std::printf("%s\t%s\t%u\t%.*s\t%.*s\t%s\t%.4f\t%.4f\tpop=%u\tflags=%u/%u\n", n.c_str(),
                  std::string(g.name(pr)).c_str(), pr.geonameid,
                  static_cast<int>(g.iso3(pr.country).size()), g.iso3(pr.country).data(),
                  static_cast<int>(g.admin1(pr).size()), g.admin1(pr).data(),
                  std::string(mentions::PlaceKindName(static_cast<mentions::PlaceKind>(pr.kind))).c_str(),
                  pr.lat, pr.lon, pr.population, e.flags, pr.flags);
    }
  }
  return 0;
}

void Setup(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("gazetteer", "Build or inspect the place gazetteer");
  cmd->require_subcommand(1);
  auto* build = cmd->add_subcommand("build", "Compile the gazetteer from the installed packages");
  auto o = std::make_shared<GazetteerBuildOptions>();
  build->add_option("--out", o->out, "output file")->required();
  build->add_option("--cities", o->sources.cities500, "GeoNames cities500.txt");
  build->add_option("--countries", o->sources.countries_json, "world-countries countries.json");
  build->add_option("--iso3166-1", o->sources.iso3166_1, "iso-codes iso_3166-1.json");
  build->add_option("--iso3166-2", o->sources.iso3166_2, "iso-codes iso_3166-2.json");
  build->add_option("--aliases", o->sources.aliases, "reviewed alias file");
  build->add_option("--wordnet", o->sources.wordnet_dir, "WordNet dict directory");
  build->add_option("--first-names", o->sources.first_names, "given-name lists, one name per line");
  build->add_flag("--no-wordnet", o->no_wordnet, "do not flag common English words");
  build->callback([o, exit_code] { *exit_code = RunBuild(*o); });

  auto* lookup = cmd->add_subcommand("lookup", "Print the gazetteer entries of names");
  auto path = std::make_shared<std::string>();
  auto names = std::make_shared<std::vector<std::string>>();
  lookup->add_option("--gazetteer", *path, "gazetteer file (default: found like other data)");
  lookup->add_option("names", *names, "place names")->required();
  lookup->callback([path, names, exit_code] { *exit_code = RunLookup(*path, *names); });
}
SITREP_REGISTER_COMMAND(Setup);

}  // namespace
}  // namespace sitrep::cli
