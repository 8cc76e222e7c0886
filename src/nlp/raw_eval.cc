#include "nlp/raw_eval.h"

#include <cstdio>
#include <set>
#include <unordered_map>
#include <utility>

#include "base/document.h"
#include "text/text_analyzer.h"

namespace sitrep::nlp {
namespace {

constexpr uint32_t kNoOffset = UINT32_MAX;

uint64_t Key(uint32_t begin, uint32_t end) { return (uint64_t{begin} << 32) | end; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Finds `what` in `text` at `*pos` (after whitespace) or a little further on.
// Returns its start or kNoOffset; on success *pos moves past it.
uint32_t Match(std::string_view text, std::string_view what, size_t* pos) {
  size_t p = *pos;
  while (p < text.size() && IsSpace(text[p])) ++p;
  if (what.empty()) return kNoOffset;
  size_t at = text.compare(p, what.size(), what) == 0 ? p : text.find(what, p);
  if (at == std::string_view::npos || at > p + 16) return kNoOffset;
  *pos = at + what.size();
  return static_cast<uint32_t>(at);
}

struct GoldLayout {
  std::vector<uint32_t> begin, end;        // per gold word (global index); kNoOffset if unknown
  std::vector<int> head;                   // global head index, -1 = root
  std::set<uint64_t> tokens;               // surface token ranges
  std::set<uint64_t> sentences;            // sentence ranges
};

GoldLayout LayOut(const std::vector<ConlluSentence>& gold, std::string_view full,
                  const std::vector<size_t>& starts) {
  GoldLayout g;
  for (size_t s = 0; s < gold.size(); ++s) {
    const ConlluSentence& sent = gold[s];
    const size_t first_word = g.begin.size();
    const size_t n = sent.words.size();
    g.begin.resize(first_word + n, kNoOffset);
    g.end.resize(first_word + n, kNoOffset);
    for (const ConlluWord& w : sent.words)
      g.head.push_back(w.head < 0 ? -1 : static_cast<int>(first_word) + w.head);
    size_t pos = starts[s];
    size_t m = 0;  // next multi-word token
    for (size_t i = 0; i < n;) {
      if (m < sent.multiwords.size() && sent.multiwords[m].first == static_cast<int>(i)) {
        const ConlluMultiword& mw = sent.multiwords[m++];
        const size_t last = std::min<size_t>(static_cast<size_t>(mw.last), n - 1);
        uint32_t at = Match(full, mw.form, &pos);
        if (at != kNoOffset) {
          const uint32_t stop = at + static_cast<uint32_t>(mw.form.size());
          g.tokens.insert(Key(at, stop));
          // Words of the token: their forms usually spell it out ("did"+"n't").
          uint32_t q = at;
          for (size_t k = i; k <= last; ++k) {
            std::string_view f = sent.words[k].form;
            if (q + f.size() <= stop && full.compare(q, f.size(), f) == 0) {
              g.begin[first_word + k] = q;
              g.end[first_word + k] = q + static_cast<uint32_t>(f.size());
              q += static_cast<uint32_t>(f.size());
            } else {
              q = stop;  // the rest of the words cannot be placed
            }
          }
        }
        i = last + 1;
        continue;
      }
      uint32_t at = Match(full, sent.words[i].form, &pos);
      if (at != kNoOffset) {
        g.begin[first_word + i] = at;
        g.end[first_word + i] = at + static_cast<uint32_t>(sent.words[i].form.size());
        g.tokens.insert(Key(g.begin[first_word + i], g.end[first_word + i]));
      }
      ++i;
    }
    uint32_t sb = kNoOffset, se = kNoOffset;
    for (size_t k = first_word; k < first_word + n; ++k)
      if (g.begin[k] != kNoOffset) {
        if (sb == kNoOffset) sb = g.begin[k];
        se = g.end[k];
      }
    if (sb != kNoOffset) g.sentences.insert(Key(sb, se));
  }
  return g;
}

double F1(size_t correct, size_t gold, size_t system) {
  return gold + system == 0 ? 0.0 : 200.0 * static_cast<double>(correct) / static_cast<double>(gold + system);
}

}  // namespace

std::string RawTextOf(const std::vector<ConlluSentence>& gold) {
  std::string out;
  for (size_t s = 0; s < gold.size(); ++s) {
    if (s > 0) out.push_back(gold[s].new_paragraph ? '\n' : ' ');
    if (!gold[s].text.empty()) {
      out += gold[s].text;
    } else {
      for (size_t i = 0; i < gold[s].words.size(); ++i) {
        if (i > 0) out.push_back(' ');
        out += gold[s].words[i].form;
      }
    }
  }
  return out;
}

std::string RawEvalScores::ToJson() const {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "{\"upos\":%.2f,\"xpos\":%.2f,\"lemma\":%.2f,\"uas\":%.2f,\"las\":%.2f,"
                "\"tokens\":%zu,\"tokens_f1\":%.2f,\"words_f1\":%.2f,\"sentences_f1\":%.2f}",
                upos, xpos, lemma, uas, las, gold_words, tokens_f1, words_f1, sentences_f1);
  return buf;
}

Result<RawEvalScores> EvaluateRaw(const NlpModel& model, const std::vector<ConlluSentence>& gold) {
  Document doc;
  std::vector<size_t> starts;
  {
    std::string text;
    for (size_t s = 0; s < gold.size(); ++s) {
      if (s > 0) text.push_back(gold[s].new_paragraph ? '\n' : ' ');
      starts.push_back(text.size());
      text += RawTextOf({gold[s]});
    }
    doc.original = std::move(text);
  }
  const GoldLayout g = LayOut(gold, doc.original, starts);
  SITREP_RETURN_IF_ERROR(text::AnalyzeText(&doc));

  std::unordered_map<uint64_t, int> gold_at;  // character range -> gold word
  for (size_t k = 0; k < g.begin.size(); ++k)
    if (g.begin[k] != kNoOffset) gold_at.emplace(Key(g.begin[k], g.end[k]), static_cast<int>(k));

  // System words: one per token; predictions per sentence.
  const size_t n_sys = doc.tokens.size();
  std::vector<int> sys_gold(n_sys, -1), sys_head(n_sys, -1);
  std::vector<ParsedWord> sys_word(n_sys);
  size_t token_matches = 0, sentence_matches = 0;
  for (size_t t = 0; t < n_sys; ++t) {
    const Span& sp = doc.tokens[t].span;
    auto it = gold_at.find(Key(sp.begin, sp.end));
    if (it != gold_at.end()) sys_gold[t] = it->second;
    token_matches += g.tokens.count(Key(sp.begin, sp.end));
  }
  ParsedSentence parsed;
  std::vector<std::string_view> forms;
  for (const Sentence& s : doc.sentences) {
    if (s.size() == 0) continue;
    sentence_matches += g.sentences.count(
        Key(doc.tokens[s.token_begin].span.begin, doc.tokens[s.token_end - 1].span.end));
    forms.clear();
    for (uint32_t t = s.token_begin; t < s.token_end; ++t) forms.push_back(doc.tokens[t].form);
    if (!model.Parse(forms, &parsed).ok()) continue;  // counted as wrong
    for (size_t i = 0; i < parsed.size(); ++i) {
      const size_t t = s.token_begin + i;
      sys_word[t] = parsed[i];
      sys_head[t] = parsed[i].head < 0 ? -1 : static_cast<int>(s.token_begin) + parsed[i].head;
    }
  }
  std::vector<const ConlluWord*> gold_word;
  for (const ConlluSentence& cs : gold)
    for (const ConlluWord& w : cs.words) gold_word.push_back(&w);
  size_t words = 0, upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0;
  for (size_t t = 0; t < n_sys; ++t) {
    const int k = sys_gold[t];
    if (k < 0) continue;
    ++words;
    const ConlluWord* gw = gold_word[static_cast<size_t>(k)];
    const ParsedWord& pw = sys_word[t];
    upos += UposName(pw.upos) == gw->upos;
    xpos += pw.xpos == gw->xpos;
    lemma += pw.lemma == gw->lemma;
    const int h = sys_head[t];
    const bool head_ok = h < 0 ? g.head[k] < 0 : (sys_gold[h] >= 0 && sys_gold[h] == g.head[k]);
    uas += head_ok;
    las += head_ok && ParsedSentence::BaseRel(pw.deprel) == ParsedSentence::BaseRel(gw->deprel);
  }
  RawEvalScores r;
  const size_t n_gold = g.begin.size();
  r.gold_words = n_gold;
  r.system_words = n_sys;
  r.words_f1 = F1(words, n_gold, n_sys);
  r.upos = F1(upos, n_gold, n_sys);
  r.xpos = F1(xpos, n_gold, n_sys);
  r.lemma = F1(lemma, n_gold, n_sys);
  r.uas = F1(uas, n_gold, n_sys);
  r.las = F1(las, n_gold, n_sys);
  r.tokens_f1 = F1(token_matches, g.tokens.size(), n_sys);
  r.sentences_f1 = F1(sentence_matches, g.sentences.size(), doc.sentences.size());
  return r;
}

}  // namespace sitrep::nlp
