#include "lexicon/dictionary.h"

#include <algorithm>
#include <cctype>

#include "base/paths.h"

namespace sitrep::lexicon {

int32_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

static bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool ParseBoundDate(std::string_view s, bool is_end, int32_t* days) {
  if (s == "-") {
    *days = is_end ? kOpenEnd : kOpenStart;
    return true;
  }
  int y = 0, m = is_end ? 12 : 1, d = 1;
  if (s.size() < 4 || !AllDigits(s.substr(0, 4))) return false;
  y = std::stoi(std::string(s.substr(0, 4)));
  if (s.size() >= 7) {
    if (s[4] != '-' || !AllDigits(s.substr(5, 2))) return false;
    m = std::stoi(std::string(s.substr(5, 2)));
    if (m < 1 || m > 12) return false;
  }
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int mdays = kDays[m - 1] + (m == 2 && leap);
  if (s.size() == 10) {
    if (s[7] != '-' || !AllDigits(s.substr(8, 2))) return false;
    d = std::stoi(std::string(s.substr(8, 2)));
    if (d < 1 || d > mdays) return false;
  } else if (s.size() == 4 || s.size() == 7) {
    d = is_end ? mdays : 1;
  } else {
    return false;
  }
  *days = DaysFromCivil(y, m, d);
  return true;
}

std::string_view EntryKindName(EntryKind k) {
  switch (k) {
    case EntryKind::kCountry: return "country";
    case EntryKind::kIgo: return "igo";
    case EntryKind::kGroup: return "group";
    case EntryKind::kParty: return "party";
    case EntryKind::kNgo: return "ngo";
    case EntryKind::kMedia: return "media";
    case EntryKind::kOrg: return "org";
    case EntryKind::kEthnic: return "ethnic";
    case EntryKind::kReligion: return "religion";
    case EntryKind::kPerson: return "person";
    case EntryKind::kAgent: return "agent";
    case EntryKind::kModifier: return "modifier";
  }
  return "org";
}

std::string_view SchemaKind(EntryKind k) {
  switch (k) {
    case EntryKind::kCountry: return "country";
    case EntryKind::kPerson: return "person";
    case EntryKind::kAgent: case EntryKind::kModifier: return "agent";
    case EntryKind::kGroup: case EntryKind::kEthnic: case EntryKind::kReligion: return "group";
    default: return "org";
  }
}

namespace {

bool KindFromName(std::string_view n, EntryKind* k) {
  static const std::pair<std::string_view, EntryKind> kKinds[] = {
      {"country", EntryKind::kCountry}, {"igo", EntryKind::kIgo},       {"group", EntryKind::kGroup},
      {"party", EntryKind::kParty},     {"ngo", EntryKind::kNgo},       {"media", EntryKind::kMedia},
      {"org", EntryKind::kOrg},         {"ethnic", EntryKind::kEthnic}, {"religion", EntryKind::kReligion},
      {"person", EntryKind::kPerson},   {"agent", EntryKind::kAgent},   {"modifier", EntryKind::kModifier}};
  for (auto& [name, kind] : kKinds)
    if (n == name) {
      *k = kind;
      return true;
    }
  return false;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Removes a trailing comment: '#' at the start or after whitespace.
std::string_view StripComment(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) return s.substr(0, i);
  return s;
}

std::vector<std::string> SplitAlternatives(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t bar = s.find('|', start);
    std::string_view part = Trim(s.substr(start, bar == std::string_view::npos ? s.npos : bar - start));
    if (!part.empty()) out.emplace_back(part);
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t b = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

bool IsActorCode(std::string_view c) {
  if (c.size() < 3 || c.size() > 15) return false;
  for (char ch : c)
    if (!std::isalnum(static_cast<unsigned char>(ch))) return false;  // CAMEO ethnic codes are lower case
  return true;
}

// Iterates the logical lines of a dictionary file: (line number, indent, content).
template <typename F>
void ForEachLine(std::string_view text, F&& f) {
  size_t pos = 0;
  int no = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    ++no;
    std::string_view body = StripComment(line);
    if (!Trim(body).empty()) {
      size_t indent = 0;
      while (indent < body.size() && body[indent] == ' ') ++indent;
      bool tab = body.find('\t') != std::string_view::npos && body.find('\t') < indent + 1;
      f(no, tab ? size_t(99) : indent, Trim(body));
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

}  // namespace

Status ParseActorText(std::string_view text, const std::string& file, std::vector<ActorEntry>* out,
                      std::vector<std::string>* errors) {
  ActorEntry* cur = nullptr;
  auto err = [&](int line, const std::string& m) {
    errors->push_back(file + ":" + std::to_string(line) + ": " + m);
  };
  auto finish = [&]() {
    if (!cur) return;
    bool needs_code = cur->kind != EntryKind::kModifier;
    if (needs_code && cur->code.empty() && cur->roles.empty())
      err(cur->line, "entry '" + cur->name + "' has neither `code` nor `role`");
    if (cur->kind == EntryKind::kModifier && cur->effect.empty())
      err(cur->line, "modifier '" + cur->name + "' has no `effect`");
  };
  ForEachLine(text, [&](int no, size_t indent, std::string_view body) {
    if (indent == 0) {
      finish();
      size_t sp = body.find(' ');
      std::string_view kind = body.substr(0, sp);
      EntryKind k;
      if (!KindFromName(kind, &k)) {
        err(no, "unknown entry kind '" + std::string(kind) + "'");
        cur = nullptr;
        return;
      }
      if (sp == std::string_view::npos) {
        err(no, "entry has no name");
        cur = nullptr;
        return;
      }
      out->emplace_back();
      cur = &out->back();
      cur->kind = k;
      cur->aliases = SplitAlternatives(body.substr(sp + 1));
      if (cur->aliases.empty()) {
        err(no, "entry has no name");
        out->pop_back();
        cur = nullptr;
        return;
      }
      cur->name = cur->aliases[0];
      cur->file = file;
      cur->line = no;
      return;
    }
    if (indent != 2) {
      err(no, "attribute lines are indented by exactly two spaces");
      return;
    }
    if (!cur) {
      err(no, "attribute line outside an entry");
      return;
    }
    size_t sp = body.find(' ');
    std::string_view key = body.substr(0, sp);
    std::string_view val = sp == std::string_view::npos ? std::string_view() : Trim(body.substr(sp + 1));
    if (key == "code") {
      if (!IsActorCode(val)) err(no, "bad actor code '" + std::string(val) + "'");
      cur->code = std::string(val);
    } else if (key == "role") {
      auto w = SplitWords(val);
      if (w.size() < 3 || w.size() > 4) {
        err(no, "role needs CODE FROM TO [OFFICE]");
        return;
      }
      Role r;
      r.code = std::string(w[0]);
      r.line = no;
      if (!IsActorCode(w[0])) err(no, "bad actor code '" + r.code + "'");
      if (!ParseBoundDate(w[1], false, &r.from)) err(no, "bad date '" + std::string(w[1]) + "'");
      if (!ParseBoundDate(w[2], true, &r.to)) err(no, "bad date '" + std::string(w[2]) + "'");
      if (r.from > r.to) err(no, "role ends before it starts");
      if (w.size() == 4) r.office = std::string(w[3]);
      cur->roles.push_back(std::move(r));
    } else if (key == "iso3") {
      if (val.size() != 3) err(no, "iso3 needs three letters");
      cur->iso3 = std::string(val);
    } else if (key == "adj") {
      auto v = SplitAlternatives(val);
      cur->adjs.insert(cur->adjs.end(), v.begin(), v.end());
    } else if (key == "capital") {
      auto v = SplitAlternatives(val);
      cur->capitals.insert(cur->capitals.end(), v.begin(), v.end());
    } else if (key == "seat") {
      auto v = SplitAlternatives(val);
      cur->seats.insert(cur->seats.end(), v.begin(), v.end());
    } else if (key == "desc") {
      auto v = SplitAlternatives(val);
      cur->descs.insert(cur->descs.end(), v.begin(), v.end());
    } else if (key == "effect") {
      cur->effect = std::string(val);
      if (val != "cancel" && val != "keep" && !IsActorCode(val))
        err(no, "effect is cancel, keep or a role code");
    } else if (key == "unchecked") {
      cur->unchecked = true;
    } else if (key == "note") {
      // free text for reviewers
    } else {
      err(no, "unknown attribute '" + std::string(key) + "'");
    }
  });
  finish();
  return Status::OK();
}

Status ReadActorFile(const std::string& path, std::vector<ActorEntry>* out,
                     std::vector<std::string>* errors) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseActorText(text, path, out, errors);
}

namespace {

bool ParseSlot(std::string_view w, Slot* slot, std::string* why) {
  size_t eq = w.find('=');
  if (eq == std::string_view::npos) {
    *why = "slot '" + std::string(w) + "' has no '='";
    return false;
  }
  std::string_view key = w.substr(0, eq), val = w.substr(eq + 1);
  if (val.empty()) {
    *why = "slot '" + std::string(w) + "' has no value";
    return false;
  }
  auto words = SplitAlternatives(val);
  bool target = val == "$T";
  if (key == "subj") {
    if (!target) { *why = "subj takes $T"; return false; }
    slot->kind = Slot::Kind::kSubjTarget;
  } else if (key == "obj") {
    slot->kind = target ? Slot::Kind::kObjTarget : Slot::Kind::kObjWords;
  } else if (key == "iobj") {
    if (!target) { *why = "iobj takes $T"; return false; }
    slot->kind = Slot::Kind::kIobjTarget;
  } else if (key == "prt") {
    slot->kind = Slot::Kind::kPrt;
  } else if (key == "xcomp") {
    slot->kind = Slot::Kind::kXcomp;
  } else if (key == "comp") {
    if (!target) { *why = "comp takes $T"; return false; }
    slot->kind = Slot::Kind::kCompTarget;
  } else if (key == "poss") {
    if (val != "$S") { *why = "poss takes $S"; return false; }
    slot->kind = Slot::Kind::kPossSource;
  } else if (key == "by" && val == "$S") {
    slot->kind = Slot::Kind::kBySource;
  } else if (key == "between" && val != "$T") {
    if (val != "$ST") { *why = "between takes $ST"; return false; }
    slot->kind = Slot::Kind::kBetween;
  } else {
    for (char c : key)
      if (!(std::islower(static_cast<unsigned char>(c)) || c == '|' || c == '_')) {
        *why = "unknown slot '" + std::string(key) + "'";
        return false;
      }
    slot->preps = SplitAlternatives(key);
    slot->kind = target ? Slot::Kind::kPrepTarget : Slot::Kind::kPrepWords;
  }
  bool source_slot = slot->kind == Slot::Kind::kPossSource || slot->kind == Slot::Kind::kBySource ||
                     slot->kind == Slot::Kind::kBetween;
  if (!target && !source_slot && val[0] == '$') {
    *why = "unknown variable '" + std::string(val) + "'";
    return false;
  }
  if (!target && slot->kind != Slot::Kind::kPossSource && slot->kind != Slot::Kind::kBySource &&
      slot->kind != Slot::Kind::kBetween)
    slot->words = words;
  return true;
}

bool IsEventCode(std::string_view c) {
  if (c == "---") return true;
  if (c.size() < 2 || c.size() > 4) return false;
  for (char ch : c)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  return true;
}

}  // namespace

Status ParsePatternText(std::string_view text, const std::string& file, std::vector<Trigger>* out,
                        std::vector<std::string>* errors) {
  Trigger* cur = nullptr;
  auto err = [&](int line, const std::string& m) {
    errors->push_back(file + ":" + std::to_string(line) + ": " + m);
  };
  ForEachLine(text, [&](int no, size_t indent, std::string_view body) {
    if (indent == 0) {
      size_t sp = body.find(' ');
      std::string_view kind = body.substr(0, sp);
      if (kind != "verb" && kind != "noun") {
        err(no, "expected `verb LEMMA` or `noun LEMMA`, found '" + std::string(kind) + "'");
        cur = nullptr;
        return;
      }
      out->emplace_back();
      cur = &out->back();
      cur->noun = kind == "noun";
      cur->file = file;
      cur->line = no;
      if (sp != std::string_view::npos) cur->lemmas = SplitAlternatives(body.substr(sp + 1));
      for (auto& l : cur->lemmas)
        for (auto& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (cur->lemmas.empty()) err(no, "trigger has no lemma");
      return;
    }
    if (indent != 2) {
      err(no, "rule and example lines are indented by exactly two spaces");
      return;
    }
    if (!cur) {
      err(no, "rule outside a trigger entry");
      return;
    }
    if (body[0] == '+' || body[0] == '-') {
      if (body.size() > 1 && body[1] != ' ') {
        if (!(body[0] == '-' && body.size() > 2 && body[1] == '-' && body[2] == '-')) {
          err(no, "example lines start with '+ ' or '- '");
          return;
        }
      } else {
        PatternExample ex;
        ex.positive = body[0] == '+';
        ex.line = no;
        std::string_view rest = Trim(body.substr(1));
        if (ex.positive) {
          size_t arrow = rest.rfind("=>");
          if (arrow == std::string_view::npos) {
            err(no, "positive example needs '=> SOURCE TARGET CODE'");
            return;
          }
          auto w = SplitWords(rest.substr(arrow + 2));
          if (w.size() != 3 || !IsEventCode(w[2])) {
            err(no, "positive example needs '=> SOURCE TARGET CODE'");
            return;
          }
          ex.source = std::string(w[0]);
          ex.target = std::string(w[1]);
          ex.code = std::string(w[2]);
          ex.sentence = std::string(Trim(rest.substr(0, arrow)));
        } else {
          ex.sentence = std::string(rest);
        }
        if (ex.sentence.empty()) err(no, "example has no sentence");
        cur->examples.push_back(std::move(ex));
        return;
      }
    }
    auto w = SplitWords(body);
    PatternRule r;
    r.line = no;
    r.code = std::string(w[0]);
    if (!IsEventCode(r.code)) {
      err(no, "'" + r.code + "' is not a CAMEO event code");
      return;
    }
    for (size_t i = 1; i < w.size(); ++i) {
      if (w[i] == "mutual") { r.mutual = true; continue; }
      if (w[i] == "nosource") { r.nosource = true; continue; }
      Slot s;
      std::string why;
      if (!ParseSlot(w[i], &s, &why)) {
        err(no, why);
        continue;
      }
      r.slots.push_back(std::move(s));
    }
    cur->rules.push_back(std::move(r));
  });
  return Status::OK();
}

Status ReadPatternFile(const std::string& path, std::vector<Trigger>* out,
                       std::vector<std::string>* errors) {
  SITREP_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParsePatternText(text, path, out, errors);
}

}  // namespace sitrep::lexicon
