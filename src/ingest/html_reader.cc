#include "ingest/html_reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/date.h"
#include "ingest/language.h"

namespace sitrep::ingest {
namespace {

constexpr int kHtmlOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING;
// A run shorter than this does not vote for its containers.
constexpr size_t kMinScoringRun = 25;
// A <form> with less text than this is a widget (search, sign-up) and is
// dropped; a larger one is a page-wide wrapper (ASP.NET WebForms).
constexpr size_t kMinPageFormText = 1000;

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

std::string_view Name(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

bool IsElement(const xmlNode* n, std::string_view name) {
  return n->type == XML_ELEMENT_NODE && Name(n) == name;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return std::string();
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

bool IsSpaceByte(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Appends `s` to `out` collapsing whitespace (and U+00A0) to single spaces.
// Returns the number of bytes appended.
size_t AppendCollapsed(std::string_view s, std::string* out) {
  size_t before = out->size();
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool space = IsSpaceByte(c);
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      space = true;
      ++i;
    }
    if (space) {
      if (!out->empty() && out->back() != ' ') out->push_back(' ');
    } else if (c != 0) {
      out->push_back(static_cast<char>(c));
    }
  }
  return out->size() - before;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpaceByte(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && IsSpaceByte(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Text content of a subtree, whitespace collapsed. Entity references are not
// followed (they are already expanded by the HTML parser).
void GatherText(const xmlNode* n, std::string* out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) AppendCollapsed(reinterpret_cast<const char*>(c->content), out);
    } else if (c->type == XML_ELEMENT_NODE) {
      std::string_view nm = Name(c);
      if (nm == "script" || nm == "style") continue;
      if (nm == "br" || nm == "p" || nm == "div") out->push_back(' ');
      GatherText(c, out);
    }
  }
}

std::string TextOf(const xmlNode* n) {
  std::string s;
  GatherText(n, &s);
  return Trim(s);
}

// ---------------------------------------------------------------- dates ---

int MonthFromName(std::string_view w) {
  static const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                  "jul", "aug", "sep", "oct", "nov", "dec"};
  if (w.size() < 3) return 0;
  std::string l = Lower(w.substr(0, 3));
  for (int i = 0; i < 12; ++i)
    if (l == kMonths[i]) return i + 1;
  return 0;
}

std::string FormatDate(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  std::string s(buf);
  return IsValidIsoDate(s) ? s : std::string();
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ----------------------------------------------------- class/id weights ---

const char* const kNegativeHints[] = {
    "comment", "sidebar", "related", "promo", "share", "sharing", "social", "footer",
    "masthead", "breadcrumb", "newsletter", "subscribe", "signup", "sponsor", "advert",
    "popup", "modal", "cookie", "banner", "widget", "menu", "navbar", "nav-", "pagination",
    "pager", "tags", "toolbar", "tweet", "disqus", "outbrain", "taboola", "recommend",
    "trending", "most-popular", "mostpopular", "skyscraper", "byline-tools", "hidden"};
const char* const kPositiveHints[] = {"article", "story", "content", "body", "entry",
                                      "post", "text", "main", "hentry", "blog"};

bool ContainsAny(const std::string& s, const char* const* words, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (s.find(words[i]) != std::string::npos) return true;
  return false;
}

// +25 for an article-like class or id, -25 for a boilerplate-like one (each).
double ClassWeight(const xmlNode* n) {
  double w = 0;
  for (const char* a : {"class", "id"}) {
    std::string v = Lower(Attr(n, a));
    if (v.empty()) continue;
    if (ContainsAny(v, kNegativeHints, std::size(kNegativeHints))) w -= 25;
    if (ContainsAny(v, kPositiveHints, std::size(kPositiveHints))) w += 25;
  }
  return w;
}

// Elements dropped with everything inside them.
bool IsJunkTag(std::string_view nm) {
  static const char* kJunk[] = {"script", "style", "nav", "header", "footer", "aside",
                                "noscript", "iframe", "svg", "button", "select", "textarea",
                                "object", "embed", "canvas", "template", "menu", "input",
                                "video", "audio", "map", "head"};
  for (const char* j : kJunk)
    if (nm == j) return true;
  return false;
}

bool IsInlineTag(std::string_view nm) {
  static const char* kInline[] = {"a",    "abbr", "b",      "bdi",  "bdo",   "cite", "code",
                                  "data", "dfn",  "em",     "font", "i",     "kbd",  "mark",
                                  "q",    "s",    "samp",   "small", "span", "strong", "sub",
                                  "sup",  "time", "u",      "var",  "wbr",   "big",  "tt",
                                  "strike", "ins", "del",   "label", "nobr", "img"};
  for (const char* t : kInline)
    if (nm == t) return true;
  return false;
}

bool IsHeadingTag(std::string_view nm) {
  return nm.size() == 2 && nm[0] == 'h' && nm[1] >= '1' && nm[1] <= '6';
}

// Tags whose runs are "paragraphs": they vote for their parent, not themselves.
bool IsParagraphTag(std::string_view nm) {
  return nm == "p" || nm == "pre" || nm == "li" || nm == "dd" || nm == "dt" ||
         nm == "figcaption" || nm == "blockquote" || IsHeadingTag(nm);
}

double TagWeight(std::string_view nm) {
  if (nm == "article") return 10;
  if (nm == "div" || nm == "main" || nm == "section") return 5;
  if (nm == "pre" || nm == "td" || nm == "blockquote") return 3;
  if (nm == "address" || nm == "ol" || nm == "ul" || nm == "dl" || nm == "dd" || nm == "dt" ||
      nm == "li")
    return -3;
  if (IsHeadingTag(nm) || nm == "th") return -5;
  return 0;
}

// ------------------------------------------------------------ cleaning ---

// Unlinks and frees boilerplate below `n`.
void RemoveBoilerplate(xmlNode* n) {
  xmlNode* c = n->children;
  while (c != nullptr) {
    xmlNode* next = c->next;
    bool drop = false;
    if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) {
      drop = true;
    } else if (c->type == XML_ELEMENT_NODE) {
      std::string_view nm = Name(c);
      if (IsJunkTag(nm)) {
        drop = true;
      } else if (nm == "form") {
        // Search boxes and sign-up forms are junk, but ASP.NET WebForms
        // pages wrap the whole page, article included, in one <form>.
        drop = TextOf(c).size() < kMinPageFormText;
      } else if (nm != "body" && nm != "html" && nm != "article" && nm != "main") {
        std::string hints = Lower(Attr(c, "class") + " " + Attr(c, "id"));
        std::string style = Lower(Attr(c, "style"));
        if (style.find("display:none") != std::string::npos ||
            style.find("display: none") != std::string::npos ||
            xmlHasProp(c, reinterpret_cast<const xmlChar*>("hidden")) != nullptr ||
            Lower(Attr(c, "aria-hidden")) == "true") {
          drop = true;
        } else if (hints.size() > 1 && ContainsAny(hints, kNegativeHints, std::size(kNegativeHints)) &&
                   !ContainsAny(hints, kPositiveHints, std::size(kPositiveHints))) {
          drop = true;
        } else {
          std::string role = Lower(Attr(c, "role"));
          if (role == "navigation" || role == "complementary" || role == "banner" ||
              role == "contentinfo" || role == "menu" || role == "dialog")
            drop = true;
        }
      }
    }
    if (drop) {
      xmlUnlinkNode(c);
      xmlFreeNode(c);
    } else if (c->type == XML_ELEMENT_NODE) {
      RemoveBoilerplate(c);
    }
    c = next;
  }
}

// ---------------------------------------------------------------- runs ---

struct Run {
  std::string text;
  size_t link_bytes = 0;
  const xmlNode* container = nullptr;  // the block element holding the run
  bool heading = false;
};

class RunCollector {
 public:
  std::vector<Run> runs;

  void Walk(const xmlNode* block) {
    Run cur;
    cur.container = block;
    cur.heading = IsHeadingTag(Name(block));
    WalkChildren(block, &cur, false);
    Flush(&cur);
  }

 private:
  void WalkChildren(const xmlNode* n, Run* cur, bool in_link) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (c->content == nullptr) continue;
        size_t added = AppendCollapsed(reinterpret_cast<const char*>(c->content), &cur->text);
        if (in_link) cur->link_bytes += added;
      } else if (c->type == XML_ELEMENT_NODE) {
        std::string_view nm = Name(c);
        if (nm == "br") {
          Flush(cur);
        } else if (IsInlineTag(nm)) {
          WalkChildren(c, cur, in_link || nm == "a");
        } else {
          Flush(cur);
          Walk(c);
        }
      }
    }
  }

  void Flush(Run* cur) {
    std::string t = Trim(cur->text);
    if (!t.empty()) {
      Run r;
      r.link_bytes = std::min(cur->link_bytes, t.size());
      r.text = std::move(t);
      r.container = cur->container;
      r.heading = cur->heading;
      runs.push_back(std::move(r));
    }
    cur->text.clear();
    cur->link_bytes = 0;
  }
};

// Per-element statistics for scoring.
struct NodeStats {
  double score = 0;
  bool scored = false;
  size_t text_bytes = 0;  // all runs in the subtree
  size_t link_bytes = 0;
};

bool IsAncestorOrSelf(const xmlNode* a, const xmlNode* n) {
  for (; n != nullptr; n = n->parent)
    if (n == a) return true;
  return false;
}

bool EndsLikeSentence(std::string_view t) {
  while (!t.empty() && (t.back() == ' ')) t.remove_suffix(1);
  if (t.empty()) return false;
  char c = t.back();
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == ':' || c == ')' || c == '\'') return true;
  // closing curly quote U+201D
  return t.size() >= 3 && t.substr(t.size() - 3) == "\xE2\x80\x9D";
}

size_t CountCommas(std::string_view t) {
  size_t n = std::count(t.begin(), t.end(), ',');
  // U+FF0C and U+3001 for CJK text are left out on purpose: English news.
  return n;
}

// The date of a short line that carries a publication date and time or
// starts like a byline or time stamp ("Published: Wednesday, 21 Sep 2011 |
// 4:35 PM ET", "By Richard Lawler posted Aug 18th 2010 7:30PM"); "" when the
// line is no such metadata.
std::string MetadataLineDate(std::string_view t) {
  if (t.size() > 160) return std::string();
  std::string date = NormalizeDate(t);
  if (date.empty()) return date;
  std::string l = Lower(std::string(t.substr(0, 16)));
  for (const char* p : {"by ", "published", "posted", "updated", "last updated", "last modified"})
    if (l.rfind(p, 0) == 0) return date;
  bool clock = false;
  for (size_t i = 1; i + 2 < t.size(); ++i)
    if (t[i] == ':' && std::isdigit(static_cast<unsigned char>(t[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(t[i + 1])) && std::isdigit(static_cast<unsigned char>(t[i + 2])))
      clock = true;
  return clock && (t.find('|') != std::string_view::npos || !EndsLikeSentence(t)) ? date : std::string();
}

// Picks the article's runs from the cleaned body. A date read from a
// dateline at the top of the text goes to *text_date (empty when none).
std::string ExtractMainText(const xmlNode* body, std::string* text_date) {
  RunCollector rc;
  rc.Walk(body);
  std::vector<Run>& runs = rc.runs;
  if (runs.empty()) return std::string();

  std::unordered_map<const xmlNode*, NodeStats> stats;
  for (const Run& r : runs) {
    for (const xmlNode* a = r.container; a != nullptr && a->type == XML_ELEMENT_NODE; a = a->parent) {
      NodeStats& s = stats[a];
      s.text_bytes += r.text.size();
      s.link_bytes += r.link_bytes;
      if (a == body) break;
    }
  }
  auto init = [&](const xmlNode* n) -> NodeStats& {
    NodeStats& s = stats[n];
    if (!s.scored) {
      s.scored = true;
      s.score = TagWeight(Name(n)) + ClassWeight(n);
    }
    return s;
  };
  for (const Run& r : runs) {
    if (r.heading || r.text.size() < kMinScoringRun) continue;
    double ld = static_cast<double>(r.link_bytes) / static_cast<double>(r.text.size());
    if (ld > 0.5) continue;
    double score = 1 + static_cast<double>(CountCommas(r.text)) +
                   std::min(static_cast<double>(r.text.size()) / 100.0, 3.0);
    const xmlNode* level0 = r.container;
    if (IsParagraphTag(Name(level0)) && level0 != body && level0->parent != nullptr)
      level0 = level0->parent;
    double divisor = 1;
    for (const xmlNode* a = level0; a != nullptr && a->type == XML_ELEMENT_NODE && divisor <= 3;
         a = a->parent, divisor += 1) {
      init(a).score += score / divisor;
      if (a == body) break;
    }
  }
  auto final_score = [&](const xmlNode* n) {
    auto it = stats.find(n);
    if (it == stats.end() || !it->second.scored) return -1e9;
    const NodeStats& s = it->second;
    double ld = s.text_bytes ? static_cast<double>(s.link_bytes) / s.text_bytes : 0;
    return s.score * (1 - ld);
  };
  const xmlNode* top = nullptr;
  double top_score = -1e9;
  for (const auto& [node, s] : stats) {
    if (!s.scored) continue;
    double f = final_score(node);
    // Ties go to the earlier element in the document (stable across runs).
    if (f > top_score ||
        (f == top_score && top != nullptr && xmlGetLineNo(node) < xmlGetLineNo(top))) {
      top = node;
      top_score = f;
    }
  }
  if (top == nullptr) top = body;

  // The top container and the siblings that look like more of the article.
  std::vector<const xmlNode*> chosen;
  if (top == body || top->parent == nullptr) {
    chosen.push_back(top);
  } else {
    double threshold = std::max(10.0, top_score * 0.2);
    std::string top_class = Attr(top, "class");
    for (const xmlNode* s = top->parent->children; s != nullptr; s = s->next) {
      if (s->type != XML_ELEMENT_NODE) continue;
      bool take = s == top;
      if (!take && final_score(s) >= threshold) take = true;
      if (!take && !top_class.empty() && Attr(s, "class") == top_class && final_score(s) > 0)
        take = true;
      if (!take && Name(s) == "p") {
        auto it = stats.find(s);
        if (it != stats.end()) {
          const NodeStats& ns = it->second;
          double ld = ns.text_bytes ? static_cast<double>(ns.link_bytes) / ns.text_bytes : 0;
          std::string t = TextOf(s);
          if ((t.size() > 80 && ld < 0.25) || (ld == 0 && EndsLikeSentence(t) && t.size() > 20))
            take = true;
        }
      }
      if (take) chosen.push_back(s);
    }
  }

  std::string out;
  int kept = 0;
  for (const Run& r : runs) {
    bool inside = false;
    for (const xmlNode* c : chosen)
      if (IsAncestorOrSelf(c, r.container)) inside = true;
    if (!inside || r.heading) continue;
    double ld = static_cast<double>(r.link_bytes) / static_cast<double>(r.text.size());
    if (ld > 0.5) continue;
    if (r.text.size() < 40 && !(r.text.size() >= 15 && EndsLikeSentence(r.text) && ld < 0.2))
      continue;
    // A block (list, box) inside the article that is mostly links is a link list.
    const xmlNode* box = r.container;
    if (IsParagraphTag(Name(box)) && box->parent) box = box->parent;
    auto it = stats.find(box);
    if (it != stats.end() && it->second.text_bytes > 0 &&
        static_cast<double>(it->second.link_bytes) / it->second.text_bytes > 0.4)
      continue;
    // A dateline/byline line at the top ("By A. Writer | Sep. 21, 2011, 3:17
    // PM") is metadata, not story: its date is kept as a fallback.
    if (kept < 3) {
      if (std::string date = MetadataLineDate(r.text); !date.empty()) {
        if (text_date->empty()) *text_date = std::move(date);
        continue;
      }
    }
    ++kept;
    if (!out.empty()) out += "\n\n";
    out += r.text;
  }
  return out;
}

// ------------------------------------------------------------ metadata ---

struct MetaCandidates {
  std::string og_title, html_title, h1, ld_title;
  std::string ld_date, meta_date, time_date;
  int meta_date_rank = 100;
  std::string canonical, og_url;
  std::string author, ld_author;
  std::string site, ld_site;
  std::string lang;
};

// Lower rank = better source for the publication date.
int MetaDateRank(const std::string& key) {
  static const char* kKeys[] = {"article:published_time", "og:published_time",
                                "datepublished", "article.published", "pubdate",
                                "publishdate", "publish-date", "publish_date", "date",
                                "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
                                "dcterms.created", "sailthru.date", "parsely-pub-date",
                                "displaydate", "originalpublicationdate", "og:updated_time",
                                "article:modified_time"};
  for (size_t i = 0; i < std::size(kKeys); ++i)
    if (key == kKeys[i]) return static_cast<int>(i);
  return -1;
}

std::string JsonName(simdjson::dom::element e) {
  std::string_view s;
  if (!e.get(s)) return std::string(s);
  simdjson::dom::object o;
  if (!e.get(o)) {
    if (!o["name"].get(s)) return std::string(s);
  }
  simdjson::dom::array a;
  if (!e.get(a)) {
    std::string all;
    for (auto x : a) {
      std::string n = JsonName(x);
      if (n.empty()) continue;
      if (!all.empty()) all += ", ";
      all += n;
    }
    return all;
  }
  return std::string();
}

void VisitJsonLd(simdjson::dom::element e, int depth, MetaCandidates* m) {
  if (depth > 6) return;
  simdjson::dom::array arr;
  if (!e.get(arr)) {
    for (auto x : arr) VisitJsonLd(x, depth + 1, m);
    return;
  }
  simdjson::dom::object obj;
  if (e.get(obj)) return;
  std::string_view s;
  if (m->ld_date.empty() && !obj["datePublished"].get(s)) m->ld_date = std::string(s);
  if (m->ld_date.empty() && !obj["dateCreated"].get(s)) m->ld_date = std::string(s);
  if (m->ld_title.empty() && !obj["headline"].get(s)) m->ld_title = std::string(s);
  simdjson::dom::element v;
  if (m->ld_author.empty() && !obj["author"].get(v)) m->ld_author = JsonName(v);
  if (m->ld_site.empty() && !obj["publisher"].get(v)) m->ld_site = JsonName(v);
  if (!obj["@graph"].get(v)) VisitJsonLd(v, depth + 1, m);
}

void ReadJsonLd(const std::string& text, MetaCandidates* m) {
  std::string body = Trim(text);
  // Some sites wrap the JSON in an HTML comment or CDATA section.
  for (const char* p : {"<!--", "<![CDATA["})
    if (body.rfind(p, 0) == 0) body.erase(0, std::strlen(p));
  for (const char* p : {"-->", "]]>"}) {
    size_t n = std::strlen(p);
    if (body.size() >= n && body.compare(body.size() - n, n, p) == 0) body.resize(body.size() - n);
  }
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root)) return;  // malformed JSON-LD is ignored
  VisitJsonLd(root, 0, m);
}

void CollectMeta(const xmlNode* n, MetaCandidates* m) {
  for (const xmlNode* c = n; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view nm = Name(c);
    if (nm == "html" && m->lang.empty()) {
      m->lang = Attr(c, "lang");
      if (m->lang.empty()) m->lang = Attr(c, "xml:lang");
    } else if (nm == "title" && m->html_title.empty()) {
      m->html_title = TextOf(c);
    } else if (nm == "h1" && m->h1.empty()) {
      m->h1 = TextOf(c);
    } else if (nm == "meta") {
      std::string key = Lower(Attr(c, "property"));
      if (key.empty()) key = Lower(Attr(c, "name"));
      if (key.empty()) key = Lower(Attr(c, "itemprop"));
      std::string content = Trim(Attr(c, "content"));
      if (content.empty()) content = Trim(Attr(c, "datetime"));
      if (key.empty() || content.empty()) {
        // fall through to children
      } else if (key == "og:title" || (key == "twitter:title" && m->og_title.empty())) {
        if (m->og_title.empty() || key == "og:title") m->og_title = content;
      } else if (key == "og:url") {
        if (m->og_url.empty()) m->og_url = content;
      } else if (key == "og:site_name") {
        if (m->site.empty()) m->site = content;
      } else if (key == "author" || key == "article:author" || key == "byl" ||
                 key == "dc.creator" || key == "sailthru.author" || key == "parsely-author") {
        if (m->author.empty() && content.rfind("http", 0) != 0) m->author = content;
      } else {
        int rank = MetaDateRank(key);
        if (rank >= 0 && rank < m->meta_date_rank && !NormalizeDate(content).empty()) {
          m->meta_date = content;
          m->meta_date_rank = rank;
        }
      }
    } else if (nm == "link") {
      std::string rel = Lower(Attr(c, "rel"));
      if (rel == "canonical" && m->canonical.empty()) m->canonical = Trim(Attr(c, "href"));
    } else if (nm == "script") {
      if (Lower(Attr(c, "type")) == "application/ld+json") {
        std::string body;
        for (const xmlNode* t = c->children; t != nullptr; t = t->next)
          if (t->content) body += reinterpret_cast<const char*>(t->content);
        ReadJsonLd(body, m);
      }
      continue;
    } else if (nm == "time" && m->time_date.empty()) {
      std::string dt = Attr(c, "datetime");
      if (!NormalizeDate(dt).empty()) m->time_date = dt;
    } else if (!m->time_date.empty() && nm == "time") {
      continue;
    }
    if (nm == "time" || nm == "abbr" || nm == "span") {
      // <abbr class="published" title="2011-08-10">, itemprop on spans
      std::string ip = Lower(Attr(c, "itemprop"));
      if (ip == "datepublished" && m->meta_date_rank > 2) {
        std::string v = Attr(c, "datetime");
        if (v.empty()) v = Attr(c, "content");
        if (v.empty()) v = TextOf(c);
        if (!NormalizeDate(v).empty()) {
          m->meta_date = v;
          m->meta_date_rank = 2;
        }
      }
    }
    if (c->children) CollectMeta(c->children, m);
  }
}

// "Headline - Site Name" → "Headline" (also " | ", " — ", " – ", " :: ", " » ").
std::string CleanTitle(std::string title, const std::string& site) {
  title = Trim(title);
  if (!site.empty() && title.size() > site.size() + 3 &&
      title.compare(title.size() - site.size(), site.size(), site) == 0) {
    std::string head = Trim(title.substr(0, title.size() - site.size()));
    // drop the separator left behind
    while (!head.empty() && std::strchr("-|:\xC2\xBB\x80\x93\x94\xE2", head.back())) head.pop_back();
    head = Trim(head);
    if (!head.empty()) return head;
  }
  static const char* kSeps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ",
                                " \xC2\xBB "};
  size_t best = std::string::npos;
  for (const char* sep : kSeps) {
    size_t p = title.rfind(sep);
    if (p != std::string::npos && (best == std::string::npos || p > best)) best = p;
  }
  if (best != std::string::npos && best > 0) {
    std::string head = Trim(title.substr(0, best));
    // Keep the whole title when the head is too short to be a headline.
    if (std::count(head.begin(), head.end(), ' ') >= 2) return head;
  }
  return title;
}

const xmlNode* FindElement(const xmlNode* n, std::string_view name) {
  for (const xmlNode* c = n; c != nullptr; c = c->next) {
    if (IsElement(c, name)) return c;
    if (c->type == XML_ELEMENT_NODE && c->children) {
      const xmlNode* f = FindElement(c->children, name);
      if (f) return f;
    }
  }
  return nullptr;
}

DocPtr ParseHtml(std::string_view html, std::string_view encoding) {
  std::string enc(encoding);
  return DocPtr(htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr,
                               enc.empty() ? nullptr : enc.c_str(), kHtmlOptions));
}

// Makes libxml2 thread-safe to call from several threads (initialises once).
void InitOnce() {
  static const bool done = [] {
    xmlInitParser();
    return true;
  }();
  (void)done;
}

}  // namespace

std::string NormalizeDate(std::string_view text) {
  std::string s = Trim(text);
  if (s.size() > 200) s.resize(200);
  if (s.size() >= 10 && AllDigits(s.substr(0, 4)) && (s[4] == '-' || s[4] == '/' || s[4] == '.') &&
      AllDigits(s.substr(5, 2)) && s[7] == s[4] && AllDigits(s.substr(8, 2)) &&
      (s.size() == 10 || !std::isdigit(static_cast<unsigned char>(s[10])))) {
    return FormatDate(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)),
                      std::stoi(s.substr(8, 2)));
  }
  if (s.size() >= 8 && AllDigits(s.substr(0, 8)) &&
      (s.size() == 8 || !std::isdigit(static_cast<unsigned char>(s[8])))) {
    return FormatDate(std::stoi(s.substr(0, 4)), std::stoi(s.substr(4, 2)),
                      std::stoi(s.substr(6, 2)));
  }
  // Written dates: find a month name, a four-digit year and a day number.
  std::vector<std::string> words;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur.push_back(c);
    } else {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
      if (c == ':') words.push_back(":");  // times are not days
    }
  }
  if (!cur.empty()) words.push_back(cur);
  int month = 0, year = 0, day = 0;
  int day_before_year = 0, day_after_year = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    bool in_time = (i + 1 < words.size() && words[i + 1] == ":") || (i > 0 && words[i - 1] == ":");
    if (AllDigits(w)) {
      if (w.size() == 4 && year == 0) {
        year = std::stoi(w);
      } else if (w.size() <= 2 && !in_time) {
        int v = std::stoi(w);
        if (v >= 1 && v <= 31) {
          if (year == 0 && day_before_year == 0) day_before_year = v;
          if (year != 0 && day_after_year == 0) day_after_year = v;
        }
      } else if (w.size() >= 3 && w.size() <= 4 && std::isdigit(static_cast<unsigned char>(w[0]))) {
        // "10th" handled below; other numbers ignored
      }
    } else if (month == 0 && MonthFromName(w) != 0) {
      month = MonthFromName(w);
    } else {
      if (w.size() >= 3 && w.size() <= 4 && std::isdigit(static_cast<unsigned char>(w[0]))) {
        // ordinals: 1st 2nd 3rd 10th
        size_t k = 0;
        while (k < w.size() && std::isdigit(static_cast<unsigned char>(w[k]))) ++k;
        std::string suf = Lower(w.substr(k));
        if (k <= 2 && (suf == "st" || suf == "nd" || suf == "rd" || suf == "th")) {
          int v = std::stoi(w.substr(0, k));
          if (year == 0 && day_before_year == 0) day_before_year = v;
          if (year != 0 && day_after_year == 0) day_after_year = v;
        }
      }
    }
  }
  day = day_before_year ? day_before_year : day_after_year;
  if (month == 0 || year == 0 || day == 0) return std::string();
  return FormatDate(year, month, day);
}

Result<HtmlArticle> ExtractArticle(std::string_view html, std::string_view encoding) {
  InitOnce();
  if (html.size() > kMaxHtmlBytes)
    return Status::ResourceExhausted("HTML page of " + std::to_string(html.size()) +
                                     " bytes exceeds the limit");
  if (Trim(html.substr(0, std::min<size_t>(html.size(), 4096))).empty() &&
      Trim(html).empty())
    return Status::InvalidArgument("empty HTML page");
  DocPtr doc = ParseHtml(html, encoding);
  if (!doc) return Status::InvalidArgument("not an HTML page (the parser found no document)");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::InvalidArgument("not an HTML page (no root element)");

  MetaCandidates m;
  CollectMeta(root, &m);
  HtmlArticle a;
  a.language_hint = m.lang;
  a.site_name = !m.site.empty() ? m.site : m.ld_site;
  if (!m.og_title.empty()) a.title = CleanTitle(m.og_title, a.site_name);
  else if (!m.html_title.empty()) a.title = CleanTitle(m.html_title, a.site_name);
  else if (!m.h1.empty()) a.title = m.h1;
  else a.title = Trim(m.ld_title);
  for (const std::string* d : {&m.ld_date, &m.meta_date, &m.time_date}) {
    a.date = NormalizeDate(*d);
    if (!a.date.empty()) break;
  }
  a.url = !m.canonical.empty() ? m.canonical : m.og_url;
  a.byline = !m.author.empty() ? m.author : m.ld_author;

  xmlNode* body = const_cast<xmlNode*>(FindElement(root, "body"));
  if (body == nullptr) return Status::InvalidArgument("HTML page has no <body>");
  RemoveBoilerplate(body);
  std::string text_date;
  a.text = ExtractMainText(body, &text_date);
  if (a.text.empty()) return Status::InvalidArgument("HTML page has no article text in its <body>");
  if (a.date.empty()) a.date = text_date;
  return a;
}

std::string HtmlFragmentToText(std::string_view html) {
  InitOnce();
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    std::string out;
    AppendCollapsed(html, &out);
    return Trim(out);
  }
  if (html.size() > kMaxHtmlBytes) return std::string();
  DocPtr doc = ParseHtml(html, "UTF-8");
  if (!doc) return std::string();
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return std::string();
  xmlNode* body = const_cast<xmlNode*>(FindElement(root, "body"));
  xmlNode* top = body ? body : root;
  // Only scripts, styles and the like go: a feed item has no page furniture.
  std::vector<xmlNode*> drop;
  std::vector<xmlNode*> stack = {top};
  while (!stack.empty()) {
    xmlNode* n = stack.back();
    stack.pop_back();
    for (xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_COMMENT_NODE ||
          (c->type == XML_ELEMENT_NODE &&
           (Name(c) == "script" || Name(c) == "style" || Name(c) == "noscript" ||
            Name(c) == "iframe" || Name(c) == "form" || Name(c) == "head")))
        drop.push_back(c);
      else if (c->type == XML_ELEMENT_NODE)
        stack.push_back(c);
    }
  }
  for (xmlNode* d : drop) {
    xmlUnlinkNode(d);
    xmlFreeNode(d);
  }
  RunCollector rc;
  rc.Walk(top);
  std::string out;
  for (const Run& r : rc.runs) {
    if (!out.empty()) out += "\n\n";
    out += r.text;
  }
  return out;
}

Status ReadHtml(std::string_view data, std::string_view origin, std::string_view default_id,
                const ReadOptions& opt, const DocumentSink& sink, const ErrorSink& errors) {
  std::string where(origin);
  auto art = ExtractArticle(data);
  if (!art.ok()) return errors(where, art.status());
  DocumentMeta meta = opt.defaults;
  if (meta.id.empty()) meta.id = !art->url.empty() ? art->url : std::string(default_id);
  if (!art->date.empty()) meta.date = art->date;
  if (!art->url.empty()) meta.url = art->url;
  if (!art->title.empty()) meta.title = art->title;
  if (!art->site_name.empty()) meta.source = art->site_name;
  if (!art->byline.empty()) meta.author = art->byline;
  meta.language = DetectLanguage(art->text, art->language_hint);
  meta.origin = where;
  meta.extra_json = BylineJson(meta.author);
  auto doc = MakeTextDocument(std::move(art->text), std::move(meta), opt.max_document_bytes);
  if (!doc.ok()) return errors(where, doc.status());
  return sink(std::move(doc).value());
}

}  // namespace sitrep::ingest
