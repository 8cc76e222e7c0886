#include "lexicon/dict_check.h"

#include <algorithm>
#include <set>

namespace sitrep::lexicon {

void CheckOfficeOverlaps(const Lexicon& lex, std::vector<std::string>* errors) {
  struct Holder {
    const ActorEntry* e;
    const Role* r;
    bool co;
  };
  std::map<std::string, std::vector<Holder>> by_office;  // "UKR hog" -> holders
  for (const auto& e : lex.actors()) {
    if (e.kind != EntryKind::kPerson) continue;
    for (const auto& r : e.roles) {
      if (r.code.size() < 6 || r.code.compare(3, 3, "GOV") != 0) continue;
      std::string office = r.office;
      bool co = false;
      if (size_t c = office.find(','); c != std::string::npos) {
        co = office.substr(c + 1) == "co";
        office.resize(c);
      }
      std::string country = r.code.substr(0, 3);
      if (office == "hos" || office == "hos+hog") by_office[country + " hos"].push_back({&e, &r, co});
      if (office == "hog" || office == "hos+hog") by_office[country + " hog"].push_back({&e, &r, co});
    }
  }
  for (auto& [key, hs] : by_office) {
    std::sort(hs.begin(), hs.end(), [](const Holder& a, const Holder& b) { return a.r->from < b.r->from; });
    for (size_t i = 0; i < hs.size(); ++i)
      for (size_t j = i + 1; j < hs.size() && hs[j].r->from <= hs[i].r->to; ++j) {
        if (hs[i].e == hs[j].e) continue;
        if (hs[i].co && hs[j].co) continue;
        errors->push_back(hs[j].e->file + ":" + std::to_string(hs[j].r->line) + ": " + key + " of " +
                          hs[j].e->name + " overlaps with " + hs[i].e->name + " (" + hs[i].e->file + ":" +
                          std::to_string(hs[i].r->line) + ")");
      }
  }
}

void CheckDuplicatePeople(const Lexicon& lex, std::vector<std::string>* errors) {
  std::map<std::string, const ActorEntry*> seen;
  for (const auto& e : lex.actors()) {
    if (e.kind != EntryKind::kPerson) continue;
    std::string key = Lexicon::Fold(e.name);
    auto [it, fresh] = seen.emplace(key, &e);
    if (!fresh)
      errors->push_back(e.file + ":" + std::to_string(e.line) + ": person '" + e.name + "' also at " +
                        it->second->file + ":" + std::to_string(it->second->line));
  }
}

std::vector<std::string> UncoveredCodes(const Lexicon& lex) {
  std::set<std::string> covered;
  for (const auto& t : lex.triggers())
    for (const auto& r : t.rules) covered.insert(r.code);
  std::vector<std::string> out;
  for (const auto& c : lex.event_codes())
    if (!covered.count(c.code)) out.push_back(c.code);
  return out;
}

std::map<std::string, long> Stats(const Lexicon& lex) {
  std::map<std::string, long> s;
  for (const char* k : {"countries", "igos", "groups", "parties", "ngos", "media", "orgs", "ethnic", "religion",
                        "agents", "people", "aliases", "unchecked", "modifiers"})
    s[k] = 0;
  std::set<std::string> people;
  for (const auto& e : lex.actors()) {
    switch (e.kind) {
      case EntryKind::kCountry: s["countries"]++; break;
      case EntryKind::kIgo: s["igos"]++; break;
      case EntryKind::kGroup: s["groups"]++; break;
      case EntryKind::kParty: s["parties"]++; break;
      case EntryKind::kNgo: s["ngos"]++; break;
      case EntryKind::kMedia: s["media"]++; break;
      case EntryKind::kOrg: s["orgs"]++; break;
      case EntryKind::kEthnic: s["ethnic"]++; break;
      case EntryKind::kReligion: s["religion"]++; break;
      case EntryKind::kAgent: s["agents"] += static_cast<long>(e.aliases.size()); break;
      case EntryKind::kModifier: s["modifiers"] += static_cast<long>(e.aliases.size()); break;
      case EntryKind::kPerson: people.insert(Lexicon::Fold(e.name)); break;
    }
    s["aliases"] += static_cast<long>(e.aliases.size() + e.adjs.size() + e.capitals.size() + e.seats.size() +
                                      e.descs.size());
    if (e.unchecked) s["unchecked"]++;
  }
  s["people"] = static_cast<long>(people.size());
  long rules = 0, examples = 0;
  for (const auto& t : lex.triggers()) {
    rules += static_cast<long>(t.rules.size());
    examples += static_cast<long>(t.examples.size());
  }
  s["triggers"] = static_cast<long>(lex.triggers().size());
  s["rules"] = rules;
  s["examples"] = examples;
  s["cameo_codes"] = static_cast<long>(lex.event_codes().size());
  s["cameo_covered"] = s["cameo_codes"] - static_cast<long>(UncoveredCodes(lex).size());
  return s;
}

}  // namespace sitrep::lexicon
