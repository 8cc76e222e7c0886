// Golden tests: every testdata/golden/*.case file is one article with the
// events a careful analyst would code from it, checked against the Engine.
//
// Case file format (see docs/evaluation.md):
//
//   # known-failure: why the coder cannot do this yet      (optional)
//   # date: 2024-06-11                                      (publication date)
//   # any other comment
//   Article text, one or more lines.
//   ----
//   {"sentence":"substring","source":"RUS","target":"UKR","cameo":"19","modality":"asserted"}
//   {"forbid":{"sentence":"could attack","cameo":"19","happened":true}}
//   {"no_actors_in":"Reporting by"}
//
// Keys of an expected (or forbidden) event; all given keys must hold:
//   sentence    substring of the event's sentence
//   source, target   CAMEO actor code prefix, or an array of prefixes (any
//               matches); null or "" = no actor on that side
//   cameo       event code prefix or array of prefixes
//   plover      PLOVER type (exact)
//   modality    asserted|reported|hypothetical|future|denied, or an array
//   negated, historical, mutual, happened    booleans (happened = Event::Happened())
//   killed      a casualty record of kind killed with exactly this count
// With "mutual": true the expected sides may come in either order.
// `no_actors_in` names a line of the article (by a substring) in which no
// actor mention and no event may be found (credit lines, bylines).
//
// A case whose header says `# known-failure: REASON` is reported (printed)
// instead of failing while it fails, so that the suite stays green and still
// shows the gap; when such a case passes, the runner says so.
//
// Needs the NLP model (models/en_ewt.model, found like the CLI finds it, or
// via SITREP_HOME); without it the golden cases are skipped.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "sitrep/engine.h"
#include "store/event_json.h"

namespace sitrep {
namespace {

using Json = nlohmann::json;

std::string GoldenDir() { return std::string(SITREP_SOURCE_DIR) + "/testdata/golden"; }

struct Expectation {
  enum class Kind { kExpect, kForbid, kNoActors };
  Kind kind = Kind::kExpect;
  Json spec;     // the event keys (kExpect, kForbid)
  std::string line_text;  // kNoActors: substring naming the article line
  int line = 0;  // line in the case file
};

struct GoldenCase {
  std::string name;
  std::string path;
  std::string date;
  std::string known_failure;  // empty unless marked
  std::string article;
  std::vector<Expectation> expectations;
};

// Parses a case file. InvalidArgument with file:line for malformed input.
Result<GoldenCase> ParseCase(const std::string& path, const std::string& text) {
  GoldenCase c;
  c.path = path;
  c.name = std::filesystem::path(path).stem().string();
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  bool in_header = true, in_article = true;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string where = path + ":" + std::to_string(line_no);
    if (in_article) {
      if (line == "----") {
        in_article = false;
        continue;
      }
      if (in_header && line.rfind("#", 0) == 0) {
        std::string body = line.substr(1);
        body.erase(0, body.find_first_not_of(' '));
        if (body.rfind("known-failure:", 0) == 0) {
          c.known_failure = body.substr(14);
          c.known_failure.erase(0, c.known_failure.find_first_not_of(' '));
          if (c.known_failure.empty()) return Status::InvalidArgument(where + ": known-failure needs a reason");
        } else if (body.rfind("date:", 0) == 0) {
          c.date = body.substr(5);
          c.date.erase(0, c.date.find_first_not_of(' '));
        }
        continue;
      }
      in_header = false;
      c.article += line;
      c.article += '\n';
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    Json j = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument(where + ": not a JSON object");
    Expectation e;
    e.line = line_no;
    if (j.contains("forbid")) {
      if (!j["forbid"].is_object() || j["forbid"].empty())
        return Status::InvalidArgument(where + ": forbid needs a non-empty object");
      e.kind = Expectation::Kind::kForbid;
      e.spec = j["forbid"];
    } else if (j.contains("no_actors_in")) {
      if (!j["no_actors_in"].is_string()) return Status::InvalidArgument(where + ": no_actors_in needs a string");
      e.kind = Expectation::Kind::kNoActors;
      e.line_text = j["no_actors_in"].get<std::string>();
    } else {
      if (j.empty()) return Status::InvalidArgument(where + ": empty expectation");
      e.spec = j;
    }
    static const char* kKeys[] = {"sentence", "source", "target",  "cameo",    "plover", "modality",
                                  "negated",  "historical", "mutual", "happened", "killed"};
    if (e.kind != Expectation::Kind::kNoActors) {
      for (auto it = e.spec.begin(); it != e.spec.end(); ++it) {
        if (std::find(std::begin(kKeys), std::end(kKeys), it.key()) == std::end(kKeys))
          return Status::InvalidArgument(where + ": unknown key '" + it.key() + "'");
      }
    }
    c.expectations.push_back(std::move(e));
  }
  if (in_article) return Status::InvalidArgument(path + ": no '----' line after the article");
  if (c.article.empty()) return Status::InvalidArgument(path + ": empty article");
  return c;
}

bool HasPrefix(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// A string or an array of strings; true when `pred` holds for one of them.
template <typename Pred>
bool AnyOf(const Json& want, Pred pred) {
  if (want.is_array()) {
    for (const auto& w : want)
      if (w.is_string() && pred(w.get<std::string>())) return true;
    return false;
  }
  return want.is_string() && pred(want.get<std::string>());
}

bool ActorMatches(const std::optional<EventActor>& actor, const Json& want) {
  bool none = !actor || (actor->code.empty() && actor->text.empty());
  if (want.is_null() || (want.is_string() && want.get<std::string>().empty())) return none;
  if (!actor) return false;
  return AnyOf(want, [&](const std::string& p) { return HasPrefix(actor->code, p); });
}

// True when `e` satisfies every key of `spec`.
bool EventMatches(const Event& e, const Json& spec) {
  if (spec.contains("sentence") && e.sentence.find(spec["sentence"].get<std::string>()) == std::string::npos)
    return false;
  if (spec.contains("cameo") && !AnyOf(spec["cameo"], [&](const std::string& p) { return HasPrefix(e.cameo, p); }))
    return false;
  if (spec.contains("plover") && e.plover_type != spec["plover"].get<std::string>()) return false;
  if (spec.contains("modality") && !AnyOf(spec["modality"], [&](const std::string& m) { return e.modality == m; }))
    return false;
  if (spec.contains("negated") && e.negated != spec["negated"].get<bool>()) return false;
  if (spec.contains("historical") && e.historical != spec["historical"].get<bool>()) return false;
  if (spec.contains("happened") && e.Happened() != spec["happened"].get<bool>()) return false;
  bool want_mutual = spec.contains("mutual") && spec["mutual"].get<bool>();
  if (spec.contains("mutual") && e.mutual != want_mutual) return false;
  if (spec.contains("killed")) {
    long n = spec["killed"].get<long>();
    bool found = std::any_of(e.fatalities.begin(), e.fatalities.end(),
                             [&](const Casualty& c) { return c.kind == "killed" && c.count == n; });
    if (!found) return false;
  }
  const Json null_json;
  const Json& src = spec.contains("source") ? spec["source"] : null_json;
  const Json& tgt = spec.contains("target") ? spec["target"] : null_json;
  auto side_ok = [&](const std::optional<EventActor>& a, const Json& want, bool given) {
    return !given || ActorMatches(a, want);
  };
  bool has_src = spec.contains("source"), has_tgt = spec.contains("target");
  if (side_ok(e.source, src, has_src) && side_ok(e.target, tgt, has_tgt)) return true;
  return want_mutual && side_ok(e.source, tgt, has_tgt) && side_ok(e.target, src, has_src);
}

std::string Brief(const Event& e) {
  auto actor = [](const std::optional<EventActor>& a) {
    if (!a) return std::string("-");
    return (a->code.empty() ? std::string("?") : a->code) + "(" + a->text + ")";
  };
  std::string s = actor(e.source) + " -> " + actor(e.target) + " " + e.cameo + " " + e.modality;
  if (e.negated) s += " negated";
  if (e.historical) s += " historical";
  if (e.mutual) s += " mutual";
  s += " [" + e.pattern + "]";
  return s;
}

// The article line containing `needle` as a byte range of the article, or
// {0,0} when no line contains it.
std::pair<uint32_t, uint32_t> LineContaining(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return {0, 0};
  size_t b = text.rfind('\n', at);
  b = (b == std::string::npos) ? 0 : b + 1;
  size_t e = text.find('\n', at);
  if (e == std::string::npos) e = text.size();
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

// Checks `result` against the case; returns one message per failed expectation.
std::vector<std::string> CheckCase(const GoldenCase& c, const DocumentResult& result) {
  std::vector<std::string> failures;
  for (const Expectation& x : c.expectations) {
    std::string where = c.path + ":" + std::to_string(x.line) + ": ";
    switch (x.kind) {
      case Expectation::Kind::kExpect: {
        bool found = std::any_of(result.events.begin(), result.events.end(),
                                 [&](const Event& e) { return EventMatches(e, x.spec); });
        if (!found) {
          std::string msg = where + "missing " + x.spec.dump();
          std::string sent = x.spec.value("sentence", "");
          for (const Event& e : result.events)
            if (sent.empty() || e.sentence.find(sent) != std::string::npos) msg += "\n      got: " + Brief(e);
          failures.push_back(msg);
        }
        break;
      }
      case Expectation::Kind::kForbid:
        for (const Event& e : result.events)
          if (EventMatches(e, x.spec)) failures.push_back(where + "forbidden " + x.spec.dump() + "\n      got: " + Brief(e));
        break;
      case Expectation::Kind::kNoActors: {
        auto [b, e] = LineContaining(result.doc.original, x.line_text);
        if (b == e) {
          failures.push_back(where + "no article line contains '" + x.line_text + "'");
          break;
        }
        for (const ActorOut& a : result.actors)
          if (a.begin < e && b < a.end) failures.push_back(where + "actor in credit line: " + a.text + " " + a.code);
        for (const Event& ev : result.events)
          if (ev.trigger_span[0] < e && b < ev.trigger_span[1])
            failures.push_back(where + "event in credit line: " + Brief(ev));
        break;
      }
    }
  }
  return failures;
}

std::vector<std::string> ListCaseFiles() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(GoldenDir(), ec))
    if (entry.path().extension() == ".case") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

Result<GoldenCase> LoadCase(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseCase(path, text);
}

Result<DocumentResult> CodeCase(const Engine& engine, const GoldenCase& c) {
  Document d;
  d.original = c.article;
  d.meta.id = c.name;
  d.meta.date = c.date;
  return engine.Code(std::move(d));
}

// One engine for the whole binary (Create is slow; Code is const and
// thread-safe). Null when the NLP model is missing.
const Engine* SharedEngine(std::string* why) {
  static std::string error;
  static std::unique_ptr<Engine> engine = [] {
    EngineOptions o;
    o.require_model = true;
    Result<std::unique_ptr<Engine>> r = Engine::Create(o);
    if (!r.ok()) {
      error = r.status().ToString();
      return std::unique_ptr<Engine>();
    }
    return std::move(*r);
  }();
  if (why) *why = error;
  return engine.get();
}

struct Tally {
  std::atomic<int> passed{0}, known{0}, fixed{0}, failed{0};
};
Tally& Counts() {
  static Tally t;
  return t;
}

class GoldenSummary : public ::testing::Environment {
 public:
  void TearDown() override {
    Tally& t = Counts();
    if (t.passed + t.known + t.failed == 0) return;
    std::cout << "[ GOLDEN   ] " << t.passed << " cases pass, " << t.known << " known failures, " << t.failed
              << " failures" << (t.fixed ? ", " + std::to_string(t.fixed) + " marked known-failure now pass" : "")
              << "\n";
  }
};
[[maybe_unused]] const auto* const kSummary = ::testing::AddGlobalTestEnvironment(new GoldenSummary);

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, Case) {
  Result<GoldenCase> c = LoadCase(GetParam());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  std::string why;
  const Engine* engine = SharedEngine(&why);
  if (!engine) GTEST_SKIP() << "no NLP model (set SITREP_HOME or commit models/en_ewt.model): " << why;
  Result<DocumentResult> r = CodeCase(*engine, *c);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> failures = CheckCase(*c, *r);
  std::string report;
  for (const auto& f : failures) report += "    " + f + "\n";
  if (!c->known_failure.empty()) {
    if (failures.empty()) {
      ++Counts().fixed;
      ++Counts().passed;
      std::cout << "[ NOW PASS ] " << c->name << " is marked known-failure but passes: remove the marker\n";
    } else {
      ++Counts().known;
      std::cout << "[ KNOWN    ] " << c->name << ": " << c->known_failure << "\n" << report;
    }
    return;
  }
  if (failures.empty()) {
    ++Counts().passed;
  } else {
    ++Counts().failed;
  }
  EXPECT_TRUE(failures.empty()) << c->name << "\n" << report;
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = std::filesystem::path(info.param).stem().string();
  for (char& ch : n)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenTest, ::testing::ValuesIn(ListCaseFiles()), CaseName);

// Every case coded on several threads at once with one shared engine gives
// the same events as coding them one after another (CONVENTIONS.md §11).
TEST(GoldenSuite, ConcurrentCodingMatchesSerial) {
  std::string why;
  const Engine* engine = SharedEngine(&why);
  if (!engine) GTEST_SKIP() << "no NLP model: " << why;
  std::vector<GoldenCase> cases;
  for (const auto& path : ListCaseFiles()) {
    Result<GoldenCase> c = LoadCase(path);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    cases.push_back(std::move(*c));
  }
  ASSERT_FALSE(cases.empty());
  auto code_all = [&](size_t rotate, std::vector<std::string>* out) {
    out->assign(cases.size(), "");
    for (size_t k = 0; k < cases.size(); ++k) {
      size_t i = (k + rotate) % cases.size();
      Result<DocumentResult> r = CodeCase(*engine, cases[i]);
      std::string s = r.ok() ? "" : "error: " + r.status().ToString();
      if (r.ok())
        for (const Event& e : r->events) s += store::EventToJson(e) + "\n";
      (*out)[i] = s;
    }
  };
  std::vector<std::string> serial;
  code_all(0, &serial);
  const size_t kThreads = std::max(2u, std::thread::hardware_concurrency());
  std::vector<std::vector<std::string>> parallel(kThreads);
  std::vector<std::thread> pool;
  for (size_t t = 0; t < kThreads; ++t) pool.emplace_back(code_all, t, &parallel[t]);
  for (auto& th : pool) th.join();
  for (size_t t = 0; t < kThreads; ++t)
    for (size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(parallel[t][i], serial[i]) << cases[i].name << " thread " << t;
}

// The runner itself: a deliberately wrong expectation must fail.
TEST(GoldenRunner, MatchesPrefixesSidesAndPolarity) {
  Event e;
  e.sentence = "Russian troops shelled Kharkiv.";
  e.source = EventActor{};
  e.source->code = "RUSMIL";
  e.source->text = "Russian troops";
  e.target = EventActor{};
  e.target->code = "UKR";
  e.target->text = "Kharkiv";
  e.cameo = "194";
  EXPECT_TRUE(EventMatches(e, Json::parse(R"({"sentence":"shelled","source":"RUS","target":"UKR","cameo":"19"})")));
  EXPECT_TRUE(EventMatches(e, Json::parse(R"({"source":["USA","RUS"],"happened":true})")));
  EXPECT_FALSE(EventMatches(e, Json::parse(R"({"source":"UKR","target":"RUS"})")));
  EXPECT_FALSE(EventMatches(e, Json::parse(R"({"source":"UKR","target":"RUS","mutual":true})")));
  EXPECT_FALSE(EventMatches(e, Json::parse(R"({"cameo":"195"})")));
  EXPECT_FALSE(EventMatches(e, Json::parse(R"({"source":null})")));
  EXPECT_FALSE(EventMatches(e, Json::parse(R"({"sentence":"bombed"})")));
  e.mutual = true;
  EXPECT_TRUE(EventMatches(e, Json::parse(R"({"source":"UKR","target":"RUS","mutual":true})")));
  e.modality = "hypothetical";
  EXPECT_FALSE(EventMatches(e, Json::parse(R"({"happened":true})")));
  EXPECT_TRUE(EventMatches(e, Json::parse(R"({"modality":["future","hypothetical"]})")));
  e.source.reset();
  EXPECT_TRUE(EventMatches(e, Json::parse(R"({"source":null,"target":"UKR"})")));
  e.fatalities.push_back(Casualty{});
  e.fatalities.back().count = 12;
  EXPECT_TRUE(EventMatches(e, Json::parse(R"({"killed":12})")));
  EXPECT_FALSE(EventMatches(e, Json::parse(R"({"killed":13})")));
}

TEST(GoldenRunner, RejectsMalformedCases) {
  EXPECT_FALSE(ParseCase("x.case", "Some text.\n").ok());                       // no ----
  EXPECT_FALSE(ParseCase("x.case", "----\n{}\n").ok());                          // no article
  EXPECT_FALSE(ParseCase("x.case", "Text.\n----\n{\"sentense\":\"a\"}\n").ok()); // unknown key
  EXPECT_FALSE(ParseCase("x.case", "Text.\n----\nnot json\n").ok());
  EXPECT_FALSE(ParseCase("x.case", "# known-failure:\nText.\n----\n").ok());    // no reason
  Result<GoldenCase> c = ParseCase("dir/a-b.case",
                                   "# known-failure: parser\n# date: 2024-01-02\nOne.\nTwo.\n----\n"
                                   "{\"cameo\":\"19\"}\n# comment\n{\"forbid\":{\"cameo\":\"01\"}}\n"
                                   "{\"no_actors_in\":\"Two\"}\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->name, "a-b");
  EXPECT_EQ(c->known_failure, "parser");
  EXPECT_EQ(c->date, "2024-01-02");
  EXPECT_EQ(c->article, "One.\nTwo.\n");
  ASSERT_EQ(c->expectations.size(), 3u);
  EXPECT_EQ(c->expectations[1].kind, Expectation::Kind::kForbid);
  EXPECT_EQ(c->expectations[2].kind, Expectation::Kind::kNoActors);
  EXPECT_EQ(c->expectations[2].line, 9);
}

}  // namespace
}  // namespace sitrep
