#include "nlp/trainer.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <map>
#include <memory>
#include <random>
#include <set>

namespace sitrep::nlp {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

struct Corpus {
  std::vector<std::vector<std::string_view>> forms;
  std::vector<std::vector<int>> tags;    // joint tag ids, -1 when unknown
  std::vector<std::vector<int>> heads;
  std::vector<std::vector<int>> labels;  // -1 when unknown
};

Corpus MakeCorpus(const std::vector<ConlluSentence>& sents, const std::map<std::string, int>& tag_ids,
                  const std::map<std::string, int>& label_ids) {
  Corpus c;
  for (const ConlluSentence& s : sents) {
    std::vector<std::string_view> f;
    std::vector<int> t, h, l;
    for (const ConlluWord& w : s.words) {
      f.push_back(w.form);
      auto it = tag_ids.find(w.upos + "\t" + w.xpos);
      t.push_back(it == tag_ids.end() ? -1 : it->second);
      h.push_back(w.head);
      auto lt = label_ids.find(w.deprel);
      l.push_back(lt == label_ids.end() ? -1 : lt->second);
    }
    c.forms.push_back(std::move(f));
    c.tags.push_back(std::move(t));
    c.heads.push_back(std::move(h));
    c.labels.push_back(std::move(l));
  }
  return c;
}

// Ambiguity classes of the words in `indices`.
TagDict BuildTagDict(const Corpus& c, const std::vector<size_t>& indices) {
  // Rare words are left out so that training sees "unknown" words the way
  // the tagger will at run time (and does not learn to trust a singleton's class).
  // (Tried: a second, case-sensitive dictionary; it cost 0.2 points on dev.)
  constexpr int kMinCount = 3;
  std::map<std::string, std::set<int>> seen;
  std::map<std::string, int> counts;
  for (size_t s : indices)
    for (size_t i = 0; i < c.forms[s].size(); ++i) {
      std::string w = Lower(c.forms[s][i]);
      seen[w].insert(c.tags[s][i]);
      counts[w]++;
    }
  TagDict dict;
  for (const auto& [word, tags] : seen) {
    if (counts[word] < kMinCount) continue;
    uint64_t h = 0x51ed270b27aba3ddULL;
    for (int t : tags) h = internal::F2(77, h, static_cast<uint64_t>(t));
    dict.Add(internal::HashStr(word), h);
  }
  return dict;
}

std::string TrainTagger(const Corpus& c, const std::vector<size_t>& indices, const TagDict& dict,
                        int num_tags, int epochs, float prune, uint64_t seed,
                        const Corpus* dev, FILE* log, std::unique_ptr<TaggerTrainer>* keep = nullptr,
                        const std::vector<std::vector<int>>* first = nullptr,
                        const std::string* first_bytes = nullptr) {
  auto trainer_ptr = std::make_unique<TaggerTrainer>(num_tags, &dict);
  TaggerTrainer& trainer = *trainer_ptr;
  std::vector<size_t> order = indices;
  std::mt19937_64 rng(seed);
  for (int e = 0; e < epochs; ++e) {
    auto start = Clock::now();
    std::shuffle(order.begin(), order.end(), rng);
    trainer.TrainEpoch(c.forms, c.tags, order, first);
    if (dev != nullptr && log != nullptr) {
      std::string frozen = trainer.Freeze(prune);
      Tagger tagger;
      Status opened = first_bytes != nullptr ? tagger.Open(*first_bytes, dict.Serialize(), frozen)
                                             : tagger.Open(frozen, dict.Serialize());
      if (!opened.ok()) continue;
      size_t right = 0, total = 0;
      std::vector<int> pred;
      for (size_t s = 0; s < dev->forms.size(); ++s) {
        tagger.Tag(dev->forms[s], &pred);
        for (size_t i = 0; i < pred.size(); ++i) right += pred[i] == dev->tags[s][i];
        total += pred.size();
      }
      std::fprintf(log, "tagger%s epoch %d: dev joint tag accuracy %.2f (%.1fs)\n",
                   first != nullptr ? " pass 2" : "", e + 1,
                   100.0 * right / std::max<size_t>(total, 1), Seconds(start));
    }
  }
  std::string out = trainer.Freeze(prune);
  if (keep != nullptr) *keep = std::move(trainer_ptr);
  return out;
}

}  // namespace

Status TrainModel(const TrainOptions& opt, FILE* log) {
  auto t0 = Clock::now();
  SITREP_ASSIGN_OR_RETURN(std::vector<ConlluSentence> train, ReadConlluFile(opt.train_path));
  if (opt.skip_train_sentences > 0)
    train.erase(train.begin(),
                train.begin() + std::min(opt.skip_train_sentences, train.size()));
  if (opt.max_train_sentences > 0 && train.size() > opt.max_train_sentences)
    train.resize(opt.max_train_sentences);
  if (train.empty()) return Status::InvalidArgument(opt.train_path + ": no sentences");
  std::vector<ConlluSentence> dev_sents;
  if (!opt.dev_path.empty()) {
    SITREP_ASSIGN_OR_RETURN(dev_sents, ReadConlluFile(opt.dev_path));
  }

  // Tag set (joint UPOS|XPOS, in order of first appearance) and label set.
  std::map<std::string, int> tag_ids, label_ids;
  std::string tags_section, labels_section;
  std::set<std::string> label_names = {"root"};
  for (const ConlluSentence& s : train)
    for (const ConlluWord& w : s.words) {
      if (UposFromName(w.upos) == Upos::kCount)
        return Status::InvalidArgument(opt.train_path + ": unknown UPOS '" + w.upos + "'");
      std::string key = w.upos + "\t" + w.xpos;
      if (tag_ids.emplace(key, static_cast<int>(tag_ids.size())).second)
        tags_section += key + "\n";
      label_names.insert(w.deprel);
    }
  if (label_names.size() > 64) return Status::InvalidArgument("more than 64 relations");
  for (const std::string& l : label_names) {
    label_ids[l] = static_cast<int>(label_ids.size());
    labels_section += l + "\n";
  }
  const int num_tags = static_cast<int>(tag_ids.size());
  const int num_labels = static_cast<int>(label_ids.size());
  Corpus corpus = MakeCorpus(train, tag_ids, label_ids);
  Corpus dev = MakeCorpus(dev_sents, tag_ids, label_ids);
  const Corpus* dev_ptr = dev_sents.empty() ? nullptr : &dev;
  if (log)
    std::fprintf(log, "train: %zu sentences, %d tags, %d relations; dev: %zu sentences\n",
                 train.size(), num_tags, num_labels, dev_sents.size());

  std::vector<size_t> all(train.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;

  // 1. First-pass tags of the training data from taggers that did not see
  // the sentence (k-fold jackknifing): they carry realistic tagger errors, for
  // the tagger's second pass and for the parser.
  std::vector<std::vector<int>> train_tags = corpus.tags;
  const bool two_pass = opt.tagger_two_pass && opt.jackknife_folds > 1;
  if (opt.jackknife_folds > 1 && (opt.train_parser || two_pass)) {
    const size_t k = static_cast<size_t>(opt.jackknife_folds);
    for (size_t fold = 0; fold < k; ++fold) {
      std::vector<size_t> in, out;
      for (size_t i = 0; i < all.size(); ++i) (i % k == fold ? out : in).push_back(i);
      TagDict fold_dict = BuildTagDict(corpus, in);
      std::string bytes = TrainTagger(corpus, in, fold_dict, num_tags,
                                      opt.tagger_jackknife_epochs, opt.tagger_prune,
                                      opt.seed + fold + 1, nullptr, nullptr);
      Tagger fold_tagger;
      SITREP_RETURN_IF_ERROR(fold_tagger.Open(bytes, fold_dict.Serialize()));
      for (size_t i : out) fold_tagger.Tag(corpus.forms[i], &train_tags[i]);
    }
    if (log) std::fprintf(log, "jackknifed tags done (%.0fs)\n", Seconds(t0));
  }

  // 2. Tagger on all training data (first pass, then the second pass).
  TagDict dict = BuildTagDict(corpus, all);
  std::string dict_bytes = dict.Serialize();
  auto fit = [&](std::unique_ptr<TaggerTrainer>& trainer, std::string* bytes, size_t budget,
                 const char* what) {
    for (float prune : {0.3f, 0.6f, 0.8f, 0.85f, 0.9f, 0.95f, 1.0f, 1.1f, 1.2f, 1.5f, 2.0f, 3.0f}) {
      if (budget == 0 || bytes->size() <= budget) break;
      if (prune <= opt.tagger_prune) continue;
      *bytes = trainer->Freeze(prune);
      if (log) std::fprintf(log, "%s prune %.2f: %.1f MB\n", what, prune, bytes->size() / 1e6);
    }
  };
  std::string tagger_bytes, tagger2_bytes;
  {
    std::unique_ptr<TaggerTrainer> final_trainer;
    tagger_bytes = TrainTagger(corpus, all, dict, num_tags, opt.tagger_epochs, opt.tagger_prune,
                               opt.seed, dev_ptr, log, &final_trainer);
    fit(final_trainer, &tagger_bytes, two_pass ? opt.tagger_max_bytes / 2 : opt.tagger_max_bytes,
        "tagger");
  }
  if (two_pass) {
    std::unique_ptr<TaggerTrainer> second;
    tagger2_bytes = TrainTagger(corpus, all, dict, num_tags, opt.tagger_epochs, opt.tagger_prune,
                                opt.seed + 500, dev_ptr, log, &second, &train_tags, &tagger_bytes);
    fit(second, &tagger2_bytes, opt.tagger_max_bytes / 2, "tagger pass 2");
  }
  Tagger tagger;
  SITREP_RETURN_IF_ERROR(tagger.Open(tagger_bytes, dict_bytes, tagger2_bytes));
  if (log && dev_ptr) {
    for (int passes = 1; passes <= (two_pass ? 2 : 1); ++passes) {
      size_t right = 0, total = 0;
      std::vector<int> pred;
      for (size_t s = 0; s < dev.forms.size(); ++s) {
        tagger.Tag(dev.forms[s], &pred, passes == 1);
        for (size_t i = 0; i < pred.size(); ++i) right += pred[i] == dev.tags[s][i];
        total += pred.size();
      }
      std::fprintf(log, "pruned tagger, %d pass(es): dev joint tag accuracy %.2f (%.1f MB)\n",
                   passes, 100.0 * right / std::max<size_t>(total, 1),
                   (tagger_bytes.size() + (passes == 2 ? tagger2_bytes.size() : 0)) / 1e6);
    }
  }
  if (log) std::fprintf(log, "tagger done (%.0fs)\n", Seconds(t0));

  // 3. Lemmatiser.
  LemmatizerTrainer lemma_trainer;
  for (const ConlluSentence& s : train)
    for (const ConlluWord& w : s.words) lemma_trainer.Add(w.form, w.xpos, w.lemma);
  if (!opt.wordnet_dir.empty()) {
    Status s = lemma_trainer.AddWordNet(opt.wordnet_dir);
    if (!s.ok() && log) std::fprintf(log, "warning: %s\n", s.ToString().c_str());
  }

  ModelFileWriter writer;
  std::string meta = "format=sitrep-nlp\ntrain=" + opt.train_path + "\ncommand=" + opt.command +
                     "\ntagger_epochs=" + std::to_string(opt.tagger_epochs) +
                     "\ntagger_two_pass=" + std::to_string(two_pass ? 1 : 0) +
                     "\nparser_epochs=" + std::to_string(opt.parser_epochs) +
                     "\njackknife_folds=" + std::to_string(opt.jackknife_folds) + "\n";
  writer.AddSection(SectionId::kTags, tags_section);
  writer.AddSection(SectionId::kLabels, labels_section);
  writer.AddSection(SectionId::kTagDict, dict_bytes);
  writer.AddSection(SectionId::kTagger, tagger_bytes);
  if (two_pass) writer.AddSection(SectionId::kTagger2, tagger2_bytes);
  writer.AddSection(SectionId::kLemmas, lemma_trainer.Serialize());

  if (opt.train_parser) {
    std::vector<ParserExample> examples(train.size());
    for (size_t i = 0; i < train.size(); ++i) {
      examples[i].forms = corpus.forms[i];
      examples[i].tags = train_tags[i];
      examples[i].heads = corpus.heads[i];
      examples[i].labels = corpus.labels[i];
    }
    std::vector<std::vector<int>> dev_tags(dev.forms.size());
    for (size_t i = 0; i < dev.forms.size(); ++i) tagger.Tag(dev.forms[i], &dev_tags[i]);

    const int root_label = label_ids["root"];
    ParserTrainer trainer(num_labels, root_label, opt.seed);
    std::vector<size_t> order = all;
    std::mt19937_64 rng(opt.seed + 1000);
    for (int e = 0; e < opt.parser_epochs; ++e) {
      auto start = Clock::now();
      std::shuffle(order.begin(), order.end(), rng);
      trainer.TrainEpoch(examples, order, e == 0 ? 0.0 : opt.explore);
      if (log && dev_ptr && (e + 1 == opt.parser_epochs || e % 3 == 2)) {
        std::string bytes = trainer.Freeze(opt.parser_prune);
        Parser parser;
        SITREP_RETURN_IF_ERROR(parser.Open(bytes, num_labels, root_label));
        size_t uas = 0, las = 0, total = 0;
        std::vector<int> heads, labels;
        for (size_t s = 0; s < dev.forms.size(); ++s) {
          parser.Parse(dev.forms[s], dev_tags[s], &heads, &labels);
          for (size_t i = 0; i < heads.size(); ++i) {
            bool h = heads[i] == dev.heads[s][i];
            uas += h;
            las += h && labels[i] == dev.labels[s][i];
          }
          total += heads.size();
        }
        std::fprintf(log, "parser epoch %d: dev UAS %.2f LAS(full) %.2f, %zu features, %.1f MB (%.1fs)\n",
                     e + 1, 100.0 * uas / total, 100.0 * las / total, trainer.num_features(),
                     bytes.size() / 1e6, Seconds(start));
      } else if (log) {
        std::fprintf(log, "parser epoch %d (%.1fs)\n", e + 1, Seconds(start));
      }
    }
    if (log && dev_ptr && opt.report_prune_levels) {
      // Size/accuracy trade-off of pruning, to choose --parser-prune.
      for (float prune : {0.05f, 0.1f, 0.2f, 0.3f, 0.5f, 0.8f}) {
        std::string bytes = trainer.Freeze(prune);
        Parser parser;
        SITREP_RETURN_IF_ERROR(parser.Open(bytes, num_labels, root_label));
        size_t uas = 0, las = 0, total = 0;
        std::vector<int> heads, labels;
        for (size_t s = 0; s < dev.forms.size(); ++s) {
          parser.Parse(dev.forms[s], dev_tags[s], &heads, &labels);
          for (size_t i = 0; i < heads.size(); ++i) {
            bool h = heads[i] == dev.heads[s][i];
            uas += h;
            las += h && labels[i] == dev.labels[s][i];
          }
          total += heads.size();
        }
        std::fprintf(log, "parser prune %.2f: dev UAS %.2f LAS(full) %.2f, %.1f MB\n", prune,
                     100.0 * uas / total, 100.0 * las / total, bytes.size() / 1e6);
      }
    }
    // Smallest pruning threshold (from --parser-prune up) that fits the budget.
    std::string parser_bytes;
    for (float prune : {opt.parser_prune, 0.05f, 0.8f, 1.0f, 1.2f, 1.4f, 1.6f, 1.8f, 2.0f, 3.0f,
                        5.0f, 8.0f}) {
      if (prune < opt.parser_prune) continue;
      parser_bytes = trainer.Freeze(prune);
      if (log) std::fprintf(log, "parser prune %.2f: %.1f MB\n", prune, parser_bytes.size() / 1e6);
      if (opt.parser_max_bytes == 0 || parser_bytes.size() <= opt.parser_max_bytes) {
        meta += "parser_prune=" + std::to_string(prune) + "\n";
        break;
      }
    }
    writer.AddSection(SectionId::kParser, std::move(parser_bytes));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "train_seconds=%.0f\n", Seconds(t0));
  meta += buf;
  writer.AddSection(SectionId::kMeta, meta);
  SITREP_RETURN_IF_ERROR(writer.WriteTo(opt.out_path));
  if (log) std::fprintf(log, "wrote %s (%.0fs total)\n", opt.out_path.c_str(), Seconds(t0));
  return Status::OK();
}

std::string EvalScores::ToJson() const {
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"upos\":%.2f,\"xpos\":%.2f,\"lemma\":%.2f,\"uas\":%.2f,\"las\":%.2f,\"tokens\":%zu}",
                upos, xpos, lemma, uas, las, tokens);
  return buf;
}

Result<EvalScores> Evaluate(const NlpModel& model, const std::vector<ConlluSentence>& gold) {
  size_t upos = 0, xpos = 0, lemma = 0, uas = 0, las = 0, total = 0;
  std::vector<std::string_view> forms;
  ParsedSentence parsed;
  for (const ConlluSentence& s : gold) {
    forms.clear();
    for (const ConlluWord& w : s.words) forms.push_back(w.form);
    SITREP_RETURN_IF_ERROR(model.Parse(forms, &parsed));
    for (size_t i = 0; i < s.words.size(); ++i) {
      const ConlluWord& g = s.words[i];
      const ParsedWord& p = parsed[i];
      upos += UposName(p.upos) == g.upos;
      xpos += p.xpos == g.xpos;
      lemma += p.lemma == g.lemma;
      bool head = p.head == g.head;
      uas += head;
      las += head && ParsedSentence::BaseRel(p.deprel) == ParsedSentence::BaseRel(g.deprel);
    }
    total += s.words.size();
  }
  EvalScores e;
  const double d = total == 0 ? 1.0 : static_cast<double>(total) / 100.0;
  e.upos = upos / d;
  e.xpos = xpos / d;
  e.lemma = lemma / d;
  e.uas = uas / d;
  e.las = las / d;
  e.tokens = total;
  return e;
}

}  // namespace sitrep::nlp
