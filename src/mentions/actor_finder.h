// ActorFinder: who is named in a document, with CAMEO actor codes.
//
// For each story sentence (credit lines are skipped) the finder matches the
// dictionaries (lexicon.h), then groups adjacent parts of one noun phrase
// into a single mention: country or adjective + modifiers + agent titles +
// a name ("US State Department spokesperson Ned Price" -> USAGOV, person),
// so coordination ("the United States and Britain") yields two mentions and
// never a glued code. People are coded by the role they held on the
// document's date; titles code unknown names ("Ukrainian President X" ->
// UKRGOV); modifiers such as "former" cancel an office. Within a document it
// links surnames to earlier full names, he/she to the last person, and
// "we"/"our" inside a quotation to the quote's speaker; capitals and seats of
// power stand for governments (Moscow -> RUSGOV) when they act or are acted
// upon, but a capital or seat alone in a place phrase ("rioters in Nairobi",
// "the streets of Buenos Aires", "flew to Baku", "the Nairobi talks") is no
// actor: the place finder reports it. The rule reads words and tags only,
// because Engine::Code runs the finder before any dependency tree exists.
// "his Australian counterpart" is AUSGOV (the possessor's office role when
// it has one). A dictionary person in no office on the document date gets
// the country of the nearest office. Proper-noun groups that no dictionary
// knows are kept with kind "unknown" and an empty code (they still fill
// event slots: dropping them loses events, see the commit log).
//
// Thread safety: FindActors is const and uses only its arguments; one
// ActorFinder (holding a shared immutable Lexicon) serves all threads.
//
// Lifetime: mentions hold token indices and ORIGINAL spans of the Document
// they came from, plus copies of short strings.
#ifndef SITREP_MENTIONS_ACTOR_FINDER_H_
#define SITREP_MENTIONS_ACTOR_FINDER_H_

#include <memory>
#include <string>
#include <vector>

#include "base/document.h"
#include "lexicon/lexicon.h"
#include "nlp/parsed_sentence.h"

namespace sitrep::mentions {

struct ActorMention {
  uint32_t sentence = 0;
  uint32_t begin = 0, end = 0;  // document token range
  uint32_t head = 0;            // document token index of the phrase head
  Span span;                    // original bytes
  std::string text;             // original text of the span
  std::string code;             // CAMEO actor code, "" when unknown
  std::string country;          // ISO3 or ""
  std::string role;             // GOV, MIL, REB, ... or ""
  std::string name;             // canonical name when known
  std::string kind;             // person|org|country|group|agent|unknown
  std::string how;              // dictionary FILE:LINE, title, coref:surname, coref:pronoun, quote-speaker, metonym
  int acled_inter = 0;
  bool pronoun = false;
  bool plural = false;
  bool metonym = false;          // a capital or seat standing for the government
  bool adjective_only = false;   // "Russian" modifying a noun ("Russian border")
};

struct ActorFinderOptions {
  bool keep_unknown = true;  // report unknown proper-noun groups (kind unknown, empty code)
};

class ActorFinder {
 public:
  explicit ActorFinder(std::shared_ptr<const lexicon::Lexicon> lex, ActorFinderOptions opt = {});

  // `parses` is either empty (no NLP model) or has one entry per sentence.
  // `day` is the document date in days since 1970 (lexicon::kOpenEnd when unknown).
  std::vector<ActorMention> FindActors(const Document& doc, const std::vector<nlp::ParsedSentence>& parses,
                                       int32_t day) const;

  const lexicon::Lexicon& lexicon() const { return *lex_; }

 private:
  std::shared_ptr<const lexicon::Lexicon> lex_;
  ActorFinderOptions opt_;
};

// ACLED actor type (inter code) for a CAMEO role/code: 1 state forces,
// 2 rebels, 3 political militias, 6 protesters, 7 civilians, 8 external/other.
int AcledInter(std::string_view code, std::string_view role);

// Splits a CAMEO code into (country ISO3 via lexicon, role) where possible.
void SplitCode(const lexicon::Lexicon& lex, const std::string& code, std::string* iso3, std::string* role);

}  // namespace sitrep::mentions

#endif  // SITREP_MENTIONS_ACTOR_FINDER_H_
