// `sitrep eval events`: scores the event coder on sentence-level development
// sets and prints one JSON line per task (see docs/evaluation.md).
//
//   sitrep eval events --pentaclass F.tsv      (sentence TAB class 0..4)
//   sitrep eval events --plover-pairs F.tsv    (sentence, marked sentence,
//                                               source, target, PLOVER type, ...)
//
// Each sentence is coded as a document of its own with the Engine (all
// modalities kept: the labels name the kind of event a sentence reports, not
// whether it happened). `--errors FILE` writes one JSON line per miss for
// error analysis.
//
// The `eval` parent is shared with cmd_eval.cc (`eval parser`); whichever file
// registers first creates it, the other finds it, so the order of static
// initialisation does not matter.
#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "cli/command.h"
#include "cli/common.h"

namespace sitrep::cli {
namespace {

using Json = nlohmann::ordered_json;

struct EvalEventsFlags {
  std::string pentaclass;
  std::string plover_pairs;
  std::string strategy = "first";
  std::string errors;
  size_t limit = 0;
  int threads = 1;
};

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

// Reads a TSV file with a header line; rows with fewer than `min_fields`
// fields are reported and skipped.
Result<std::vector<std::vector<std::string>>> ReadTsv(const std::string& path, size_t min_fields) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::vector<std::vector<std::string>> rows;
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 || line.empty()) continue;  // header
    std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() < min_fields) {
      std::fprintf(stderr, "%s:%d: expected %zu fields, found %zu; skipped\n", path.c_str(), line_no,
                   min_fields, f.size());
      continue;
    }
    rows.emplace_back(f.begin(), f.end());
  }
  return rows;
}

// Codes every text with the engine (on `threads` threads; Engine::Code is
// const and thread-safe). result[i] is empty when coding failed.
std::vector<std::optional<std::vector<Event>>> CodeAll(const Engine& engine,
                                                      const std::vector<std::string>& texts,
                                                      int threads) {
  std::vector<std::optional<std::vector<Event>>> out(texts.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < texts.size(); i = next++) {
      Document d;
      d.original = texts[i];
      d.meta.id = "eval-" + std::to_string(i);
      Result<DocumentResult> r = engine.Code(std::move(d));
      if (!r.ok()) {
        std::fprintf(stderr, "sentence %zu: %s\n", i + 1, r.status().ToString().c_str());
        continue;
      }
      out[i] = std::move(r->events);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  return out;
}

// ---------------------------------------------------------------- pentaclass

// The pentaclass of a CAMEO root, as the labels of ConfliBERT's CAMEO set use
// it: 01-02 neutral statement, 03-05 verbal cooperation, 06-08 material
// cooperation, 09-13 and 16 verbal conflict, 14-15 and 17-20 material
// conflict. It differs from GDELT's quad class: statements and appeals are a
// class of their own, protest (14) is material conflict and reducing
// relations (16: suspend, expel, break off) verbal conflict; see
// docs/evaluation.md for the evidence. -1 for no code.
int PentaclassOfCode(const std::string& cameo) {
  if (cameo.size() < 2 || !std::isdigit(static_cast<unsigned char>(cameo[0])) ||
      !std::isdigit(static_cast<unsigned char>(cameo[1])))
    return -1;
  int root = (cameo[0] - '0') * 10 + (cameo[1] - '0');
  if (root < 1 || root > 20) return -1;
  if (root <= 2) return 0;
  if (root <= 5) return 1;
  if (root <= 8) return 2;
  if (root <= 13 || root == 16) return 3;
  return 4;
}

// Rank used by the "priority" strategy: material > verbal, then conflict >
// cooperation, neutral last.
int PriorityRank(int cls) {
  static constexpr std::array<int, 5> kRank = {0, 1, 3, 2, 4};  // index = class
  return cls < 0 ? -1 : kRank[cls];
}

// The strategies that reduce a sentence's events to one class (no event -> 0).
//   first:    the event whose trigger comes first (news leads with the main
//             clause; reported-speech complements follow their verb).
//   happened: like first, but asserted/reported non-negated events before
//             the others.
//   priority: the highest class by PriorityRank.
constexpr std::array<const char*, 3> kStrategies = {"first", "happened", "priority"};

int ClassifySentence(const std::vector<Event>& events, std::string_view strategy) {
  const Event* best = nullptr;
  int best_cls = -1;
  for (const Event& e : events) {
    int cls = PentaclassOfCode(e.cameo);
    if (cls < 0) continue;
    bool better = false;
    if (best == nullptr) {
      better = true;
    } else if (strategy == "priority") {
      better = PriorityRank(cls) > PriorityRank(best_cls);
    } else {
      if (strategy == "happened" && e.Happened() != best->Happened()) {
        better = e.Happened();
      } else if (e.subordinate != best->subordinate) {
        better = !e.subordinate;  // the main clause's event before a relative/adverbial one
      } else {
        better = e.trigger_span[0] < best->trigger_span[0];
      }
    }
    if (better) {
      best = &e;
      best_cls = cls;
    }
  }
  return best_cls < 0 ? 0 : best_cls;
}

struct ClassScores {
  double accuracy = 0, macro_f1 = 0;
  std::array<std::array<int, 5>, 5> confusion{};  // [gold][predicted]
};

ClassScores Score(const std::vector<int>& gold, const std::vector<int>& pred) {
  ClassScores s;
  int correct = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    s.confusion[gold[i]][pred[i]]++;
    if (gold[i] == pred[i]) ++correct;
  }
  s.accuracy = gold.empty() ? 0 : static_cast<double>(correct) / gold.size();
  double f1_sum = 0;
  for (int c = 0; c < 5; ++c) {
    int tp = s.confusion[c][c], gold_n = 0, pred_n = 0;
    for (int o = 0; o < 5; ++o) {
      gold_n += s.confusion[c][o];
      pred_n += s.confusion[o][c];
    }
    double p = pred_n ? static_cast<double>(tp) / pred_n : 0;
    double r = gold_n ? static_cast<double>(tp) / gold_n : 0;
    f1_sum += (p + r) > 0 ? 2 * p * r / (p + r) : 0;
  }
  s.macro_f1 = f1_sum / 5;
  return s;
}

double Round4(double v) { return static_cast<double>(static_cast<long>(v * 10000 + 0.5)) / 10000; }

Json EventBrief(const Event& e) {
  Json j;
  j["cameo"] = e.cameo;
  j["plover"] = e.plover_type;
  j["source"] = e.source ? e.source->code + "|" + e.source->text : "";
  j["target"] = e.target ? e.target->code + "|" + e.target->text : "";
  j["modality"] = e.modality;
  if (e.negated) j["negated"] = true;
  uint32_t b = e.trigger_span[0] - e.sentence_span[0], n = e.trigger_span[1] - e.trigger_span[0];
  j["trigger"] = b <= e.sentence.size() ? e.sentence.substr(b, n) : "";
  j["pattern"] = e.pattern;
  return j;
}

int RunPentaclass(const Engine& engine, const EvalEventsFlags& f, std::ofstream* errors) {
  auto rows = ReadTsv(f.pentaclass, 2);
  if (!rows.ok()) {
    std::fprintf(stderr, "sitrep eval events: %s\n", rows.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> texts;
  std::vector<int> gold;
  for (const auto& row : *rows) {
    if (row[1].size() != 1 || row[1][0] < '0' || row[1][0] > '4') {
      std::fprintf(stderr, "%s: bad class '%s'; skipped\n", f.pentaclass.c_str(), row[1].c_str());
      continue;
    }
    texts.push_back(row[0]);
    gold.push_back(row[1][0] - '0');
    if (f.limit && texts.size() >= f.limit) break;
  }
  auto coded = CodeAll(engine, texts, f.threads);
  size_t failed = 0, no_event = 0, events = 0;
  std::vector<std::vector<int>> pred(kStrategies.size(), std::vector<int>(texts.size(), 0));
  for (size_t i = 0; i < texts.size(); ++i) {
    if (!coded[i]) {
      ++failed;
      continue;
    }
    bool any = false;
    for (const Event& e : *coded[i]) any |= PentaclassOfCode(e.cameo) >= 0;
    if (!any) ++no_event;
    events += coded[i]->size();
    for (size_t s = 0; s < kStrategies.size(); ++s) pred[s][i] = ClassifySentence(*coded[i], kStrategies[s]);
  }
  size_t primary = 0;
  for (size_t s = 0; s < kStrategies.size(); ++s)
    if (f.strategy == kStrategies[s]) primary = s;
  ClassScores sc = Score(gold, pred[primary]);

  Json out;
  out["task"] = "pentaclass";
  out["sentences"] = texts.size();
  out["strategy"] = kStrategies[primary];
  out["accuracy"] = Round4(sc.accuracy);
  out["macro_f1"] = Round4(sc.macro_f1);
  Json per = Json::array();
  for (int c = 0; c < 5; ++c) {
    int tp = sc.confusion[c][c], gold_n = 0, pred_n = 0;
    for (int o = 0; o < 5; ++o) {
      gold_n += sc.confusion[c][o];
      pred_n += sc.confusion[o][c];
    }
    double p = pred_n ? static_cast<double>(tp) / pred_n : 0;
    double r = gold_n ? static_cast<double>(tp) / gold_n : 0;
    per.push_back(Json{{"class", c}, {"gold", gold_n}, {"predicted", pred_n}, {"precision", Round4(p)},
                       {"recall", Round4(r)}, {"f1", Round4((p + r) > 0 ? 2 * p * r / (p + r) : 0)}});
  }
  out["per_class"] = per;
  out["no_event"] = no_event;
  out["events_per_sentence"] = Round4(texts.empty() ? 0 : static_cast<double>(events) / texts.size());
  out["failed"] = failed;
  Json conf = Json::array();
  for (const auto& row : sc.confusion) conf.push_back(row);
  out["confusion"] = conf;  // rows gold, columns predicted
  Json alt;
  for (size_t s = 0; s < kStrategies.size(); ++s) {
    if (s == primary) continue;
    ClassScores a = Score(gold, pred[s]);
    alt[kStrategies[s]] = Json{{"accuracy", Round4(a.accuracy)}, {"macro_f1", Round4(a.macro_f1)}};
  }
  out["alt"] = alt;
  std::printf("%s\n", out.dump().c_str());

  if (errors) {
    for (size_t i = 0; i < texts.size(); ++i) {
      if (pred[primary][i] == gold[i]) continue;
      Json e{{"task", "pentaclass"}, {"line", i + 2}, {"gold", gold[i]}, {"pred", pred[primary][i]},
             {"sentence", texts[i]}};
      Json evs = Json::array();
      if (coded[i])
        for (const Event& ev : *coded[i]) evs.push_back(EventBrief(ev));
      e["events"] = evs;
      *errors << e.dump() << "\n";
    }
  }
  return 0;
}

// -------------------------------------------------------------- PLOVER pairs

struct ByteRange {
  uint32_t begin = 0, end = 0;
  bool empty() const { return end <= begin; }
};

// Trims ASCII spaces from both ends of a range of `s`.
ByteRange Trim(std::string_view s, ByteRange r) {
  while (r.begin < r.end && s[r.begin] == ' ') ++r.begin;
  while (r.end > r.begin && s[r.end - 1] == ' ') --r.end;
  return r;
}

// Locates the <s>…</s> and <t>…</t> spans of `marked` as byte ranges of
// `sentence`. When removing the tags does not give back `sentence` exactly,
// falls back to searching for `source_text` / `target_text`.
void MarkedSpans(std::string_view sentence, std::string_view marked, std::string_view source_text,
                 std::string_view target_text, ByteRange* source, ByteRange* target) {
  std::string plain;
  ByteRange s, t;
  for (size_t i = 0; i < marked.size();) {
    std::string_view rest = marked.substr(i);
    auto tag = [&](std::string_view name) { return rest.substr(0, name.size()) == name; };
    if (tag("<s>")) { s.begin = plain.size(); i += 3; continue; }
    if (tag("</s>")) { s.end = plain.size(); i += 4; continue; }
    if (tag("<t>")) { t.begin = plain.size(); i += 3; continue; }
    if (tag("</t>")) { t.end = plain.size(); i += 4; continue; }
    plain += marked[i++];
  }
  if (plain == sentence) {
    *source = Trim(plain, s);
    *target = Trim(plain, t);
    return;
  }
  auto find = [&](std::string_view needle) {
    ByteRange r;
    while (!needle.empty() && needle.front() == ' ') needle.remove_prefix(1);
    while (!needle.empty() && needle.back() == ' ') needle.remove_suffix(1);
    if (needle.empty()) return r;
    size_t at = sentence.find(needle);
    if (at == std::string_view::npos) return r;
    r.begin = at;
    r.end = at + needle.size();
    return r;
  };
  *source = find(source_text);
  *target = find(target_text);
}

bool Overlaps(const std::optional<EventActor>& actor, ByteRange gold) {
  if (gold.empty()) return !actor.has_value();  // no gold actor on this side: none produced either
  if (!actor) return false;
  return actor->span[0] < gold.end && gold.begin < actor->span[1];
}

// Gold types of the PLV set use PLOVER's earlier YIELD, which the current
// ontology splits into CONCEDE and RETREAT.
bool TypeMatches(const std::string& produced, const std::string& gold) {
  auto upper = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  std::string p = upper(produced), g = upper(gold);
  if (p.empty()) return false;
  if (g == "YIELD") return p == "CONCEDE" || p == "RETREAT" || p == "YIELD";
  return p == g;
}

int RunPloverPairs(const Engine& engine, const EvalEventsFlags& f, std::ofstream* errors) {
  auto rows = ReadTsv(f.plover_pairs, 5);
  if (!rows.ok()) {
    std::fprintf(stderr, "sitrep eval events: %s\n", rows.status().ToString().c_str());
    return 1;
  }
  if (f.limit && rows->size() > f.limit) rows->resize(f.limit);
  // Code each distinct sentence once.
  std::vector<std::string> texts;
  std::vector<size_t> text_of(rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    const std::string& s = (*rows)[i][0];
    auto it = std::find(texts.begin(), texts.end(), s);
    text_of[i] = it - texts.begin();
    if (it == texts.end()) texts.push_back(s);
  }
  auto coded = CodeAll(engine, texts, f.threads);

  struct Tally {
    int n = 0, full = 0, type = 0, actors = 0;
  };
  Tally all;
  std::vector<std::pair<std::string, Tally>> per_type;
  size_t no_event = 0, failed = 0, gold_no_source = 0, gold_no_target = 0;
  for (size_t i = 0; i < rows->size(); ++i) {
    const auto& row = (*rows)[i];
    const std::string& gold_type = row[4];
    ByteRange src, tgt;
    MarkedSpans(row[0], row[1], row[2], row[3], &src, &tgt);
    if (src.empty()) ++gold_no_source;
    if (tgt.empty()) ++gold_no_target;
    const auto& ev = coded[text_of[i]];
    if (!ev) ++failed;
    bool full = false, type = false, actors = false;
    if (ev) {
      if (ev->empty()) ++no_event;
      for (const Event& e : *ev) {
        bool t = TypeMatches(e.plover_type, gold_type);
        bool a = (Overlaps(e.source, src) && Overlaps(e.target, tgt)) ||
                 (e.mutual && Overlaps(e.source, tgt) && Overlaps(e.target, src));
        type |= t;
        actors |= a;
        full |= t && a;
      }
    }
    auto it = std::find_if(per_type.begin(), per_type.end(), [&](const auto& p) { return p.first == gold_type; });
    if (it == per_type.end()) it = per_type.insert(per_type.end(), {gold_type, Tally{}});
    for (Tally* t : {&all, &it->second}) {
      t->n++;
      t->full += full;
      t->type += type;
      t->actors += actors;
    }
    if (errors && !full) {
      Json e{{"task", "plover-pairs"}, {"line", i + 2}, {"gold_type", gold_type}, {"type_ok", type},
             {"actors_ok", actors}, {"marked", row[1]}};
      Json evs = Json::array();
      if (ev)
        for (const Event& x : *ev) evs.push_back(EventBrief(x));
      e["events"] = evs;
      *errors << e.dump() << "\n";
    }
  }
  auto share = [](int k, int n) { return Round4(n ? static_cast<double>(k) / n : 0); };
  Json out;
  out["task"] = "plover-pairs";
  out["pairs"] = all.n;
  out["sentences"] = texts.size();
  out["full"] = share(all.full, all.n);
  out["type_only"] = share(all.type, all.n);
  out["actors_only"] = share(all.actors, all.n);
  out["no_event"] = share(static_cast<int>(no_event), all.n);
  out["failed"] = failed;
  out["gold_without_source"] = gold_no_source;
  out["gold_without_target"] = gold_no_target;
  std::sort(per_type.begin(), per_type.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Json pt;
  for (const auto& [name, t] : per_type)
    pt[name] = Json{{"n", t.n}, {"full", share(t.full, t.n)}, {"type", share(t.type, t.n)},
                    {"actors", share(t.actors, t.n)}};
  out["per_type"] = pt;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int RunEvalEvents(const EvalEventsFlags& f) {
  if (f.pentaclass.empty() && f.plover_pairs.empty()) {
    std::fprintf(stderr, "sitrep eval events: give --pentaclass F.tsv and/or --plover-pairs F.tsv\n");
    return 2;
  }
  if (f.threads < 1) {
    std::fprintf(stderr, "sitrep eval events: --threads must be at least 1\n");
    return 2;
  }
  auto engine = MakeEngine(/*require_model=*/true);
  if (!engine) return 1;
  std::unique_ptr<std::ofstream> errors;
  if (!f.errors.empty()) {
    errors = std::make_unique<std::ofstream>(f.errors);
    if (!*errors) {
      std::fprintf(stderr, "sitrep eval events: cannot write %s\n", f.errors.c_str());
      return 1;
    }
  }
  int rc = 0;
  if (!f.pentaclass.empty()) rc = std::max(rc, RunPentaclass(*engine, f, errors.get()));
  if (!f.plover_pairs.empty()) rc = std::max(rc, RunPloverPairs(*engine, f, errors.get()));
  return rc;
}

void SetupEvalEvents(CLI::App& app, int* exit_code) {
  CLI::App* eval = ParentCommand(app, "eval", "Evaluate a component against gold data");
  auto f = std::make_shared<EvalEventsFlags>();
  auto* sub = eval->add_subcommand("events", "Score event coding on labelled sentences (one JSON line per task)");
  sub->add_option("--pentaclass", f->pentaclass, "TSV: sentence, CAMEO pentaclass 0-4 (header line first)");
  sub->add_option("--plover-pairs", f->plover_pairs,
                  "TSV: sentence, marked sentence, source, target, PLOVER type (header line first)");
  sub->add_option("--strategy", f->strategy, "How a sentence's events become one class")
      ->check(CLI::IsMember({"first", "happened", "priority"}));
  sub->add_option("--errors", f->errors, "Write every miss as a JSON line to this file");
  sub->add_option("--limit", f->limit, "Score only the first N rows of each file");
  sub->add_option("--threads", f->threads, "Coding threads (Engine::Code is thread-safe)");
  sub->callback([f, exit_code] { *exit_code = RunEvalEvents(*f); });
}

}  // namespace
SITREP_REGISTER_COMMAND(SetupEvalEvents);

}  // namespace sitrep::cli
