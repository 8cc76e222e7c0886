// Conversion of TABARI/PETRARCH dictionaries; see petrarch_importer.h and
// docs/petrarch-import.md for what maps and what does not.
//
// The three readers share one line discipline: `<!-- ... -->` comments
// (also the malformed `<! -- ... -->` seen in the wild) are blanked first,
// keeping line numbers, then `#` and `;` end a line. Every line that cannot
// be read becomes a "file:line: ..." warning; nothing fails the import.
#include "lexicon/petrarch_importer.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "base/paths.h"
#include "lexicon/lexicon.h"

namespace sitrep::lexicon {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::string Upper(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.emplace_back(s.substr(b, i - b));
  }
  return out;
}

size_t LetterCount(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if (std::isalpha(static_cast<unsigned char>(c))) ++n;
  return n;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool ValidActorCode(std::string_view c) {
  if (c.size() < 3 || c.size() > 15) return false;
  for (char ch : c)
    if (!std::isalnum(static_cast<unsigned char>(ch))) return false;
  return true;
}

// Blanks `<!-- ... -->` (and `<! -- ... -->`) comments, keeping newlines.
std::string BlankXmlComments(std::string_view text) {
  std::string out(text);
  size_t pos = 0;
  while ((pos = out.find("<!", pos)) != std::string::npos) {
    size_t end = out.find("-->", pos);
    size_t stop = end == std::string::npos ? out.size() : end + 3;
    for (size_t i = pos; i < stop; ++i)
      if (out[i] != '\n') out[i] = ' ';
    pos = stop;
  }
  return out;
}

// Calls f(line_no, line) for each line with `#`/`;` comments removed (not trimmed).
template <typename F>
void ForEachTabariLine(std::string_view raw, F&& f) {
  std::string text = BlankXmlComments(raw);
  size_t pos = 0;
  int no = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    ++no;
    size_t cut = line.find_first_of("#;");
    if (cut != std::string_view::npos) line = line.substr(0, cut);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    f(no, line);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
}

// Small words written in lower case inside imported names.
bool IsSmallWord(std::string_view w) {
  static const char* kSmall[] = {"the", "of", "and", "for", "to", "in", "on", "at", "a", "an", "de", "du", "des", "la", "le", "el"};
  for (const char* s : kSmall)
    if (w == s) return true;
  return false;
}

// TABARI phrase (`PRESIDENT_GEORGE_W._BUSH_`) -> alias text
// ("President George W. Bush"); agents are written in lower case. Names of
// three letters or fewer keep their case (sitrep matches them exactly).
// Empty with *why set when the phrase cannot be an alias.
std::string PhraseToAlias(std::string_view phrase, bool agent, std::string* why) {
  std::string s;
  int depth = 0;
  for (char c : Trim(phrase)) {
    if (c == '(') { ++depth; continue; }
    if (c == ')') { if (depth > 0) --depth; continue; }
    if (depth > 0) continue;
    s += c == '_' ? ' ' : c;
  }
  for (char c : s)
    if (c == '+' || c == '!' || c == '[' || c == ']' || c == '{' || c == '}' || c == '&' || c == '$' ||
        c == '%' || c == '*' || c == '|' || c == '=' || c == '~') {
      *why = "unexpected '" + std::string(1, c) + "' in phrase";
      return "";
    }
  std::vector<std::string> w = Words(s);
  if (w.empty() || LetterCount(s) == 0) {
    *why = "empty phrase";
    return "";
  }
  bool keep_case = LetterCount(s) <= 3;
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) {
    std::string word = w[i];
    if (!keep_case) {
      word = Lower(word);
      if (!agent && !IsSmallWord(word)) {
        for (auto& c : word)
          if (std::isalpha(static_cast<unsigned char>(c))) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            break;
          }
      }
    }
    if (i) out += ' ';
    out += word;
  }
  return out;
}

int32_t TodayDays() { return static_cast<int32_t>(std::time(nullptr) / 86400); }

// English regular plural of the last word, PETRARCH's rule (Y -> IES, SS -> SSES).
std::string RegularPlural(const std::string& p) {
  if (p.empty()) return p;
  char last = static_cast<char>(std::toupper(static_cast<unsigned char>(p.back())));
  bool upper = std::isupper(static_cast<unsigned char>(p.back()));
  if (last == 'Y') return p.substr(0, p.size() - 1) + (upper ? "IES" : "ies");
  if (p.size() >= 2 && last == 'S' && std::toupper(static_cast<unsigned char>(p[p.size() - 2])) == 'S')
    return p + (upper ? "ES" : "es");
  if (last == 'S') return "";  // already plural or a mass noun
  return p + (upper ? "S" : "s");
}

// Lemma guesses for a surface noun (the pattern words are surface forms,
// sitrep's slot words are lemmas): the word itself and its singular.
std::vector<std::string> NounForms(const std::string& w) {
  std::vector<std::string> out{w};
  auto ends = [&](const char* suf) {
    size_t n = std::char_traits<char>::length(suf);
    return w.size() > n + 1 && w.compare(w.size() - n, n, suf) == 0;
  };
  if (ends("ies")) out.push_back(w.substr(0, w.size() - 3) + "y");
  else if (ends("sses") || ends("shes") || ends("ches") || ends("xes")) out.push_back(w.substr(0, w.size() - 2));
  else if (ends("s") && !ends("ss") && !ends("us") && !ends("is")) out.push_back(w.substr(0, w.size() - 1));
  return out;
}

bool IsPreposition(std::string_view w) {
  static const std::unordered_set<std::string_view> kPreps = {
      "about", "above", "across", "after", "against", "along", "amid", "amidst", "among", "amongst", "around", "as",
      "at", "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "by", "despite", "during",
      "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "outside", "over", "per", "since",
      "through", "throughout", "to", "toward", "towards", "under", "until", "upon", "via", "with", "within",
      "without", "regarding", "concerning", "like", "unlike", "than", "except"};
  return kPreps.count(w) > 0;
}

bool IsParticle(std::string_view w) {
  static const std::unordered_set<std::string_view> kParticles = {
      "up", "down", "off", "out", "back", "away", "over", "forward", "aside", "in", "on", "through", "around", "apart"};
  return kParticles.count(w) > 0;
}

bool IsDeterminer(std::string_view w) {
  static const std::unordered_set<std::string_view> kDets = {"the", "a", "an", "its", "their", "his", "her", "our",
                                                             "your", "my", "this", "these", "those", "some", "any"};
  return kDets.count(w) > 0;
}

bool IsEventCodeText(std::string_view c) {
  if (c.size() < 2 || c.size() > 4) return false;
  return AllDigits(c);
}

}  // namespace

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

static bool ParseTabariDateCentury(std::string_view s, int century_override, int32_t* days, bool* two_digit) {
  s = Trim(s);
  if (!AllDigits(s) || (s.size() != 6 && s.size() != 8)) return false;
  int y, m, d;
  if (s.size() == 6) {
    int yy = std::stoi(std::string(s.substr(0, 2)));
    y = century_override ? century_override + yy : (yy < 50 ? 2000 + yy : 1900 + yy);
    m = std::stoi(std::string(s.substr(2, 2)));
    d = std::stoi(std::string(s.substr(4, 2)));
  } else {
    y = std::stoi(std::string(s.substr(0, 4)));
    m = std::stoi(std::string(s.substr(4, 2)));
    d = std::stoi(std::string(s.substr(6, 2)));
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d < 1 || d > kDays[m - 1] + (m == 2 && leap)) return false;
  *days = DaysFromCivil(y, m, d);
  if (two_digit) *two_digit = s.size() == 6;
  return true;
}

bool ParseTabariDate(std::string_view s, int32_t* days, bool* two_digit) {
  return ParseTabariDateCentury(s, 0, days, two_digit);
}

std::string FormatDays(int32_t z) {
  // Inverse of DaysFromCivil (H. Hinnant's civil_from_days).
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

// ---------------------------------------------------------------------------
// Importer state
// ---------------------------------------------------------------------------

struct PetrarchImporter::Impl {
  PetrarchImportOptions opt;
  // sitrep's own aliases (folded) -> entry index; agent words -> code.
  std::unordered_map<std::string, uint32_t> existing_actor;
  std::unordered_map<std::string, std::string> existing_agent;
  std::unordered_set<std::string> imported;  // folded aliases already written by this import

  struct OutRole {
    std::string code;
    int32_t from = kOpenStart, to = kOpenEnd;
    std::string comment;
  };
  struct OutEntry {
    std::string kind;
    std::vector<std::string> aliases;
    std::string code;
    std::vector<OutRole> roles;
    std::string note;
  };
  std::vector<OutEntry> actors;

  struct AgentGroup {
    std::string code;
    std::vector<std::string> words;
    std::string note;
  };
  std::vector<AgentGroup> agents;
  std::unordered_map<std::string, size_t> agent_index;

  struct OutTrigger {
    std::vector<std::string> lemmas;
    std::string comment;
    std::vector<std::string> rules;  // "CODE SLOTS... # file:line"
  };
  std::vector<OutTrigger> triggers;
  std::vector<std::string> unconvertible_lines;

  std::string Key(std::string_view alias) const { return Lexicon::Fold(alias); }
};

PetrarchImporter::PetrarchImporter(PetrarchImportOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  if (impl_->opt.today == 0) impl_->opt.today = TodayDays();
  if (const Lexicon* lex = impl_->opt.existing) {
    for (uint32_t i = 0; i < lex->actors().size(); ++i) {
      const ActorEntry& e = lex->actor(i);
      if (e.kind == EntryKind::kModifier) continue;
      auto add = [&](const std::string& a) {
        if (e.kind == EntryKind::kAgent) impl_->existing_agent.emplace(impl_->Key(a), e.code);
        else impl_->existing_actor.emplace(impl_->Key(a), i);
      };
      for (const auto& a : e.aliases) add(a);
      for (const auto& a : e.adjs) add(a);
      for (const auto& a : e.capitals) add(a);
      for (const auto& a : e.seats) add(a);
    }
  }
}

PetrarchImporter::~PetrarchImporter() = default;

// ---------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------

namespace {

struct RawRole {
  std::string code;
  int32_t from = kOpenStart, to = kOpenEnd;
  bool null_code = false;
  bool is_default = false;
  int line = 0;
};

struct RawEntry {
  std::vector<std::pair<std::string, int>> phrases;  // (phrase, line)
  std::vector<RawRole> roles;
  int line = 0;
};

// Parses every `[...]` group of a line into roles; problems go to *warn.
void ParseCodeGroups(std::string_view s, int line, const std::string& file, size_t* repaired,
                     std::vector<RawRole>* out, std::vector<std::string>* warn) {
  size_t pos = 0;
  while ((pos = s.find('[', pos)) != std::string_view::npos) {
    size_t end = s.find(']', pos);
    if (end == std::string_view::npos) {
      warn->push_back(file + ":" + std::to_string(line) + ": unclosed '['");
      return;
    }
    std::string_view body = Trim(s.substr(pos + 1, end - pos - 1));
    pos = end + 1;
    auto where = file + ":" + std::to_string(line) + ": [" + std::string(body) + "]: ";
    size_t sp = body.find_first_of(" \t<>");
    std::string code(Trim(body.substr(0, sp)));
    std::string_view rest = sp == std::string_view::npos ? std::string_view() : Trim(body.substr(sp));
    RawRole r;
    r.line = line;
    if (code == "---" || code == "+++" || code == "###" || code.empty()) {
      r.null_code = true;
    } else if (code.find('/') != std::string::npos) {
      warn->push_back(where + "several actors in one code; sitrep codes one actor per entry (skipped)");
      continue;
    } else if (!ValidActorCode(code)) {
      warn->push_back(where + "not an actor code (skipped)");
      continue;
    }
    r.code = code;
    if (rest.empty()) {
      r.is_default = true;
    } else if (rest[0] == '>' || rest[0] == '<') {
      int32_t d;
      if (!ParseTabariDate(rest.substr(1), &d)) {
        warn->push_back(where + "bad date (skipped)");
        continue;
      }
      if (rest[0] == '>') r.from = d;
      else r.to = d;
    } else {
      size_t dash = rest.find('-');
      int32_t a, b;
      bool a2 = false;
      if (dash == std::string_view::npos || !ParseTabariDate(rest.substr(0, dash), &a, &a2) ||
          !ParseTabariDate(rest.substr(dash + 1), &b)) {
        warn->push_back(where + "bad date range (skipped)");
        continue;
      }
      if (a > b && a2) {  // e.g. 440101-920416: a start in 20xx after a 19xx end is 19xx
        ParseTabariDateCentury(rest.substr(0, dash), 1900, &a, nullptr);
        if (a <= b) ++*repaired;
      }
      if (a > b) {
        warn->push_back(where + "role ends before it starts (skipped)");
        continue;
      }
      r.from = a;
      r.to = b;
    }
    out->push_back(std::move(r));
  }
}

std::string GuessKind(const std::string& code, bool dated, const Lexicon* existing) {
  if (dated) return "person";
  std::string c = Upper(code);
  if (c.rfind("IGO", 0) == 0) return "igo";
  if (c.rfind("NGO", 0) == 0 || c.rfind("NGM", 0) == 0) return "ngo";
  // Three letters is CAMEO's shape for a state; with a lexicon to ask, only
  // its known country codes count (sector codes such as CVL are three letters
  // too), without one (a dictionary set used on its own) the shape decides.
  if (c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }) &&
      (existing ? existing->IsCountryCode(c) : true))
    return "country";
  if (c.rfind("IMG", 0) == 0) return "group";
  if (c.size() >= 6) {
    std::string tail = c.substr(3, 3);
    if (tail == "REB" || tail == "INS" || tail == "SEP" || tail == "UAF" || tail == "IMG") return "group";
    if (tail == "MED") return "media";
  }
  return "org";
}

}  // namespace

void PetrarchImporter::AddActorText(std::string_view text, const std::string& file) {
  Impl& im = *impl_;
  auto& rep = report_;
  std::vector<RawEntry> entries;
  ForEachTabariLine(text, [&](int no, std::string_view line) {
    std::string_view t = Trim(line);
    if (t.empty()) return;
    bool indented = line[0] == ' ' || line[0] == '\t';
    if (t[0] == '[' && indented) {
      if (entries.empty()) {
        rep.warnings.push_back(file + ":" + std::to_string(no) + ": code line outside an entry");
        return;
      }
      ParseCodeGroups(t, no, file, &rep.repaired_years, &entries.back().roles, &rep.warnings);
      return;
    }
    if (t[0] == '+') {
      if (entries.empty()) {
        rep.warnings.push_back(file + ":" + std::to_string(no) + ": synonym outside an entry");
        return;
      }
      size_t br = t.find('[');
      entries.back().phrases.emplace_back(std::string(Trim(t.substr(1, br == std::string_view::npos ? t.npos : br - 1))), no);
      if (br != std::string_view::npos)
        ParseCodeGroups(t.substr(br), no, file, &rep.repaired_years, &entries.back().roles, &rep.warnings);
      return;
    }
    RawEntry e;
    e.line = no;
    size_t br = t.find('[');
    e.phrases.emplace_back(std::string(Trim(t.substr(0, br))), no);
    if (br != std::string_view::npos) ParseCodeGroups(t.substr(br), no, file, &rep.repaired_years, &e.roles, &rep.warnings);
    entries.push_back(std::move(e));
  });

  for (const RawEntry& e : entries) {
    Impl::OutEntry out;
    std::vector<uint32_t> known;  // sitrep entries sharing an alias with this one
    std::unordered_set<std::string> own;
    for (const auto& [phrase, line] : e.phrases) {
      std::string why;
      std::string alias = PhraseToAlias(phrase, false, &why);
      if (alias.empty()) {
        rep.warnings.push_back(file + ":" + std::to_string(line) + ": '" + phrase + "': " + why);
        continue;
      }
      std::string key = im.Key(alias);
      if (!own.insert(key).second) continue;  // repeated inside the entry
      auto it = im.existing_actor.find(key);
      if (it != im.existing_actor.end()) {
        ++rep.skipped_duplicates;
        known.push_back(it->second);
        continue;
      }
      if (im.existing_agent.count(key) || im.imported.count(key)) {
        ++rep.skipped_duplicates;
        continue;
      }
      out.aliases.push_back(alias);
    }
    bool dated = false;
    for (const RawRole& r : e.roles) {
      if (r.is_default) {
        if (r.null_code || !out.code.empty()) continue;
        out.code = r.code;
        continue;
      }
      if (r.null_code) {
        rep.warnings.push_back(file + ":" + std::to_string(r.line) +
                               ": dated null code (not coded in a period) cannot be expressed (skipped)");
        continue;
      }
      dated = true;
      Impl::OutRole o;
      o.code = r.code;
      o.from = r.from;
      o.to = r.to;
      std::string name = e.phrases.empty() ? std::string() : e.phrases[0].first;
      std::string flag;
      if (r.to == kOpenEnd && r.from != kOpenStart && r.from < im.opt.stale_before)
        flag = "open-ended since " + FormatDays(r.from);
      if (r.to == kOpenEnd && im.opt.existing) {
        for (uint32_t k : known) {
          const ActorEntry& ours = im.opt.existing->actor(k);
          std::string now = im.opt.existing->CodeOn(ours, im.opt.today);
          if (now != r.code) {
            if (!flag.empty()) flag += "; ";
            flag += "sitrep codes '" + ours.name + "' as " + (now.empty() ? std::string("nothing") : now) + " today";
            break;
          }
        }
      }
      if (!flag.empty()) {
        ++rep.stale_roles;
        o.comment = "stale? " + flag;
        rep.stale.push_back(file + ":" + std::to_string(r.line) + ": " + name + ": " + r.code + " from " +
                            FormatDays(r.from) + " has no end (stale?): " + flag);
      }
      out.roles.push_back(std::move(o));
    }
    if (out.aliases.empty() || (out.code.empty() && out.roles.empty())) {
      ++rep.dropped_entries;
      continue;
    }
    std::string kind_code = out.code.empty() ? out.roles.back().code : out.code;
    out.kind = GuessKind(kind_code, dated, im.opt.existing);
    out.note = "imported from " + file + ":" + std::to_string(e.line);
    for (const auto& a : out.aliases) im.imported.insert(im.Key(a));
    ++rep.actor_entries;
    if (out.kind == "person") ++rep.persons;
    rep.aliases += out.aliases.size();
    rep.roles += out.roles.size();
    im.actors.push_back(std::move(out));
  }
}

// ---------------------------------------------------------------------------
// Agents
// ---------------------------------------------------------------------------

void PetrarchImporter::AddAgentText(std::string_view text, const std::string& file) {
  Impl& im = *impl_;
  auto& rep = report_;
  std::unordered_map<std::string, std::vector<std::string>> markers;
  ForEachTabariLine(text, [&](int no, std::string_view line) {
    std::string_view t = Trim(line);
    if (t.empty()) return;
    std::string where = file + ":" + std::to_string(no) + ": ";
    if (t[0] == '!' && t.find('=') != std::string_view::npos) {
      size_t eq = t.find('=');
      std::string name(Trim(t.substr(0, eq)));
      std::vector<std::string> items;
      std::string_view rest = t.substr(eq + 1);
      size_t start = 0;
      while (start <= rest.size()) {
        size_t comma = rest.find(',', start);
        std::string_view item = Trim(rest.substr(start, comma == std::string_view::npos ? rest.npos : comma - start));
        if (!item.empty()) items.emplace_back(item);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
      }
      markers[name] = items;
      return;
    }
    size_t lb = t.find('['), rb = t.find(']');
    if (lb == std::string_view::npos || rb == std::string_view::npos || rb < lb) {
      rep.warnings.push_back(where + "agent line without [CODE]");
      return;
    }
    std::string code;
    for (char c : t.substr(lb + 1, rb - lb - 1))
      if (!std::isspace(static_cast<unsigned char>(c))) code += c;
    bool prefix = false;
    if (!code.empty() && code[0] == '~') {
      code.erase(0, 1);
    } else if (!code.empty() && code.back() == '~') {
      code.pop_back();
      prefix = true;
    }
    if (!ValidActorCode(code)) {
      rep.warnings.push_back(where + "agent code '" + code + "' is not an actor code (skipped)");
      return;
    }
    std::string_view head = t.substr(0, lb);
    std::vector<std::string> phrases;
    size_t lc = head.find('{');
    std::string base(Trim(head.substr(0, lc)));
    // Substitution markers: every item replaces the marker, no plurals.
    size_t m1 = base.find('!');
    if (m1 != std::string::npos) {
      size_t m2 = base.find('!', m1 + 1);
      std::string marker = m2 == std::string::npos ? "" : base.substr(m1, m2 - m1 + 1);
      auto it = markers.find(marker);
      if (it == markers.end()) {
        rep.warnings.push_back(where + "undefined substitution marker " + marker);
        return;
      }
      for (const auto& item : it->second) {
        std::string p = base;
        p.replace(m1, marker.size(), item);
        phrases.push_back(p);
      }
    } else {
      phrases.push_back(base);
      if (lc != std::string_view::npos) {
        size_t rc = head.find('}', lc);
        for (const auto& w : Words(head.substr(lc + 1, rc == std::string_view::npos ? head.npos : rc - lc - 1)))
          phrases.push_back(w);
      } else {
        std::string pl = RegularPlural(std::string(Trim(base)));
        if (!pl.empty()) phrases.push_back(pl);
      }
    }
    if (prefix) {
      ++rep.prefix_agents;
      rep.warnings.push_back(where + "prefix agent " + code + "~ written as a suffix agent (sitrep appends agent codes)");
    }
    for (const auto& p : phrases) {
      std::string why;
      std::string alias = PhraseToAlias(p, true, &why);
      if (alias.empty()) {
        rep.warnings.push_back(where + "'" + p + "': " + why);
        continue;
      }
      std::string key = im.Key(alias);
      auto it = im.existing_agent.find(key);
      if (it != im.existing_agent.end()) {
        if (it->second != code) {
          ++rep.clashes;
          rep.clash_list.push_back(where + "'" + alias + "' -> " + code + ", sitrep: " + it->second + " (kept sitrep's)");
        } else {
          ++rep.skipped_duplicates;
        }
        continue;
      }
      if (im.existing_actor.count(key) || im.imported.count(key)) {
        ++rep.skipped_duplicates;
        continue;
      }
      im.imported.insert(key);
      auto [gi, fresh] = im.agent_index.emplace(code, im.agents.size());
      if (fresh) {
        im.agents.push_back({code, {}, "imported from " + file + ":" + std::to_string(no)});
        ++rep.agent_entries;
      }
      im.agents[gi->second].words.push_back(alias);
      ++rep.agent_words;
    }
  });
}

// ---------------------------------------------------------------------------
// Verbs
// ---------------------------------------------------------------------------

namespace {

struct VerbLine {
  std::string lemma, particle, code;
  int line = 0;
};
struct PatternLine {
  std::string body, code;
  int line = 0;
};
struct Block {
  std::string name, code;
  int line = 0;
  std::vector<VerbLine> verbs;
  std::vector<PatternLine> patterns;
};

using Synsets = std::unordered_map<std::string, std::vector<std::string>>;

// Splits "[A:B]" codes. Returns false when the code text is not usable;
// *code = the code written (A), *mutual when A == B, *why/*lossy explain.
bool ConvertCode(std::string_view raw, const std::set<std::string>& known, std::string* code, bool* mutual,
                 bool* lossy, std::string* why) {
  std::string c(Trim(raw));
  *mutual = false;
  *lossy = false;
  std::string a = c, b;
  size_t colon = c.find(':');
  if (colon != std::string::npos) {
    a = c.substr(0, colon);
    b = c.substr(colon + 1);
  }
  if (a.empty()) {
    *why = "reverse-direction code [" + c + "] (target acts on source) has no slot form";
    return false;
  }
  if (a == "---") {
    *code = "---";
    return true;
  }
  if (!IsEventCodeText(a)) {
    *why = "'" + a + "' is not a CAMEO event code";
    return false;
  }
  if (!known.empty() && !known.count(a)) {
    *why = "code " + a + " is not in the CAMEO table";
    return false;
  }
  if (!b.empty()) {
    if (b == a) *mutual = true;
    else *lossy = true;  // the reciprocal event B (target -> source) is dropped
  }
  *code = a;
  return true;
}

struct PatToken {
  enum Kind { kWord, kStar, kTarget, kSource, kCompound, kSynset, kOpenParen, kCloseParen, kOpenBrace, kCloseBrace } kind;
  std::string text;
};

std::vector<PatToken> TokenizePattern(std::string_view body) {
  std::vector<PatToken> out;
  std::string s;
  for (char c : body) {
    if (c == '(' || c == ')' || c == '{' || c == '}') {
      s += ' ';
      s += c;
      s += ' ';
    } else if (c == '_') {
      s += ' ';
    } else if (c == '*' ) {
      s += " * ";
    } else {
      s += c;
    }
  }
  for (const auto& w : Words(s)) {
    PatToken t{PatToken::kWord, w};
    if (w == "*") t.kind = PatToken::kStar;
    else if (w == "+") t.kind = PatToken::kTarget;
    else if (w == "$") t.kind = PatToken::kSource;
    else if (w == "%") t.kind = PatToken::kCompound;
    else if (w == "(") t.kind = PatToken::kOpenParen;
    else if (w == ")") t.kind = PatToken::kCloseParen;
    else if (w == "{") t.kind = PatToken::kOpenBrace;
    else if (w == "}") t.kind = PatToken::kCloseBrace;
    else if (w[0] == '&') t.kind = PatToken::kSynset;
    else t.text = Lower(w);
    out.push_back(std::move(t));
  }
  return out;
}

// Head words (lower case) of a synset's items, expanded one level.
bool SynsetWords(const Synsets& syn, const std::string& name, std::vector<std::string>* words, bool* multi,
                 int depth = 0) {
  std::string key = name;
  while (!key.empty() && key.back() == '_') key.pop_back();
  auto it = syn.find(key);
  if (it == syn.end() || depth > 2) return false;
  for (const auto& item : it->second) {
    if (!item.empty() && item[0] == '&') {
      if (!SynsetWords(syn, item, words, multi, depth + 1)) return false;
      continue;
    }
    std::string s = item;
    std::replace(s.begin(), s.end(), '_', ' ');
    auto w = Words(s);
    if (w.empty()) continue;
    if (w.size() > 1) *multi = true;
    words->push_back(Lower(w.back()));
  }
  return true;
}

std::string JoinForms(const std::vector<std::string>& words) {
  std::vector<std::string> forms;
  for (const auto& w : words)
    for (const auto& f : NounForms(w))
      if (std::find(forms.begin(), forms.end(), f) == forms.end()) forms.push_back(f);
  std::string out;
  for (const auto& f : forms) {
    if (!out.empty()) out += '|';
    out += f;
  }
  return out;
}

bool BadSlotWord(const std::string& w) {
  for (char c : w)
    if (c == '=' || c == '|' || c == '#' || c == '$' || c == '&' || c == '+' || c == '%' || c == '*') return true;
  return false;
}

// Converts the part of a pattern around `*` into sitrep slots. Returns false
// with *why when it cannot be expressed; *lossy when modifiers were dropped.
bool ConvertSlots(const std::vector<PatToken>& toks, const Synsets& syn, std::vector<std::string>* slots,
                  bool* mutual, bool* lossy, std::string* why) {
  size_t star = toks.size();
  for (size_t i = 0; i < toks.size(); ++i)
    if (toks[i].kind == PatToken::kStar) {
      if (star != toks.size()) { *why = "more than one '*'"; return false; }
      star = i;
    }
  if (star == toks.size()) { *why = "no '*' (verb position)"; return false; }
  for (size_t i = 0; i < star; ++i) {
    if (toks[i].kind == PatToken::kSource) continue;  // the subject is the source anyway
    if (toks[i].kind == PatToken::kCompound) { *mutual = true; continue; }
    *why = "words before the verb";
    return false;
  }
  // A chunk after the verb: optional preposition(s) + noun words or an actor.
  struct Chunk {
    std::vector<std::string> preps;  // empty = direct object
    std::vector<std::string> words;  // head words (alternatives)
    bool target = false;
    bool paren = false;
    size_t content = 0;  // content words seen (for loosening)
  };
  std::vector<Chunk> chunks;
  std::string particle;
  size_t i = star + 1;
  bool in_paren = false, in_brace = false;
  auto cur = [&]() -> Chunk& {
    if (chunks.empty()) chunks.emplace_back();
    return chunks.back();
  };
  bool chunk_closed = true;  // next noun word starts a new chunk
  while (i < toks.size()) {
    const PatToken& t = toks[i];
    switch (t.kind) {
      case PatToken::kStar: break;
      case PatToken::kSource: *why = "source ($) after the verb"; return false;
      case PatToken::kOpenParen:
        if (in_paren || in_brace) { *why = "nested groups"; return false; }
        in_paren = true;
        chunks.emplace_back();
        chunks.back().paren = true;
        chunk_closed = false;
        break;
      case PatToken::kCloseParen:
        in_paren = false;
        chunk_closed = true;
        break;
      case PatToken::kOpenBrace:
        in_brace = true;
        if (chunk_closed) { chunks.emplace_back(); chunk_closed = false; }
        cur().words.clear();
        break;
      case PatToken::kCloseBrace:
        in_brace = false;
        if (!in_paren) chunk_closed = true;
        break;
      case PatToken::kTarget:
      case PatToken::kCompound:
        if (t.kind == PatToken::kCompound) *mutual = true;
        if (chunk_closed) { chunks.emplace_back(); }
        if (cur().target || !cur().words.empty()) { *why = "actor next to words in one phrase"; return false; }
        cur().target = true;
        chunk_closed = !in_paren;
        break;
      case PatToken::kSynset:
      case PatToken::kWord: {
        std::vector<std::string> words;
        bool multi = false;
        if (t.kind == PatToken::kSynset) {
          if (!SynsetWords(syn, t.text, &words, &multi)) { *why = "undefined synset " + t.text; return false; }
        } else {
          words.push_back(t.text);
        }
        bool all_preps = !words.empty() &&
                         std::all_of(words.begin(), words.end(), [](const std::string& w) { return IsPreposition(w); });
        bool first_after_verb = i == star + 1;
        // Particle: right after the verb, unless an actor follows it directly.
        if (first_after_verb && t.kind == PatToken::kWord && IsParticle(t.text) &&
            !(i + 1 < toks.size() && (toks[i + 1].kind == PatToken::kTarget || toks[i + 1].kind == PatToken::kCompound))) {
          particle = t.text;
          break;
        }
        // "to" + one word at the end: an infinitive complement.
        if (t.kind == PatToken::kWord && t.text == "to" && !in_paren && i + 2 == toks.size() &&
            toks[i + 1].kind == PatToken::kWord && !IsPreposition(toks[i + 1].text)) {
          chunks.emplace_back();
          chunks.back().preps = {"xcomp"};
          chunks.back().words = {toks[i + 1].text};
          ++chunks.back().content;
          i += 2;
          continue;
        }
        if (all_preps && !in_brace) {
          bool starts = in_paren ? (cur().preps.empty() && cur().words.empty() && !cur().target) : true;
          if (!starts) { *why = "preposition inside a noun phrase"; return false; }
          if (!in_paren) chunks.emplace_back();
          cur().preps = words;
          chunk_closed = false;
          break;
        }
        if (t.kind == PatToken::kWord && IsDeterminer(t.text)) break;
        if (chunk_closed) { chunks.emplace_back(); chunk_closed = false; }
        if (cur().target) { *why = "words after an actor in one phrase"; return false; }
        cur().words = words;  // the last word of a phrase is its head
        if (in_brace && cur().content >= 1) *lossy = true;  // {A B}: an explicit noun phrase, head B
        else ++cur().content;
        if (multi) *lossy = true;
        break;
      }
    }
    ++i;
  }
  // Assemble slots.
  std::set<std::string> used;
  bool has_obj = false, has_target = false;
  if (!particle.empty()) slots->push_back("prt=" + particle);
  for (auto& c : chunks) {
    if (c.words.empty() && !c.target) {
      if (c.preps.empty()) continue;
      *why = "preposition without an object";
      return false;
    }
    if (c.content > 2) { *why = "a sequence of more than two words"; return false; }
    if (c.content > 1) *lossy = true;
    for (const auto& w : c.words)
      if (BadSlotWord(w)) { *why = "unusable word '" + w + "'"; return false; }
    std::string key;
    if (c.preps.empty()) {
      if (has_obj) { *why = "two direct objects"; return false; }
      has_obj = true;
      key = "obj";
    } else {
      for (const auto& p : c.preps) {
        if (!key.empty()) key += '|';
        key += p;
      }
      if (!used.insert(key).second) { *why = "the same preposition twice"; return false; }
    }
    if (c.target) {
      if (has_target) { *why = "two target positions"; return false; }
      if (key == "xcomp") { *why = "actor as a complement verb"; return false; }
      has_target = true;
      slots->push_back(key + "=$T");
    } else {
      slots->push_back(key + "=" + (key == "xcomp" ? c.words[0] : JoinForms(c.words)));
    }
  }
  return true;
}

}  // namespace

void PetrarchImporter::AddVerbText(std::string_view text, const std::string& file) {
  Impl& im = *impl_;
  auto& rep = report_;
  Synsets syn;
  std::vector<Block> blocks;
  enum Mode { kNone, kSynset, kBlock } mode = kNone;
  std::string syn_label;
  ForEachTabariLine(text, [&](int no, std::string_view line) {
    std::string_view t = Trim(line);
    std::string where = file + ":" + std::to_string(no) + ": ";
    if (t.empty()) {
      if (mode == kSynset) mode = kNone;
      return;
    }
    if (t.rfind("---", 0) == 0) {
      Block b;
      b.line = no;
      size_t lb = t.find('['), rb = t.find(']');
      b.code = lb != std::string_view::npos && rb != std::string_view::npos && rb > lb
                   ? std::string(Trim(t.substr(lb + 1, rb - lb - 1)))
                   : "---";
      b.name = std::string(Trim(t.substr(3, (lb == std::string_view::npos ? t.size() : lb) - 3)));
      blocks.push_back(std::move(b));
      ++rep.verb_blocks;
      mode = kBlock;
      return;
    }
    if (t[0] == '&') {
      syn_label = std::string(Trim(t));
      while (!syn_label.empty() && syn_label.back() == '_') syn_label.pop_back();
      syn[syn_label];
      mode = kSynset;
      return;
    }
    if (t[0] == '+' && mode == kSynset) {
      syn[syn_label].emplace_back(Trim(t.substr(1)));
      return;
    }
    if (t[0] == '~') {
      ++rep.transformations;
      im.unconvertible_lines.push_back(where + std::string(t) + " -- verb transformations are not converted");
      return;
    }
    if (blocks.empty() || mode == kSynset) {
      rep.warnings.push_back(where + "line outside a verb block: " + std::string(t));
      return;
    }
    mode = kBlock;
    Block& b = blocks.back();
    if (t[0] == '-') {
      ++rep.patterns;
      size_t lb = t.rfind('['), rb = t.rfind(']');
      PatternLine p;
      p.line = no;
      if (lb == std::string_view::npos || rb == std::string_view::npos || rb < lb) {
        ++rep.patterns_unconvertible;
        rep.unconvertible.push_back(where + std::string(t) + " -- no [CODE]");
        im.unconvertible_lines.push_back(rep.unconvertible.back());
        return;
      }
      p.code = std::string(Trim(t.substr(lb + 1, rb - lb - 1)));
      p.body = std::string(Trim(t.substr(1, lb - 1)));
      b.patterns.push_back(std::move(p));
      return;
    }
    // A verb line: VERB {FORMS} [CODE], +VERB_PARTICLE, FRONT_+VERB.
    std::string s(t);
    size_t lc = s.find('{');
    if (lc != std::string::npos) {
      size_t rc = s.find('}', lc);
      s.erase(lc, rc == std::string::npos ? std::string::npos : rc - lc + 1);
    }
    VerbLine v;
    v.line = no;
    size_t lb = s.find('[');
    if (lb != std::string::npos) {
      size_t rb = s.find(']', lb);
      std::string inner = s.substr(lb + 1, rb == std::string::npos ? std::string::npos : rb - lb - 1);
      v.code = std::string(Trim(inner));
      s.erase(lb);
    }
    auto w = Words(s);
    if (w.empty()) return;
    std::string word = w[0];
    while (!word.empty() && word.back() == '_') word.pop_back();
    std::vector<std::string> parts;
    {
      std::string cur;
      for (char c : word) {
        if (c == '_') { parts.push_back(cur); cur.clear(); }
        else cur += c;
      }
      parts.push_back(cur);
    }
    size_t plus_at = parts.size();
    for (size_t k = 0; k < parts.size(); ++k)
      if (!parts[k].empty() && parts[k][0] == '+') {
        plus_at = k;
        parts[k].erase(0, 1);
      }
    if (parts.size() == 1) {
      v.lemma = Lower(parts[0]);
    } else if (parts.size() == 2 && (plus_at == 0 || plus_at == parts.size()) && IsParticle(Lower(parts[1]))) {
      v.lemma = Lower(parts[0]);
      v.particle = Lower(parts[1]);
    } else {
      rep.warnings.push_back(where + "multi-word verb '" + std::string(w[0]) +
                             "' has no sitrep form (verb + particle only); skipped");
      return;
    }
    if (v.lemma.empty() || BadSlotWord(v.lemma)) {
      rep.warnings.push_back(where + "unusable verb '" + std::string(w[0]) + "'");
      return;
    }
    b.verbs.push_back(std::move(v));
  });

  // Convert each block: one trigger per (particle, bare code) group of verbs.
  for (const Block& b : blocks) {
    struct Converted {
      std::string rule;  // "CODE SLOTS [mutual]"
      bool has_prt = false;
      int line;
    };
    std::vector<Converted> rules;
    for (const PatternLine& p : b.patterns) {
      std::string where = file + ":" + std::to_string(p.line) + ": - " + p.body + " [" + p.code + "]";
      std::string code, why;
      bool mutual = false, lossy = false, mutual2 = false, lossy2 = false;
      std::vector<std::string> slots;
      if (!ConvertCode(p.code, im.opt.event_codes, &code, &mutual, &lossy, &why) ||
          !ConvertSlots(TokenizePattern(p.body), syn, &slots, &mutual2, &lossy2, &why)) {
        ++rep.patterns_unconvertible;
        rep.unconvertible.push_back(where + " -- " + why);
        im.unconvertible_lines.push_back(where + " -- " + why);
        continue;
      }
      ++rep.patterns_converted;
      if (lossy || lossy2) ++rep.patterns_loosened;
      std::string r = code;
      bool has_prt = false;
      for (const auto& s : slots) {
        r += " " + s;
        if (s.rfind("prt=", 0) == 0) has_prt = true;
      }
      if ((mutual || mutual2) && code != "---") r += " mutual";
      rules.push_back({r, has_prt, p.line});
    }
    // Group verbs.
    std::vector<std::pair<std::string, std::string>> groups;  // (particle, code)
    std::vector<std::vector<std::string>> members;
    for (const VerbLine& v : b.verbs) {
      std::string code = v.code.empty() ? b.code : v.code;
      std::pair<std::string, std::string> g{v.particle, code};
      auto it = std::find(groups.begin(), groups.end(), g);
      size_t gi = it - groups.begin();
      if (it == groups.end()) {
        groups.push_back(g);
        members.emplace_back();
      }
      if (std::find(members[gi].begin(), members[gi].end(), v.lemma) == members[gi].end())
        members[gi].push_back(v.lemma);
    }
    for (size_t g = 0; g < groups.size(); ++g) {
      Impl::OutTrigger trig;
      trig.lemmas = members[g];
      trig.comment = "PETRARCH block " + b.name + " (" + file + ":" + std::to_string(b.line) + ")";
      const std::string& particle = groups[g].first;
      std::string prt = particle.empty() ? "" : " prt=" + particle;
      std::string code, why;
      bool mutual = false, lossy = false;
      const std::string& bare = groups[g].second;
      if (bare != "---" && !bare.empty()) {
        if (ConvertCode(bare, im.opt.event_codes, &code, &mutual, &lossy, &why) && code != "---") {
          std::string m = mutual ? " mutual" : "";
          trig.rules.push_back(code + prt + " obj=$T" + m + "  # verb code [" + bare + "]");
          trig.rules.push_back(code + prt + m + "  # verb code [" + bare + "]");
        } else if (!why.empty()) {
          rep.warnings.push_back(file + ":" + std::to_string(b.line) + ": verb code [" + bare + "]: " + why);
        }
      }
      for (const auto& r : rules) {
        if (!particle.empty() && r.has_prt) continue;  // two particles cannot both hold
        std::string line = r.rule;
        if (!particle.empty()) {
          size_t sp = line.find(' ');
          line = sp == std::string::npos ? line + prt : line.substr(0, sp) + prt + line.substr(sp);
        }
        line += "  # " + file + ":" + std::to_string(r.line);
        trig.rules.push_back(line);
      }
      if (trig.rules.empty()) continue;
      ++rep.triggers;
      im.triggers.push_back(std::move(trig));
    }
  }
}

Status PetrarchImporter::AddActorFile(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  AddActorText(text, path.substr(path.find_last_of('/') + 1));
  return Status::OK();
}
Status PetrarchImporter::AddAgentFile(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  AddAgentText(text, path.substr(path.find_last_of('/') + 1));
  return Status::OK();
}
Status PetrarchImporter::AddVerbFile(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  AddVerbText(text, path.substr(path.find_last_of('/') + 1));
  return Status::OK();
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

static std::string JoinAliases(const std::vector<std::string>& a) {
  std::string out;
  for (const auto& s : a) {
    if (!out.empty()) out += " | ";
    out += s;
  }
  return out;
}

std::string PetrarchImporter::ActorsText() const {
  const Impl& im = *impl_;
  std::string out =
      "# Converted from TABARI/PETRARCH dictionaries by `sitrep dict import-petrarch`.\n"
      "# Entry kinds are guessed (dated roles -> person, IGO/NGO codes, country codes); review before use.\n"
      "# Roles marked `stale?` are open-ended roles that may have ended (see docs/petrarch-import.md).\n\n";
  for (const auto& e : im.actors) {
    out += e.kind + " " + JoinAliases(e.aliases) + "\n";
    if (!e.code.empty()) out += "  code " + e.code + "\n";
    for (const auto& r : e.roles) {
      out += "  role " + r.code + " " + (r.from == kOpenStart ? std::string("-") : FormatDays(r.from)) + " " +
             (r.to == kOpenEnd ? std::string("-") : FormatDays(r.to));
      if (!r.comment.empty()) out += "  # " + r.comment;
      out += "\n";
    }
    out += "  note " + e.note + "\n";
  }
  if (!im.agents.empty()) out += "\n# Agents\n\n";
  for (const auto& g : im.agents) {
    out += "agent " + JoinAliases(g.words) + "\n  code " + g.code + "\n  note " + g.note + "\n";
  }
  return out;
}

std::string PetrarchImporter::PatternsText() const {
  const Impl& im = *impl_;
  std::string out =
      "# Converted from PETRARCH verb dictionaries by `sitrep dict import-petrarch`.\n"
      "# Each rule names the pattern line it came from; patterns the slot language cannot\n"
      "# express are listed at the end (see docs/petrarch-import.md).\n\n";
  for (const auto& t : im.triggers) {
    out += "verb " + JoinAliases(t.lemmas) + "  # " + t.comment + "\n";
    std::vector<std::string> seen;
    for (const auto& r : t.rules) {
      std::string key = r.substr(0, r.find("  #"));
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      out += "  " + r + "\n";
    }
  }
  if (!im.unconvertible_lines.empty()) {
    out += "\n# Not converted (" + std::to_string(im.unconvertible_lines.size()) + "):\n";
    for (const auto& u : im.unconvertible_lines) out += "# " + u + "\n";
  }
  return out;
}

// ---------------------------------------------------------------------------
// Unit-test records
// ---------------------------------------------------------------------------

namespace {

// Attribute value of `name` in a tag's text: name = "v" or name = 'v'.
bool Attr(std::string_view tag, std::string_view name, std::string* value) {
  size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    bool boundary = pos == 0 || std::isspace(static_cast<unsigned char>(tag[pos - 1]));
    size_t i = pos + name.size();
    pos = i;
    if (!boundary) continue;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
    char q = tag[i];
    size_t end = tag.find(q, i + 1);
    if (end == std::string_view::npos) return false;
    *value = std::string(tag.substr(i + 1, end - i - 1));
    return true;
  }
  return false;
}

std::string DecodeEntities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const std::pair<std::string_view, char> kEnt[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool done = false;
      for (auto& [e, c] : kEnt)
        if (s.substr(i, e.size()) == e) {
          out += c;
          i += e.size() - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

Result<std::vector<PetrarchRecord>> ParsePetrarchRecords(std::string_view xml_raw) {
  // Comments may hold commented-out records and codings: drop them first.
  std::string xml;
  {
    size_t pos = 0;
    while (pos < xml_raw.size()) {
      size_t c = xml_raw.find("<!--", pos);
      if (c == std::string_view::npos) {
        xml.append(xml_raw.substr(pos));
        break;
      }
      xml.append(xml_raw.substr(pos, c - pos));
      size_t e = xml_raw.find("-->", c + 4);
      if (e == std::string_view::npos) break;
      pos = e + 3;
    }
  }
  std::vector<PetrarchRecord> out;
  size_t pos = 0;
  while ((pos = xml.find("<Sentence", pos)) != std::string::npos) {
    if (pos + 9 < xml.size() && xml[pos + 9] == 's') {  // <Sentences>
      pos += 9;
      continue;
    }
    size_t tag_end = xml.find('>', pos);
    size_t end = xml.find("</Sentence>", pos);
    if (tag_end == std::string::npos || end == std::string::npos) break;
    std::string_view tag(xml.data() + pos, tag_end - pos);
    std::string_view body(xml.data() + tag_end + 1, end - tag_end - 1);
    pos = end + 11;
    PetrarchRecord r;
    Attr(tag, "id", &r.id);
    Attr(tag, "category", &r.category);
    std::string date;
    if (Attr(tag, "date", &date) && date.size() == 8 && AllDigits(date))
      r.date = date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
    size_t tb = body.find("<Text>"), te = body.find("</Text>");
    if (tb == std::string_view::npos || te == std::string_view::npos || te < tb) continue;
    for (const auto& w : Words(body.substr(tb + 6, te - tb - 6))) {
      if (!r.text.empty()) r.text += ' ';
      r.text += w;
    }
    r.text = DecodeEntities(r.text);
    size_t cp = 0;
    while ((cp = body.find("<EventCoding", cp)) != std::string_view::npos) {
      size_t ce = body.find('>', cp);
      if (ce == std::string_view::npos) break;
      std::string_view ctag = body.substr(cp, ce - cp);
      cp = ce;
      std::string v;
      if (Attr(ctag, "noevents", &v)) {
        r.noevents = true;
        continue;
      }
      if (Attr(ctag, "error", &v)) {
        r.error = true;
        continue;
      }
      PetrarchRecord::Coding c;
      if (Attr(ctag, "sourcecode", &c.source) && Attr(ctag, "targetcode", &c.target) &&
          Attr(ctag, "eventcode", &c.code))
        r.expected.push_back(std::move(c));
    }
    out.push_back(std::move(r));
  }
  if (out.empty()) return Status::InvalidArgument("no <Sentence> records with <Text> found");
  return out;
}

}  // namespace sitrep::lexicon
