#include "mentions/actor_finder.h"

#include <gtest/gtest.h>

#include <map>

#include "lexicon/dictionary.h"
#include "text/text_analyzer.h"

namespace sitrep::mentions {
namespace {

constexpr char kActors[] = R"(country Ukraine
  code UKR
  adj Ukrainian | Ukrainians
  capital Kyiv | Kiev
country Russia
  code RUS
  adj Russian
  capital Moscow
  seat the Kremlin
country United States | the United States | US | U.S.
  code USA
  adj American
  capital Washington
country United Kingdom | Britain
  code GBR
  adj British
country Norway
  code NOR
country Malta
  code MLT
person Joseph Muscat | Muscat
  role MLTGOV 2013-03-11 2020-01-13 hog
igo North Atlantic Treaty Organization | NATO
  code IGOWSTNAT
  desc the military alliance | the alliance
person Jens Stoltenberg | Stoltenberg
  role NORGOV 2005-10-17 2013-10-16 hog
  role IGOWSTNAT 2014-10-01 2024-09-30 head
person Boris Johnson
  role GBRGOV 2019-07-24 2022-09-06 hog
agent president | prime minister | spokesperson | chief
  code GOV
agent troops | soldiers | army
  code MIL
agent rebels | separatists
  code REB
agent State Department
  code GOV
modifier former | ex-
  effect cancel
)";

class ActorFinderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<lexicon::ActorEntry> entries;
    std::vector<std::string> errors;
    ASSERT_TRUE(lexicon::ParseActorText(kActors, "test.actors", &entries, &errors).ok());
    ASSERT_TRUE(errors.empty()) << errors[0];
    lex_ = lexicon::Lexicon::Build(std::move(entries), {}, {});
  }
  std::vector<ActorMention> Find(const std::string& text, const std::string& date) {
    doc_ = Document();
    doc_.original = text;
    EXPECT_TRUE(text::AnalyzeText(&doc_).ok());
    int32_t day = lexicon::kOpenEnd;
    lexicon::ParseBoundDate(date, false, &day);
    ActorFinder f(lex_);
    return f.FindActors(doc_, {}, day);
  }
  // As Find, with a stand-in tagger: every token gets the tag `tags` gives
  // its form, else X (the engine tags before the finder runs, no tree).
  std::vector<ActorMention> FindTagged(const std::string& text, const std::map<std::string, nlp::Upos>& tags) {
    doc_ = Document();
    doc_.original = text;
    EXPECT_TRUE(text::AnalyzeText(&doc_).ok());
    std::vector<nlp::ParsedSentence> parses(doc_.sentences.size());
    for (size_t si = 0; si < doc_.sentences.size(); ++si)
      for (uint32_t t = doc_.sentences[si].token_begin; t < doc_.sentences[si].token_end; ++t) {
        nlp::ParsedWord w;
        w.form = doc_.tokens[t].form;
        w.lemma = std::string(doc_.tokens[t].form);
        auto it = tags.find(std::string(w.form));
        w.upos = it == tags.end() ? nlp::Upos::X : it->second;
        parses[si].words.push_back(w);
      }
    ActorFinder f(lex_);
    return f.FindActors(doc_, parses, lexicon::kOpenEnd);
  }
  const ActorMention* ByText(const std::vector<ActorMention>& v, const std::string& t) {
    for (const auto& m : v)
      if (m.text == t) return &m;
    return nullptr;
  }
  std::shared_ptr<const lexicon::Lexicon> lex_;
  Document doc_;
};

TEST_F(ActorFinderTest, DatedRolesFollowTheDocumentDate) {
  auto m = Find("Jens Stoltenberg spoke.", "2021-04-07");
  ASSERT_NE(ByText(m, "Jens Stoltenberg"), nullptr);
  EXPECT_EQ(ByText(m, "Jens Stoltenberg")->code, "IGOWSTNAT");
  m = Find("Jens Stoltenberg spoke.", "2010-01-05");
  EXPECT_EQ(ByText(m, "Jens Stoltenberg")->code, "NORGOV");
}

TEST_F(ActorFinderTest, TitleCodesAnUnknownName) {
  auto m = Find("Ukrainian President Volodymyr Zelenksy spoke.", "2021-04-07");
  const ActorMention* a = ByText(m, "Ukrainian President Volodymyr Zelenksy");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->code, "UKRGOV");
  EXPECT_EQ(a->kind, "person");
  m = Find("US State Department spokesperson Ned Price told reporters.", "2021-04-07");
  a = ByText(m, "US State Department spokesperson Ned Price");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->code, "USAGOV");
}

TEST_F(ActorFinderTest, FormerCancelsTheOffice) {
  auto m = Find("Former Ukrainian President Petro Poroshenko spoke.", "2021-04-07");
  bool found = false;
  for (const auto& a : m)
    if (a.text.find("Poroshenko") != std::string::npos) {
      EXPECT_EQ(a.code, "UKR");
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST_F(ActorFinderTest, CoordinationGivesTwoActorsNeverAGluedCode) {
  auto m = Find("Worries were expressed by the United States and Britain.", "2021-04-07");
  ASSERT_NE(ByText(m, "the United States"), nullptr);
  ASSERT_NE(ByText(m, "Britain"), nullptr);
  for (const auto& a : m) EXPECT_NE(a.code, "USAGBR");
}

TEST_F(ActorFinderTest, MetonymsStandForGovernments) {
  auto m = Find("Washington backed Kiev against Moscow.", "2021-04-07");
  ASSERT_NE(ByText(m, "Washington"), nullptr);
  EXPECT_EQ(ByText(m, "Washington")->code, "USAGOV");
  EXPECT_EQ(ByText(m, "Kiev")->code, "UKRGOV");
  EXPECT_TRUE(ByText(m, "Moscow")->metonym);
}

TEST_F(ActorFinderTest, SurnameAndPronounCoreference) {
  auto m = Find("US State Department spokesperson Ned Price spoke. Price noted that he was busy.", "2021-04-07");
  const ActorMention* p = ByText(m, "Price");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->code, "USAGOV");
  EXPECT_EQ(p->how, "coref:surname");
  const ActorMention* he = ByText(m, "he");
  ASSERT_NE(he, nullptr);
  EXPECT_EQ(he->code, "USAGOV");
}

TEST_F(ActorFinderTest, DescriptionsReferBackOnlyAfterTheName) {
  auto m = Find("The alliance met.", "2021-04-07");
  EXPECT_EQ(ByText(m, "alliance"), nullptr);
  m = Find("NATO spoke. The military alliance chief tweeted.", "2021-04-07");
  bool found = false;
  for (const auto& a : m)
    if (a.text.find("military alliance chief") != std::string::npos) {
      EXPECT_EQ(a.code, "IGOWSTNAT");
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST_F(ActorFinderTest, AgentsTakeTheCountryOfTheStory) {
  auto m = Find("Ukraine said rebels attacked. Government troops responded in Ukraine.", "2021-04-07");
  const ActorMention* r = ByText(m, "rebels");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->code, "UKRREB");
}

TEST_F(ActorFinderTest, CreditLinesHaveNoActors) {
  auto m = Find("Russia spoke. (Reuters)", "2021-04-07");
  for (const auto& a : m) EXPECT_NE(a.text, "Reuters");
}

// A capital or seat that only says where something happened is a place.
TEST_F(ActorFinderTest, CapitalsInPlacePhrasesAreNotGovernments) {
  const char* kPlaces[] = {
      "Rioters in Moscow torched cars.",
      "Protesters marched through the streets of Kyiv.",
      "The Moscow peace talks collapsed.",
      "Talks in central Kyiv ended without a deal.",
      "The envoy flew back to Moscow on Monday.",
      "Crowds gathered outside the Kremlin.",
      "Residents fled from Kiev by train.",
      "Crowds gathered near Washington."};
  for (const char* text : kPlaces) {
    auto m = Find(text, "2021-04-07");
    for (const auto& a : m) EXPECT_FALSE(a.metonym) << text << ": " << a.text << " -> " << a.code;
    EXPECT_EQ(ByText(m, "Moscow"), nullptr) << text;
  }
}

// Near misses: the same capitals acting or acted upon stay governments.
TEST_F(ActorFinderTest, CapitalsActingOrActedUponStayGovernments) {
  struct Case {
    const char* text;
    const char* capital;
    const char* code;
  };
  const Case kCases[] = {
      {"Washington warned Moscow on Monday.", "Moscow", "RUSGOV"},
      {"Washington warned Moscow on Monday.", "Washington", "USAGOV"},
      {"Britain imposed sanctions against Moscow.", "Moscow", "RUSGOV"},
      {"Britain sent a warning to Moscow.", "Moscow", "RUSGOV"},
      {"Moscow's backing helped the rebels.", "Moscow", "RUSGOV"},
      {"The rebels were supported by Moscow.", "Moscow", "RUSGOV"},
      {"Russia fired missiles at Kyiv.", "Kyiv", "UKRGOV"},
      {"Aid from Washington arrived.", "Washington", "USAGOV"},
      {"The Kremlin said talks would continue.", "The Kremlin", "RUSGOV"},
      {"He lashed out at Washington.", "Washington", "USAGOV"}};
  for (const Case& c : kCases) {
    auto m = Find(c.text, "2021-04-07");
    const ActorMention* a = ByText(m, c.capital);
    ASSERT_NE(a, nullptr) << c.text;
    EXPECT_EQ(a->code, c.code) << c.text;
    EXPECT_TRUE(a->metonym) << c.text;
  }
}

// With tags, any common noun after the capital makes it a modifier; a verb
// (or a saying verb mis-tagged as a plural noun) leaves it the subject.
TEST_F(ActorFinderTest, TaggedCapitalBeforeANounIsAModifier) {
  using nlp::Upos;
  auto m = FindTagged("The Kyiv negotiators left.", {{"negotiators", Upos::NOUN}, {"left", Upos::VERB}});
  EXPECT_EQ(ByText(m, "Kyiv"), nullptr);
  m = Find("The Kyiv negotiators left.", "2021-04-07");  // untagged: not a known event noun
  ASSERT_NE(ByText(m, "Kyiv"), nullptr);
  m = FindTagged("Moscow claims victory.", {{"claims", Upos::NOUN}, {"victory", Upos::NOUN}});
  ASSERT_NE(ByText(m, "Moscow"), nullptr);
  EXPECT_EQ(ByText(m, "Moscow")->code, "RUSGOV");
  m = FindTagged("Moscow rejected the plan.", {{"rejected", Upos::VERB}, {"plan", Upos::NOUN}});
  ASSERT_NE(ByText(m, "Moscow"), nullptr);
  EXPECT_EQ(ByText(m, "Moscow")->code, "RUSGOV");
}

// "his Australian counterpart" is Australia's, not the speaker's side.
TEST_F(ActorFinderTest, CounterpartTakesTheAdjectivesCountry) {
  auto m = Find("Jens Stoltenberg spoke with his Russian counterpart by telephone.", "2010-01-05");
  const ActorMention* c = ByText(m, "Russian counterpart");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->code, "RUSGOV");
  EXPECT_EQ(c->kind, "agent");
  EXPECT_EQ(ByText(m, "his"), nullptr);  // the possessor is not a second actor here
  m = Find("The army chief met his Ukrainian counterpart.", "2021-04-07");
  // No person to take the office from: GOV.
  ASSERT_NE(ByText(m, "Ukrainian counterpart"), nullptr);
  EXPECT_EQ(ByText(m, "Ukrainian counterpart")->code, "UKRGOV");
  m = Find("The ministers met their Russian and Ukrainian counterparts.", "2021-04-07");
  ASSERT_NE(ByText(m, "Russian"), nullptr);
  EXPECT_EQ(ByText(m, "Russian")->code, "RUSGOV");
  ASSERT_NE(ByText(m, "Ukrainian counterparts"), nullptr);
  EXPECT_EQ(ByText(m, "Ukrainian counterparts")->code, "UKRGOV");
  // The counterpart's country is not the story's: the president stays countryless.
  m = Find("The president called his Russian counterpart.", "2021-04-07");
  ASSERT_NE(ByText(m, "president"), nullptr);
  EXPECT_EQ(ByText(m, "president")->code.find("RUS"), std::string::npos);
  ASSERT_NE(ByText(m, "Russian counterpart"), nullptr);
  EXPECT_EQ(ByText(m, "Russian counterpart")->code, "RUSGOV");
}

// Near misses: an adjective before any other noun stays a bare adjective,
// and a counterpart with no adjective gets no country.
TEST_F(ActorFinderTest, AdjectiveWithoutCounterpartStaysAnAdjective) {
  auto m = Find("Jens Stoltenberg spoke about his Russian trip.", "2010-01-05");
  const ActorMention* a = ByText(m, "Russian");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->code, "RUS");
  EXPECT_TRUE(a->adjective_only);
  ASSERT_NE(ByText(m, "his"), nullptr);
  EXPECT_EQ(ByText(m, "his")->code, "NORGOV");
  m = Find("Jens Stoltenberg met his counterpart.", "2010-01-05");
  for (const auto& x : m) EXPECT_EQ(x.text.find("counterpart"), std::string::npos) << x.text;
}

// A known person in no office on the date keeps a country rather than an
// empty code; in office, the office's code as before.
TEST_F(ActorFinderTest, OutOfOfficePeopleKeepTheirCountry) {
  auto m = Find("Boris Johnson spoke.", "2023-05-01");
  ASSERT_NE(ByText(m, "Boris Johnson"), nullptr);
  EXPECT_EQ(ByText(m, "Boris Johnson")->code, "GBR");
  EXPECT_EQ(ByText(m, "Boris Johnson")->kind, "person");
  m = Find("Boris Johnson spoke.", "2021-04-07");
  EXPECT_EQ(ByText(m, "Boris Johnson")->code, "GBRGOV");
  // Between two offices the nearest one with a country (the IGO has none).
  m = Find("Jens Stoltenberg spoke.", "2014-01-01");
  EXPECT_EQ(ByText(m, "Jens Stoltenberg")->code, "NOR");
  // Unknown names still have no code.
  m = Find("Then Kofi Mensah spoke.", "2021-04-07");
  const ActorMention* u = ByText(m, "Kofi Mensah");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->kind, "unknown");
  EXPECT_EQ(u->code, "");
}

// A one-word person alias that is also a city is the city after a place
// preposition, the person elsewhere.
TEST_F(ActorFinderTest, PersonAliasAfterAPlacePrepositionIsThePlace) {
  auto m = Find("Iran and the United States held talks in Muscat.", "2015-05-01");
  EXPECT_EQ(ByText(m, "Muscat"), nullptr);
  m = Find("Muscat said talks would resume.", "2015-05-01");
  ASSERT_NE(ByText(m, "Muscat"), nullptr);
  EXPECT_EQ(ByText(m, "Muscat")->code, "MLTGOV");
  m = Find("Voters had confidence in Muscat.", "2015-05-01");
  ASSERT_NE(ByText(m, "Muscat"), nullptr);
  m = Find("Britain sent a letter to Muscat.", "2015-05-01");
  ASSERT_NE(ByText(m, "Muscat"), nullptr);
}

}  // namespace
}  // namespace sitrep::mentions
