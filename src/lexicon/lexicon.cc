#include "lexicon/lexicon.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "base/paths.h"
#include "text/tokenizer.h"

namespace sitrep::lexicon {

std::string Lexicon::Fold(std::string_view token) {
  bool ascii = true;
  for (char c : token)
    if (static_cast<unsigned char>(c) >= 0x80) {
      ascii = false;
      break;
    }
  std::string out(token);
  if (ascii) {
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(ec);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(token.data(), token.size()));
  icu::UnicodeString d = U_SUCCESS(ec) ? nfd->normalize(u, ec) : u;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    kept.append(u_tolower(c));
  }
  out.clear();
  kept.toUTF8String(out);
  return out;
}

namespace {

std::vector<std::string> TokenizeFolded(std::string_view phrase, std::vector<std::string>* surface) {
  std::vector<Token> toks;
  text::Tokenize(phrase, &toks);
  std::vector<std::string> out;
  for (const auto& t : toks) {
    out.push_back(Lexicon::Fold(t.form));
    if (surface) surface->emplace_back(t.form);
  }
  return out;
}

size_t LetterCount(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if (std::isalpha(static_cast<unsigned char>(c))) ++n;
  return n;
}

std::string HexHash(uint64_t h) {
  static const char* kHex = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) s[i] = kHex[h & 15];
  return s;
}

uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

Status ReadCodeTable(const std::string& path, std::vector<EventCodeInfo>* out, uint64_t* hash) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  *hash = Fnv1a(text, *hash);
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    size_t s = 0;
    while (true) {
      size_t tab = line.find('\t', s);
      f.emplace_back(line.substr(s, tab == std::string_view::npos ? line.npos : tab - s));
      if (tab == std::string_view::npos) break;
      s = tab + 1;
    }
    if (f.size() < 7) return Status::Corruption(path + ":" + std::to_string(line_no) + ": expected 7 columns");
    EventCodeInfo e;
    e.code = f[0];
    e.quad_class = std::atoi(f[1].c_str());
    e.goldstein = std::atof(f[2].c_str());
    e.plover_type = f[3];
    e.plover_mode = f[4];
    e.plover_context = f[5];
    e.name = f[6];
    out->push_back(std::move(e));
  }
  return Status::OK();
}

}  // namespace

void Lexicon::Compile() {
  auto add = [&](const std::string& alias, uint32_t entry, HitKind kind) {
    std::vector<std::string> surface;
    std::vector<std::string> folded = TokenizeFolded(alias, &surface);
    if (folded.empty()) return;
    std::string key;
    for (size_t i = 0; i < folded.size(); ++i) {
      if (i) key += ' ';
      key += folded[i];
      if (i + 1 < folded.size()) phrases_[key].has_longer = true;
    }
    max_phrase_tokens_ = std::max(max_phrase_tokens_, folded.size());
    Hit h;
    h.entry = entry;
    h.kind = kind;
    h.case_sensitive = LetterCount(alias) <= 3;
    h.capitalised = !alias.empty() && std::isupper(static_cast<unsigned char>(alias[0]));
    h.surface = alias;
    auto& hits = phrases_[key].hits;
    for (const auto& o : hits)
      if (o.entry == entry && o.kind == kind && o.surface == alias) return;
    hits.push_back(std::move(h));
  };
  for (uint32_t i = 0; i < actors_.size(); ++i) {
    const ActorEntry& e = actors_[i];
    for (const auto& a : e.aliases) add(a, i, HitKind::kName);
    for (const auto& a : e.adjs) add(a, i, HitKind::kAdjective);
    for (const auto& a : e.capitals) add(a, i, HitKind::kCapital);
    for (const auto& a : e.seats) add(a, i, HitKind::kSeat);
    for (const auto& a : e.descs) add(a, i, HitKind::kDescription);
    if (e.kind == EntryKind::kCountry && !e.code.empty())
      country_iso_[e.code.substr(0, 3)] = e.iso3.empty() ? e.code.substr(0, 3) : e.iso3;
  }
  for (uint32_t i = 0; i < triggers_.size(); ++i) {
    for (const auto& l : triggers_[i].lemmas) {
      size_t sp = l.rfind(' ');
      std::string head = sp == std::string::npos ? l : l.substr(sp + 1);
      auto& v = trigger_index_[head];
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    }
  }
  for (uint32_t i = 0; i < codes_.size(); ++i) code_index_[codes_[i].code] = i;
}

std::shared_ptr<const Lexicon> Lexicon::Build(std::vector<ActorEntry> actors, std::vector<Trigger> triggers,
                                              std::vector<EventCodeInfo> codes) {
  std::shared_ptr<Lexicon> lex(new Lexicon());
  lex->actors_ = std::move(actors);
  lex->triggers_ = std::move(triggers);
  lex->codes_ = std::move(codes);
  lex->Compile();
  lex->hash_ = "test";
  return lex;
}

Result<std::shared_ptr<const Lexicon>> Lexicon::Load(const std::string& dir, LoadReport* report) {
  LoadReport local;
  LoadReport& rep = report ? *report : local;
  std::shared_ptr<Lexicon> lex(new Lexicon());
  uint64_t h = 1469598103934665603ull;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("dictionary directory " + dir + " not found");
  auto list = [&](const std::string& sub, const std::string& ext) {
    std::vector<std::string> files;
    for (auto it = fs::directory_iterator(dir + "/" + sub, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
      if (it->path().extension() == ext) files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    return files;
  };
  for (const auto& f : list("actors", ".actors")) {
    rep.files.push_back(f);
    auto text = ReadFile(f);
    if (!text.ok()) return text.status();
    h = Fnv1a(*text, h);
    std::vector<ActorEntry> entries;
    size_t before = rep.errors.size();
    SITREP_RETURN_IF_ERROR(ParseActorText(*text, f, &entries, &rep.errors));
    // Entries named in an error line are dropped; the rest are kept.
    std::vector<int> bad_lines;
    for (size_t i = before; i < rep.errors.size(); ++i) {
      size_t c1 = rep.errors[i].find(':', f.size());
      if (c1 != std::string::npos) bad_lines.push_back(std::atoi(rep.errors[i].c_str() + c1 + 1));
    }
    for (auto& e : entries) {
      bool bad = std::find(bad_lines.begin(), bad_lines.end(), e.line) != bad_lines.end();
      e.roles.erase(std::remove_if(e.roles.begin(), e.roles.end(),
                                   [&](const Role& r) {
                                     return std::find(bad_lines.begin(), bad_lines.end(), r.line) !=
                                            bad_lines.end();
                                   }),
                    e.roles.end());
      if (!bad && (!e.code.empty() || !e.roles.empty() || e.kind == EntryKind::kModifier))
        lex->actors_.push_back(std::move(e));
    }
  }
  for (const auto& f : list("verbs", ".patterns")) {
    rep.files.push_back(f);
    auto text = ReadFile(f);
    if (!text.ok()) return text.status();
    h = Fnv1a(*text, h);
    SITREP_RETURN_IF_ERROR(ParsePatternText(*text, f, &lex->triggers_, &rep.errors));
  }
  std::string codes = dir + "/cameo/event-codes.tsv";
  rep.files.push_back(codes);
  SITREP_RETURN_IF_ERROR(ReadCodeTable(codes, &lex->codes_, &h));
  // Rules whose code is not in the table are dropped (and reported).
  for (auto& t : lex->triggers_) {
    std::vector<PatternRule> kept;
    for (auto& r : t.rules) {
      bool known = r.code == "---" || std::any_of(lex->codes_.begin(), lex->codes_.end(),
                                                  [&](const EventCodeInfo& c) { return c.code == r.code; });
      if (known) kept.push_back(std::move(r));
      else rep.errors.push_back(t.file + ":" + std::to_string(r.line) + ": unknown CAMEO code " + r.code);
    }
    t.rules = std::move(kept);
  }
  lex->Compile();
  lex->hash_ = HexHash(h);
  return std::shared_ptr<const Lexicon>(std::move(lex));
}

Result<std::shared_ptr<const Lexicon>> Lexicon::LoadDefault(LoadReport* report) {
  SITREP_ASSIGN_OR_RETURN(std::string dir, FindDataFile("data/cameo/event-codes.tsv"));
  dir = std::filesystem::path(dir).parent_path().parent_path().string();
  return Load(dir, report);
}

void Lexicon::MatchPhrases(const std::vector<std::string>& folded, const std::vector<std::string_view>& forms,
                           std::vector<PhraseMatch>* out) const {
  const size_t n = folded.size();
  std::string key;
  size_t i = 0;
  while (i < n) {
    key.clear();
    PhraseMatch best;
    for (size_t j = i; j < n && j - i < max_phrase_tokens_; ++j) {
      if (j > i) key += ' ';
      key += folded[j];
      auto it = phrases_.find(key);
      if (it == phrases_.end()) break;
      std::vector<const Hit*> ok;
      for (const Hit& h : it->second.hits) {
        if (h.case_sensitive) {
          // Compare the concatenated surface without spaces.
          std::string surf;
          for (size_t k = i; k <= j; ++k) surf += forms[k];
          std::string alias;
          for (char c : h.surface)
            if (c != ' ') alias += c;
          if (surf != alias) continue;
        } else if (h.capitalised) {
          unsigned char c0 = static_cast<unsigned char>(forms[i].empty() ? 'a' : forms[i][0]);
          if (c0 < 0x80 && !std::isupper(c0)) continue;
        }
        ok.push_back(&h);
      }
      if (!ok.empty()) {
        best.begin = static_cast<uint32_t>(i);
        best.end = static_cast<uint32_t>(j + 1);
        best.hits = std::move(ok);
      }
      if (!it->second.has_longer) break;
    }
    if (best.end > best.begin) {
      out->push_back(std::move(best));
      i = out->back().end;
    } else {
      ++i;
    }
  }
}

std::string Lexicon::CodeOn(const ActorEntry& e, int32_t day, std::string* office) const {
  if (e.roles.empty()) {
    if (office) office->clear();
    return e.code;
  }
  const Role* best = nullptr;
  auto rank = [](std::string o) {
    if (size_t c = o.find(','); c != std::string::npos) o.resize(c);  // "hos,co": co-rule
    if (o == "hos+hog" || o == "hog" || o == "hos") return 5;
    if (o == "fm" || o == "dm" || o == "head" || o == "leader") return 4;
    if (o == "min" || o == "mil") return 3;
    return 2;
  };
  if (day == kOpenEnd) {  // unknown date: the most recent role
    for (const auto& r : e.roles)
      if (!best || r.from > best->from) best = &r;
  } else {
    for (const auto& r : e.roles)
      if (r.from <= day && day <= r.to && (!best || rank(r.office) > rank(best->office))) best = &r;
  }
  if (!best) {
    if (office) office->clear();
    return e.code;
  }
  if (office) *office = best->office;
  return best->code;
}

const std::vector<uint32_t>* Lexicon::TriggersFor(std::string_view lemma) const {
  auto it = trigger_index_.find(std::string(lemma));
  return it == trigger_index_.end() ? nullptr : &it->second;
}

const EventCodeInfo* Lexicon::EventCode(std::string_view code) const {
  auto it = code_index_.find(std::string(code));
  return it == code_index_.end() ? nullptr : &codes_[it->second];
}

std::string Lexicon::IsoForCountryCode(std::string_view code3) const {
  auto it = country_iso_.find(std::string(code3));
  return it == country_iso_.end() ? std::string() : it->second;
}

}  // namespace sitrep::lexicon
