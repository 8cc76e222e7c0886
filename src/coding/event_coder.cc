#include "coding/event_coder.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace sitrep::coding {

using lexicon::PatternRule;
using lexicon::Slot;
using lexicon::Trigger;
using nlp::ParsedSentence;
using nlp::Upos;

namespace {

bool In(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Word slots compare case-insensitively: the lemmatiser keeps proper nouns
// capitalised ("Embassy", "Kremlin") while dictionaries are written in
// lower case.
bool InFolded(const std::vector<std::string>& v, std::string_view s) {
  auto eq = [&](const std::string& w) {
    if (w.size() != s.size()) return false;
    for (size_t i = 0; i < w.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(w[i])) != std::tolower(static_cast<unsigned char>(s[i])))
        return false;
    return true;
  };
  return std::any_of(v.begin(), v.end(), eq);
}

bool IsSpeechLemma(std::string_view l) {
  static const char* kVerbs[] = {"say", "tell", "add", "note", "state", "announce", "claim", "insist",
                                 "report", "tweet", "write", "confirm", "allege", "declare", "explain",
                                 "stress", "argue", "assert", "post", "quote", "remark", "reiterate"};
  for (const char* v : kVerbs)
    if (l == v) return true;
  return false;
}

// Verbs that can report what another actor must do ("said Y must ...",
// "warned Y must ..."): ReportsRequiredAct on the tree, and the tag-level
// pre-check of HasTrigger, which must accept every sentence it accepts.
bool IsReportingLemma(std::string_view l) { return IsSpeechLemma(l) || l == "warn"; }

// Auxiliaries of necessity ("must", "should", "ought to"); "have to" and
// "need to" are verbs with an infinitive and are tested where they occur.
bool IsNecessityModal(std::string_view l) { return l == "must" || l == "should" || l == "ought"; }

// Verbs whose complement is an act somebody is asked, told or required to do
// ("demanded that X resign", "urged X to talk", "ordered X to withdraw").
bool IsRequestLemma(std::string_view l) {
  static const char* kVerbs[] = {"demand",  "urge",     "ask",       "request",    "order",      "instruct",
                                 "command", "direct",   "call",      "appeal",     "press",      "push",
                                 "insist",  "require",  "encourage", "implore",    "exhort",     "plead",
                                 "petition", "pressure", "pressurize", "pressurise", "beseech",   "entreat",
                                 "invite",  "tell",     "lobby",     "recommend",  "propose",    "suggest"};
  for (const char* v : kVerbs)
    if (l == v) return true;
  return false;
}

// Particles of phrasal verbs the parser sometimes reads as adverbs ("hit out
// at", "fired back at", "called off", "broke off").
bool IsParticle(std::string_view l) {
  return l == "off" || l == "out" || l == "back" || l == "down" || l == "up" || l == "in" || l == "away" ||
         l == "over" || l == "on";
}

// Everything the rule matcher needs to know about one sentence.
class SentenceView {
 public:
  SentenceView(const Document& doc, uint32_t si, const ParsedSentence& p,
               const std::vector<mentions::ActorMention>& mentions)
      : doc_(doc), s_(doc.sentences[si]), p_(p), n_(static_cast<int>(p.size())) {
    children_.resize(n_);
    for (int i = 0; i < n_; ++i)
      if (p[i].head >= 0 && p[i].head < n_) children_[p[i].head].push_back(i);
    mention_at_.assign(n_, -1);
    for (size_t m = 0; m < mentions.size(); ++m) {
      const auto& am = mentions[m];
      if (am.sentence != si) continue;
      for (uint32_t t = am.begin; t < am.end; ++t) {
        int w = static_cast<int>(t - s_.token_begin);
        if (w >= 0 && w < n_ && mention_at_[w] < 0) mention_at_[w] = static_cast<int>(m);
      }
    }
    // Quotation marks: which words sit inside a quote.
    in_quote_.assign(n_, false);
    bool open = doc.sentences[si].in_quote && false;
    for (int i = 0; i < n_; ++i) {
      if (p[i].form == "\"") {
        open = !open;
        continue;
      }
      in_quote_[i] = open;
    }
  }

  int size() const { return n_; }
  const nlp::ParsedWord& w(int i) const { return p_[i]; }
  const std::vector<int>& kids(int i) const { return children_[i]; }
  std::string_view rel(int i) const { return p_[i].deprel; }
  std::string_view base(int i) const { return ParsedSentence::BaseRel(p_[i].deprel); }
  const std::string& lemma(int i) const { return p_[i].lemma; }
  bool in_quote(int i) const { return in_quote_[i]; }
  int head(int i) const { return p_[i].head; }
  uint32_t token(int i) const { return s_.token_begin + static_cast<uint32_t>(i); }

  int Child(int v, std::string_view r) const {
    for (int c : children_[v])
      if (rel(c) == r) return c;
    return -1;
  }
  int ChildBase(int v, std::string_view r) const {
    for (int c : children_[v])
      if (base(c) == r) return c;
    return -1;
  }
  // The preposition(s) introducing a nominal: its `case` children, joined
  // ("according to" -> "according").
  std::string Prep(int x) const {
    for (int c : children_[x])
      if (rel(c) == "case") {
        std::string l = lemma(c);
        for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return l;
      }
    return std::string();
  }
  bool IsPronounWe(int i) const {
    std::string f(p_[i].form);
    for (auto& ch : f) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return f == "we" || f == "us" || f == "our";
  }
  int MentionAt(int i) const { return i >= 0 && i < n_ ? mention_at_[i] : -1; }

  // The actor of a phrase headed by x: a mention over x, else over one of
  // its nominal modifiers (breadth first, two levels).
  int PhraseMention(int x, int speaker) const {
    if (x < 0) return -1;
    // A possessor is the name right before its "'s", whatever the parser
    // glued to it ("Zelensky Washington's backing" read as one flat name).
    for (int c : children_[x])
      if (rel(c) == "case" && c > 0 && (p_[c].form == "'s" || p_[c].form == "\xE2\x80\x99s" || p_[c].form == "'") &&
          mention_at_[c - 1] >= 0)
        return mention_at_[c - 1];
    if (mention_at_[x] >= 0) return mention_at_[x];
    if (IsPronounWe(x) && in_quote_[x] && speaker >= 0) return speaker;
    std::vector<int> frontier = {x};
    for (int depth = 0; depth < 2; ++depth) {
      std::vector<int> next;
      for (int f : frontier)
        for (const char* r : {"nmod:poss", "amod", "compound", "flat", "appos", "nmod", "conj"}) {
          for (int c : children_[f]) {
            if (rel(c) != r) continue;
            if (std::string_view(r) == "nmod") {
              std::string pr = Prep(c);
              if (pr != "of" && pr != "from" && pr != "in" && pr != "by") continue;
            }
            if (mention_at_[c] >= 0) return mention_at_[c];
            if (IsPronounWe(c) && in_quote_[c] && speaker >= 0) return speaker;
            next.push_back(c);
          }
        }
      frontier = std::move(next);
    }
    return -1;
  }

  std::vector<int> Conjuncts(int x) const {
    std::vector<int> out = {x};
    for (size_t k = 0; k < out.size(); ++k)
      for (int c : children_[out[k]])
        if (rel(c) == "conj" && p_[c].upos != Upos::VERB) out.push_back(c);
    return out;
  }

 private:
  const Document& doc_;
  const Sentence& s_;
  const ParsedSentence& p_;
  int n_;
  std::vector<std::vector<int>> children_;
  std::vector<int> mention_at_;
  std::vector<bool> in_quote_;
};

// Requests and required acts ------------------------------------------------
// "demanded that X resign", "urged X to talk" (as xcomp, or as a "to" clause
// the parser hung as advcl, or as acl on the object), "called for X to go",
// "said X must withdraw": the complement names an act that has not happened,
// and whoever is to do it is the other side of the request.

bool HasMark(const SentenceView& sv, int c, std::string_view word) {
  for (int k : sv.kids(c))
    if (sv.rel(k) == "mark" && sv.lemma(k) == word) return true;
  return false;
}

// The verb a clause requires when it states a necessity: c itself for
// "X must / should / ought to VERB", the infinitive for a present "X has to /
// needs to VERB". -1 when the clause states none.
int NecessityVerb(const SentenceView& sv, int c) {
  for (int k : sv.kids(c)) {
    if (sv.rel(k) != "aux") continue;
    std::string_view l = sv.lemma(k);
    if (IsNecessityModal(l)) return c;
  }
  std::string_view l = sv.lemma(c);
  std::string_view x = sv.w(c).xpos;
  if ((l == "have" || l == "need") && (x == "VBZ" || x == "VBP" || x == "VB"))
    for (int k : sv.kids(c))
      if (sv.base(k) == "xcomp" && HasMark(sv, k, "to")) return k;
  return -1;
}

// The act that complement clause c of trigger v asks for, or -1 when c
// states a fact ("claimed that X withdrew") or a question ("asked whether").
// Infinitives count; a that-clause counts with a modal of necessity, or, under
// a request verb, in the subjunctive ("demanded that X withdraw / be tried").
int RequestedAct(const SentenceView& sv, int v, int c) {
  std::string_view r = sv.base(c);
  if (r == "xcomp") return c;
  for (int k : sv.kids(c))
    if (sv.rel(k) == "mark") {
      std::string_view l = sv.lemma(k);
      if (l != "that" && l != "for" && l != "to") return -1;
    }
  if (r == "advcl" || r == "acl") return HasMark(sv, c, "to") ? c : -1;
  if (r != "ccomp") return -1;
  if (HasMark(sv, c, "to")) return c;  // "called for X to go" read as ccomp
  int nv = NecessityVerb(sv, c);
  if (nv >= 0) return nv;
  std::string_view vl = sv.lemma(v);
  if (!IsRequestLemma(vl)) return -1;
  bool bare = sv.w(c).xpos == "VB";
  for (int k : sv.kids(c)) {
    std::string_view kr = sv.rel(k);
    if (kr == "aux") return -1;  // will, would, has, did: a statement
    if (kr == "aux:pass" || kr == "cop") {
      if (sv.w(k).xpos != "VB") return -1;
      bare = true;  // "be tried", "be held accountable"
    }
  }
  // The tagger reads "that they withdraw" as present tense; a speech verb's
  // complement in the present states a claim ("insisted that they are").
  if (!bare && !(sv.w(c).xpos == "VBP" && !IsSpeechLemma(vl))) return -1;
  return c;
}

// The complements of trigger v that name a requested act: (clause, act verb).
void RequestedActs(const SentenceView& sv, int v, std::vector<std::pair<int, int>>* out) {
  for (int c : sv.kids(v)) {
    std::string_view r = sv.base(c);
    if (r != "xcomp" && r != "ccomp" && r != "advcl") continue;
    if (r == "advcl" && HasMark(sv, c, "order")) continue;  // "in order to": a purpose
    int a = RequestedAct(sv, v, c);
    if (a >= 0) out->emplace_back(c, a);
  }
  // "urged Israel [to allow] ...", "called on Iran [to stop]": the infinitive
  // hung on the one asked. Only for request verbs: on other objects it is a
  // purpose or a content ("rejected Finland's bid to join", "plans to build").
  if (!IsRequestLemma(sv.lemma(v))) return;
  for (int c : sv.kids(v)) {
    std::string_view r = sv.base(c);
    if (r != "obj" && r != "iobj" && r != "obl") continue;
    for (int g : sv.kids(c))
      if (sv.base(g) == "acl" && HasMark(sv, g, "to") && sv.w(g).upos == Upos::VERB) out->emplace_back(g, g);
  }
}

// Who is to do the act of complement clause c under trigger v: the clause's
// own subject ("demanded that X resign", "called for X to resign"), the noun
// an infinitive hangs on ("urged Israel [to allow]"), else the trigger's
// object or the actor after on/upon ("called on Iran to stop"). -1 if none.
int RequestedActor(const SentenceView& sv, int v, int c) {
  int s = sv.Child(c, "nsubj");
  if (s < 0) s = sv.Child(c, "nsubj:pass");
  if (s >= 0) return s;
  std::string_view r = sv.base(c);
  if (r == "acl") return sv.head(c);
  if (r == "ccomp" && !HasMark(sv, c, "to")) return -1;
  if (int o = sv.Child(v, "obj"); o >= 0) return o;
  if (int io = sv.Child(v, "iobj"); io >= 0) return io;
  for (int k : sv.kids(v))
    if (sv.base(k) == "obl" && k < c && sv.w(k).upos != Upos::VERB) {
      std::string pr = sv.Prep(k);
      if (pr == "on" || pr == "upon") return k;
    }
  return -1;
}

// A speech verb that reports a necessity laid on another: "X said (that) Y
// must / should / has to VERB". The demand is X's, on Y.
bool ReportsRequiredAct(const SentenceView& sv, int v) {
  if (!IsReportingLemma(sv.lemma(v))) return false;
  for (int c : sv.kids(v))
    if (sv.base(c) == "ccomp" && NecessityVerb(sv, c) >= 0 && sv.Child(c, "nsubj") >= 0) return true;
  return false;
}

// True when the clause headed by x (or a clause it is a complement of) is an
// act somebody is asked or required to do: a requested act of a request verb
// ("ordered the rebels to surrender", "demanded that Russia withdraw") or the
// infinitive of a present "has to / needs to".
bool RequestedOrRequired(const SentenceView& sv, int x) {
  for (int hops = 0; hops < 4 && x >= 0; ++hops) {
    int h = sv.head(x);
    if (h < 0) return false;
    std::string_view r = sv.base(x);
    if (r == "acl") {
      int g = sv.head(h);
      std::string_view hr = sv.base(h);
      return HasMark(sv, x, "to") && g >= 0 && IsRequestLemma(sv.lemma(g)) &&
             (hr == "obj" || hr == "iobj" || hr == "obl");
    }
    if (r != "xcomp" && r != "ccomp" && r != "advcl" && r != "conj") return false;
    if (r != "conj") {
      if (NecessityVerb(sv, h) == x) return true;
      if (IsRequestLemma(sv.lemma(h)) && RequestedAct(sv, h, x) >= 0 &&
          (r != "advcl" || RequestedActor(sv, h, x) >= 0))
        return true;
    }
    x = h;
  }
  return false;
}

// The grammatical subject of verb v, following conjunction, control and
// participle attachment. *passive is set when the subject is a passive one.
int SubjectOf(const SentenceView& sv, int v, bool* passive, int depth = 0);
int AgentOf(const SentenceView& sv, int v);

// A personal pronoun subject of a clause that is the complement of another
// verb stands for that verb's subject: "Russia said it would respond",
// "the minister says he hopes ...". Not when the governing verb has an
// object the pronoun could refer to instead ("told Iran it must ...").
int PronounAntecedent(const SentenceView& sv, int v, int s, int depth) {
  std::string_view l = sv.lemma(s);
  if (sv.w(s).upos != Upos::PRON || !(l == "it" || l == "he" || l == "she" || l == "they")) return s;
  if (sv.in_quote(s)) return s;
  int x = v;
  for (int hops = 0; hops < 3 && (sv.base(x) == "conj" || sv.base(x) == "xcomp") && sv.head(x) >= 0; ++hops)
    x = sv.head(x);
  if (sv.base(x) != "ccomp" || sv.head(x) < 0) return s;
  int h = sv.head(x);
  if (sv.Child(h, "obj") >= 0 || sv.Child(h, "iobj") >= 0) return s;
  bool p = false;
  int hs = SubjectOf(sv, h, &p, depth + 1);
  if (hs < 0 || p || hs == s) return s;
  return hs;
}

int SubjectOf(const SentenceView& sv, int v, bool* passive, int depth) {
  *passive = false;
  if (v < 0 || depth > 4) return -1;
  int s = sv.Child(v, "nsubj");
  if (s < 0) s = sv.Child(v, "csubj");
  if (s >= 0) {
    // Relative pronoun: the noun the clause modifies.
    std::string_view l = sv.lemma(s);
    if ((l == "who" || l == "which" || l == "that") && sv.base(v) == "acl" && sv.head(v) >= 0) return sv.head(v);
    return PronounAntecedent(sv, v, s, depth);
  }
  int sp = sv.Child(v, "nsubj:pass");
  if (sp >= 0) {
    *passive = true;
    std::string_view l = sv.lemma(sp);
    if ((l == "who" || l == "which" || l == "that") && sv.base(v) == "acl" && sv.head(v) >= 0) return sv.head(v);
    return sp;
  }
  int h = sv.head(v);
  std::string_view r = sv.base(v);
  if (h < 0) return -1;
  // "ordered the rebels to surrender" with the infinitive read as advcl:
  // object control, as for xcomp.
  if (r == "advcl" && HasMark(sv, v, "to") && IsRequestLemma(sv.lemma(h)))
    if (int o = sv.Child(h, "obj"); o >= 0) return o;
  if (r == "conj" || r == "advcl") return SubjectOf(sv, h, passive, depth + 1);
  if (r == "xcomp") {
    int o = sv.Child(h, "obj");
    if (o >= 0) return o;  // object control: "urged Iran to stop"
    // "called on Iran to stop", "waited for the army to investigate".
    for (int c : sv.kids(h))
      if (sv.base(c) == "obl" && c < v && sv.w(c).upos != Upos::VERB) {
        std::string pr = sv.Prep(c);
        if (pr == "on" || pr == "upon" || pr == "for") return c;
      }
    return SubjectOf(sv, h, passive, depth + 1);
  }
  if (r == "acl") {
    // "rebels supported by Moscow": the noun is the passive subject.
    // Quote first, then the speaker: the parser may read "..." the alliance
    // chief tweeted" as a noun with a participle. A speech verb with no
    // object and no by-agent after a quotation is the speaker's own verb.
    if ((sv.w(v).xpos == "VBN" || sv.w(v).xpos == "VBD") && IsSpeechLemma(sv.lemma(v)) && sv.lemma(v) != "quote" &&
        sv.Child(v, "obj") < 0 && AgentOf(sv, v) < 0 && h < v) {
      bool quote_before = false;
      for (int k = 0; k < h; ++k)
        if (sv.w(k).form == "\"") quote_before = true;
      if (quote_before) {
        *passive = false;
        return h;
      }
    }
    if (sv.w(v).xpos == "VBN") {
      // Parser repair: a sentence read as a noun with a participle that
      // still takes a direct object ("The African Union praised Kenya" as
      // "the Union [praised Kenya]") is an active main clause.
      *passive = !(sv.head(h) < 0 && sv.Child(v, "obj") >= 0 && sv.Child(v, "obl:agent") < 0);
      return h;
    }
    // "launched operations to detain ...": an infinitive on a noun that is
    // no actor states the purpose of whoever does the governing verb; on an
    // actor ("a team to monitor the ceasefire") the noun is the doer.
    bool infinitive = sv.w(v).xpos == "VB";
    for (int c : sv.kids(v))
      if (sv.rel(c) == "mark" && sv.lemma(c) == "to") infinitive = true;
    if (infinitive && sv.PhraseMention(h, -1) < 0 && sv.base(h) == "obj" && sv.head(h) >= 0) {
      bool p = false;
      int gs = SubjectOf(sv, sv.head(h), &p, depth + 1);
      if (gs >= 0 && !p) return gs;
    }
    return h;
  }
  // A subjectless gerund or infinitive complement ("rejected holding talks
  // with X") is done by the governing verb's subject.
  if (r == "ccomp" && (sv.w(v).xpos == "VBG" || sv.w(v).xpos == "VB")) {
    bool finite = false;
    for (int c : sv.kids(v))
      if (sv.base(c) == "aux" && sv.lemma(c) != "to") finite = true;
    if (!finite) return SubjectOf(sv, h, passive, depth + 1);
  }
  return -1;
}

// The by-agent of a passive verb.
int AgentOf(const SentenceView& sv, int v) {
  for (int c : sv.kids(v)) {
    if (sv.rel(c) == "obl:agent") return c;
    if (sv.base(c) == "obl" && sv.Prep(c) == "by") return c;
  }
  return -1;
}

// Dependents of v (and of its object, for light verbs) introduced by a preposition.
void PrepDependents(const SentenceView& sv, int v, std::vector<int>* out) {
  auto scan = [&](int x) {
    for (int c : sv.kids(x)) {
      std::string_view b = sv.base(c);
      if (b == "obl" || b == "nmod" || b == "advcl") out->push_back(c);
    }
  };
  scan(v);
  int o = sv.Child(v, "obj");
  if (o < 0) o = sv.Child(v, "nsubj:pass");
  if (o >= 0) scan(o);
  // "fired back at X" with "at X" hung on the particle read as an adverb.
  for (int c : sv.kids(v))
    if (c == v + 1 && sv.base(c) == "advmod" && IsParticle(sv.lemma(c))) scan(c);
}

struct Match {
  const PatternRule* rule = nullptr;
  int score = -1;
  int target_word = -1;
  int source_word = -1;  // from poss/by slots
  int second_side = -1;  // between=$ST: the other conjunct
  bool subject_is_target = false;  // subj=$T: "24 soldiers died" (no source)
  std::vector<int> consumed;
  int comp_actor = -1;  // who is to do an act matched by xcomp= in a that-clause
};

bool Satisfy(const SentenceView& sv, int v, bool noun, const PatternRule& r, Match* m) {
  m->score = 0;
  bool passive = false;
  if (!noun) SubjectOf(sv, v, &passive);
  int obj = sv.Child(v, "obj");
  int pass_subj = sv.Child(v, "nsubj:pass");
  if (!noun && obj < 0 && passive && sv.base(v) == "acl") pass_subj = sv.head(v);
  // Parser repair: a passive verb with no passive subject takes the noun
  // right before its auxiliary ("similar worries were expressed by X").
  if (pass_subj >= 0 && sv.w(pass_subj).upos == Upos::VERB) pass_subj = -1;  // a clause, misattached
  if (!noun && obj < 0 && pass_subj < 0) {
    int auxp = sv.Child(v, "aux:pass");
    if (auxp > 0) {
      int k = auxp - 1;
      if (k >= 0 && (sv.w(k).upos == Upos::NOUN || sv.w(k).upos == Upos::PROPN)) pass_subj = k;
    }
  }
  // "asked Russia for an explanation": parsers often call the only object
  // an indirect one.
  int iobj = sv.Child(v, "iobj");
  int effective_obj = obj >= 0 ? obj : pass_subj >= 0 ? pass_subj : iobj;
  // A rule with an xcomp slot sees the complement's object when the trigger
  // has none of its own: "agreed to lift sanctions" matches
  // `xcomp=lift obj=sanctions`, "vowed to attack X" `xcomp=attack obj=$T`.
  if (effective_obj < 0) {
    for (const Slot& s : r.slots) {
      if (s.kind != Slot::Kind::kXcomp) continue;
      for (int c : sv.kids(v))
        if (sv.base(c) == "xcomp" && InFolded(s.words, sv.lemma(c)) && effective_obj < 0) {
          int co = sv.Child(c, "obj");
          if (co >= 0) effective_obj = co;
        }
    }
  }
  std::vector<int> preps;
  PrepDependents(sv, v, &preps);
  // A nominal event inside an "of" phrase of a container noun ("reports of
  // troop movements along the border", "signs of a buildup near X"): the
  // parser often hangs the phrases after the event on the container. Those
  // after the trigger describe the event, not the report.
  if (noun && sv.head(v) >= 0 && sv.base(v) == "nmod" && sv.Prep(v) == "of") {
    int h = sv.head(v);
    if (sv.w(h).upos == Upos::NOUN)
      for (int c : sv.kids(h)) {
        std::string_view b = sv.base(c);
        if (c > v && (b == "nmod" || b == "obl") && sv.Prep(c) != "of") preps.push_back(c);
      }
  }
  for (const Slot& s : r.slots) {
    switch (s.kind) {
      case Slot::Kind::kSubjTarget: {
        bool p2;
        int subj = SubjectOf(sv, v, &p2);
        if (subj < 0) return false;
        m->target_word = subj;
        m->subject_is_target = true;
        m->score += 1;
        break;
      }
      case Slot::Kind::kObjTarget:
        if (effective_obj < 0) return false;
        m->target_word = effective_obj;
        m->score += 1;
        break;
      case Slot::Kind::kObjWords:
        if (effective_obj < 0 || !InFolded(s.words, sv.lemma(effective_obj))) return false;
        m->consumed.push_back(effective_obj);
        m->score += 2;
        break;
      case Slot::Kind::kIobjTarget: {
        int io = sv.Child(v, "iobj");
        if (io < 0) return false;
        m->target_word = io;
        m->score += 1;
        break;
      }
      case Slot::Kind::kPrepTarget:
      case Slot::Kind::kPrepWords: {
        bool found = false;
        for (int c : preps) {
          std::string pr = sv.Prep(c);
          if (pr.empty()) {
            // "the sovereignty of" parsed without case; also advcl markers
            for (int k : sv.kids(c))
              if (sv.rel(k) == "mark") pr = sv.lemma(k);
          }
          if (!In(s.preps, pr)) continue;
          if (s.kind == Slot::Kind::kPrepWords && !InFolded(s.words, sv.lemma(c))) continue;
          // A clause ("called X to apologize") is never the target actor.
          if (s.kind == Slot::Kind::kPrepTarget && (sv.w(c).upos == Upos::VERB || sv.base(c) == "advcl"))
            continue;
          found = true;
          if (s.kind == Slot::Kind::kPrepTarget) {
            m->target_word = c;
            m->score += 1;
          } else {
            m->consumed.push_back(c);
            m->score += 2;
          }
          break;
        }
        if (!found) return false;
        break;
      }
      case Slot::Kind::kPrt: {
        // A particle read as an adverb is weaker evidence: it scores like a
        // target slot, so that a rule naming the object of the act still wins
        // ("walked out over the reform").
        int found = 0;
        for (int c : sv.kids(v)) {
          if (!InFolded(s.words, sv.lemma(c))) continue;
          if (sv.rel(c) == "compound:prt") found = 2;
          else if (sv.base(c) == "advmod" && c == v + 1 && IsParticle(sv.lemma(c)) && found == 0) found = 1;
        }
        if (!found) return false;
        m->score += found;
        break;
      }
      case Slot::Kind::kXcomp: {
        // The complement verb: an xcomp, a "to" clause read as advcl or as acl
        // on the object, or the act of a that-clause ("demanded that X resign").
        bool found = false;
        std::vector<std::pair<int, int>> acts;
        if (!noun) RequestedActs(sv, v, &acts);
        // A "to" clause beside the object of a verb that asks for nothing is
        // the object's purpose or content ("rejected Finland's bid to join
        // NATO", "announced plans to build"), unless the rule names that
        // object ("expressed readiness to talk").
        const bool asks = IsRequestLemma(sv.lemma(v));
        const bool names_object = std::any_of(r.slots.begin(), r.slots.end(),
                                              [](const Slot& sl) { return sl.kind == Slot::Kind::kObjWords; });
        for (const auto& [c, act] : acts)
          if (InFolded(s.words, sv.lemma(act)) && !(sv.base(c) == "advcl" && !asks && obj >= 0 && !names_object)) {
            found = true;
            m->consumed.push_back(act);
            std::string_view cb = sv.base(c);
            if (m->comp_actor < 0 && (cb == "ccomp" || cb == "acl" || sv.Child(c, "nsubj") >= 0))
              m->comp_actor = RequestedActor(sv, v, c);
          }
        if (!found) return false;
        m->score += 2;
        break;
      }
      case Slot::Kind::kCompTarget: {
        std::vector<std::pair<int, int>> acts;
        if (!noun) RequestedActs(sv, v, &acts);
        // A "to" clause under a verb that asks for nothing is a purpose, not
        // a request ("claimed victory as votes are yet to be counted").
        const bool asks = IsRequestLemma(sv.lemma(v));
        int who = -1;
        for (const auto& ca : acts) {
          if (sv.base(ca.first) == "advcl" && !asks) continue;
          if ((who = RequestedActor(sv, v, ca.first)) >= 0) break;
        }
        if (who < 0) return false;
        m->target_word = who;
        m->score += 1;
        break;
      }
      case Slot::Kind::kPossSource: {
        int found = -1;
        for (int c : sv.kids(v)) {
          std::string_view rr = sv.rel(c);
          if ((rr == "nmod:poss" || rr == "amod" || rr == "compound") && sv.PhraseMention(c, -1) >= 0) {
            found = c;
            break;
          }
        }
        if (found < 0) return false;
        m->source_word = found;
        m->score += 1;
        break;
      }
      case Slot::Kind::kBySource: {
        int found = -1;
        for (int c : preps)
          if (sv.Prep(c) == "by") found = c;
        if (found < 0) return false;
        m->source_word = found;
        m->score += 1;
        break;
      }
      case Slot::Kind::kBetween: {
        int found = -1;
        for (int c : preps)
          if (sv.Prep(c) == "between") found = c;
        if (found < 0) return false;
        m->source_word = found;
        for (int c : sv.kids(found))
          if (sv.rel(c) == "conj") m->second_side = c;
        if (m->second_side < 0) {
          // Parser slip: "between A and B" with B hung on the trigger.
          for (int c : sv.kids(v))
            if (c > found && sv.rel(c) == "conj" && sv.w(c).upos == Upos::PROPN) m->second_side = c;
        }
        m->score += 1;
        break;
      }
    }
  }
  // "demanded that X step down" under a rule with no target slot: X.
  if (m->target_word < 0 && m->comp_actor >= 0) m->target_word = m->comp_actor;
  return true;
}

// Whether the phrase at x names the sources' own side rather than another:
// "the withdrawal of its troops", "of Azerbaijani troops" after Azerbaijan,
// "of American goods" after the US government. A different role of the same
// country is another side ("Peruvian protesters ... the resignation of the
// Peruvian president").
bool OwnSide(const SentenceView& sv, int x, const std::string& code, const std::vector<int>& sources,
             const std::vector<mentions::ActorMention>& mentions) {
  for (int k : sv.kids(x))
    if (sv.rel(k) == "nmod:poss" && sv.w(k).upos == Upos::PRON) return true;
  auto armed = [](std::string_view role) { return role == "MIL" || role == "COP" || role == "SPY"; };
  if (armed(code)) return true;
  for (int s : sources) {
    if (s < 0) continue;
    const std::string& src = mentions[s].code;
    if (code == src) return true;
    if (src.size() >= 3 && code.compare(0, 3, src, 0, 3) == 0 &&
        (code.size() == 3 || armed(std::string_view(code).substr(3, 3))))
      return true;
  }
  return false;
}

// The target of an event whose rule named none, or named a phrase that is no
// actor. In order: the actor inside that phrase or inside an object the rule
// consumed (its head: "expelled two Russian diplomats"; its possessor:
// "rejected May's agreement"; its agent: "condemned the attack by X",
// "threats made by X"); the "of" phrase of a consumed noun ("blocked roads
// for the ouster of X"); the object of a consumed complement verb ("agreed to
// lift sanctions on X"); then a phrase introduced by a preposition that
// marks the other side of an act (against, on, into, to, with, at, towards,
// from) on the trigger, on the consumed words ("launched airstrikes on X",
// "held talks in Amman with X") and on a consumed complement verb ("offered
// to send troops to X"); last, a place the act happened in ("declared a
// state of emergency in X"). Never one of the sources.
// *at receives the word the target was found at (for its conjuncts).
int FallbackTarget(const SentenceView& sv, int v, int target_word, const std::vector<int>& consumed,
                   const std::vector<int>& sources, const std::vector<mentions::ActorMention>& mentions,
                   int speaker, int* at) {
  auto usable = [&](int m) { return m >= 0 && std::find(sources.begin(), sources.end(), m) == sources.end(); };
  // The actor's own instruments are not the other side: "withdraw its
  // troops", "Israel mobilized the army", "sent peacekeepers to X".
  auto own = [&](int x, int m) {
    for (int c : sv.kids(x)) {
      std::string_view l = sv.lemma(c);
      if (sv.rel(c) == "nmod:poss" && sv.w(c).upos == Upos::PRON) return true;
      if (l == "its" || l == "their" || l == "his" || l == "her" || l == "our") return true;
    }
    const std::string& code = mentions[m].code;
    // A bare armed role ("troops" -> MIL) is whoever sends it.
    if (code == "MIL" || code == "COP" || code == "SPY") return true;
    if (code.size() < 3) return false;
    for (int s : sources)
      if (s >= 0 && mentions[s].code.compare(0, 3, code, 0, 3) == 0) return true;
    return false;
  };
  std::vector<int> phrases;
  if (target_word >= 0) phrases.push_back(target_word);
  for (int c : consumed)
    if (sv.w(c).upos != Upos::VERB) phrases.push_back(c);
  for (int x : phrases) {
    for (int c : sv.kids(x)) {
      int actor = -1;
      if (sv.rel(c) == "nmod:poss" && x != target_word) actor = c;
      if (sv.base(c) == "nmod" && sv.Prep(c) == "by") actor = c;
      if (sv.base(c) == "acl" && sv.w(c).xpos == "VBN") actor = AgentOf(sv, c);
      int m = sv.PhraseMention(actor, speaker);
      if (usable(m)) return *at = actor, m;
    }
  }
  // The one an act named by a consumed noun is done to: "blocked roads for
  // the ouster of President X", "called for the release of X".
  for (int x : consumed) {
    if (x == target_word || sv.w(x).upos != Upos::NOUN) continue;
    for (int c : sv.kids(x)) {
      if (sv.base(c) != "nmod" || sv.Prep(c) != "of") continue;
      int m = sv.PhraseMention(c, speaker);
      if (usable(m) && !OwnSide(sv, c, mentions[m].code, sources, mentions)) return *at = c, m;
    }
  }
  std::vector<int> hosts = {v};
  std::vector<int> heads;  // object heads that may name the other side themselves
  for (int c : consumed) {
    hosts.push_back(c);
    if (sv.w(c).upos != Upos::VERB) {
      if (c != target_word) heads.push_back(c);
    } else if (int o = sv.Child(c, "obj"); o >= 0) {
      hosts.push_back(o);
      heads.push_back(o);
    }
  }
  int obj = sv.Child(v, "obj");
  if (obj >= 0 && obj != target_word) hosts.push_back(obj);
  // The phrase the rule named, when it is no actor itself: "welcomed the
  // resumption of ties with X".
  if (target_word >= 0) hosts.push_back(target_word);
  auto scan = [&](bool in_only) -> int {
    for (int x : hosts) {
      for (int c : sv.kids(x)) {
        std::string_view b = sv.base(c);
        if (b != "obl" && b != "nmod") continue;
        if (sv.w(c).upos == Upos::VERB) continue;
        // The phrase itself, then one level down: parsers often hang the
        // side on the phrase before it ("held talks in Amman with X").
        for (int y : {c, -1}) {
          std::vector<int> cands = {c};
          if (y < 0) {
            cands.clear();
            for (int g : sv.kids(c))
              if (sv.base(g) == "nmod" && !in_only) cands.push_back(g);
          }
          for (int z : cands) {
            std::string pr = sv.Prep(z);
            bool side = pr == "against" || pr == "on" || pr == "upon" || pr == "into" || pr == "to" ||
                        pr == "with" || pr == "at" || pr == "toward" || pr == "towards" || pr == "from";
            if (in_only ? pr != "in" : !side) continue;
            int m = sv.PhraseMention(z, speaker);
            if (usable(m)) return *at = z, m;
          }
        }
      }
    }
    return -1;
  };
  if (int m = scan(false); m >= 0) return m;
  // An object that names people ("expelled two Russian diplomats"). Only a
  // mention on the head word counts: in "launched a Russian attack" the
  // adjective is the doer.
  for (int x : heads) {
    int m = sv.MentionAt(x);
    if (usable(m) && !own(x, m)) return *at = x, m;
  }
  return scan(true);
}

// Predicates that relate their coordinated subjects to each other: "A and B
// agreed / signed / met / clashed". Only the trigger itself counts: in "A and
// B agreed to send aid" the aid does not go from A to B; a complement counts
// when it is itself symmetric ("failed to reach agreement").
bool SymmetricPredicate(const SentenceView& sv, int v) {
  static const char* kLemmas[] = {"agree", "sign", "meet", "talk", "negotiate", "discuss", "clash", "fight",
                                  "cooperate", "reconcile", "ink", "conclude", "reach", "exchange",
                                  "normalize", "normalise", "restore", "resume", "hold", "collaborate", "upgrade"};
  auto symmetric = [&](int x) {
    std::string l = sv.lemma(x);
    for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const char* k : kLemmas)
      if (l == k) return true;
    return false;
  };
  if (symmetric(v)) return true;
  // "failed to reach agreement": the complement decides.
  for (int c : sv.kids(v))
    if (sv.base(c) == "xcomp" && symmetric(c)) return true;
  return false;
}

// The clause a nominal trigger belongs to: the first verb on its chain of
// heads, so that "could" in "concern grows that X could escalate" does not
// reach "reports of troop deployments". A nominal the parser hung on a
// subordinate clause although it stands before that clause's subordinator
// ("Amid reports of X, concern grows that Y could escalate", with "reports"
// attached to "escalate") is a fronted adjunct of the clause above: the
// clause is the one the subordinate clause depends on.
int NominalClause(const SentenceView& sv, int v) {
  int x = v;  // the topmost nominal of the chain
  int clause = -1;
  for (int hops = 0, h = sv.head(v); h >= 0 && hops < 4; ++hops, x = h, h = sv.head(h))
    if (sv.w(h).upos == Upos::VERB || sv.w(h).upos == Upos::AUX) {
      clause = h;
      break;
    }
  if (clause < 0) return v;
  for (int guard = 0; guard < 4; ++guard) {
    std::string_view r = sv.base(clause);
    if (sv.head(clause) < 0 || !(r == "ccomp" || r == "advcl" || r == "acl" || r == "csubj")) break;
    int mark = -1;
    for (int c : sv.kids(clause))
      if (sv.rel(c) == "mark" && sv.lemma(c) != "to") mark = c;
    if (mark < 0 || x > mark) break;
    int up = sv.head(clause);
    if (!(sv.w(up).upos == Upos::VERB || sv.w(up).upos == Upos::AUX)) break;
    x = clause;
    clause = up;
  }
  return clause;
}

// The other side named by a border phrase: "along the border with X",
// "the frontier with X" -> X ("the borders of X" and "X's border" are found
// by PhraseMention through the of-phrase and the possessor). A force posture
// at a country's border is aimed at that country.
int BorderSide(const SentenceView& sv, int x, int speaker) {
  if (x < 0) return -1;
  std::string l = sv.lemma(x);
  for (auto& ch : l) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (l != "border" && l != "borders" && l != "frontier" && l != "boundary" && l != "borderline") return -1;
  for (int c : sv.kids(x))
    if (sv.base(c) == "nmod" && sv.Prep(c) == "with") {
      int m = sv.PhraseMention(c, speaker);
      if (m >= 0) return m;
    }
  return -1;
}

// A subject that stands for several actors named before: "they", "both",
// "both sides", "the two leaders", "the two countries".
bool IsPluralAnaphor(const SentenceView& sv, int x) {
  std::string f(sv.w(x).form);
  for (auto& ch : f) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (sv.w(x).upos == Upos::PRON) return f == "they";
  if (f == "both") return true;
  static const char* kHeads[] = {"side", "leader", "country", "nation", "government", "minister", "president",
                                 "party", "delegation", "foreign minister", "counterpart", "men", "man"};
  const std::string& l = sv.lemma(x);
  bool head = false;
  for (const char* k : kHeads)
    if (l == k) head = true;
  if (!head) return false;
  for (int c : sv.kids(x)) {
    std::string cf(sv.w(c).form);
    for (auto& ch : cf) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if ((sv.base(c) == "det" || sv.base(c) == "nummod" || sv.base(c) == "amod") && (cf == "both" || cf == "two"))
      return true;
  }
  return false;
}

// Negation on v or its auxiliaries.
bool Negated(const SentenceView& sv, int v) {
  for (int c : sv.kids(v)) {
    std::string_view l = sv.lemma(c);
    std::string_view r = sv.base(c);
    if ((r == "advmod" || r == "neg" || r == "det") && (l == "not" || l == "never" || l == "n't" || l == "no"))
      return true;
  }
  return false;
}

// The triggers of a word as the coder looks them up: verbs by lemma, nouns
// by lemma and then by form (plural nouns whose lemma the tagger left plural,
// "talks"); other parts of speech trigger nothing.
const std::vector<uint32_t>* LookupTrigger(const lexicon::Lexicon& lex, const nlp::ParsedWord& word) {
  const bool noun = word.upos == Upos::NOUN || word.upos == Upos::PROPN;
  // Adjectives are looked up as verbs: a predicative adjective can head a
  // clause like a verb ("Iran is ready to talk", "willing to withdraw").
  if (!noun && word.upos != Upos::VERB && word.upos != Upos::ADJ) return nullptr;
  std::string key = word.lemma;
  for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const std::vector<uint32_t>* trig = lex.TriggersFor(key);
  if (trig || !noun) return trig;
  key.assign(word.form);
  for (auto& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lex.TriggersFor(key);
}

}  // namespace

EventCoder::EventCoder(std::shared_ptr<const lexicon::Lexicon> lex) : lex_(std::move(lex)) {}

bool EventCoder::HasTrigger(const nlp::ParsedSentence& parse) const {
  // A reported necessity ("X said Y must ...") is coded from the speech verb
  // and the modal, neither of which is a pattern trigger.
  bool speech = false, necessity = false;
  for (size_t i = 0; i < parse.words.size(); ++i) {
    const nlp::ParsedWord& w = parse.words[i];
    if (LookupTrigger(*lex_, w)) return true;
    if (IsReportingLemma(w.lemma)) speech = true;
    const bool to_next = i + 1 < parse.words.size() && parse.words[i + 1].lemma == "to";
    if (IsNecessityModal(w.lemma) || ((w.lemma == "have" || w.lemma == "need") && to_next))
      necessity = true;
  }
  return speech && necessity;
}

std::vector<CodedEvent> EventCoder::Code(const Document& doc, uint32_t si, const ParsedSentence& parse,
                                         const std::vector<mentions::ActorMention>& mentions,
                                         std::vector<CoderNote>* notes) const {
  std::vector<CodedEvent> out;
  const Sentence& sent = doc.sentences[si];
  if (sent.credit_line || parse.size() == 0) return out;
  SentenceView sv(doc, si, parse, mentions);
  const int n = sv.size();
  auto note = [&](int w, std::string msg) {
    if (notes) notes->push_back(CoderNote{si, w, std::move(msg)});
  };

  // Quote speaker: the subject of a speech verb outside the quotes, or the
  // object of "according to".
  int speaker = -1, speech_verb = -1;
  for (int i = 0; i < n && speaker < 0; ++i) {
    if (sv.in_quote(i)) continue;
    if (sv.w(i).upos == Upos::VERB && IsSpeechLemma(sv.lemma(i))) {
      bool pass;
      int s = SubjectOf(sv, i, &pass);
      int m = sv.PhraseMention(s, -1);
      if (m >= 0) {
        speaker = m;
        speech_verb = i;
      }
    }
  }
  for (int i = 0; i < n && speaker < 0; ++i)
    if (!sv.in_quote(i) && sv.lemma(i) == "accord" && sv.head(i) >= 0) {
      int m = sv.PhraseMention(sv.head(i), -1);
      if (m >= 0) {
        speaker = m;
        speech_verb = i;
      }
    }
  bool question = n > 0 && sv.w(n - 1).form == "?";

  std::vector<bool> consumed(n, false);
  // Verbs first, then nouns (a noun consumed by a verb's rule is not coded again).
  for (int pass = 0; pass < 2; ++pass) {
    for (int v = 0; v < n; ++v) {
      const auto& word = sv.w(v);
      bool noun = word.upos == Upos::NOUN || word.upos == Upos::PROPN;
      bool verb = word.upos == Upos::VERB;
      if (word.upos == Upos::ADJ)  // predicative: "is ready to", "stands ready to"
        verb = sv.Child(v, "cop") >= 0 || sv.ChildBase(v, "xcomp") >= 0;
      if ((pass == 0 && !verb) || (pass == 1 && !noun)) continue;
      if (consumed[v]) continue;
      const std::vector<uint32_t>* trig = LookupTrigger(*lex_, word);
      // "X said Y must VERB": a demand by X on Y, coded with the comp=$T rules
      // of `demand` in place of the speech verb's own.
      const bool required_act = verb && ReportsRequiredAct(sv, v);
      if (required_act) trig = lex_->TriggersFor("demand");
      if (!trig) continue;
      std::string lemma = word.lemma;
      for (auto& ch : lemma) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      Match best;
      const Trigger* best_trigger = nullptr;
      bool any_trigger = false;
      for (uint32_t ti : *trig) {
        const Trigger& t = lex_->triggers()[ti];
        if (t.noun != noun) continue;
        // Multi-word triggers: the words before the head must match.
        bool words_ok = false;
        for (const auto& l : t.lemmas) {
          size_t sp = l.rfind(' ');
          if (sp == std::string::npos) {
            if (l == lemma || (noun && l == std::string(word.form))) words_ok = true;
            continue;
          }
          std::string prefix = l.substr(0, sp);
          // Compare with the preceding words' lemmas.
          std::vector<std::string> parts;
          size_t st = 0;
          while (st < prefix.size()) {
            size_t e = prefix.find(' ', st);
            parts.push_back(prefix.substr(st, e == std::string::npos ? std::string::npos : e - st));
            if (e == std::string::npos) break;
            st = e + 1;
          }
          int k = v - static_cast<int>(parts.size());
          if (k < 0) continue;
          bool ok = true;
          for (size_t q = 0; q < parts.size(); ++q) {
            std::string lw = sv.lemma(k + static_cast<int>(q));
            for (auto& ch : lw) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            if (lw != parts[q]) ok = false;
          }
          if (ok) words_ok = true;
        }
        if (!words_ok && !required_act) continue;
        any_trigger = true;
        for (const PatternRule& r : t.rules) {
          if (required_act && std::none_of(r.slots.begin(), r.slots.end(), [](const Slot& sl) {
                return sl.kind == Slot::Kind::kCompTarget;
              }))
            continue;
          Match m;
          if (!Satisfy(sv, v, noun, r, &m)) continue;
          if (m.score > best.score) {
            m.rule = &r;
            best = m;
            best_trigger = &t;
          }
        }
      }
      if (!any_trigger) continue;
      if (!best.rule) {
        note(v, "trigger '" + lemma + "': no rule's slots are satisfied");
        continue;
      }
      if (best.rule->code == "---") {
        note(v, "trigger '" + lemma + "': discarded by " + best_trigger->file + ":" +
                    std::to_string(best.rule->line));
        if (notes) notes->back().discard = true;
        continue;
      }
      for (int c : best.consumed) consumed[c] = true;

      CodedEvent ev;
      ev.sentence = si;
      ev.trigger = sv.token(v);
      ev.trigger_span = doc.tokens[ev.trigger].span;
      ev.code = best.rule->code;
      ev.info = lex_->EventCode(ev.code);
      ev.mutual = best.rule->mutual;
      ev.pattern = best_trigger->file + ":" + std::to_string(best.rule->line);
      ev.trigger_lemma = lemma;

      // Source.
      std::vector<int> source_words;
      bool passive = false;
      if (best.source_word >= 0) {
        source_words = sv.Conjuncts(best.source_word);
        if (best.second_side >= 0) source_words = {best.source_word};
      } else if (best.subject_is_target) {
        // the subject undergoes the event: no source from syntax
      } else if (!noun) {
        int subj = SubjectOf(sv, v, &passive);
        if (passive) {
          int ag = AgentOf(sv, v);
          if (ag >= 0) source_words = sv.Conjuncts(ag);
        } else if (subj >= 0) {
          source_words = sv.Conjuncts(subj);
        }
      } else {
        // A nominal event: the subject of the verb that governs it ("held
        // talks", "voiced concern in a phone call with X").
        // Only when the noun is the verb's object ("held talks") or the
        // setting of its action ("in a phone call with X"); a nominal event
        // that is merely talked about ("concern about ceasefire violations")
        // is not done by the speaker.
        int h = -1;
        int x = v;
        // A nominal with a subject of its own ("the alliance chief, in a
        // warning to Moscow" read as a predicate nominal; "Russia is in talks
        // with X") is done by that subject.
        if (int ns = sv.Child(v, "nsubj"); ns >= 0 && sv.lemma(ns) != "there" && sv.lemma(ns) != "it" &&
                                           sv.PhraseMention(ns, speaker) >= 0 && !sv.in_quote(ns) == !sv.in_quote(v)) {
          source_words = sv.Conjuncts(ns);
          x = -1;
        }
        for (int hops = 0; x >= 0 && hops < 3; ++hops) {
          int up = sv.head(x);
          if (up < 0) break;
          std::string_view r = sv.base(x);
          std::string pr = sv.Prep(x);
          // A phrase after the quotation that the parser hung on a word
          // inside it ("'...,' the minister said, in a warning to X") belongs
          // to the reporting clause: its verb is the speech verb.
          if (!sv.in_quote(x) && sv.in_quote(up) && speech_verb >= 0 && !sv.in_quote(speech_verb) &&
              sv.w(speech_verb).upos == Upos::VERB) {
            up = speech_verb;
            if (r == "conj" || r == "parataxis" || r == "appos") r = "obl";
          }
          if (r == "conj") {  // "expressed its rejection and condemnation of X"
            x = up;
            continue;
          }
          bool setting = r == "obj" || ((r == "obl" || r == "nmod") &&
                                        (pr == "in" || pr == "during" || pr == "through" || pr == "via" ||
                                         pr == "at" || pr == "with"));
          if (!setting) break;
          if (sv.w(up).upos == Upos::VERB) {
            h = up;
            break;
          }
          x = up;
        }
        if (h >= 0) {
          {
            bool p;
            int s = SubjectOf(sv, h, &p);
            if (s >= 0 && !p) source_words = sv.Conjuncts(s);
            if (p) {
              int ag = AgentOf(sv, h);
              if (ag >= 0) source_words = sv.Conjuncts(ag);
            }
          }
        }
      }
      int target_word = best.target_word;
      if (best.second_side >= 0) target_word = best.second_side;
      int target = sv.PhraseMention(target_word, speaker);
      if (target < 0) target = BorderSide(sv, target_word, speaker);
      std::vector<int> sources;
      // "the two leaders", "both sides": an anaphor, even when the actor
      // finder gave the bare role a country from context.
      auto plural_anaphor = [&](int x) {
        if (x < 0 || !IsPluralAnaphor(sv, x)) return false;
        int m = sv.PhraseMention(x, speaker);
        return m < 0 || mentions[m].how.find("context") != std::string::npos;
      };
      for (int sw : source_words) {
        if (!noun && plural_anaphor(sw)) continue;
        int m = sv.PhraseMention(sw, speaker);
        if (m >= 0 && std::find(sources.begin(), sources.end(), m) == sources.end()) sources.push_back(m);
      }
      int fallback_word = -1;  // where FallbackTarget found the target
      if (required_act) {
        // The one required to act must be an actor other than the speaker:
        // not "said the talks must continue", not "said it must respond".
        // The same actor under another name counts as the speaker ("Ukraine
        // said Ukraine must"), a person and the government of one code do not.
        bool other = target >= 0;
        for (int sm : sources)
          if (sm == target || (target >= 0 && mentions[sm].code == mentions[target].code &&
                               mentions[sm].kind == mentions[target].kind))
            other = false;
        if (!other) {
          note(v, "'" + lemma + "' with a clause of necessity: no other actor is required to act");
          continue;
        }
      }
      if (target < 0 && !best.subject_is_target && best.second_side < 0)
        target = FallbackTarget(sv, v, target_word, best.consumed, sources, mentions, speaker, &fallback_word);
      // A plural anaphor as subject ("They agreed to ...", "the two leaders
      // discussed ..."): left for the resolver, which links it to the
      // participants of a two-sided event or a coordinated subject in the
      // sentences just before, or drops the event.
      if (sources.empty() && best.source_word < 0 && !best.subject_is_target && !noun && !passive) {
        bool p = false;
        int subj = SubjectOf(sv, v, &p);
        if (subj >= 0 && !p && plural_anaphor(subj)) {
          ev.plural_subject = static_cast<int>(sv.token(subj));
          ev.symmetric = best.rule->mutual || SymmetricPredicate(sv, v);
        }
      }
      if (sources.empty() && !best.rule->nosource && target < 0 && ev.plural_subject < 0) {
        note(v, "trigger '" + lemma + "' (" + ev.pattern + "): no actor found for source or target");
        continue;
      }
      if (sources.empty() && !best.rule->nosource && best.source_word < 0 && !noun && !passive &&
          ev.plural_subject < 0) {
        note(v, "trigger '" + lemma + "' (" + ev.pattern + "): no source actor");
        continue;
      }

      // Polarity: walk up from a noun to its verb for modality.
      int clause = noun ? NominalClause(sv, v) : v;
      ev.clause_head = clause;
      ev.negated = Negated(sv, v) || (clause != v && Negated(sv, clause));
      std::string modality = "asserted";
      for (int c : sv.kids(clause)) {
        if (sv.base(c) == "aux") {
          std::string_view l = sv.lemma(c);
          if (l == "could" || l == "might" || l == "may" || l == "would" || l == "should" || l == "can" ||
              l == "must")
            modality = "hypothetical";
          else if ((l == "will" || l == "shall" || sv.w(c).form == "'ll") && modality == "asserted")
            modality = "future";
        }
        if (sv.rel(c) == "mark" && (sv.lemma(c) == "if" || sv.lemma(c) == "unless" || sv.lemma(c) == "whether"))
          modality = "hypothetical";
      }
      // Governing verbs: plans to attack (future), denied attacking (denied),
      // said that ... (reported).
      int x = clause;
      for (int hops = 0; hops < 4; ++hops) {
        int h = sv.head(x);
        if (h < 0) break;
        std::string_view r = sv.base(x);
        std::string_view hl = sv.lemma(h);
        if (r == "xcomp" || r == "ccomp" || r == "advcl" || r == "parataxis") {
          if (hl == "deny" || hl == "reject" || hl == "dismiss") {
            modality = "denied";
            break;
          }
          // "urged the authorities to protect civilians": the requested act
          // has not happened.
          // An infinitive the parser hung as advcl ("vowed to attack") is a
          // complement here too.
          const bool to_clause = r == "xcomp" || (r == "advcl" && HasMark(sv, x, "to"));
          if (to_clause && (hl == "urge" || hl == "ask" || hl == "call" || hl == "demand" || hl == "appeal" ||
                               hl == "press" || hl == "encourage" || hl == "request" || hl == "invite" ||
                               hl == "order" || hl == "tell"))
            modality = "hypothetical";
          if (to_clause && (hl == "plan" || hl == "intend" || hl == "want" || hl == "seek" || hl == "aim" ||
                               hl == "prepare" || hl == "expect" || hl == "hope" || hl == "threaten" ||
                               hl == "try" || hl == "attempt" || hl == "agree" || hl == "pledge" ||
                               hl == "promise" || hl == "vow" || hl == "offer" || hl == "undertake"))
            if (modality == "asserted") modality = "future";
          if (r == "advcl") {
            for (int c : sv.kids(x))
              if (sv.rel(c) == "mark" && (sv.lemma(c) == "if" || sv.lemma(c) == "unless"))
                modality = "hypothetical";
          }
          if (IsSpeechLemma(hl) && modality == "asserted") modality = "reported";
        } else if (r != "conj") {
          break;
        }
        x = h;
      }
      // The act of a request or requirement has not happened: "demanded that
      // Russia withdraw", "ordered the rebels to surrender", "has to end".
      if ((modality == "asserted" || modality == "reported" || modality == "future") &&
          RequestedOrRequired(sv, clause))
        modality = "hypothetical";
      if (question && !sv.in_quote(v)) modality = "hypothetical";
      // A nominal event known only from hearsay or fear ("amid reports of
      // troop deployments", "fears of an invasion") with nobody named as its
      // source is unconfirmed.
      // Reports and claims are not fears: "amid reports of troop
      // deployments", "reported troop movements" tell of something said to
      // have happened, which is `reported` (it counts), whoever reported it.
      if (noun) {
        int h = sv.head(v);
        if (h >= 0 && (sv.base(v) == "nmod" || sv.base(v) == "compound")) {
          std::string_view hl = sv.lemma(h);
          bool hearsay = hl == "rumour" || hl == "rumor" || hl == "speculation" || hl == "fear" ||
                         hl == "possibility" || hl == "risk" || hl == "prospect" || hl == "threat" ||
                         hl == "danger" || hl == "likelihood";
          bool report = hl == "report" || hl == "claim" || hl == "allegation" || hl == "account";
          if (hearsay) modality = "hypothetical";
          else if (report && modality == "asserted") modality = "reported";
        }
        // "reported troop movements"; also "Reported troop deployments
        // angered X" read with "Reported" as a verb taking the noun as object.
        for (int c : sv.kids(v))
          if (sv.rel(c) == "amod" && (sv.lemma(c) == "reported" || sv.w(c).form == "reported") &&
              modality == "asserted")
            modality = "reported";
        if (h >= 0 && sv.base(v) == "obj" && h == clause && h < v && modality == "asserted" &&
            (sv.lemma(h) == "report" || sv.lemma(h) == "allege"))
          modality = "reported";
      }
      if (speaker >= 0 && (sv.in_quote(v) || modality == "reported" || speech_verb >= 0)) {
        bool speaker_is_source = std::find(sources.begin(), sources.end(), speaker) != sources.end();
        if (!speaker_is_source || sv.in_quote(v)) {
          ev.speaker = speaker;
          ev.attribution_verb = sv.lemma(speech_verb);
          ev.attribution_span = doc.sentences[si].span;
          if (modality == "asserted") modality = "reported";
        }
      }
      ev.modality = modality;

      // Confidence: how the match was made.
      double conf = 0.55;
      if (!best.rule->slots.empty()) conf += 0.15;
      if (!sources.empty()) conf += 0.15;
      if (target >= 0) conf += 0.1;
      if (noun) conf -= 0.05;
      if (required_act) conf -= 0.1;  // a demand read off "must", not a demand verb
      ev.confidence = std::min(0.95, conf);

      ev.target = target;
      if (best.second_side >= 0 && sources.size() == 1) {
        ev.mutual = true;
      }
      // A symmetric predicate with coordinated subjects and no other side
      // ("Armenia and Azerbaijan agreed to hold talks", "A and B clashed")
      // relates the subjects to each other: one two-sided record per pair
      // with the first subject, not one one-sided event per subject.
      if (target < 0 && sources.size() >= 2 && (best.rule->mutual || SymmetricPredicate(sv, v))) {
        ev.mutual = true;
        ev.source = sources[0];
        ev.sources = sources;
        for (size_t k = 1; k < sources.size(); ++k) {
          ev.target = sources[k];
          out.push_back(ev);
        }
        continue;
      }
      // Coordinated targets ("attacked A and B", "met X and Y"): one event
      // per target, as coordinated sources give one event per source.
      std::vector<int> targets = {target};
      int target_head = target >= 0 && target_word >= 0 && target == sv.PhraseMention(target_word, speaker)
                            ? target_word
                            : fallback_word;
      if (target >= 0 && target_head >= 0 && best.second_side < 0) {
        for (int cj : sv.Conjuncts(target_head)) {
          if (cj == target_head) continue;
          int m = sv.PhraseMention(cj, speaker);
          if (m >= 0 && std::find(targets.begin(), targets.end(), m) == targets.end() &&
              std::find(sources.begin(), sources.end(), m) == sources.end())
            targets.push_back(m);
        }
      }
      for (int tgt : targets) {
        ev.target = tgt;
        if (sources.empty()) {
          out.push_back(ev);
        } else {
          for (int src : sources) {
            if (src == tgt) continue;
            CodedEvent e = ev;
            e.source = src;
            e.sources = sources;
            out.push_back(e);
          }
        }
      }
    }
  }
  return out;
}

}  // namespace sitrep::coding
