#include "ingest/reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <vector>

#include "base/date.h"
#include "base/paths.h"
#include "base/utf8.h"
#include "ingest/feed_reader.h"
#include "ingest/html_reader.h"
#include "ingest/language.h"
#include "ingest/warc_reader.h"

namespace sitrep::ingest {

Result<InputFormat> ParseInputFormat(std::string_view n) {
  if (n == "text" || n == "txt") return InputFormat::kText;
  if (n == "jsonl" || n == "json") return InputFormat::kJsonl;
  if (n == "auto") return InputFormat::kAuto;
  if (n == "html") return InputFormat::kHtml;
  if (n == "rss" || n == "atom") return InputFormat::kRss;
  if (n == "warc") return InputFormat::kWarc;
  return Status::InvalidArgument("unknown input format '" + std::string(n) +
                                 "' (expected text, jsonl, html, rss, warc or auto)");
}

Status ValidateDate(std::string_view date) {
  if (date.empty() || IsValidIsoDate(date)) return Status::OK();
  return Status::InvalidArgument("impossible or malformed date '" + std::string(date) +
                                 "' (expected YYYY-MM-DD)");
}

std::string DefaultIdForPath(const std::string& path) {
  if (path == "-") return "stdin";
  return std::filesystem::path(path).filename().string();
}

std::string BylineJson(std::string_view byline) {
  if (byline.empty()) return std::string();
  std::string out = "{\"byline\":\"";
  for (char c : byline) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  return out + "\"}";
}

Result<Document> MakeTextDocument(std::string text, DocumentMeta meta, size_t max_bytes) {
  if (text.size() > max_bytes)
    return Status::ResourceExhausted("document of " + std::to_string(text.size()) +
                                     " bytes exceeds the limit of " + std::to_string(max_bytes));
  size_t bad = utf8::FindInvalid(text);
  if (bad != std::string_view::npos)
    return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(bad));
  if (text.find('\0') != std::string::npos)
    return Status::InvalidArgument("binary data (NUL byte at byte " +
                                   std::to_string(text.find('\0')) + ")");
  SITREP_RETURN_IF_ERROR(ValidateDate(meta.date));
  Document d;
  d.original = std::move(text);
  d.meta = std::move(meta);
  return d;
}

namespace {

Result<std::string> ReadAll(const std::string& path) {
  if (path != "-") return ReadFile(path);
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), stdin)) > 0) out.append(buf, n);
  return out;
}

// Reads an optional sidecar FILE.meta.json into *meta (fields not set by flags).
Status ReadSidecar(const std::string& path, DocumentMeta* meta) {
  std::string side = path + ".meta.json";
  std::error_code ec;
  if (path == "-" || !std::filesystem::exists(side, ec)) return Status::OK();
  SITREP_ASSIGN_OR_RETURN(std::string body, ReadFile(side));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  auto err = parser.parse(body).get(root);
  if (err) return Status::InvalidArgument(side + ":1: malformed JSON: " + simdjson::error_message(err));
  if (!root.is_object()) return Status::InvalidArgument(side + ":1: expected a JSON object");
  auto take = [&](const char* key, std::string* field) {
    std::string_view v;
    if (field->empty() && !root[key].get(v)) field->assign(v);
  };
  take("id", &meta->id);
  take("date", &meta->date);
  take("url", &meta->url);
  take("title", &meta->title);
  take("source", &meta->source);
  take("language", &meta->language);
  if (!meta->date.empty() && !ValidateDate(meta->date).ok())
    return Status::InvalidArgument(side + ": impossible or malformed date '" + meta->date + "'");
  return Status::OK();
}

Status ReadText(const std::string& path, const ReadOptions& opt, const DocumentSink& sink,
                const ErrorSink& errors) {
  std::string where = path == "-" ? "<stdin>" : path;
  auto body = ReadAll(path);
  if (!body.ok()) return errors(where, body.status());
  DocumentMeta meta = opt.defaults;
  if (Status s = ReadSidecar(path, &meta); !s.ok()) return errors(where, s);
  if (meta.id.empty()) meta.id = DefaultIdForPath(path);
  meta.origin = where;
  if (body->empty()) return errors(where, Status::InvalidArgument("empty input"));
  auto doc = MakeTextDocument(std::move(body).value(), std::move(meta), opt.max_document_bytes);
  if (!doc.ok()) return errors(where, doc.status());
  return sink(std::move(doc).value());
}

}  // namespace

Status ReadJsonl(std::string_view data, std::string_view origin, const ReadOptions& opt,
                 const DocumentSink& sink, const ErrorSink& errors) {
  simdjson::dom::parser parser;
  size_t pos = 0, line_no = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    size_t end = nl == std::string_view::npos ? data.size() : nl;
    std::string_view line = data.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string where = std::string(origin) + ":" + std::to_string(line_no);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;  // blank line
    auto fail = [&](const Status& s) { return errors(where, s); };
    if (line.size() > opt.max_line_bytes) {
      SITREP_RETURN_IF_ERROR(fail(Status::ResourceExhausted(
          "line of " + std::to_string(line.size()) + " bytes exceeds the limit")));
      continue;
    }
    size_t bad = utf8::FindInvalid(line);
    if (bad != std::string_view::npos) {
      SITREP_RETURN_IF_ERROR(fail(Status::InvalidArgument("invalid UTF-8 at column " +
                                                          std::to_string(bad + 1))));
      continue;
    }
    simdjson::dom::element root;
    auto err = parser.parse(line.data(), line.size()).get(root);
    if (err) {
      SITREP_RETURN_IF_ERROR(
          fail(Status::InvalidArgument(std::string("malformed JSON: ") + simdjson::error_message(err))));
      continue;
    }
    simdjson::dom::object obj;
    if (root.get(obj)) {
      SITREP_RETURN_IF_ERROR(fail(Status::InvalidArgument("expected a JSON object")));
      continue;
    }
    DocumentMeta meta;
    std::string text;
    std::string extra = "{";
    bool bad_field = false;
    for (auto field : obj) {
      std::string_view key = field.key;
      auto str_field = [&](std::string* out) {
        std::string_view v;
        if (field.value.get(v)) {
          if (key == "id" && field.value.is_number()) {  // ids given as numbers are accepted
            *out = simdjson::minify(field.value);
            return true;
          }
          if (!field.value.is_null()) {
            bad_field = true;
            (void)fail(Status::InvalidArgument("field \"" + std::string(key) + "\" must be a string"));
          }
          return false;
        }
        out->assign(v);
        return true;
      };
      if (key == "id") str_field(&meta.id);
      else if (key == "text") str_field(&text);
      else if (key == "date") str_field(&meta.date);
      else if (key == "url") str_field(&meta.url);
      else if (key == "title") str_field(&meta.title);
      else if (key == "source") str_field(&meta.source);
      else if (key == "language") str_field(&meta.language);
      else {
        if (extra.size() > 1) extra += ",";
        extra += "\"" + std::string(key) + "\":" + simdjson::minify(field.value);
      }
      if (bad_field) break;
    }
    if (bad_field) {
      if (!errors) return Status::InvalidArgument(where + ": wrong field type");
      continue;  // already reported
    }
    extra += "}";
    if (extra.size() > 2) meta.extra_json = extra;
    if (meta.id.empty()) {
      SITREP_RETURN_IF_ERROR(fail(Status::InvalidArgument("missing \"id\"")));
      continue;
    }
    if (text.empty()) {
      SITREP_RETURN_IF_ERROR(fail(Status::InvalidArgument("missing or empty \"text\"")));
      continue;
    }
    if (meta.date.size() > 10 && meta.date[10] == 'T') meta.date.resize(10);  // ISO timestamps
    if (meta.date.empty() && !opt.defaults.date.empty()) meta.date = opt.defaults.date;
    if (meta.source.empty()) meta.source = opt.defaults.source;
    meta.origin = where;
    auto doc = MakeTextDocument(std::move(text), std::move(meta), opt.max_document_bytes);
    if (!doc.ok()) {
      SITREP_RETURN_IF_ERROR(fail(doc.status()));
      continue;
    }
    SITREP_RETURN_IF_ERROR(sink(std::move(doc).value()));
  }
  return Status::OK();
}

namespace {

// Auto-detection by extension first, then by the first bytes.
InputFormat DetectFormat(const std::string& path, std::string_view data) {
  std::string name = std::filesystem::path(path).filename().string();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto ends = [&](std::string_view suf) {
    return name.size() >= suf.size() && name.compare(name.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends(".warc") || ends(".warc.gz")) return InputFormat::kWarc;
  if (ends(".jsonl") || ends(".ndjson")) return InputFormat::kJsonl;
  if (ends(".html") || ends(".htm") || ends(".xhtml")) return InputFormat::kHtml;
  if (ends(".rss") || ends(".atom")) return InputFormat::kRss;
  if (LooksLikeWarc(data)) return InputFormat::kWarc;
  size_t i = 0;
  if (data.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte order mark
  while (i < data.size() && std::isspace(static_cast<unsigned char>(data[i]))) ++i;
  std::string head(data.substr(i, 1024));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (head.rfind("<?xml", 0) == 0) {
    // XHTML also starts with <?xml: look at the root element.
    if (head.find("<rss") != std::string::npos || head.find("<feed") != std::string::npos ||
        head.find("<rdf:rdf") != std::string::npos)
      return InputFormat::kRss;
    return head.find("<html") != std::string::npos ? InputFormat::kHtml : InputFormat::kRss;
  }
  if (head.rfind("<rss", 0) == 0 || head.rfind("<feed", 0) == 0 || head.rfind("<rdf:rdf", 0) == 0)
    return InputFormat::kRss;
  if (head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 ||
      head.rfind("<!--", 0) == 0 || head.rfind("<head", 0) == 0)
    return InputFormat::kHtml;
  if (head.rfind("{", 0) == 0) return InputFormat::kJsonl;
  return InputFormat::kText;
}

// Every regular file under `dir` (recursively), sorted; hidden files and
// sidecar *.meta.json files are left out.
std::vector<std::string> ListFiles(const std::string& dir, std::error_code* ec) {
  std::vector<std::string> files;
  namespace fs = std::filesystem;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, *ec);
  for (; !*ec && it != fs::recursive_directory_iterator(); it.increment(*ec)) {
    std::string name = it->path().filename().string();
    if (!name.empty() && name[0] == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    std::error_code fec;
    if (!it->is_regular_file(fec)) continue;
    if (name.size() > 10 && name.compare(name.size() - 10, 10, ".meta.json") == 0) continue;
    files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Status ReadInput(const std::string& path, const ReadOptions& opt, const DocumentSink& sink,
                 const ErrorSink& errors) {
  std::error_code ec;
  if (path != "-" && std::filesystem::is_directory(path, ec)) {
    std::vector<std::string> files = ListFiles(path, &ec);
    if (ec) SITREP_RETURN_IF_ERROR(errors(path, Status::IOError(ec.message())));
    for (const std::string& f : files) SITREP_RETURN_IF_ERROR(ReadInput(f, opt, sink, errors));
    return Status::OK();
  }
  // Documents without a language get one from CLD2 (text and JSON Lines).
  DocumentSink with_language = [&sink](Document&& doc) {
    if (doc.meta.language.empty()) doc.meta.language = DetectLanguage(doc.original);
    return sink(std::move(doc));
  };
  InputFormat fmt = opt.format;
  std::string where = path == "-" ? "<stdin>" : path;
  if (fmt == InputFormat::kText) return ReadText(path, opt, with_language, errors);
  auto body = ReadAll(path);
  if (!body.ok()) return errors(where, body.status());
  if (fmt == InputFormat::kAuto) fmt = DetectFormat(path, *body);
  switch (fmt) {
    case InputFormat::kJsonl:
      return ReadJsonl(*body, where, opt, with_language, errors);
    case InputFormat::kHtml:
      return ReadHtml(*body, where, DefaultIdForPath(path), opt, with_language, errors);
    case InputFormat::kRss:
      return ReadFeed(*body, where, opt, with_language, errors);
    case InputFormat::kWarc:
      return ReadWarc(*body, where, opt, with_language, errors);
    case InputFormat::kText:
    case InputFormat::kAuto: {
      if (path != "-") return ReadText(path, opt, with_language, errors);
      // Standard input was already read to sniff it: build the document here.
      DocumentMeta meta = opt.defaults;
      if (meta.id.empty()) meta.id = DefaultIdForPath(path);
      meta.origin = where;
      if (body->empty()) return errors(where, Status::InvalidArgument("empty input"));
      auto doc = MakeTextDocument(std::move(body).value(), std::move(meta), opt.max_document_bytes);
      if (!doc.ok()) return errors(where, doc.status());
      return with_language(std::move(doc).value());
    }
  }
  return errors(where, Status::InvalidArgument("unknown input format"));
}

}  // namespace sitrep::ingest
