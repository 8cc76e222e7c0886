#include "nlp/lemmatizer.h"

#include <gtest/gtest.h>

namespace sitrep::nlp {
namespace {

// A lemmatiser trained on a handful of words: "-ed" -> "" is the commonest
// VBD rule, "-d" -> "" the runner-up, "-est" -> "" the JJS rule.
Lemmatizer Tiny() {
  LemmatizerTrainer t;
  for (const char* w : {"walk", "jump", "talk", "pull", "kill", "help", "work", "look"}) {
    t.Add(std::string(w) + "ed", "VBD", w);
    t.Add(w, "VB", w);
  }
  for (const char* w : {"rap", "fin", "scrap", "hope", "rape", "fine", "scrape"}) t.Add(w, "VB", w);
  t.Add("hoped", "VBD", "hope");
  t.Add("saved", "VBD", "save");
  t.Add("tallest", "JJS", "tall");
  t.Add("smallest", "JJS", "small");
  t.Add("protest", "NN", "protest");
  Lemmatizer l;
  EXPECT_TRUE(l.Open(t.Serialize()).ok());
  return l;
}

TEST(Lemmatizer, UndoubledConsonantMeansSilentE) {
  Lemmatizer l = Tiny();
  // Unseen forms: "rap" would double to "rapped", so "raped" is "rape".
  EXPECT_EQ(l.Lemmatize("raped", "VBD"), "rape");
  EXPECT_EQ(l.Lemmatize("fined", "VBD"), "fine");
  // A base form is left alone, and a stem of two syllables is not a CVC one.
  EXPECT_EQ(l.Lemmatize("scrap", "VB"), "scrap");
  EXPECT_EQ(l.Lemmatize("kill", "VB"), "kill");
}

TEST(Lemmatizer, KnownWordIsNotCutToAnUnknownStem) {
  Lemmatizer l = Tiny();
  EXPECT_EQ(l.Lemmatize("greatest", "JJS"), "great");   // no known candidate, unknown form
  EXPECT_EQ(l.Lemmatize("protest", "JJS"), "protest");  // a tagging error: the noun stays
}

}  // namespace
}  // namespace sitrep::nlp
