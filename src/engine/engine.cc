// Engine: composes the stages (see include/sitrep/engine.h).
#include "sitrep/engine.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "base/paths.h"
#include "ingest/language.h"
#include "coding/event_coder.h"
#include "lexicon/lexicon.h"
#include "mentions/actor_finder.h"
#include "mentions/casualty_finder.h"
#include "mentions/gazetteer.h"
#include "mentions/place_finder.h"
#include "nlp/pipeline.h"
#include "resolve/resolver.h"
#include "text/text_analyzer.h"

namespace sitrep {

struct Engine::Impl {
  EngineOptions opt;
  std::shared_ptr<const lexicon::Lexicon> lex;
  std::shared_ptr<const nlp::NlpModel> model;
  std::shared_ptr<const mentions::Gazetteer> gazetteer;
  std::unique_ptr<mentions::ActorFinder> actors;
  std::unique_ptr<mentions::PlaceFinder> places;
  std::unique_ptr<coding::EventCoder> coder;
  std::unique_ptr<resolve::Resolver> resolver;
  std::string version = SITREP_VERSION;
  std::string model_hash = "none";
  std::vector<std::string> load_warnings;
};

namespace {

// Places that are not covered by an actor mention become country actors
// ("annexed the Crimean peninsula" -> UKR) so the coder can use them as
// targets; they are marked so they are not listed as actor mentions.
void AddPlaceActors(const lexicon::Lexicon& lex, const Document& doc,
                    const std::vector<mentions::PlaceMention>& places,
                    std::vector<mentions::ActorMention>* actors) {
  for (const auto& p : places) {
    if (!p.resolved || p.metonym || p.country.empty()) continue;
    bool covered = false;
    for (auto& m : *actors) {
      if (!(m.begin < p.token_end && p.token_begin < m.end)) continue;
      covered = true;
      // A capitalised name no dictionary knew that is a place ("the Crimean
      // peninsula"): it stands for its country.
      if (m.kind == "unknown" && m.code.empty()) {
        m.code = p.country;
        m.country = p.country;
        m.kind = "country";
        m.how = "place";
        m.name = p.name;
      }
    }
    if (covered) continue;
    mentions::ActorMention m;
    m.sentence = p.sentence;
    m.begin = p.token_begin;
    m.end = p.token_end;
    m.head = p.token_end - 1;
    m.span = p.span;
    m.text = p.text;
    m.code = p.country;  // CAMEO country codes are ISO alpha-3 for nearly all states
    m.country = p.country;
    m.name = p.name;
    m.kind = "country";
    m.how = "place";
    m.acled_inter = 0;
    (void)lex;
    (void)doc;
    actors->push_back(std::move(m));
  }
  std::sort(actors->begin(), actors->end(), [](const mentions::ActorMention& a, const mentions::ActorMention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
}

}  // namespace

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Create(const EngineOptions& opt) {
  auto impl = std::make_unique<Impl>();
  impl->opt = opt;
  lexicon::LoadReport rep;
  if (opt.data_dir.empty()) {
    SITREP_ASSIGN_OR_RETURN(impl->lex, lexicon::Lexicon::LoadDefault(&rep));
  } else {
    SITREP_ASSIGN_OR_RETURN(impl->lex, lexicon::Lexicon::Load(opt.data_dir, &rep));
  }
  if (!rep.errors.empty())
    impl->load_warnings.push_back(std::to_string(rep.errors.size()) +
                                  " dictionary problems (run `sitrep dict check`); first: " + rep.errors[0]);
  std::string mpath = opt.model_path;
  if (mpath.empty()) {
    auto p = nlp::NlpModel::DefaultPath();
    if (p.ok()) mpath = *p;
  }
  if (!mpath.empty()) {
    auto m = nlp::NlpModel::Load(mpath);
    if (!m.ok()) {
      if (opt.require_model) return m.status();
      impl->load_warnings.push_back("NLP model not loaded: " + m.status().ToString());
    } else {
      impl->model = *m;
      // The checksum the loader verified names the content: no second read
      // of the (14 MB) file.
      impl->model_hash = impl->model->content_hash();
    }
  } else if (opt.require_model) {
    return Status::NotFound("no NLP model (models/en_ewt.model); run `make build`");
  } else {
    impl->load_warnings.push_back("no NLP model found: events are not coded");
  }
  std::string gpath = opt.gazetteer_path;
  if (gpath.empty()) {
    auto p = FindDataFile("gazetteer.bin");
    if (p.ok()) gpath = *p;
  }
  if (!gpath.empty()) {
    auto g = mentions::Gazetteer::Load(gpath);
    if (g.ok()) impl->gazetteer = *g;
    else impl->load_warnings.push_back("gazetteer not loaded: " + g.status().ToString());
  }
  impl->actors = std::make_unique<mentions::ActorFinder>(impl->lex);
  if (impl->gazetteer) impl->places = std::make_unique<mentions::PlaceFinder>(impl->gazetteer);
  impl->coder = std::make_unique<coding::EventCoder>(impl->lex);
  impl->resolver = std::make_unique<resolve::Resolver>(
      impl->lex, resolve::Provenance{impl->version, impl->lex->hash(), impl->model_hash});
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

const std::string& Engine::version() const { return impl_->version; }
const std::string& Engine::dictionaries_hash() const { return impl_->lex->hash(); }
const std::string& Engine::model_hash() const { return impl_->model_hash; }

Result<DocumentResult> Engine::Code(Document doc) const {
  const Impl& m = *impl_;
  DocumentResult r;
  r.doc = std::move(doc);
  Document& d = r.doc;
  SITREP_RETURN_IF_ERROR(text::AnalyzeText(&d));
  r.warnings = m.load_warnings;
  if (!d.meta.language.empty() && !ingest::IsEnglish(d.meta.language)) {
    // Not coded: the dictionaries and the parser are English only.
    r.warnings.push_back("document " + d.meta.id + " is in '" + d.meta.language + "': not coded");
    r.skipped_language = true;
    return r;
  }
  std::vector<nlp::ParsedSentence> parses;
  if (m.model) SITREP_RETURN_IF_ERROR(m.model->TagDocument(d, &parses));
  int32_t day = lexicon::kOpenEnd;
  if (!d.meta.date.empty()) lexicon::ParseBoundDate(d.meta.date, false, &day);
  std::vector<mentions::ActorMention> actors = m.actors->FindActors(d, parses, day);
  // Only a pattern trigger or a casualty word can start an event, so only
  // sentences with one get a dependency tree; the others keep their tags and
  // lemmas (all the actor finder reads). Coding the Reuters-21578 bodies this
  // way gives the same events as parsing everything (docs/ARCHITECTURE.md).
  if (m.model) {
    for (uint32_t si = 0; si < parses.size(); ++si) {
      if (parses[si].size() == 0) continue;
      if (m.opt.parse_all || m.coder->HasTrigger(parses[si]) ||
          mentions::HasCasualtyCue(d, d.sentences[si])) {
        m.model->AddTree(&parses[si]);
        ++r.sentences_parsed;
      } else {
        ++r.sentences_skipped;
      }
    }
  }
  for (const auto& a : actors) {
    ActorOut o{a.text, a.code, a.country, a.role, a.name, a.kind, a.how, a.span.begin, a.span.end,
               static_cast<int>(a.sentence)};
    r.actors.push_back(std::move(o));
  }
  std::vector<mentions::PlaceMention> places;
  resolve::DocumentAnalysis an;
  an.doc = &d;
  an.parses = &parses;
  if (m.places) {
    places = m.places->Find(d, parses.empty() ? nullptr : &parses);
    an.focus_country = m.places->FocusCountry(d, places);
    AddPlaceActors(*m.lex, d, places, &actors);
  }
  an.actors = &actors;
  an.places = &places;
  if (!parses.empty()) {
    for (uint32_t si = 0; si < d.sentences.size(); ++si) {
      std::vector<coding::CoderNote> notes;
      auto ev = m.coder->Code(d, si, parses[si], actors, &notes);
      an.coded.insert(an.coded.end(), ev.begin(), ev.end());
      for (const auto& n : notes)
        if (n.discard && n.word >= 0) an.discarded_triggers.push_back(d.sentences[si].token_begin + n.word);
    }
  }
  r.events = m.resolver->Resolve(an);
  if (!m.opt.keep_non_happened) {
    std::erase_if(r.events, [](const Event& e) { return !e.Happened(); });
  }
  return r;
}

Result<std::string> Engine::Explain(const std::string& text, const std::string& date) const {
  const Impl& m = *impl_;
  Document d;
  d.original = text;
  d.meta.id = "explain";
  d.meta.date = date;
  SITREP_RETURN_IF_ERROR(text::AnalyzeText(&d));
  std::vector<nlp::ParsedSentence> parses;
  if (m.model) SITREP_RETURN_IF_ERROR(m.model->ParseDocument(d, &parses));
  int32_t day = lexicon::kOpenEnd;
  if (!date.empty()) lexicon::ParseBoundDate(date, false, &day);
  std::vector<mentions::ActorMention> actors = m.actors->FindActors(d, parses, day);
  std::vector<mentions::PlaceMention> places;
  if (m.places) {
    places = m.places->Find(d, parses.empty() ? nullptr : &parses);
    AddPlaceActors(*m.lex, d, places, &actors);
  }
  std::ostringstream os;
  for (const auto& w : m.load_warnings) os << "warning: " << w << "\n";
  for (uint32_t si = 0; si < d.sentences.size(); ++si) {
    const Sentence& s = d.sentences[si];
    os << "sentence " << si << (s.credit_line ? " (credit line: not coded)" : "") << ": "
       << d.OriginalText(s.span) << "\n";
    if (si < parses.size()) {
      const auto& p = parses[si];
      os << "  tokens:\n";
      for (size_t i = 0; i < p.size(); ++i) {
        os << "    " << i << "\t" << p[i].form << "\t" << p[i].lemma << "\t" << nlp::UposName(p[i].upos) << "\t"
           << p[i].xpos << "\t" << p[i].head << "\t" << p[i].deprel << "\n";
      }
    } else {
      os << "  (no parse: NLP model missing)\n";
    }
    os << "  actors:\n";
    for (const auto& a : actors)
      if (a.sentence == si)
        os << "    [" << a.text << "] code=" << (a.code.empty() ? "-" : a.code) << " kind=" << a.kind
           << " via " << a.how << "\n";
    if (si < parses.size()) {
      std::vector<coding::CoderNote> notes;
      auto ev = m.coder->Code(d, si, parses[si], actors, &notes);
      os << "  events:\n";
      for (const auto& e : ev) {
        os << "    " << (e.source >= 0 ? actors[e.source].code : "-") << " -> "
           << (e.target >= 0 ? actors[e.target].code : "-") << " : " << e.code
           << (e.info ? " (" + e.info->name + ")" : "") << " trigger '" << e.trigger_lemma << "' pattern "
           << e.pattern << " modality=" << e.modality << (e.negated ? " NEGATED" : "")
           << (e.mutual ? " mutual" : "") << "\n";
      }
      for (const auto& n : notes) os << "    no event: " << n.message << "\n";
      if (ev.empty() && notes.empty()) os << "    no trigger word from the pattern dictionaries\n";
    }
  }
  return os.str();
}

}  // namespace sitrep
