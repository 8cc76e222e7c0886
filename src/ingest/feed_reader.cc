#include "ingest/feed_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "ingest/html_reader.h"
#include "ingest/language.h"

namespace sitrep::ingest {
namespace {

// No XML_PARSE_NOENT (entities stay unexpanded), no XML_PARSE_DTDLOAD /
// DTDATTR / DTDVALID (no external DTD), no network.
constexpr int kFeedOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                             XML_PARSE_NOCDATA | XML_PARSE_NOXINCNODE;

struct CtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

std::string_view LocalName(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

std::string_view Prefix(const xmlNode* n) {
  return n->ns && n->ns->prefix ? std::string_view(reinterpret_cast<const char*>(n->ns->prefix))
                                : std::string_view();
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return std::string();
  std::string out(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return out;
}

// Character data of an element (text and CDATA, recursively); entity
// reference nodes are skipped, never expanded.
void RawText(const xmlNode* n, std::string* out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      out->append(reinterpret_cast<const char*>(c->content));
    else if (c->type == XML_ELEMENT_NODE)
      RawText(c, out);
  }
}

std::string RawText(const xmlNode* n) {
  std::string s;
  RawText(n, &s);
  return s;
}

// Trims surrounding whitespace (ids, links, language codes: not HTML).
std::string Collapse(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return std::string();
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Serialises the children of an Atom type="xhtml" element back to markup.
std::string InnerMarkup(xmlNode* n) {
  std::string out;
  xmlBuffer* buf = xmlBufferCreate();
  if (buf == nullptr) return out;
  for (xmlNode* c = n->children; c != nullptr; c = c->next) xmlNodeDump(buf, n->doc, c, 0, 0);
  out.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)),
             static_cast<size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return out;
}

// Text of an Atom text construct or an RSS element holding (escaped) HTML.
std::string TextConstruct(xmlNode* n, bool atom) {
  std::string type = atom ? Attr(n, "type") : std::string("html");
  if (type == "xhtml") return HtmlFragmentToText(InnerMarkup(n));
  if (atom && (type.empty() || type == "text")) {
    std::string raw = RawText(n);
    std::string out;
    bool space = false;
    for (char c : raw) {
      bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
      if (ws) {
        space = !out.empty();
      } else {
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
      }
    }
    return out;
  }
  return HtmlFragmentToText(RawText(n));
}

int MaxLine(const xmlNode* n) {
  int line = static_cast<int>(xmlGetLineNo(n));
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) line = std::max(line, MaxLine(c));
  return line;
}

struct FeedInfo {
  std::string title;
  std::string language;
  bool atom = false;
};

struct ItemFields {
  std::string id, url, title, date, text, author;
};

ItemFields ReadItem(xmlNode* item, bool atom) {
  ItemFields f;
  std::string content, summary, published, updated, link;
  for (xmlNode* c = item->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view nm = LocalName(c);
    std::string_view px = Prefix(c);
    if (nm == "title" && f.title.empty()) {
      f.title = TextConstruct(c, atom);
    } else if (nm == "link") {
      if (atom) {
        std::string rel = Attr(c, "rel");
        if ((rel.empty() || rel == "alternate") || link.empty()) {
          std::string href = Attr(c, "href");
          if (!href.empty() && (link.empty() || rel.empty() || rel == "alternate")) link = href;
        }
      } else if (link.empty()) {
        link = Collapse(RawText(c));
      }
    } else if ((nm == "guid" || nm == "id") && f.id.empty()) {
      f.id = Collapse(RawText(c));
    } else if (nm == "encoded" || (atom && nm == "content")) {
      if (content.empty()) content = TextConstruct(c, atom);
    } else if (nm == "description" || nm == "summary") {
      if (summary.empty()) summary = TextConstruct(c, atom);
    } else if (nm == "pubDate" || nm == "published" || nm == "issued" ||
               (nm == "date" && px == "dc")) {
      if (published.empty()) published = NormalizeDate(RawText(c));
    } else if ((nm == "creator" && px == "dc") || (nm == "author" && f.author.empty())) {
      // RSS <author> / <dc:creator> hold the name; Atom <author> a <name> child.
      if (f.author.empty()) {
        for (xmlNode* a = c->children; a != nullptr && atom; a = a->next)
          if (a->type == XML_ELEMENT_NODE && LocalName(a) == "name") f.author = Collapse(RawText(a));
        if (f.author.empty()) f.author = Collapse(RawText(c));
      }
    } else if (nm == "updated" || nm == "modified") {
      if (updated.empty()) updated = NormalizeDate(RawText(c));
    }
  }
  f.url = link;
  if (f.id.empty()) f.id = link;
  f.date = !published.empty() ? published : updated;
  f.text = !content.empty() ? content : summary;
  if (f.text.empty()) f.text = f.title;
  return f;
}

// Collects item/entry elements below the root (RSS 2.0: rss/channel/item;
// RSS 1.0: rdf:RDF/item; Atom: feed/entry).
void FindItems(xmlNode* n, int depth, FeedInfo* info, std::vector<xmlNode*>* items) {
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view nm = LocalName(c);
    if (nm == "item" || nm == "entry") {
      items->push_back(c);
    } else if (nm == "channel" && depth < 3) {
      FindItems(c, depth + 1, info, items);
    } else if (nm == "title" && info->title.empty()) {
      info->title = TextConstruct(c, info->atom);
    } else if (nm == "language" && info->language.empty()) {
      info->language = Collapse(RawText(c));
    }
  }
}

// The first error libxml2 raises while parsing (it keeps only the last one).
struct FirstError {
  int line = 0;
  std::string message;
};

void RecordFirstError(void* user_data, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxt*>(user_data);
  if (ctxt == nullptr || ctxt->_private == nullptr || error == nullptr) return;
  auto* first = static_cast<FirstError*>(ctxt->_private);
  if (first->line != 0 || error->level < XML_ERR_ERROR) return;
  first->line = error->line > 0 ? error->line : 1;
  first->message = error->message ? error->message : "not well-formed";
}

}  // namespace

Status ReadFeed(std::string_view data, std::string_view origin, const ReadOptions& opt,
                const DocumentSink& sink, const ErrorSink& errors) {
  std::string where(origin);
  if (data.size() > static_cast<size_t>(INT_MAX))
    return errors(where, Status::ResourceExhausted("feed larger than 2 GB"));
  size_t first = data.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return errors(where, Status::InvalidArgument("empty feed"));

  // Strict pass: finds the first well-formedness error (libxml2 stops there).
  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
  if (!ctxt) return Status::Internal("cannot allocate an XML parser");
  FirstError first_error;
  ctxt->_private = &first_error;
  ctxt->userData = ctxt.get();
  if (ctxt->sax) ctxt->sax->serror = &RecordFirstError;
  std::unique_ptr<xmlDoc, DocDeleter> doc(xmlCtxtReadMemory(
      ctxt.get(), data.data(), static_cast<int>(data.size()), nullptr, nullptr, kFeedOptions));
  int error_line = 0;
  std::string error_message;
  if (!doc || !ctxt->wellFormed) {
    const xmlError* e = xmlCtxtGetLastError(ctxt.get());
    if (first_error.line > 0) {
      error_line = first_error.line;
      error_message = first_error.message;
    } else {
      error_line = e && e->line > 0 ? e->line : 1;
      error_message = e && e->message ? e->message : "not well-formed";
    }
    while (!error_message.empty() &&
           (error_message.back() == '\n' || error_message.back() == ' '))
      error_message.pop_back();
    doc.reset();
    ctxt.reset(xmlNewParserCtxt());
    if (!ctxt) return Status::Internal("cannot allocate an XML parser");
    doc.reset(xmlCtxtReadMemory(ctxt.get(), data.data(), static_cast<int>(data.size()), nullptr,
                                nullptr, kFeedOptions | XML_PARSE_RECOVER));
  }
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  FeedInfo info;
  std::vector<xmlNode*> items;
  if (root != nullptr) {
    std::string_view rn = LocalName(root);
    info.atom = rn == "feed";
    if (rn != "rss" && rn != "RDF" && rn != "feed" && error_line == 0)
      return errors(where + ":" + std::to_string(xmlGetLineNo(root)),
                    Status::InvalidArgument("not an RSS or Atom feed (root element <" +
                                            std::string(rn) + ">)"));
    FindItems(root, 0, &info, &items);
  }
  size_t dropped = 0;
  if (error_line > 0) {
    std::vector<xmlNode*> kept;
    for (xmlNode* it : items) {
      if (MaxLine(it) < error_line) kept.push_back(it);
      else ++dropped;
    }
    items.swap(kept);
    SITREP_RETURN_IF_ERROR(errors(
        where + ":" + std::to_string(error_line),
        Status::InvalidArgument("malformed XML: " + error_message + " (" +
                                std::to_string(items.size()) + " items before it kept" +
                                (dropped ? ", " + std::to_string(dropped) + " dropped" : "") +
                                ")")));
  }
  size_t index = 0;
  for (xmlNode* it : items) {
    ++index;
    std::string item_where = where + ":" + std::to_string(xmlGetLineNo(it));
    ItemFields f = ReadItem(it, info.atom);
    if (f.text.empty()) {
      SITREP_RETURN_IF_ERROR(
          errors(item_where, Status::InvalidArgument("feed item has no title and no text")));
      continue;
    }
    DocumentMeta meta;
    meta.id = !f.id.empty() ? f.id : where + "#" + std::to_string(index);
    meta.url = f.url;
    meta.title = f.title;
    meta.author = f.author;
    meta.extra_json = BylineJson(meta.author);
    meta.date = f.date.empty() ? opt.defaults.date : f.date;
    meta.source = !info.title.empty() ? info.title : opt.defaults.source;
    meta.language = DetectLanguage(f.text, info.language);
    meta.origin = item_where;
    auto doc_or = MakeTextDocument(std::move(f.text), std::move(meta), opt.max_document_bytes);
    if (!doc_or.ok()) {
      SITREP_RETURN_IF_ERROR(errors(item_where, doc_or.status()));
      continue;
    }
    SITREP_RETURN_IF_ERROR(sink(std::move(doc_or).value()));
  }
  if (root == nullptr && error_line == 0)
    return errors(where, Status::InvalidArgument("no XML document"));
  return Status::OK();
}

}  // namespace sitrep::ingest
