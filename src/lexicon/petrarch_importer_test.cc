#include "lexicon/petrarch_importer.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "base/paths.h"
#include "lexicon/dictionary.h"
#include "lexicon/lexicon.h"

namespace sitrep::lexicon {
namespace {

bool Contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// The converted text must parse cleanly with sitrep's own readers.
void ExpectParses(const PetrarchImporter& imp) {
  std::vector<ActorEntry> actors;
  std::vector<Trigger> triggers;
  std::vector<std::string> errors;
  ASSERT_TRUE(ParseActorText(imp.ActorsText(), "imported.actors", &actors, &errors).ok());
  ASSERT_TRUE(ParsePatternText(imp.PatternsText(), "imported.patterns", &triggers, &errors).ok());
  EXPECT_TRUE(errors.empty()) << errors.front();
}

TEST(PetrarchImporter, TwoDigitYears) {
  int32_t d;
  bool two = false;
  ASSERT_TRUE(ParseTabariDate("090120", &d, &two));
  EXPECT_TRUE(two);
  EXPECT_EQ(FormatDays(d), "2009-01-20");
  ASSERT_TRUE(ParseTabariDate("490101", &d));
  EXPECT_EQ(FormatDays(d), "2049-01-01");
  ASSERT_TRUE(ParseTabariDate("500101", &d));
  EXPECT_EQ(FormatDays(d), "1950-01-01");
  ASSERT_TRUE(ParseTabariDate("991231", &d));
  EXPECT_EQ(FormatDays(d), "1999-12-31");
  ASSERT_TRUE(ParseTabariDate("19270101", &d, &two));
  EXPECT_FALSE(two);
  EXPECT_EQ(FormatDays(d), "1927-01-01");
  EXPECT_FALSE(ParseTabariDate("2004017", &d));  // seven digits
  EXPECT_FALSE(ParseTabariDate("091320", &d));   // month 13
  EXPECT_FALSE(ParseTabariDate("", &d));
}

TEST(PetrarchImporter, DatedRolesSynonymsAndStaleFlags) {
  PetrarchImportOptions o;
  o.today = DaysFromCivil(2024, 6, 1);
  PetrarchImporter imp(o);
  imp.AddActorText(
      "# comment line\n"
      "<!-- a comment\n over two lines [XXX] -->\n"
      "BARACK_OBAMA_  # CountryInfo.txt\n"
      "+PRESIDENT_OBAMA\n"
      "\t[USAELI 050103-090119]\n"
      "\t[USAGOV >090120]\n"
      "GOLLUM\n"
      "+SMEAGOL\n"
      "\t[HOB < 950601]\n"
      "\t[HOBGOV 19950601 - 19990815]\n"
      "\t[HOBREB > 990816]\n"
      "ABDUL_RAHIM_HATEF_\n"
      "\t[AFGELI 440101-920416]\n"
      "\t[AFGELI]\n"
      "ANN_VENEMAN_\t[USAGOV 010120-050120] [IGOUNOKID >150501]# same-line roles\n"
      "GONDOR [GON]\n"
      "+MINAS_TIRITH\n"
      "THE_UNITED_NATIONS_ [IGOUNO]\n"
      "U.N._\n"
      "LORIEN  [ELR/GAL]\n",
      "test.actors.txt");
  const auto& r = imp.report();
  std::string a = imp.ActorsText();
  EXPECT_TRUE(Contains(a, "person Barack Obama | President Obama\n")) << a;
  EXPECT_TRUE(Contains(a, "  role USAELI 2005-01-03 2009-01-19\n")) << a;
  EXPECT_TRUE(Contains(a, "  role USAGOV 2009-01-20 -  # stale? open-ended since 2009-01-20")) << a;
  EXPECT_TRUE(Contains(a, "  role HOB - 1995-06-01\n")) << a;
  EXPECT_TRUE(Contains(a, "  role HOBGOV 1995-06-01 1999-08-15\n")) << a;
  // 44 alone would be 2044, after the 1992 end: read as 1944 and counted.
  EXPECT_TRUE(Contains(a, "  role AFGELI 1944-01-01 1992-04-16\n")) << a;
  EXPECT_TRUE(Contains(a, "  code AFGELI\n")) << a;
  EXPECT_EQ(r.repaired_years, 1u);
  EXPECT_TRUE(Contains(a, "  role IGOUNOKID 2015-05-01 -\n")) << a;  // open-ended, but after 2010
  // No existing lexicon to ask: a three-letter code is a state (CAMEO's shape).
  EXPECT_TRUE(Contains(a, "country Gondor | Minas Tirith\n  code GON\n")) << a;
  EXPECT_TRUE(Contains(a, "igo the United Nations\n")) << a;
  EXPECT_FALSE(Contains(a, "XXX"));
  EXPECT_FALSE(Contains(a, "Lorien"));
  EXPECT_EQ(r.stale_roles, 2u);  // Obama USAGOV, Gollum HOBREB
  EXPECT_EQ(r.persons, 4u);
  EXPECT_EQ(r.dropped_entries, 2u);  // U.N. (no code), Lorien (several codes)
  ExpectParses(imp);
}

TEST(PetrarchImporter, NeverOverridesSitrepAndReportsClashes) {
  std::vector<ActorEntry> ours;
  std::vector<std::string> errors;
  ASSERT_TRUE(ParseActorText("person Barack Obama | Obama\n"
                             "  role USAGOV 2009-01-20 2017-01-20 hos+hog\n"
                             "  role USAELI 2017-01-21 -\n"
                             "country Israel\n  code ISR\n"
                             "agent spokesman | spokesperson\n  code GOV\n",
                             "ours.actors", &ours, &errors)
                  .ok());
  ASSERT_TRUE(errors.empty());
  auto lex = Lexicon::Build(ours, {}, {});
  PetrarchImportOptions o;
  o.existing = lex.get();
  o.today = DaysFromCivil(2024, 6, 1);
  PetrarchImporter imp(o);
  imp.AddActorText("BARACK_OBAMA_\n+OBAMA_\n+PRESIDENT_OBAMA\n\t[USAGOV >160120]\nISRAEL [ISR]\n", "x.txt");
  imp.AddAgentText("!PERSON! = MAN, MEN, PERSON\nSPOKES!PERSON! [~MED]\nPOLICE {} [~COP]\n", "ag.txt");
  const auto& r = imp.report();
  std::string a = imp.ActorsText();
  EXPECT_FALSE(Contains(a, "Barack Obama |"));
  EXPECT_TRUE(Contains(a, "person President Obama\n")) << a;
  EXPECT_FALSE(Contains(a, "country Israel"));
  EXPECT_TRUE(Contains(a, "President Obama")) << a;  // an alias sitrep lacks is kept
  // Open-ended from 2016 (not before 2010) but sitrep codes Obama USAELI now.
  EXPECT_EQ(r.stale_roles, 1u);
  ASSERT_EQ(r.stale.size(), 1u);
  EXPECT_TRUE(Contains(r.stale[0], "USAELI")) << r.stale[0];
  EXPECT_EQ(r.skipped_duplicates, 3u);  // Barack Obama, Obama, Israel
  EXPECT_EQ(r.clashes, 2u);             // spokesman, spokesperson -> MED vs GOV
  ASSERT_EQ(r.clash_list.size(), 2u);
  EXPECT_TRUE(Contains(r.clash_list[0], "'spokesman' -> MED, sitrep: GOV")) << r.clash_list[0];
  EXPECT_TRUE(Contains(a, "agent spokesmen\n  code MED\n")) << a;
  EXPECT_TRUE(Contains(a, "agent police\n  code COP\n")) << a;  // {}: no plural
  ExpectParses(imp);
}

TEST(PetrarchImporter, AgentsPluralsAndPrefixCodes) {
  PetrarchImporter imp({});
  imp.AddAgentText(
      "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\n"
      "AUTHORITY  [~GOV]\n"
      "SOLDIER  [~MIL]\n"
      "HUMAN_RIGHTS_BODY  [NGO~]\n"
      "!MINST! = MINISTER, MINISTRY\n"
      "!MINST!_OF_SILLY_WALKS [~GOV]\n",
      "ag.txt");
  std::string a = imp.ActorsText();
  EXPECT_TRUE(Contains(a, "agent attorney general | attorneys general | authority | authorities | minister of silly "
                          "walks | ministry of silly walks\n  code GOV\n"))
      << a;
  EXPECT_TRUE(Contains(a, "agent soldier | soldiers\n  code MIL\n")) << a;
  EXPECT_TRUE(Contains(a, "agent human rights body | human rights bodies\n  code NGO\n")) << a;
  EXPECT_EQ(imp.report().prefix_agents, 1u);
  EXPECT_EQ(imp.report().agent_entries, 3u);
  ExpectParses(imp);
}

TEST(PetrarchImporter, VerbPatterns) {
  PetrarchImportOptions o;
  o.event_codes = {"010", "040", "042", "043", "064", "112", "0332", "036", "070", "172", "030", "190", "223"};
  PetrarchImporter imp(o);
  imp.AddVerbText(
      "&CURRENCY\n+DOLLARS\n+SWISS FRANCS\n\n"
      "&PREPOSIT1_\n+AGAINST\n+ON\n\n"
      "--- ATTACK [190] ---\n"
      "ATTACK\n"
      "ASSAULT {ASSAULTS ASSAULTED} [223]\n"
      "+BEAT_UP\n"
      "RE_+ARREST\n"
      "- * &PREPOSIT1 +  [112]\n"
      "- * + THAT $ WILL PULLOUT [064]\n"
      "- PLANES_*  [223]\n"
      "- * {PEACE TALKS} WITH + [036:036]\n"
      "- * (TO) [042:043]\n"
      "- * &CURRENCY [070]\n"
      "- * RESOLUTION [987]\n"
      "- * TO RECONSIDER [010]\n"
      "- * [---]\n"
      "- * DIPLOMATIC TIES [064]\n"
      "~ a (a b ATTACK) SAY = a b 015\n",
      "v.txt");
  const auto& r = imp.report();
  std::string p = imp.PatternsText();
  EXPECT_EQ(r.patterns, 10u);
  EXPECT_TRUE(Contains(p, "verb attack  #")) << p;
  EXPECT_TRUE(Contains(p, "  190 obj=$T  # verb code [190]\n")) << p;
  EXPECT_TRUE(Contains(p, "  112 against|on=$T  # v.txt:")) << p;
  EXPECT_TRUE(Contains(p, "  036 obj=talks|talk with=$T mutual  # v.txt:")) << p;
  EXPECT_TRUE(Contains(p, "  070 obj=dollars|dollar|francs|franc  # v.txt:")) << p;
  EXPECT_TRUE(Contains(p, "  010 xcomp=reconsider  # v.txt:")) << p;
  EXPECT_TRUE(Contains(p, "  --- ")) << p;
  EXPECT_TRUE(Contains(p, "  064 obj=ties|tie  # v.txt:")) << p;
  EXPECT_TRUE(Contains(p, "verb assault  #")) << p;
  EXPECT_TRUE(Contains(p, "  223 obj=$T  # verb code [223]\n")) << p;
  EXPECT_TRUE(Contains(p, "verb beat  #")) << p;
  EXPECT_TRUE(Contains(p, "  190 prt=up obj=$T")) << p;
  EXPECT_FALSE(Contains(p, "verb re")) << p;
  // Unconvertible ones are listed, with reasons.
  EXPECT_TRUE(Contains(p, "# v.txt:") && Contains(p, "source ($) after the verb")) << p;
  EXPECT_TRUE(Contains(p, "words before the verb")) << p;
  EXPECT_TRUE(Contains(p, "preposition without an object")) << p;
  EXPECT_TRUE(Contains(p, "code 987 is not in the CAMEO table")) << p;
  EXPECT_TRUE(Contains(p, "verb transformations are not converted")) << p;
  EXPECT_EQ(r.patterns_unconvertible, 4u);
  EXPECT_EQ(r.patterns_converted, 6u);
  EXPECT_EQ(r.patterns_loosened, 3u);  // {PEACE TALKS}, DIPLOMATIC TIES, SWISS FRANCS
  EXPECT_EQ(r.transformations, 1u);
  ExpectParses(imp);
}

TEST(PetrarchImporter, ParsesUnitTestRecords) {
  auto recs = ParsePetrarchRecords(
      "<Sentences>\n<!-- <Sentence date=\"19950101\" id=\"X\"><Text>no</Text></Sentence> -->\n"
      "<Sentence date = \"19950102\" id =\"DEMO-00\" category=\"DEMO\" sentence=\"true\">\n"
      "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
      "<EventCoding sourcecode='ARN' targetcode=\"MOR\" eventcode=\"112\"></EventCoding>\n"
      "<Text>\nArnor is about to restore\n ties with Gondor &amp; Mordor.\n</Text>\n<Parse>(ROOT)</Parse>\n"
      "</Sentence>\n"
      "<Sentence date=\"19950103\" id=\"N-1\" category=\"VERB\">\n"
      "<EventCoding noevents = \"True\"></EventCoding>\n<Text>Nothing.</Text></Sentence>\n</Sentences>\n");
  ASSERT_TRUE(recs.ok());
  ASSERT_EQ(recs->size(), 2u);
  const auto& r = (*recs)[0];
  EXPECT_EQ(r.id, "DEMO-00");
  EXPECT_EQ(r.date, "1995-01-02");
  EXPECT_EQ(r.text, "Arnor is about to restore ties with Gondor & Mordor.");
  ASSERT_EQ(r.expected.size(), 2u);
  EXPECT_EQ(r.expected[1].source, "ARN");
  EXPECT_EQ(r.expected[1].target, "MOR");
  EXPECT_EQ(r.expected[1].code, "112");
  EXPECT_TRUE((*recs)[1].noevents);
  EXPECT_FALSE(ParsePetrarchRecords("<x/>").ok());
}

// The real dictionaries, when the shared data is present beside the repo.
TEST(PetrarchImporter, RealFilesHaveSaneCounts) {
  const std::string dir = SITREP_SOURCE_DIR "/../shared/data/petrarch2";
  if (!std::filesystem::exists(dir + "/Phoenix.Countries.actors.txt")) GTEST_SKIP() << dir << " absent";
  PetrarchImportOptions o;
  o.today = DaysFromCivil(2024, 6, 1);
  PetrarchImporter imp(o);
  for (const char* f : {"Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                        "Phoenix.MilNonState.actors.txt"})
    ASSERT_TRUE(imp.AddActorFile(dir + "/" + f).ok()) << f;
  ASSERT_TRUE(imp.AddAgentFile(dir + "/Phoenix.agents.txt").ok());
  ASSERT_TRUE(imp.AddVerbFile(dir + "/CAMEO.2.0.txt").ok());
  const auto& r = imp.report();
  EXPECT_GT(r.actor_entries, 5000u);
  EXPECT_GT(r.persons, 3000u);
  EXPECT_GT(r.roles, 10000u);
  EXPECT_GT(r.stale_roles, 100u);
  EXPECT_LT(r.stale_roles, r.roles);
  EXPECT_GT(r.agent_words, 1000u);
  EXPECT_GT(r.patterns, 4000u);
  EXPECT_GT(r.patterns_converted, r.patterns / 3);
  EXPECT_GT(r.patterns_unconvertible, 0u);
  EXPECT_EQ(r.patterns_converted + r.patterns_unconvertible, r.patterns);
  EXPECT_GT(r.triggers, 200u);
  ExpectParses(imp);
  auto recs = ParsePetrarchRecords(ReadFile(dir + "/PETR.UnitTest.records.xml").value());
  ASSERT_TRUE(recs.ok());
  EXPECT_GT(recs->size(), 250u);
}

}  // namespace
}  // namespace sitrep::lexicon
