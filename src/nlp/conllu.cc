#include "nlp/conllu.h"

#include <cstdio>
#include <iostream>
#include <iterator>

#include "base/paths.h"

namespace sitrep::nlp {
namespace {

bool ParseInt(std::string_view s, int* out) {
  if (s.empty() || s.size() > 9) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text, std::string_view name) {
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  size_t pos = 0;
  int line_no = 0;
  auto error = [&](std::string_view what) {
    return Status::InvalidArgument(std::string(name) + ":" + std::to_string(line_no) + ": " +
                                   std::string(what));
  };
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (!cur.words.empty()) out.push_back(std::move(cur));
      cur = ConlluSentence();
      if (nl == text.size()) break;
      continue;
    }
    if (line[0] == '#') {
      constexpr std::string_view kText = "# text = ";
      if (line.substr(0, kText.size()) == kText) cur.text = std::string(line.substr(kText.size()));
      if (line.substr(0, 8) == "# newpar" || line.substr(0, 8) == "# newdoc")
        cur.new_paragraph = true;
      continue;
    }
    std::string_view cols[10];
    int n = 0;
    size_t start = 0;
    while (n < 10) {
      size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) {
        cols[n++] = line.substr(start);
        break;
      }
      cols[n++] = line.substr(start, tab - start);
      start = tab + 1;
    }
    if (n != 10) return error("expected 10 tab-separated columns");
    if (size_t dash = cols[0].find('-'); dash != std::string_view::npos) {  // MWT range
      int a = 0, b = 0;
      if (!ParseInt(cols[0].substr(0, dash), &a) || !ParseInt(cols[0].substr(dash + 1), &b) ||
          a != static_cast<int>(cur.words.size()) + 1 || b < a)
        return error("bad multi-word token range '" + std::string(cols[0]) + "'");
      cur.multiwords.push_back(ConlluMultiword{a - 1, b - 1, std::string(cols[1])});
      continue;
    }
    if (cols[0].find('.') != std::string_view::npos) continue;  // empty node
    int id = 0, head = 0;
    if (!ParseInt(cols[0], &id) || id != static_cast<int>(cur.words.size()) + 1)
      return error("bad word ID '" + std::string(cols[0]) + "'");
    ConlluWord w;
    w.form = std::string(cols[1]);
    w.lemma = std::string(cols[2]);
    w.upos = std::string(cols[3]);
    w.xpos = std::string(cols[4]);
    if (cols[6] == "_") {
      head = 0;
    } else if (!ParseInt(cols[6], &head)) {
      return error("bad HEAD '" + std::string(cols[6]) + "'");
    }
    w.head = head - 1;
    w.deprel = std::string(cols[7]);
    cur.words.push_back(std::move(w));
  }
  if (!cur.words.empty()) out.push_back(std::move(cur));
  for (size_t s = 0; s < out.size(); ++s) {
    int n = static_cast<int>(out[s].words.size());
    for (auto& w : out[s].words)
      if (w.head >= n)
        return Status::InvalidArgument(std::string(name) + ": sentence " + std::to_string(s + 1) +
                                       ": HEAD out of range");
  }
  return out;
}

Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path) {
  std::string data;
  if (path == "-") {
    data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    SITREP_ASSIGN_OR_RETURN(data, ReadFile(path));
  }
  return ParseConllu(data, path);
}

void AppendConllu(const ParsedSentence& s, std::string* out) {
  for (size_t i = 0; i < s.size(); ++i) {
    const ParsedWord& w = s[i];
    out->append(std::to_string(i + 1)).push_back('\t');
    out->append(w.form).push_back('\t');
    out->append(w.lemma.empty() ? "_" : w.lemma).push_back('\t');
    out->append(UposName(w.upos)).push_back('\t');
    out->append(w.xpos.empty() ? "_" : w.xpos).push_back('\t');
    out->append("_\t");
    out->append(std::to_string(w.head + 1)).push_back('\t');
    out->append(w.deprel.empty() ? "_" : w.deprel);
    out->append("\t_\t_\n");
  }
  out->push_back('\n');
}

}  // namespace sitrep::nlp
