#include "ingest/reader.h"

#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>

#include "base/date.h"
#include "base/paths.h"
#include "base/utf8.h"

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
          if (field.value.is_number()) {  // ids given as numbers are accepted
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

Status ReadInput(const std::string& path, const ReadOptions& opt, const DocumentSink& sink,
                 const ErrorSink& errors) {
  InputFormat fmt = opt.format;
  if (fmt == InputFormat::kAuto) {
    std::string ext = std::filesystem::path(path).extension().string();
    fmt = (ext == ".jsonl" || ext == ".ndjson") ? InputFormat::kJsonl : InputFormat::kText;
  }
  switch (fmt) {
    case InputFormat::kJsonl: {
      std::string where = path == "-" ? "<stdin>" : path;
      auto body = ReadAll(path);
      if (!body.ok()) return errors(where, body.status());
      return ReadJsonl(*body, where, opt, sink, errors);
    }
    case InputFormat::kText:
    case InputFormat::kAuto:
      return ReadText(path, opt, sink, errors);
    default:
      return errors(path, Status::InvalidArgument("this input format is not supported yet"));
  }
}

}  // namespace sitrep::ingest
