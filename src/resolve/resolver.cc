#include "resolve/resolver.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "lexicon/dictionary.h"
#include "mentions/casualty_finder.h"
#include "mentions/time_finder.h"

namespace sitrep::resolve {

using coding::CodedEvent;
using mentions::ActorMention;
using mentions::CasualtyMention;
using mentions::PlaceMention;
using mentions::TimeExpr;
using mentions::TimePrecision;

namespace {

// True when a word's path to the root crosses a relative, participial or
// adverbial clause (acl, acl:relcl, advcl). Clausal complements (ccomp,
// xcomp) do not count: "X said Y attacked Z" reports Y's attack as the news.
// The value of the first (from, to) pair whose `from` is a prefix of
// `code`, or "". Tables list the most specific prefixes first.
std::string MapByPrefix(const std::vector<std::pair<std::string, std::string>>& table,
                        const std::string& code) {
  for (const auto& [from, to] : table)
    if (code.compare(0, from.size(), from) == 0) return to;
  return std::string();
}

// CAMEO's REJECT family is negated cooperation: "will not lift the
// sanctions" is 1244 (refuse to ease economic sanctions), not a negated 085.
// Returns the refusal code for a cooperative code, or "" when CAMEO has none
// (statements, appeals, intents and most diplomatic cooperation stay negated).
std::string RefusalCode(const std::string& code) {
  static const auto* table = new std::vector<std::pair<std::string, std::string>>{
      // most specific first: a code maps by its longest listed prefix
      {"0831", "1231"}, {"0832", "1232"}, {"0833", "1233"}, {"0834", "1234"},
      {"080", "124"}, {"081", "1241"}, {"082", "1242"}, {"083", "123"}, {"084", "1243"},
      {"085", "1244"}, {"086", "1245"}, {"087", "1246"}, {"08", "124"},
      {"061", "1211"}, {"062", "1212"}, {"06", "121"},
      {"071", "1221"}, {"072", "1222"}, {"073", "1223"}, {"074", "1224"}, {"07", "122"},
      {"045", "126"}, {"04", "125"},
      {"057", "127"}};
  return MapByPrefix(*table, code);
}

// CAMEO codes an announced material cooperation as its intent (03): "the
// rebels will release the hostages" is 0353 (express intent to release
// persons), an event that happened when it was said. Returns the intent code
// for a material-cooperation code (06-08), or "" (meetings stay 04 with a
// future modality: "will meet" is still a consultation).
std::string IntentCode(const std::string& code) {
  static const auto* table = new std::vector<std::pair<std::string, std::string>>{
      {"0831", "0341"}, {"0832", "0342"}, {"0833", "0343"}, {"0834", "0344"},
      {"081", "0351"}, {"082", "0352"}, {"083", "034"}, {"084", "0353"}, {"085", "0354"},
      {"086", "0355"}, {"087", "0356"}, {"08", "035"},
      {"061", "0311"}, {"062", "0312"}, {"063", "0313"}, {"064", "0314"}, {"06", "031"},
      {"071", "0331"}, {"072", "0332"}, {"073", "0333"}, {"074", "0334"}, {"07", "033"}};
  return MapByPrefix(*table, code);
}

bool InSubordinateClause(const nlp::ParsedSentence& ps, int w) {
  if (!ps.has_tree) return false;
  for (size_t steps = 0; w >= 0 && static_cast<size_t>(w) < ps.size() && steps < ps.size(); ++steps) {
    std::string_view rel = nlp::ParsedSentence::BaseRel(ps[w].deprel);
    if (rel == "acl" || rel == "advcl") return true;
    w = ps[w].head;
  }
  return false;
}

bool Armed(const std::string& role) {
  return role == "MIL" || role == "REB" || role == "INS" || role == "SEP" || role == "COP" || role == "UAF" ||
         role == "SPY";
}
bool Civilian(const std::string& role) {
  return role == "CVL" || role == "REF" || role == "MED" || role == "EDU" || role == "HLH" || role == "LAB" ||
         role == "NGO" || role == "BUS" || role == "REL" || role == "OPP";
}

EventActor ToActor(const ActorMention& m) {
  EventActor a;
  a.text = m.text;
  a.code = m.code;
  a.country = m.country;
  a.role = m.role;
  a.name = m.name;
  a.kind = m.kind;
  a.span = {m.span.begin, m.span.end};
  a.acled_inter = m.acled_inter;
  return a;
}

uint64_t Fnv(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

int32_t DayOf(const std::string& d) {
  int32_t v;
  if (d.empty() || !lexicon::ParseBoundDate(d, true, &v)) return lexicon::kOpenEnd;
  return v;
}

// The casualty kinds that make an event of their own when no event was coded.
std::string CodeForToll(mentions::CasualtyKind k, bool armed_victims) {
  switch (k) {
    case mentions::CasualtyKind::kKilled:
    case mentions::CasualtyKind::kInjured:
      return armed_victims ? "190" : "180";
    case mentions::CasualtyKind::kArrested:
      return "173";
    case mentions::CasualtyKind::kAbducted:
      return "181";
    default:
      return "";
  }
}

// Plural anaphors ("They agreed to ...", "the two leaders discussed ...")
// that the coder left unresolved (CodedEvent::plural_subject) stand for the
// participants of the nearest earlier event of the same or the previous two
// sentences that has several sides: a two-sided consultation or agreement
// (talks, a call, a meeting: mutual, verbal cooperation) or a coordinated
// subject ("France and Germany condemned ..."). The event is repeated for each
// participant, or, when its predicate is symmetric and it has no other side,
// becomes one mutual record between them. With no such antecedent the event
// is dropped: a pronoun is never guessed.
std::vector<CodedEvent> LinkPluralSubjects(const std::vector<CodedEvent>& in,
                                           const std::shared_ptr<const lexicon::Lexicon>& lex) {
  std::vector<CodedEvent> out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const CodedEvent& ce = in[i];
    if (ce.plural_subject < 0) {
      out.push_back(ce);
      continue;
    }
    // The nearest qualifying antecedent before the pronoun.
    const CodedEvent* ante = nullptr;
    for (size_t j = 0; j < in.size(); ++j) {
      const CodedEvent& c = in[j];
      if (c.plural_subject >= 0 || c.sentence > ce.sentence || c.sentence + 2 < ce.sentence) continue;
      if (c.sentence == ce.sentence && c.trigger >= static_cast<uint32_t>(ce.plural_subject)) continue;
      const lexicon::EventCodeInfo* info = c.info ? c.info : lex->EventCode(c.code);
      bool two_sided = c.mutual && c.source >= 0 && c.target >= 0 && info && info->quad_class == 1;
      bool coordinated = c.sources.size() >= 2 && !c.mutual;
      if (!two_sided && !coordinated) continue;
      if (!ante || c.sentence > ante->sentence || (c.sentence == ante->sentence && c.trigger > ante->trigger))
        ante = &c;
    }
    if (!ante) continue;
    std::vector<int> parts;
    auto add = [&](int m) {
      if (m >= 0 && std::find(parts.begin(), parts.end(), m) == parts.end()) parts.push_back(m);
    };
    for (const CodedEvent& c : in) {
      if (c.sentence != ante->sentence || c.trigger != ante->trigger || c.plural_subject >= 0) continue;
      if (c.mutual) {
        add(c.source);
        add(c.target);
      } else {
        for (int m : c.sources) add(m);
      }
    }
    if (parts.size() < 2) continue;
    CodedEvent e = ce;
    e.sources = parts;
    e.plural_subject = -1;
    if (ce.symmetric && ce.target < 0) {
      e.mutual = true;
      e.source = parts[0];
      for (size_t k = 1; k < parts.size(); ++k) {
        e.target = parts[k];
        out.push_back(e);
      }
      continue;
    }
    for (int m : parts) {
      if (m == ce.target) continue;
      e.source = m;
      out.push_back(e);
    }
  }
  return out;
}

}  // namespace

void AcledType(const std::string& c, const std::string& src_role, const std::string& tgt_role, bool civ,
               std::string* type, std::string* sub) {
  type->clear();
  sub->clear();
  auto set = [&](const char* t, const char* s) {
    *type = t;
    *sub = s;
  };
  std::string root = c.substr(0, 2);
  bool vac = civ || Civilian(tgt_role);
  if (root == "19") {
    if (c == "194") set("Explosions/Remote violence", "Shelling/artillery/missile attack");
    else if (c == "195" || c.rfind("195", 0) == 0) set("Explosions/Remote violence", "Air/drone strike");
    else if (c == "192") {
      if (src_role == "REB" || src_role == "INS" || src_role == "SEP") set("Battles", "Non-state actor overtakes territory");
      else set("Battles", "Government regains territory");
    } else if (c == "191") set("Strategic developments", "Other");
    else if (vac) set("Violence against civilians", "Attack");
    else set("Battles", "Armed clash");
  } else if (root == "18") {
    if (c == "181") set("Violence against civilians", "Abduction/forced disappearance");
    else if (c == "1821") set("Violence against civilians", "Sexual violence");
    else if (c == "1831") set("Explosions/Remote violence", "Suicide bomb");
    else if (c == "1832" || c == "1833" || c == "183") set("Explosions/Remote violence", "Remote explosive/landmine/IED");
    else if (Armed(tgt_role) && !vac) set("Battles", "Armed clash");
    else set("Violence against civilians", "Attack");
  } else if (root == "20") {
    if (c.rfind("204", 0) == 0) set("Explosions/Remote violence", "Chemical weapon");
    else set("Violence against civilians", "Attack");
  } else if (root == "14") {
    if (c.rfind("145", 0) == 0) set("Riots", "Violent demonstration");
    else set("Protests", "Peaceful protest");
  } else if (root == "17") {
    if (c == "173") set("Strategic developments", "Arrests");
    else if (c == "171" || c == "1711" || c == "1712") set("Strategic developments", "Looting/property destruction");
    else if (c.rfind("175", 0) == 0) {
      if (tgt_role == "OPP") set("Protests", "Excessive force against protesters");
      else set("Violence against civilians", "Attack");
    }
  } else if (c == "057" || c.rfind("0871", 0) == 0 || c == "0861" || c == "0862") {
    set("Strategic developments", "Agreement");
  } else if (root == "15" && (c == "152" || c == "150")) {
    set("Strategic developments", "Other");
  }
}

Resolver::Resolver(std::shared_ptr<const lexicon::Lexicon> lex, Provenance prov)
    : lex_(std::move(lex)), prov_(std::move(prov)) {}

std::vector<Event> Resolver::Resolve(const DocumentAnalysis& a) const {
  const Document& doc = *a.doc;
  const auto& actors = *a.actors;
  static const std::vector<PlaceMention> kNoPlaces;
  const auto& places = a.places ? *a.places : kNoPlaces;
  const std::string& pub = doc.meta.date;
  const int32_t pub_day = DayOf(pub);
  std::vector<Event> out;

  // Casualties per sentence (repeats of a figure in the document dropped).
  std::vector<CasualtyMention> all_cas = mentions::FindDocumentCasualties(doc);
  std::map<uint32_t, std::vector<const CasualtyMention*>> cas_by_sentence;
  for (const auto& c : all_cas) {
    for (uint32_t si = 0; si < doc.sentences.size(); ++si) {
      const Sentence& s = doc.sentences[si];
      if (c.number.begin >= s.token_begin && c.number.begin < s.token_end) {
        cas_by_sentence[si].push_back(&c);
        break;
      }
    }
  }

  auto victim_code = [&](const CasualtyMention& c) -> std::string {
    // An actor mention inside the victims or the side phrase.
    for (const mentions::TokenRange* r : {&c.side, &c.victims}) {
      if (r->empty()) continue;
      for (const auto& m : actors)
        if (m.begin < r->end && r->begin < m.end && !m.code.empty()) return m.code;
    }
    return std::string();
  };

  auto make_event = [&](uint32_t si, const std::string& code) {
    Event e;
    e.doc_id = doc.meta.id;
    e.sentence_index = static_cast<int>(si);
    const Sentence& s = doc.sentences[si];
    e.sentence = std::string(doc.OriginalText(s.span));
    e.sentence_span = {s.span.begin, s.span.end};
    e.cameo = code;
    e.cameo_root = code.substr(0, 2);
    if (const auto* info = lex_->EventCode(code)) {
      e.cameo_name = info->name;
      e.plover_type = info->plover_type;
      e.plover_mode = info->plover_mode;
      e.goldstein = info->goldstein;
      e.quad_class = info->quad_class;
      if (!info->plover_context.empty()) {
        size_t st = 0;
        while (st < info->plover_context.size()) {
          size_t semi = info->plover_context.find(';', st);
          e.context.push_back(info->plover_context.substr(st, semi == std::string::npos ? std::string::npos : semi - st));
          if (semi == std::string::npos) break;
          st = semi + 1;
        }
      }
    }
    e.version = prov_.version;
    e.dictionaries = prov_.dictionaries;
    e.model = prov_.model;
    return e;
  };

  auto date_for = [&](Event& e, uint32_t si, int trigger_tok, bool future, int clause_tok = -1) {
    std::vector<TimeExpr> times = mentions::FindTimes(doc, doc.sentences[si], pub,
                                                      future ? mentions::TenseHint::kFuture
                                                             : mentions::TenseHint::kAuto);
    const TimeExpr* best = nullptr;
    int best_dist = 1 << 30;
    // With a parse: the expression attached to the event's clause; a time
    // in another clause does not date this one.
    const nlp::ParsedSentence* ps =
        a.parses && si < a.parses->size() ? &(*a.parses)[si] : nullptr;
    if (ps && ps->size() == doc.sentences[si].size()) {
      const TimeExpr* t = mentions::TimeForPredicate(times, doc.sentences[si], ps,
                                                     static_cast<uint32_t>(trigger_tok));
      if (!t && clause_tok >= 0 && clause_tok != trigger_tok)
        t = mentions::TimeForPredicate(times, doc.sentences[si], ps, static_cast<uint32_t>(clause_tok));
      if (t && t->resolved.precision != TimePrecision::kUnknown && !t->resolved.value.empty() &&
          t->preposition != "before" && t->preposition != "after" && t->preposition != "until" &&
          t->preposition != "by") {
        best = t;
        best_dist = 0;
      }
      if (!best) times.clear();  // the clause has no time of its own: publication date
    }
    for (const auto& t : times) {
      if (t.preposition == "before" || t.preposition == "after" || t.preposition == "until" ||
          t.preposition == "by")
        continue;
      if (t.resolved.precision == TimePrecision::kUnknown || t.resolved.value.empty()) continue;
      // The expression nearest the trigger, preferring those after it (news
      // puts the time after the verb: "spoke with X on Monday").
      int d = static_cast<int>(t.token_begin) - trigger_tok;
      int dist = d >= 0 ? d : -d * 2;
      if (dist < best_dist) {
        best_dist = dist;
        best = &t;
      }
    }
    if (best) {
      e.date.value = best->resolved.value;
      e.date.start = best->resolved.start;
      e.date.end = best->resolved.end;
      e.date.precision = std::string(mentions::PrecisionName(best->resolved.precision));
      e.date.basis = best->resolved.basis.empty() ? "explicit" : best->resolved.basis;
      int32_t last = DayOf(best->resolved.end.empty() ? best->resolved.value : best->resolved.end);
      if (pub_day != lexicon::kOpenEnd && last != lexicon::kOpenEnd && last < pub_day - 60) e.historical = true;
    } else if (!pub.empty()) {
      e.date.value = pub;
      e.date.precision = "day";
      e.date.basis = "publication";
    } else {
      e.date.precision = "unknown";
      e.date.basis = "none";
    }
  };

  auto location_for = [&](Event& e, uint32_t si, int trigger_tok, bool material,
                          const ActorMention* src, const ActorMention* tgt) {
    const PlaceMention* best = nullptr;
    int best_dist = 1 << 30;
    for (const auto& p : places) {
      if (p.sentence != si || p.metonym || !p.resolved) continue;
      // A place that is one of the actors is not where it happened, unless
      // the event is about territory (occupy, annex).
      bool is_actor = (src && src->begin <= p.token_begin && p.token_end <= src->end);
      if (is_actor) continue;
      int d = static_cast<int>(p.token_begin) - trigger_tok;
      int dist = d >= 0 ? d : -d;
      if (dist < best_dist) {
        best_dist = dist;
        best = &p;
      }
    }
    (void)tgt;
    if (best) {
      EventLocation l;
      l.text = best->text;
      l.name = best->name;
      l.country = best->country;
      l.admin1 = best->admin1;
      l.lat = best->lat;
      l.lon = best->lon;
      l.has_coords = true;
      l.geonameid = best->geonameid;
      l.precision = std::string(mentions::PlaceKindName(best->precision));
      l.basis = best_dist <= 8 ? "clause" : "sentence";
      l.span = {best->span.begin, best->span.end};
      e.location = l;
    } else if (material && !a.focus_country.empty()) {
      EventLocation l;
      l.country = a.focus_country;
      l.name = a.focus_country;
      l.precision = "country";
      l.basis = "document";
      e.location = l;
    }
  };

  std::vector<bool> cas_used(all_cas.size(), false);
  auto cas_index = [&](const CasualtyMention* c) { return static_cast<size_t>(c - all_cas.data()); };

  const std::vector<CodedEvent> coded = LinkPluralSubjects(a.coded, lex_);
  for (const CodedEvent& ce : coded) {
    // A cooperative act refused or not done is a rejection (CAMEO 12): an
    // asserted, reported or announced negation becomes the REJECT code;
    // hypothetical and denied ones stay negated.
    std::string refusal = ce.negated && (ce.modality == "asserted" || ce.modality == "reported" ||
                                         ce.modality == "future")
                              ? RefusalCode(ce.code)
                              : std::string();
    // An announced material cooperation is a statement of intent (CAMEO 03).
    std::string intent = !ce.negated && ce.modality == "future" ? IntentCode(ce.code) : std::string();
    Event e = make_event(ce.sentence, !refusal.empty() ? refusal : !intent.empty() ? intent : ce.code);
    const ActorMention* src = ce.source >= 0 ? &actors[ce.source] : nullptr;
    const ActorMention* tgt = ce.target >= 0 ? &actors[ce.target] : nullptr;
    if (src) e.source = ToActor(*src);
    if (tgt) e.target = ToActor(*tgt);
    e.mutual = ce.mutual;
    e.negated = ce.negated && refusal.empty();
    e.modality = intent.empty() ? ce.modality : ce.speaker >= 0 ? "reported" : "asserted";
    if (ce.speaker >= 0) {
      Attribution at;
      at.speaker = ToActor(actors[ce.speaker]);
      at.verb = ce.attribution_verb;
      at.span = {ce.attribution_span.begin, ce.attribution_span.end};
      e.attribution = at;
    }
    // A two-sided fight with one side named ("fighting with government
    // troops"): the other side is the opposing armed side of the same
    // country named elsewhere in the article (rebels vs the army).
    if (!src && tgt && ce.mutual && tgt->code.size() >= 6 &&
        (e.cameo_root == "19" || e.cameo_root == "18")) {
      std::string c3 = tgt->code.substr(0, 3), role = tgt->code.substr(3, 3);
      bool state_side = role == "MIL" || role == "GOV" || role == "COP";
      bool rebel_side = role == "REB" || role == "INS" || role == "SEP";
      for (const auto& m : actors) {
        if (m.code.size() < 6 || m.code.compare(0, 3, c3) != 0 || m.how == "place") continue;
        std::string r2 = m.code.substr(3, 3);
        if ((state_side && (r2 == "REB" || r2 == "INS" || r2 == "SEP")) ||
            (rebel_side && (r2 == "MIL" || r2 == "GOV"))) {
          e.source = ToActor(m);
          e.source->span = {0, 0};
          e.source->text = m.text;
          break;
        }
      }
    }
    e.trigger_span = {ce.trigger_span.begin, ce.trigger_span.end};
    if (a.parses && ce.sentence < a.parses->size())
      e.subordinate = InSubordinateClause((*a.parses)[ce.sentence],
                                          static_cast<int>(ce.trigger) -
                                              static_cast<int>(doc.sentences[ce.sentence].token_begin));
    e.pattern = ce.pattern;
    e.confidence = ce.confidence;
    bool material = e.quad_class == 2 || e.quad_class == 4;
    int clause_tok = ce.clause_head >= 0
                         ? static_cast<int>(doc.sentences[ce.sentence].token_begin) + ce.clause_head
                         : -1;
    date_for(e, ce.sentence, static_cast<int>(ce.trigger), ce.modality == "future", clause_tok);
    location_for(e, ce.sentence, static_cast<int>(ce.trigger), material, src, tgt);
    // Casualties of the sentence go to its violent event(s).
    if (e.cameo_root == "18" || e.cameo_root == "19" || e.cameo_root == "20" || e.cameo_root == "17") {
      auto it = cas_by_sentence.find(ce.sentence);
      if (it != cas_by_sentence.end()) {
        for (const CasualtyMention* c : it->second) {
          if (cas_used[cas_index(c)]) continue;
          cas_used[cas_index(c)] = true;
          Casualty k;
          k.count = c->count;
          k.qualifier = std::string(mentions::QualifierName(c->qualifier));
          k.kind = std::string(mentions::CasualtyKindName(c->kind));
          k.victims = victim_code(*c);
          k.reported_by = std::string(c->reported_by);
          k.cumulative = c->cumulative;
          k.span = {c->span.begin, c->span.end};
          e.fatalities.push_back(k);
          if (c->cumulative) e.historical = true;
        }
      }
    }
    std::string tgt_role = e.target ? e.target->role : std::string();
    AcledType(e.cameo, e.source ? e.source->role : std::string(), tgt_role, false, &e.acled_type,
              &e.acled_subtype);
    out.push_back(std::move(e));
  }

  // Casualty figures with no violent event: a toll event of their own.
  for (size_t i = 0; i < all_cas.size(); ++i) {
    if (cas_used[i]) continue;
    const CasualtyMention& c = all_cas[i];
    uint32_t si = 0;
    bool found = false;
    for (const auto& [s, v] : cas_by_sentence)
      for (const CasualtyMention* p : v)
        if (p == &c) {
          si = s;
          found = true;
        }
    if (!found || doc.sentences[si].credit_line) continue;
    // "killed in an earthquake": the discard on the trigger also covers the toll.
    bool discarded = false;
    for (uint32_t t : a.discarded_triggers)
      if (!c.trigger.empty() && c.trigger.begin <= t && t < c.trigger.end) discarded = true;
    if (discarded) continue;
    std::string vcode = victim_code(c);
    std::string vrole = vcode.size() >= 6 ? vcode.substr(3, 3) : std::string();
    // Victims named only by a role word ("soldiers"): the actor mention there.
    const ActorMention* victims = nullptr;
    for (const auto& m : actors)
      if (!c.victims.empty() && m.begin < c.victims.end && c.victims.begin < m.end) victims = &m;
    if (!victims)
      for (const auto& m : actors)
        if (!c.side.empty() && m.begin < c.side.end && c.side.begin < m.end) victims = &m;
    if (victims) vrole = victims->role;
    std::string code = CodeForToll(c.kind, Armed(vrole));
    if (code.empty()) continue;
    Event e = make_event(si, code);
    if (victims) {
      e.target = ToActor(*victims);
      // A role word on "the X side" takes the side's country and role.
      if (!c.side.empty()) {
        for (const auto& m : actors)
          if (m.begin < c.side.end && c.side.begin < m.end && !m.code.empty() && &m != victims) {
            std::string country3 = m.code.substr(0, 3);
            if (lex_->IsCountryCode(country3) && victims->role.size() == 3)
              e.target->code = country3 + victims->role;
          }
      }
    } else if (!c.victims.empty()) {
      EventActor t;
      t.text = std::string(doc.OriginalText(
          Span{doc.tokens[c.victims.begin].span.begin, doc.tokens[c.victims.end - 1].span.end}));
      t.kind = "unknown";
      t.span = {doc.tokens[c.victims.begin].span.begin, doc.tokens[c.victims.end - 1].span.end};
      e.target = t;
    }
    e.trigger_span = {c.span.begin, c.span.end};
    if (!c.trigger.empty())
      e.trigger_span = {doc.tokens[c.trigger.begin].span.begin, doc.tokens[c.trigger.end - 1].span.end};
    e.pattern = "casualty report";
    e.confidence = 0.6;
    date_for(e, si, static_cast<int>(c.trigger.begin), false);
    location_for(e, si, static_cast<int>(c.trigger.begin), true, nullptr, nullptr);
    Casualty k;
    k.count = c.count;
    k.qualifier = std::string(mentions::QualifierName(c.qualifier));
    k.kind = std::string(mentions::CasualtyKindName(c.kind));
    k.victims = e.target ? e.target->code : vcode;
    k.reported_by = std::string(c.reported_by);
    k.cumulative = c.cumulative;
    k.span = {c.span.begin, c.span.end};
    e.fatalities.push_back(k);
    if (c.cumulative) e.historical = true;
    AcledType(e.cameo, "", e.target ? e.target->role : "", !Armed(vrole), &e.acled_type, &e.acled_subtype);
    out.push_back(std::move(e));
  }

  // A violent event with no source and a violent event with a source in the
  // same sentence are one happening ("fighting with government troops ...
  // 13,000 people have been killed"): the sourceless one is absorbed and its
  // casualty records move over.
  auto violent = [](const Event& e) {
    return e.cameo_root == "18" || e.cameo_root == "19" || e.cameo_root == "20";
  };
  for (auto& e : out) {
    if (e.source || !violent(e)) continue;
    for (auto& o : out) {
      if (&o == &e || !o.source || !violent(o) || o.sentence_index != e.sentence_index) continue;
      if (o.Happened() != e.Happened()) continue;
      o.fatalities.insert(o.fatalities.end(), e.fatalities.begin(), e.fatalities.end());
      for (const auto& f : e.fatalities)
        if (f.cumulative) o.historical = true;
      if (!o.location && e.location) o.location = e.location;
      e.cameo.clear();  // absorbed
      break;
    }
  }
  std::erase_if(out, [](const Event& e) { return e.cameo.empty(); });

  // Two violent events by the same source in one sentence are one happening
  // ("gunmen killed 14 villagers in an attack on a village", "shelled the
  // town, killing 23"): keep the first, take the other's target, casualties
  // and place when it lacks them.
  for (size_t i = 0; i < out.size(); ++i) {
    Event& a = out[i];
    if (a.cameo.empty() || !a.source || !violent(a)) continue;
    for (size_t j = i + 1; j < out.size(); ++j) {
      Event& b = out[j];
      if (b.cameo.empty() || !b.source || !violent(b) || b.sentence_index != a.sentence_index) continue;
      if (b.source->code != a.source->code || b.Happened() != a.Happened()) continue;
      std::string at = a.target ? a.target->code : "", bt = b.target ? b.target->code : "";
      bool compatible = at.empty() || bt.empty() || at.substr(0, 3) == bt.substr(0, 3);
      if (!compatible) continue;
      if (!a.target && b.target) a.target = b.target;
      a.fatalities.insert(a.fatalities.end(), b.fatalities.begin(), b.fatalities.end());
      if (!a.location && b.location) a.location = b.location;
      a.historical = a.historical || b.historical;
      b.cameo.clear();
    }
  }
  std::erase_if(out, [](const Event& e) { return e.cameo.empty(); });

  // One event per happening: a later mention of the same dyad and code in
  // another sentence is the same event (keep the first, take what it lacks).
  std::vector<Event> merged;
  for (auto& e : out) {
    bool dup = false;
    for (auto& m : merged) {
      if (m.cameo != e.cameo || m.sentence_index == e.sentence_index) continue;
      std::string ms = m.source ? m.source->code : "", mt = m.target ? m.target->code : "";
      std::string es = e.source ? e.source->code : "", et = e.target ? e.target->code : "";
      if (ms.empty() || es.empty()) continue;
      bool same = (ms == es && mt == et) || (m.mutual && e.mutual && ms == et && mt == es);
      if (!same || m.Happened() != e.Happened()) continue;
      if (!m.location && e.location) m.location = e.location;
      if (m.fatalities.empty()) m.fatalities = e.fatalities;
      dup = true;
      break;
    }
    if (!dup) merged.push_back(std::move(e));
  }
  for (auto& e : merged) {
    char buf[32];
    uint64_t h = Fnv(e.doc_id);
    h = Fnv(std::to_string(e.sentence_index), h);
    h = Fnv(std::to_string(e.trigger_span[0]), h);
    h = Fnv(e.cameo, h);
    h = Fnv(e.source ? e.source->code + "@" + std::to_string(e.source->span[0]) : "-", h);
    h = Fnv(e.target ? e.target->code + "@" + std::to_string(e.target->span[0]) : "-", h);
    std::snprintf(buf, sizeof(buf), "ev-%016llx", static_cast<unsigned long long>(h));
    e.id = buf;
  }
  return merged;
}

}  // namespace sitrep::resolve
