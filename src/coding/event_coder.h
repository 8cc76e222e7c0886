// EventCoder: events from the dependency parse of one sentence.
//
// Design. Every word of the sentence that is a trigger in the pattern
// dictionaries (a verb lemma, or a noun lemma for nominal events such as
// "clashes" or "phone call") is matched against the rules listed under it.
// A rule is a set of slots on the trigger's dependents (obj=$T, with=$T,
// obj=concern|worry, prt=down, xcomp=meet ...). A rule fires when every slot
// is satisfied; among firing rules the one with the most slots wins (ties: the
// first in the file), so "voice concern about X" beats "voice". A discard
// rule (code ---) that wins suppresses the trigger.
//
// Actors come from syntax, not word order: the source is the subject (or
// the by-agent of a passive; the controller of an xcomp; the head noun of a
// participle or relative clause), the target is what the winning rule names.
// A phrase maps to an actor mention when the mention covers its head word or
// one of its nominal modifiers ("Russian military activity" -> RUS,
// "Ukraine's sovereignty" -> UKR). Coordinated subjects give one event each;
// rules marked mutual give one two-sided record.
//
// Polarity is read off the same tree: negation (not, never, n't), modality
// (could/may/might/would/if -> hypothetical, will/plan to -> future, deny ->
// denied, inside the complement of a speech verb -> reported), questions, and
// attribution (the subject of say/tell/add/note/tweet, or the speaker of the
// quotation the trigger sits in).
//
// A nominal trigger's modality comes from its own clause (the first verb on
// its chain of heads); "reports of" / "reported" make it reported, "fears
// of" hypothetical. A plural anaphor subject ("they", "the two leaders") that
// the sentence cannot resolve is left to the resolver (plural_subject).
//
// No pattern, no event: there is no catch-all code.
//
// Thread safety: Code() is const; share one EventCoder across threads.
#ifndef SITREP_CODING_EVENT_CODER_H_
#define SITREP_CODING_EVENT_CODER_H_

#include <memory>
#include <string>
#include <vector>

#include "base/document.h"
#include "lexicon/lexicon.h"
#include "mentions/actor_finder.h"
#include "nlp/parsed_sentence.h"

namespace sitrep::coding {

struct CodedEvent {
  uint32_t sentence = 0;
  uint32_t trigger = 0;          // document token index of the trigger head
  Span trigger_span;
  std::vector<int> sources;      // indices into the mention vector (coordination: one event per source later)
  int source = -1;               // mention index or -1
  int target = -1;               // mention index or -1
  std::string code;
  const lexicon::EventCodeInfo* info = nullptr;
  bool mutual = false;
  bool negated = false;
  std::string modality = "asserted";  // asserted|reported|hypothetical|future|denied
  int speaker = -1;              // mention index of the attributed speaker
  std::string attribution_verb;
  Span attribution_span;
  std::string pattern;           // file:line of the rule
  std::string trigger_lemma;
  double confidence = 0.5;
  int clause_head = -1;          // sentence word index of the clause the trigger belongs to
  // Set when the subject is a plural anaphor ("they", "the two leaders")
  // that the sentence cannot resolve: document token index of its head. The
  // resolver links it to the participants of an earlier two-sided event or
  // coordinated subject, or drops the event; source is -1 until then.
  int plural_subject = -1;
  bool symmetric = false;        // the predicate relates its subjects to each other ("agree", "meet")
};

// Why a trigger produced no event (for `sitrep explain`).
struct CoderNote {
  uint32_t sentence = 0;
  int word = -1;          // sentence word index of the trigger
  std::string message;
  bool discard = false;   // a discard rule (---) matched: the word is known not to be an event
};

class EventCoder {
 public:
  explicit EventCoder(std::shared_ptr<const lexicon::Lexicon> lex);

  // Codes sentence `si` of `doc`. `mentions` are all actor mentions of the
  // document (FindActors order); indices in the result refer to it.
  // `notes`, when given, receives one line per trigger that did not fire.
  std::vector<CodedEvent> Code(const Document& doc, uint32_t si, const nlp::ParsedSentence& parse,
                               const std::vector<mentions::ActorMention>& mentions,
                               std::vector<CoderNote>* notes = nullptr) const;

  // True when some word of the sentence is a pattern trigger as Code() looks
  // them up, or a speech verb meets a necessity modal ("said Y must": a
  // reported demand). Needs only tags and lemmas (no tree): the engine parses
  // a sentence only when this or an actor or casualty cue says it may matter.
  bool HasTrigger(const nlp::ParsedSentence& parse) const;

 private:
  std::shared_ptr<const lexicon::Lexicon> lex_;
};

}  // namespace sitrep::coding

#endif  // SITREP_CODING_EVENT_CODER_H_
