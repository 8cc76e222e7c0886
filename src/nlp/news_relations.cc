#include "nlp/news_relations.h"

#include <cctype>
#include <cstdio>
#include <set>
#include <utility>

#include "base/paths.h"
#include "text/text_analyzer.h"

namespace sitrep::nlp {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

Status LineError(std::string_view name, int line, std::string_view msg) {
  return Status::InvalidArgument(std::string(name) + ":" + std::to_string(line) + ": " +
                                 std::string(msg));
}

// "said#2" -> {said, 2}. A '#' not followed by digits only is part of the form.
Result<NewsWordRef> ParseWord(std::string_view w, std::string_view name, int line) {
  NewsWordRef ref;
  size_t hash = w.rfind('#');
  if (hash != std::string_view::npos && hash > 0 && hash + 1 < w.size()) {
    std::string_view digits = w.substr(hash + 1);
    bool all_digits = digits.size() <= 4;
    for (char c : digits) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
    if (all_digits) {
      ref.occurrence = 0;
      for (char c : digits) ref.occurrence = ref.occurrence * 10 + (c - '0');
      if (ref.occurrence < 1)
        return LineError(name, line, "occurrence must be 1 or more in '" + std::string(w) + "'");
      w = w.substr(0, hash);
    }
  }
  ref.form = std::string(w);
  return ref;
}

Result<std::vector<NewsWordRef>> ParseWords(std::string_view field, std::string_view name,
                                            int line) {
  std::vector<NewsWordRef> out;
  for (std::string_view alt : SplitOn(field, '|')) {
    if (alt.empty()) return LineError(name, line, "empty word in '" + std::string(field) + "'");
    SITREP_ASSIGN_OR_RETURN(NewsWordRef ref, ParseWord(alt, name, line));
    out.push_back(std::move(ref));
  }
  return out;
}

// A UD label: lower-case letters, optionally ':' and a lower-case subtype.
bool ValidLabel(std::string_view l) {
  size_t colon = l.find(':');
  std::string_view base = l.substr(0, colon);
  auto lower = [](std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
      if (c < 'a' || c > 'z') return false;
    return true;
  };
  if (!lower(base)) return false;
  return colon == std::string_view::npos || lower(l.substr(colon + 1));
}

// `# key = value`; returns false for other comment lines.
bool SplitKeyValue(std::string_view line, std::string_view* key, std::string_view* value) {
  std::string_view rest = Trim(line.substr(1));
  size_t i = 0;
  while (i < rest.size() && ((rest[i] >= 'a' && rest[i] <= 'z') || rest[i] == '_')) ++i;
  if (i == 0) return false;
  std::string_view after = Trim(rest.substr(i));
  if (after.empty() || after.front() != '=') return false;
  *key = rest.substr(0, i);
  *value = Trim(after.substr(1));
  return true;
}

std::string JoinRefs(const std::vector<NewsWordRef>& refs) {
  std::string s;
  for (size_t i = 0; i < refs.size(); ++i) {
    if (i) s += '|';
    s += refs[i].ToString();
  }
  return s;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      *out += buf;
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendCounts(std::string* out, const NewsRelationCounts& c) {
  char buf[128];
  std::snprintf(buf, sizeof(buf), "{\"n\":%d,\"accuracy\":%.2f,\"attachment\":%.2f}", c.total,
                c.Accuracy(), c.Attachment());
  *out += buf;
}

// The analysed and parsed text that a block's words are looked up in.
struct ParsedText {
  Document doc;
  std::vector<ParsedSentence> parsed;
  std::vector<int> sentence_of;  // token -> sentence index
};

Status AnalyzeAndParse(const NlpModel& model, std::string_view text, ParsedText* out) {
  out->doc.original = std::string(text);
  out->doc.meta.id = "news-relations";
  SITREP_RETURN_IF_ERROR(text::AnalyzeText(&out->doc));
  SITREP_RETURN_IF_ERROR(model.ParseDocument(out->doc, &out->parsed));
  out->sentence_of.assign(out->doc.tokens.size(), -1);
  for (size_t s = 0; s < out->doc.sentences.size(); ++s) {
    const Sentence& sent = out->doc.sentences[s];
    for (uint32_t t = sent.token_begin; t < sent.token_end; ++t)
      out->sentence_of[t] = static_cast<int>(s);
  }
  return Status::OK();
}

// Token indices (in [begin, end)) that the alternatives name; an alternative
// that is not found contributes nothing.
std::vector<int> Resolve(const ParsedText& pt, const std::vector<NewsWordRef>& refs, uint32_t begin,
                         uint32_t end) {
  std::vector<int> out;
  for (const NewsWordRef& ref : refs) {
    int seen = 0;
    for (uint32_t t = begin; t < end; ++t) {
      if (pt.doc.tokens[t].form != ref.form) continue;
      if (++seen == ref.occurrence) {
        out.push_back(static_cast<int>(t));
        break;
      }
    }
  }
  return out;
}

std::string SentenceText(const ParsedText& pt, int s) {
  if (s < 0) return pt.doc.original;
  return std::string(pt.doc.OriginalText(pt.doc.sentences[s].span));
}

// Scores one block whose words live in tokens [begin, end) of `pt`.
void ScoreBlock(const ParsedText& pt, const NewsBlock& block, uint32_t begin, uint32_t end,
                const std::string& set_name, NewsRelationScores* scores) {
  NewsRelationCounts& set_counts = scores->by_set[BaseName(set_name)];
  for (const NewsRelation& rel : block.relations) {
    NewsRelationCounts c;
    c.total = 1;
    std::vector<int> heads = Resolve(pt, rel.heads, begin, end);
    std::vector<int> deps = Resolve(pt, rel.dependents, begin, end);
    NewsRelationMiss miss;
    miss.where = set_name + ":" + std::to_string(rel.line);
    miss.gold = rel.ToString();
    if (heads.empty() || deps.empty()) {
      ++scores->unresolved;
      miss.sentence = !block.text.empty() ? block.text
                      : begin < end       ? SentenceText(pt, pt.sentence_of[begin])
                                          : std::string();
      miss.got = std::string("word not found: ") +
                 (heads.empty() ? JoinRefs(rel.heads) : JoinRefs(rel.dependents));
    } else {
      for (int d : deps) {
        int s = pt.sentence_of[d];
        // Every token belongs to a sentence and every sentence is parsed;
        // checked anyway so a text-stage change cannot index out of range.
        if (s < 0 || static_cast<size_t>(s) >= pt.parsed.size() ||
            d - pt.doc.sentences[s].token_begin >= pt.parsed[s].size()) {
          if (miss.got.empty()) miss.got = "token outside the parsed sentences";
          continue;
        }
        const Sentence& sent = pt.doc.sentences[s];
        const ParsedWord& w = pt.parsed[s][d - sent.token_begin];
        int head_token = w.head < 0 ? -1 : static_cast<int>(sent.token_begin) + w.head;
        bool attached = false;
        for (int h : heads) attached = attached || h == head_token;
        bool labelled = false;
        for (const std::string& l : rel.labels) labelled = labelled || w.deprel == l;
        if (attached) c.attached = 1;
        if (attached && labelled) c.correct = 1;
        if (miss.got.empty()) {  // describe the first dependent's analysis
          miss.sentence = SentenceText(pt, s);
          std::string head_form =
              head_token < 0 ? std::string("ROOT") : std::string(pt.doc.tokens[head_token].form);
          miss.got = head_form + " " + std::string(w.deprel) + " " + std::string(w.form);
          bool other_sentence = false;
          for (int h : heads) other_sentence = other_sentence || pt.sentence_of[h] != s;
          if (other_sentence) {
            miss.got += " (gold head in another sentence)";
            ++scores->cross_sentence;
          }
        }
      }
    }
    if (c.correct == 0) scores->misses.push_back(std::move(miss));
    scores->overall.Add(c);
    scores->by_relation[rel.category()].Add(c);
    set_counts.Add(c);
  }
  ++scores->blocks;
}

}  // namespace

std::string NewsWordRef::ToString() const {
  return occurrence == 1 ? form : form + "#" + std::to_string(occurrence);
}

std::string NewsRelation::ToString() const {
  std::string s = JoinRefs(heads) + " ";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) s += '|';
    s += labels[i];
  }
  return s + " " + JoinRefs(dependents);
}

size_t NewsRelationSet::relation_count() const {
  size_t n = 0;
  for (const NewsBlock& b : blocks) n += b.relations.size();
  return n;
}

Result<NewsRelationSet> ParseNewsRelations(std::string_view content, std::string_view name) {
  NewsRelationSet set;
  set.name = std::string(name);
  int line_no = 0;
  int document_line = 0;
  int first_find_line = 0;
  // Dependents already given a head in the current block, with their line.
  std::map<std::pair<std::string, int>, int> dep_lines;
  auto close_block = [&]() -> Status {
    if (!set.blocks.empty() && set.blocks.back().relations.empty())
      return LineError(name, set.blocks.back().line, "block has no relations");
    return Status::OK();
  };
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = Trim(content.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty()) continue;
    if (line.front() == '#') {
      std::string_view key, value;
      if (!SplitKeyValue(line, &key, &value)) continue;  // a comment
      if (key == "text" || key == "find") {
        SITREP_RETURN_IF_ERROR(close_block());
        if (value.empty()) return LineError(name, line_no, "empty '# " + std::string(key) + " ='");
        NewsBlock b;
        b.line = line_no;
        (key == "text" ? b.text : b.find) = std::string(value);
        if (key == "find" && first_find_line == 0) first_find_line = line_no;
        set.blocks.push_back(std::move(b));
        dep_lines.clear();
      } else if (key == "document") {
        if (document_line != 0)
          return LineError(
              name, line_no,
              "second '# document =' (first at line " + std::to_string(document_line) + ")");
        if (value.empty()) return LineError(name, line_no, "empty '# document ='");
        set.document_path = std::string(value);
        document_line = line_no;
      } else {
        return LineError(
            name, line_no,
            "unknown key '" + std::string(key) + "' (expected text, find or document)");
      }
      continue;
    }
    if (set.blocks.empty())
      return LineError(name, line_no, "relation before the first '# text =' or '# find ='");
    std::vector<std::string_view> f = SplitSpaces(line);
    if (f.size() != 3)
      return LineError(
          name, line_no,
          "expected 'HEAD LABEL DEPENDENT', found " + std::to_string(f.size()) + " fields");
    NewsRelation rel;
    rel.line = line_no;
    SITREP_ASSIGN_OR_RETURN(rel.heads, ParseWords(f[0], name, line_no));
    SITREP_ASSIGN_OR_RETURN(rel.dependents, ParseWords(f[2], name, line_no));
    for (std::string_view l : SplitOn(f[1], '|')) {
      if (!ValidLabel(l))
        return LineError(name, line_no, "bad relation label '" + std::string(l) + "'");
      rel.labels.emplace_back(l);
    }
    for (const NewsWordRef& d : rel.dependents) {
      auto [it, inserted] = dep_lines.emplace(std::make_pair(d.form, d.occurrence), line_no);
      if (!inserted)
        return LineError(name, line_no,
                         "'" + d.ToString() + "' already has a head (line " +
                             std::to_string(it->second) + "); mark a repeated word with #N");
    }
    set.blocks.back().relations.push_back(std::move(rel));
  }
  SITREP_RETURN_IF_ERROR(close_block());
  if (set.blocks.empty()) return Status::InvalidArgument(std::string(name) + ": no blocks");
  if (first_find_line != 0 && set.document_path.empty())
    return LineError(name, first_find_line, "'# find =' needs a '# document =' in the file");
  return set;
}

Result<NewsRelationSet> ReadNewsRelations(const std::string& path) {
  SITREP_ASSIGN_OR_RETURN(std::string content, ReadFile(path));
  SITREP_ASSIGN_OR_RETURN(NewsRelationSet set, ParseNewsRelations(content, path));
  if (!set.document_path.empty() && set.document_path.front() != '/') {
    size_t slash = path.rfind('/');
    if (slash != std::string::npos)
      set.document_path = path.substr(0, slash + 1) + set.document_path;
  }
  return set;
}

void NewsRelationScores::Add(const NewsRelationScores& o) {
  overall.Add(o.overall);
  for (const auto& [k, v] : o.by_relation) by_relation[k].Add(v);
  for (const auto& [k, v] : o.by_set) by_set[k].Add(v);
  blocks += o.blocks;
  cross_sentence += o.cross_sentence;
  unresolved += o.unresolved;
  misses.insert(misses.end(), o.misses.begin(), o.misses.end());
}

std::string NewsRelationScores::ToJson() const {
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "{\"relations\":%d,\"accuracy\":%.2f,\"attachment\":%.2f,\"blocks\":%d,"
                "\"cross_sentence\":%d,\"unresolved\":%d,\"by_relation\":{",
                overall.total, overall.Accuracy(), overall.Attachment(), blocks, cross_sentence,
                unresolved);
  std::string out = buf;
  bool first = true;
  for (const auto& [k, v] : by_relation) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(&out, k);
    out += ':';
    AppendCounts(&out, v);
  }
  out += "},\"by_set\":{";
  first = true;
  for (const auto& [k, v] : by_set) {
    if (!first) out += ',';
    first = false;
    AppendJsonString(&out, k);
    out += ':';
    AppendCounts(&out, v);
  }
  out += "}}";
  return out;
}

Result<NewsRelationScores> EvaluateNewsRelations(const NlpModel& model, const NewsRelationSet& set,
                                                 std::string_view document_text) {
  NewsRelationScores scores;
  // The outside document, analysed once for all find blocks.
  ParsedText outside;
  bool outside_ready = false;
  for (const NewsBlock& block : set.blocks) {
    if (!block.text.empty()) {
      ParsedText pt;
      Status st = AnalyzeAndParse(model, block.text, &pt);
      if (!st.ok()) return st.WithPrefix(set.name + ":" + std::to_string(block.line));
      ScoreBlock(pt, block, 0, static_cast<uint32_t>(pt.doc.tokens.size()), set.name, &scores);
      continue;
    }
    if (!outside_ready) {
      Status st = AnalyzeAndParse(model, document_text, &outside);
      if (!st.ok()) return st.WithPrefix(set.document_path);
      outside_ready = true;
    }
    int found = -1;
    int matches = 0;
    for (size_t s = 0; s < outside.doc.sentences.size(); ++s) {
      const Sentence& sent = outside.doc.sentences[s];
      if (sent.size() == 0) continue;
      std::string_view orig = outside.doc.OriginalText(sent.span);
      const Token& first = outside.doc.tokens[sent.token_begin];
      const Token& last = outside.doc.tokens[sent.token_end - 1];
      std::string_view norm = std::string_view(outside.doc.normalized)
                                  .substr(first.norm_begin, last.norm_end - first.norm_begin);
      if (orig.find(block.find) != std::string_view::npos ||
          norm.find(block.find) != std::string_view::npos) {
        ++matches;
        found = static_cast<int>(s);
      }
    }
    if (matches != 1) {
      std::string msg = set.name + ":" + std::to_string(block.line) + ": '" + block.find + "' " +
                        (matches == 0 ? "is in no sentence of " : "is in several sentences of ") +
                        set.document_path;
      return matches == 0 ? Status::NotFound(msg) : Status::InvalidArgument(msg);
    }
    const Sentence& sent = outside.doc.sentences[found];
    ScoreBlock(outside, block, sent.token_begin, sent.token_end, set.name, &scores);
  }
  return scores;
}

Result<NewsRelationScores> EvaluateNewsRelationSet(const NlpModel& model,
                                                   const NewsRelationSet& set) {
  std::string document;
  bool has_find = false;
  for (const NewsBlock& b : set.blocks) has_find = has_find || !b.find.empty();
  if (has_find) {
    Result<std::string> text = ReadFile(set.document_path);
    if (!text.ok()) return text.status().WithPrefix(set.name + ": document");
    document = std::move(*text);
  }
  return EvaluateNewsRelations(model, set, document);
}

}  // namespace sitrep::nlp
