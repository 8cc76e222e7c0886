#include "mentions/casualty_finder.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "text/text_analyzer.h"

namespace sitrep::mentions {
namespace {

using Q = CountQualifier;
using K = CasualtyKind;

std::unique_ptr<Document> Analyze(std::string_view text) {
  auto doc = std::make_unique<Document>();
  doc->original = std::string(text);
  Status st = text::AnalyzeText(doc.get());
  EXPECT_TRUE(st.ok()) << st.ToString();
  return doc;
}

std::vector<CasualtyMention> InSentence(const Document& doc) {
  std::vector<CasualtyMention> all;
  for (const Sentence& s : doc.sentences) {
    auto v = FindCasualties(doc, s, nullptr);
    all.insert(all.end(), v.begin(), v.end());
  }
  return all;
}

struct Case {
  const char* text;
  int64_t count;
  Q qualifier;
  K kind;
  const char* victim;    // head noun as written, "" when none
  int cumulative;        // 1 / 0, or -1 when not checked
  const char* reporter;  // "" when none, nullptr when not checked
};

// One casualty record per sentence, from many conflicts.
const Case kCases[] = {
    // Ukraine (the seed article)
    {"As a result of the fighting with government troops, more than 13,000 people have been "
     "killed, according to UN estimates.",
     13000, Q::kMoreThan, K::kKilled, "people", 1, "UN"},
    {"Since the beginning of this year alone, at least 24 soldiers have died on the Ukrainian "
     "government side.",
     24, Q::kAtLeast, K::kKilled, "soldiers", 1, ""},
    {"Separatists recently spoke of some 23 people killed in their area.", 23, Q::kApprox,
     K::kKilled, "people", 0, "Separatists"},
    {"The UN says more than 4,000 civilians have been killed since the invasion began.", 4000,
     Q::kMoreThan, K::kKilled, "civilians", 1, "UN"},
    {"The shelling killed one child in Donetsk.", 1, Q::kExact, K::kKilled, "child", 0, ""},
    // Nigeria, Sahel
    {"Gunmen killed 12 civilians in an attack on a village in Zamfara state.", 12, Q::kExact,
     K::kKilled, "civilians", 0, ""},
    {"Two dozen soldiers were wounded in the ambush in Borno.", 24, Q::kExact, K::kInjured,
     "soldiers", 0, ""},
    {"Boko Haram fighters abducted 276 schoolgirls from Chibok.", 276, Q::kExact, K::kAbducted,
     "schoolgirls", 0, ""},
    {"Gunmen kidnapped more than 300 students from a school in Kankara.", 300, Q::kMoreThan,
     K::kAbducted, "students", 0, ""},
    {"No fewer than 70 worshippers died in the mosque attack in Kano.", 70, Q::kAtLeast,
     K::kKilled, "worshippers", 0, ""},
    {"Bandits abducted dozens of villagers in Katsina state.", 12, Q::kAtLeast, K::kAbducted,
     "villagers", 0, ""},
    {"Four Malian soldiers died when their vehicle hit a landmine.", 4, Q::kExact, K::kKilled,
     "soldiers", 0, ""},
    {"Twenty-one soldiers were killed in an ambush in Tillaberi.", 21, Q::kExact, K::kKilled,
     "soldiers", 0, ""},
    {"Soldiers in Burkina Faso killed 50 jihadists, the army said.", 50, Q::kExact, K::kKilled,
     "jihadists", 0, "army"},
    {"At least 18 peacekeepers have been wounded in attacks in northern Mali this year.", 18,
     Q::kAtLeast, K::kInjured, "peacekeepers", -1, ""},
    // Somalia, Sudan, South Sudan, Ethiopia
    {"Hundreds of thousands have been displaced by the fighting in Tigray.", 100000, Q::kAtLeast,
     K::kDisplaced, "", 1, ""},
    {"Sixty-five civilians were killed in a drone strike in Tigray, according to local "
     "officials.",
     65, Q::kExact, K::kKilled, "civilians", 0, "local officials"},
    {"About 1.5 million people have fled the fighting in Sudan.", 1500000, Q::kApprox,
     K::kDisplaced, "people", 1, ""},
    {"Dozens were arrested after protests in Khartoum.", 12, Q::kAtLeast, K::kArrested, "", 0,
     ""},
    {"Security forces killed at least 9 demonstrators in Khartoum on Thursday, medics said.", 9,
     Q::kAtLeast, K::kKilled, "demonstrators", 0, "medics"},
    {"The clashes in Jonglei displaced about 20,000 people.", 20000, Q::kApprox, K::kDisplaced,
     "people", 0, ""},
    {"Eleven aid workers have been abducted in South Sudan this year.", 11, Q::kExact,
     K::kAbducted, "workers", -1, ""},
    {"Some 40 Ethiopian soldiers were taken hostage by the rebels.", 40, Q::kApprox, K::kAbducted,
     "soldiers", 0, ""},
    {"Fighting in Khartoum has killed more than 400 people, the WHO said.", 400, Q::kMoreThan,
     K::kKilled, "people", -1, "WHO"},
    // Middle East
    {"Suicide bombers killed 31 people at a mosque in Peshawar.", 31, Q::kExact, K::kKilled,
     "people", 0, ""},
    {"An Israeli air strike killed 15 members of one family in Gaza.", 15, Q::kExact, K::kKilled,
     "members", 0, ""},
    {"Israeli forces arrested 15 Palestinians in overnight raids in the West Bank.", 15,
     Q::kExact, K::kArrested, "Palestinians", 0, ""},
    {"The car bomb wounded 22 people near a checkpoint in Baghdad.", 22, Q::kExact, K::kInjured,
     "people", 0, ""},
    {"The death toll from the market bombing in Kabul rose to 40, officials said.", 40,
     Q::kExact, K::kKilled, "", 1, "officials"},
    {"Fighting in Marib has killed hundreds of fighters since January.", 100, Q::kAtLeast,
     K::kKilled, "fighters", 1, ""},
    {"Over 2,000 Houthi fighters have been killed in the battle for Marib, a coalition "
     "spokesman said.",
     2000, Q::kMoreThan, K::kKilled, "fighters", -1, "coalition spokesman"},
    {"Pro-government forces killed at least 14 suspected Al-Qaeda fighters in Abyan.", 14,
     Q::kAtLeast, K::kKilled, "fighters", 0, ""},
    {"A Turkish drone strike killed two Kurdish fighters in northern Iraq.", 2, Q::kExact,
     K::kKilled, "fighters", 0, ""},
    {"The Taliban executed 12 prisoners in Kunduz province.", 12, Q::kExact, K::kKilled,
     "prisoners", 0, ""},
    {"The bombing wounded more than 100 people, the Red Crescent said.", 100, Q::kMoreThan,
     K::kInjured, "people", 0, "Red Crescent"},
    {"The toll from Saturday's attack on the church has risen to 52.", 52, Q::kExact, K::kKilled,
     "", 1, ""},
    {"Almost 250 people have been killed so far in the violence in Manipur.", 250, Q::kApprox,
     K::kKilled, "people", 1, ""},
    {"The attack claimed 17 lives.", 17, Q::kExact, K::kKilled, "", 0, ""},
    {"Up to 50 fighters may have been killed in the raid.", 50, Q::kUpTo, K::kKilled, "fighters",
     -1, ""},
    // Asia
    {"A policeman was killed in the clashes in Srinagar.", 1, Q::kExact, K::kKilled, "policeman",
     0, ""},
    {"At least 40 Rohingya villagers were massacred in Rakhine state, Amnesty International "
     "said.",
     40, Q::kAtLeast, K::kKilled, "villagers", 0, "Amnesty International"},
    {"Police shot dead three protesters in Mandalay.", 3, Q::kExact, K::kKilled, "protesters", 0,
     ""},
    {"Tens of thousands of Rohingya fled to Bangladesh.", 10000, Q::kAtLeast, K::kDisplaced,
     "Rohingya", 0, ""},
    {"Two journalists were kidnapped near Aleppo on Monday.", 2, Q::kExact, K::kAbducted,
     "journalists", 0, ""},
    {"Nearly 6,000 people were arrested in the crackdown, rights groups said.", 6000, Q::kApprox,
     K::kArrested, "people", 0, "rights groups"},
    {"Unknown gunmen killed a journalist and his driver in Kandahar.", 1, Q::kExact, K::kKilled,
     "journalist", 0, ""},
    {"An estimated 500,000 people have been displaced in Cabo Delgado.", 500000, Q::kApprox,
     K::kDisplaced, "people", 0, ""},
    {"Militants beheaded a village chief in Cabo Delgado.", 1, Q::kExact, K::kKilled, "chief", 0,
     ""},
    // Europe, the Americas
    {"Nearly 200 protesters were detained in Minsk on Sunday, a rights group said.", 200,
     Q::kApprox, K::kArrested, "protesters", 0, "rights group"},
    {"Some 300 migrants were detained by Libyan coastguards.", 300, Q::kApprox, K::kArrested,
     "migrants", 0, ""},
    {"A Colombian soldier was killed by FARC dissidents in Cauca.", 1, Q::kExact, K::kKilled,
     "soldier", 0, ""},
    {"Cartel gunmen killed a police officer in Michoacan.", 1, Q::kExact, K::kKilled, "officer",
     0, ""},
    {"The explosion injured 9 police officers in Diyarbakir.", 9, Q::kExact, K::kInjured,
     "officers", 0, ""},
    {"In total, 3,500 people have been arrested since the protests began.", 3500, Q::kExact,
     K::kArrested, "people", 1, ""},
    {"Several people were hurt when police fired tear gas.", 3, Q::kApprox, K::kInjured, "people",
     0, ""},
    {"As many as 60 people were killed in the raid on Mai Kadra.", 60, Q::kUpTo, K::kKilled,
     "people", 0, ""},
    {"Thousands have fled their homes in Cabo Delgado province.", 1000, Q::kAtLeast,
     K::kDisplaced, "", 0, ""},
    {"The air strike killed at least seven, including two children.", 7, Q::kAtLeast, K::kKilled,
     "", 0, ""},
    {"Clashes between rival militias in Tripoli left 32 dead, the health ministry said.", 32,
     Q::kExact, K::kKilled, "", 0, "health ministry"},
    {"A 25-year-old man was killed in the shooting in Port-au-Prince.", 1, Q::kExact, K::kKilled,
     "man", 0, ""},
    {"The soldiers who were killed numbered 11 in all.", 0, Q::kExact, K::kKilled, "", -1,
     nullptr},  // no count next to the trigger: expected to find nothing (count 0 = none)
    {"Troops detained a senior al-Shabaab commander in Lower Shabelle.", 1, Q::kExact,
     K::kArrested, "commander", 0, ""},
    {"Authorities said 14 people were abducted on the Kaduna highway.", 14, Q::kExact,
     K::kAbducted, "people", 0, "Authorities"},
    {"One of its eight crew members was killed, a Spanish navy spokesman said.", 1, Q::kExact,
     K::kKilled, "members", 0, "Spanish navy spokesman"},
    {"The mudslides left an estimated 25,000 people made homeless near Lima.", 25000,
     Q::kApprox, K::kDisplaced, "people", 0, ""},
    {"The state-run news agency said at least 18 rebels died in the clash.", 18, Q::kAtLeast,
     K::kKilled, "rebels", 0, "state-run news agency"},
    {"The Kremlin said 1,200 Ukrainian soldiers had been captured and 300 killed.", 300,
     Q::kExact, K::kKilled, "", -1, "Kremlin"},
};

TEST(CasualtyFinder, OneRecordPerSentence) {
  int checked = 0;
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    auto doc = Analyze(c.text);
    auto v = InSentence(*doc);
    if (c.count == 0) {
      EXPECT_TRUE(v.empty());
      continue;
    }
    ASSERT_EQ(v.size(), 1u);
    const CasualtyMention& m = v[0];
    EXPECT_EQ(m.count, c.count);
    EXPECT_EQ(QualifierName(m.qualifier), QualifierName(c.qualifier));
    EXPECT_EQ(CasualtyKindName(m.kind), CasualtyKindName(c.kind));
    EXPECT_EQ(m.victim_text, c.victim);
    if (c.cumulative >= 0) {
      EXPECT_EQ(m.cumulative, c.cumulative == 1) << m.cumulative_cue;
    }
    if (c.reporter) {
      EXPECT_EQ(m.reported_by, std::string_view(c.reporter));
    }
    ++checked;
  }
  EXPECT_GE(checked, 60);
}

TEST(CasualtyFinder, SideOfTheVictims) {
  auto doc = Analyze(
      "Since the beginning of this year alone, at least 24 soldiers have died on the Ukrainian "
      "government side.");
  auto v = InSentence(*doc);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].side_text, "Ukrainian government");
  EXPECT_EQ(doc->tokens[v[0].victim_head].form, "soldiers");
  EXPECT_EQ(doc->OriginalText(v[0].span), "at least 24 soldiers have died");
}

TEST(CasualtyFinder, VictimModifiersAreInTheVictimSpan) {
  auto doc = Analyze("At least 40 Rohingya villagers were massacred in Rakhine state.");
  auto v = InSentence(*doc);
  ASSERT_EQ(v.size(), 1u);
  ASSERT_FALSE(v[0].victims.empty());
  std::string words;
  for (uint32_t t = v[0].victims.begin; t < v[0].victims.end; ++t) {
    if (!words.empty()) words += ' ';
    words += doc->tokens[t].form;
  }
  EXPECT_EQ(words, "Rohingya villagers");
}

TEST(CasualtyFinder, TwoRecordsKilledAndInjured) {
  struct Two {
    const char* text;
    int64_t c1;
    K k1;
    int64_t c2;
    K k2;
  } cases[] = {
      {"Three were killed and 10 injured when a mortar hit the market.", 3, K::kKilled, 10,
       K::kInjured},
      {"The blast left five dead and 20 wounded in Mogadishu.", 5, K::kKilled, 20, K::kInjured},
      {"Armed men stormed the village, killing 23 and wounding 18.", 23, K::kKilled, 18,
       K::kInjured},
      {"Twelve people died and dozens were injured when a bomb exploded in Quetta.", 12,
       K::kKilled, 12, K::kInjured},
      {"The shelling killed one child and injured four others in Donetsk.", 1, K::kKilled, 4,
       K::kInjured},
      {"A Ukrainian soldier was killed and three were wounded in shelling near Avdiivka, the "
       "military said.",
       1, K::kKilled, 3, K::kInjured},
      {"Rebels killed 12 soldiers and abducted 30 villagers.", 12, K::kKilled, 30, K::kAbducted},
  };
  for (const Two& c : cases) {
    SCOPED_TRACE(c.text);
    auto doc = Analyze(c.text);
    auto v = InSentence(*doc);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].count, c.c1);
    EXPECT_EQ(v[0].kind, c.k1);
    EXPECT_EQ(v[1].count, c.c2);
    EXPECT_EQ(v[1].kind, c.k2);
  }
}

TEST(CasualtyFinder, CoordinatedVictimsGiveOneRecordEach) {
  auto doc = Analyze("Five Indian soldiers and two militants were killed in a gunfight in Kupwara.");
  auto v = InSentence(*doc);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].count, 5);
  EXPECT_EQ(v[0].victim_text, "soldiers");
  EXPECT_EQ(v[1].count, 2);
  EXPECT_EQ(v[1].victim_text, "militants");
  EXPECT_EQ(v[0].trigger, v[1].trigger);

  doc = Analyze("Two policemen, three soldiers and a civilian were wounded in Quetta.");
  v = InSentence(*doc);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].count, 2);
  EXPECT_EQ(v[1].count, 3);
  EXPECT_EQ(v[2].count, 1);
  EXPECT_EQ(v[2].victim_text, "civilian");
  for (const auto& m : v) EXPECT_EQ(m.kind, K::kInjured);

  // A comma without "and" is not coordination.
  doc = Analyze("Of the 12 passengers, five were killed.");
  v = InSentence(*doc);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].count, 5);
}

TEST(CasualtyFinder, Negatives) {
  const char* cases[] = {
      "Lawmakers killed the bill on Tuesday.",
      "The boy was 10 years old.",
      "The fund lost 2 million dollars.",
      "The government deployed 1,000 troops to the border.",
      "About 1,000 troops deployed to the border on Monday.",
      "The war killed the tourism industry in 2014.",
      "Five gunmen killed the mayor of Kidal.",
      "He died in 2019.",
      "The Dead Sea level fell 1.5 metres.",
      "She was arrested in 2020 and released 12 days later.",
      "The outbreak has killed 3 percent of the herd.",
      "Police fired on 200 protesters.",
      "The injured were taken to hospital.",
      "The attack killed nobody, officials said.",
      "Rebels seized 3 towns.",
      "It cost $2 million to rebuild what the fire killed.",
      "Two attackers killed the guard with knives.",
      "Costs at Seven Oaks direct may hurt earnings.",
      "The yard has orders for 10 ships totalling 460,000 dead weight tons.",
      "The firm said it executed two additional licenses.",
      "The quake cost an estimated one billion dollars.",
  };
  for (const char* c : cases) {
    auto doc = Analyze(c);
    auto v = InSentence(*doc);
    EXPECT_TRUE(v.empty()) << c << " -> " << (v.empty() ? 0 : v[0].count);
  }
}

TEST(CasualtyFinder, DedupAcrossTheDocument) {
  auto doc = Analyze(
      "More than 13,000 people have been killed in the conflict. "
      "Officials repeated that more than 13,000 people have been killed. "
      "At least 24 soldiers have died this year. "
      "At least 24 civilians have died this year. "
      "Dozens were arrested on Monday.");
  auto all = FindDocumentCasualties(*doc);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].count, 13000);
  EXPECT_EQ(all[1].victim_text, "soldiers");
  EXPECT_EQ(all[2].victim_text, "civilians");
  EXPECT_EQ(all[3].kind, K::kArrested);
}

TEST(CasualtyFinder, SeedArticleRequiredCasualties) {
  const std::string path = SITREP_SOURCE_DIR "/../shared/samples/seed/article.txt";
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) GTEST_SKIP() << "no seed article at " << path;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  auto doc = Analyze(text);
  auto all = FindDocumentCasualties(*doc);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].count, 13000);
  EXPECT_EQ(all[0].qualifier, Q::kMoreThan);
  EXPECT_TRUE(all[0].cumulative);
  EXPECT_EQ(all[0].reported_by, "UN");
  EXPECT_EQ(all[1].count, 24);
  EXPECT_EQ(all[1].qualifier, Q::kAtLeast);
  EXPECT_EQ(all[1].side_text, "Ukrainian government");
  EXPECT_EQ(all[2].count, 23);
  EXPECT_EQ(all[2].qualifier, Q::kApprox);
  EXPECT_EQ(all[2].reported_by, "Separatists");
  for (const auto& m : all) EXPECT_EQ(m.kind, K::kKilled);
}

// Random sentences over the words the patterns look at: nothing may read
// outside the sentence, and every result must lie inside it.
TEST(CasualtyFinder, RandomWordSalad) {
  const char* vocab[] = {"killed", "died", "dead", "toll", "rose", "to", "at", "least", "more",
                         "than", "12", "1,000", "2014", "a", "an", "one", "twenty", "-", "four",
                         "dozens", "of", "hundreds", "thousands", "the", "and", ",", "were",
                         "have", "been", "soldiers", "policeman", "said", "according", "UN",
                         "since", "so", "far", "on", "side", "lives", "claimed", "deaths",
                         "wounded", "fled", "flee", "people", "years", "ago", "last", "Tuesday",
                         "April", "6", "in", "the", "1990s", "earlier", "this", "month", "past",
                         "few", "weeks", "will", "meet", "'s", ".", "shot", "who", "one"};
  const size_t nv = sizeof vocab / sizeof vocab[0];
  uint32_t state = 12345;
  auto next = [&state]() {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  int records = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text;
    const int len = 1 + static_cast<int>(next() % 18);
    for (int i = 0; i < len; ++i) {
      if (i) text += ' ';
      text += vocab[next() % nv];
    }
    auto doc = Analyze(text);
    for (const Sentence& s : doc->sentences) {
      for (const CasualtyMention& m : FindCasualties(*doc, s, nullptr)) {
        ++records;
        ASSERT_GE(m.number.begin, s.token_begin) << text;
        ASSERT_LE(m.number.end, s.token_end) << text;
        ASSERT_LE(m.trigger.end, s.token_end) << text;
        ASSERT_LE(m.victims.end, s.token_end) << text;
        ASSERT_LE(m.span.end, doc->original.size()) << text;
        ASSERT_GT(m.count, 0) << text;
      }
      for (const NumberMention& n : FindNumbers(*doc, s)) {
        ASSERT_GE(n.begin, s.token_begin) << text;
        ASSERT_LE(n.end, s.token_end) << text;
      }
    }
  }
  EXPECT_GT(records, 0);
}

TEST(CasualtyFinder, UsesParseToRejectDetachedNumbers) {
  auto doc = Analyze("Rebels killed 12 soldiers.");
  const Sentence& s = doc->sentences[0];
  nlp::ParsedSentence parse;
  parse.words.resize(s.size());
  // A (deliberately wrong) parse that attaches "12" to "Rebels": rejected.
  for (auto& w : parse.words) w.head = 1;
  parse.words[1].head = -1;
  parse.words[2].head = 0;
  EXPECT_TRUE(FindCasualties(*doc, s, &parse).empty());
  // "12" on "soldiers": accepted.
  parse.words[2].head = 3;
  EXPECT_EQ(FindCasualties(*doc, s, &parse).size(), 1u);
  EXPECT_EQ(FindCasualties(*doc, s, nullptr).size(), 1u);
}

}  // namespace
}  // namespace sitrep::mentions
