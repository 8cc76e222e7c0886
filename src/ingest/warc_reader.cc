#include "ingest/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <string>
#include <utility>
#include <vector>

#include "ingest/html_reader.h"
#include "ingest/language.h"

namespace sitrep::ingest {
namespace {

constexpr size_t kMaxHeaderBytes = 1u << 20;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Header block "Name: value\r\n..." → lower-cased names with values.
using Headers = std::vector<std::pair<std::string, std::string>>;

Headers ParseHeaders(std::string_view block) {
  Headers h;
  size_t pos = 0;
  while (pos < block.size()) {
    size_t nl = block.find('\n', pos);
    std::string_view line = block.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? block.size() : nl + 1;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    h.emplace_back(Lower(TrimView(line.substr(0, colon))), std::string(TrimView(line.substr(colon + 1))));
  }
  return h;
}

std::string Get(const Headers& h, std::string_view name) {
  for (const auto& [k, v] : h)
    if (k == name) return v;
  return std::string();
}

// Position just past the blank line ending a header block, or npos.
size_t HeaderEnd(std::string_view buf, size_t from, size_t* block_end) {
  size_t crlf = buf.find("\r\n\r\n", from);
  size_t lf = buf.find("\n\n", from);
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
    *block_end = crlf;
    return crlf + 4;
  }
  if (lf != std::string_view::npos) {
    *block_end = lf;
    return lf + 2;
  }
  return std::string_view::npos;
}

bool ParseSize(std::string_view s, int base, size_t* out) {
  s = TrimView(s);
  if (s.empty() || s.size() > 15) return false;
  size_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (base == 16 && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = v * base + static_cast<size_t>(d);
  }
  *out = v;
  return true;
}

Result<std::string> Dechunk(std::string_view body) {
  std::string out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) return Status::Corruption("chunked body: missing chunk size line");
    std::string_view line = body.substr(pos, nl - pos);
    size_t semi = line.find(';');  // chunk extensions
    if (semi != std::string_view::npos) line = line.substr(0, semi);
    size_t n;
    if (!ParseSize(line, 16, &n)) return Status::Corruption("chunked body: bad chunk size");
    pos = nl + 1;
    if (n == 0) break;
    if (n > body.size() - pos) return Status::Corruption("chunked body: chunk runs past the record");
    out.append(body.substr(pos, n));
    pos += n;
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos < body.size() && body[pos] == '\n') ++pos;
  }
  return out;
}

// Inflates a gzip or zlib/deflate body (HTTP Content-Encoding).
Result<std::string> InflateBody(std::string_view in, bool raw_deflate_fallback, size_t limit) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Status::Internal("inflateInit2 failed");
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
  char buf[1 << 15];
  int ret = Z_OK;
  while (ret == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    ret = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > limit) {
      inflateEnd(&zs);
      return Status::ResourceExhausted("compressed body inflates past the limit");
    }
    if (ret == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated: keep what we have
  }
  inflateEnd(&zs);
  if (ret == Z_DATA_ERROR && raw_deflate_fallback && out.empty()) {
    // Some servers send raw deflate for "Content-Encoding: deflate".
    z_stream rz{};
    if (inflateInit2(&rz, -15) != Z_OK) return Status::Internal("inflateInit2 failed");
    rz.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    rz.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
    ret = Z_OK;
    while (ret == Z_OK) {
      rz.next_out = reinterpret_cast<Bytef*>(buf);
      rz.avail_out = sizeof buf;
      ret = inflate(&rz, Z_NO_FLUSH);
      out.append(buf, sizeof buf - rz.avail_out);
      if (out.size() > limit) break;
      if (ret == Z_BUF_ERROR && rz.avail_in == 0) break;
    }
    inflateEnd(&rz);
  }
  if (ret == Z_DATA_ERROR || ret == Z_NEED_DICT || ret == Z_MEM_ERROR)
    return Status::Corruption("corrupt compressed HTTP body");
  return out;
}

std::string CharsetOf(const std::string& content_type) {
  std::string l = Lower(content_type);
  size_t p = l.find("charset=");
  if (p == std::string::npos) return std::string();
  std::string cs;
  for (size_t i = p + 8; i < l.size(); ++i) {
    char c = l[i];
    if (c == '"' || c == '\'') continue;
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':'))
      break;
    cs.push_back(c);
  }
  return cs.size() <= 40 ? cs : std::string();
}

bool IsHtmlType(const std::string& content_type) {
  std::string l = Lower(content_type);
  return l.find("text/html") != std::string::npos ||
         l.find("application/xhtml") != std::string::npos;
}

// Parses records out of the (decompressed) stream.
class RecordParser {
 public:
  RecordParser(std::string_view origin, const ReadOptions& opt, const DocumentSink& sink,
               const ErrorSink& errors, WarcStats* stats)
      : origin_(origin), opt_(opt), sink_(sink), errors_(errors), stats_(stats) {
    record_limit_ = std::max<size_t>(kMaxHtmlBytes, opt.max_document_bytes) + (1u << 20);
  }

  // Maps a stream offset to the file offset to report.
  std::function<size_t(size_t)> file_offset = [](size_t p) { return p; };

  // Consumes what it can from `buf` (which starts at stream offset `base`);
  // `final` says no more bytes will come. Sets *consumed.
  Status Parse(std::string_view buf, size_t base, bool final, size_t* consumed) {
    size_t pos = 0;
    while (true) {
      if (skip_ > 0) {
        size_t n = std::min(skip_, buf.size() - pos);
        skip_ -= n;
        pos += n;
        if (skip_ > 0) break;
      }
      while (pos < buf.size() && (buf[pos] == '\r' || buf[pos] == '\n')) ++pos;
      if (pos >= buf.size()) break;
      std::string_view rest = buf.substr(pos);
      if (resyncing_ || !(rest.size() >= 8 ? (rest.substr(0, 8) == "WARC/1.0" || rest.substr(0, 8) == "WARC/1.1")
                                          : std::string_view("WARC/1.0").substr(0, rest.size()) == rest)) {
        if (!resyncing_) {
          SITREP_RETURN_IF_ERROR(Error(base + pos, "expected a WARC/1.0 or WARC/1.1 record header"));
          resyncing_ = true;
        }
        size_t next = buf.find("\nWARC/1.", pos);
        if (next == std::string_view::npos) {
          // Keep a short tail in case a header straddles the buffer end.
          size_t keep = final ? 0 : std::min<size_t>(buf.size() - pos, 8);
          pos = buf.size() - keep;
          break;
        }
        pos = next + 1;
        resyncing_ = false;
        continue;
      }
      if (rest.size() < 8) {
        if (final) SITREP_RETURN_IF_ERROR(Error(base + pos, "truncated WARC record header"));
        if (final) pos = buf.size();
        break;
      }
      size_t block_end;
      size_t body = HeaderEnd(buf, pos, &block_end);
      if (body == std::string_view::npos || block_end - pos > kMaxHeaderBytes) {
        if (body == std::string_view::npos && !final && buf.size() - pos <= kMaxHeaderBytes) break;
        SITREP_RETURN_IF_ERROR(Error(base + pos, body == std::string_view::npos
                                                     ? "truncated WARC record header"
                                                     : "WARC record header too long"));
        resyncing_ = true;
        ++pos;
        continue;
      }
      Headers h = ParseHeaders(buf.substr(pos, block_end - pos));
      size_t length;
      std::string cl = Get(h, "content-length");
      if (!ParseSize(cl, 10, &length)) {
        SITREP_RETURN_IF_ERROR(Error(base + pos, cl.empty() ? "WARC record without Content-Length"
                                                            : "bad Content-Length '" + cl.substr(0, 40) + "'"));
        resyncing_ = true;
        ++pos;
        continue;
      }
      if (length > record_limit_) {
        ++stats_->records;
        ++stats_->skipped_not_html;
        skip_ = length;
        pos = body;
        continue;
      }
      if (buf.size() - body < length) {
        if (!final) break;
        SITREP_RETURN_IF_ERROR(Error(base + pos, "truncated WARC record (Content-Length " +
                                                     std::to_string(length) + ", " +
                                                     std::to_string(buf.size() - body) +
                                                     " bytes present)"));
        pos = buf.size();
        break;
      }
      ++stats_->records;
      SITREP_RETURN_IF_ERROR(Record(h, buf.substr(body, length), base + pos));
      pos = body + length;
    }
    *consumed = pos;
    return Status::OK();
  }

  // Drops any half-parsed state (after a corrupt gzip member).
  void Reset() {
    skip_ = 0;
    resyncing_ = false;
  }

  Status Error(size_t stream_offset, const std::string& message) {
    ++stats_->errors;
    return errors_(origin_ + ": byte " + std::to_string(file_offset(stream_offset)),
                   Status::Corruption(message));
  }

 private:
  Status Record(const Headers& h, std::string_view block, size_t offset) {
    std::string type = Lower(Get(h, "warc-type"));
    std::string uri = Get(h, "warc-target-uri");
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
    std::string_view html;
    std::string storage, charset;
    if (type == "resource") {
      if (!IsHtmlType(Get(h, "content-type"))) {
        ++stats_->skipped_not_html;
        return Status::OK();
      }
      html = block;
      charset = CharsetOf(Get(h, "content-type"));
    } else if (type == "response") {
      if (block.substr(0, 5) != "HTTP/") {
        ++stats_->skipped_not_html;  // dns:, ftp and other non-HTTP captures
        return Status::OK();
      }
      size_t headers_end;
      size_t body = HeaderEnd(block, 0, &headers_end);
      if (body == std::string_view::npos)
        return Error(offset, "response record: HTTP headers do not end inside the record");
      std::string_view status_line = block.substr(0, block.find('\n'));
      size_t sp = status_line.find(' ');
      int code = 0;
      if (sp != std::string_view::npos && sp + 4 <= status_line.size()) {
        for (size_t i = sp + 1; i < sp + 4; ++i)
          code = std::isdigit(static_cast<unsigned char>(status_line[i])) ? code * 10 + (status_line[i] - '0') : -1000;
      }
      size_t first_nl = block.find('\n');
      Headers http = ParseHeaders(block.substr(first_nl + 1, headers_end - std::min(headers_end, first_nl + 1)));
      std::string ctype = Get(http, "content-type");
      std::string_view payload = block.substr(body);
      bool html_type = IsHtmlType(ctype);
      if (ctype.empty()) {
        std::string head = Lower(payload.substr(0, 1024));
        html_type = head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos;
      }
      if (code < 200 || code > 299 || !html_type) {
        ++stats_->skipped_not_html;
        return Status::OK();
      }
      charset = CharsetOf(ctype);
      if (Lower(Get(http, "transfer-encoding")).find("chunked") != std::string::npos) {
        auto d = Dechunk(payload);
        if (!d.ok()) return Error(offset, std::string(d.status().message()));
        storage = std::move(d).value();
        payload = storage;
      }
      std::string enc = Lower(Get(http, "content-encoding"));
      if (enc == "gzip" || enc == "x-gzip" || enc == "deflate") {
        auto d = InflateBody(payload, enc == "deflate", record_limit_);
        if (!d.ok()) return Error(offset, std::string(d.status().message()));
        storage = std::move(d).value();
        payload = storage;
      } else if (!enc.empty() && enc != "identity") {
        ++stats_->skipped_not_html;  // br, zstd: not decoded
        return Status::OK();
      }
      html = payload;
    } else {
      ++stats_->skipped_not_response;
      return Status::OK();
    }
    auto art = ExtractArticle(html, charset);
    if (!art.ok()) {
      ++stats_->skipped_no_text;
      return Status::OK();
    }
    DocumentMeta meta = opt_.defaults;
    std::string record_id = Get(h, "warc-record-id");
    meta.url = !art->url.empty() ? art->url : uri;
    meta.id = !meta.url.empty() ? meta.url : record_id;
    if (meta.id.empty()) meta.id = origin_ + "@" + std::to_string(file_offset(offset));
    meta.date = !art->date.empty() ? art->date : NormalizeDate(Get(h, "warc-date"));
    if (meta.date.empty()) meta.date = opt_.defaults.date;
    meta.title = art->title;
    if (!art->site_name.empty()) meta.source = art->site_name;
    if (!art->byline.empty()) meta.author = art->byline;
    meta.extra_json = BylineJson(meta.author);
    meta.language = DetectLanguage(art->text, art->language_hint);
    meta.origin = origin_ + ": byte " + std::to_string(file_offset(offset));
    std::string where = meta.origin;
    auto doc = MakeTextDocument(std::move(art->text), std::move(meta), opt_.max_document_bytes);
    if (!doc.ok()) {
      ++stats_->errors;
      return errors_(where, doc.status());
    }
    ++stats_->documents;
    return sink_(std::move(doc).value());
  }

  std::string origin_;
  const ReadOptions& opt_;
  const DocumentSink& sink_;
  const ErrorSink& errors_;
  WarcStats* stats_;
  size_t record_limit_;
  size_t skip_ = 0;
  bool resyncing_ = false;
};

bool IsGzip(std::string_view d, size_t pos) {
  return d.size() >= pos + 3 && static_cast<unsigned char>(d[pos]) == 0x1f &&
         static_cast<unsigned char>(d[pos + 1]) == 0x8b && static_cast<unsigned char>(d[pos + 2]) == 8;
}

Status ReadGzip(std::string_view data, RecordParser* parser, WarcStats* stats, const std::string& origin,
                const ErrorSink& errors) {
  // Stream offsets of the start of each member still in `pending`, with its file offset.
  std::vector<std::pair<size_t, size_t>> members;
  parser->file_offset = [&members](size_t stream) {
    auto it = std::upper_bound(members.begin(), members.end(), std::make_pair(stream, SIZE_MAX));
    return it == members.begin() ? stream : std::prev(it)->second;
  };
  std::string pending;
  size_t pending_base = 0;  // stream offset of pending[0]
  size_t pos = 0;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return Status::Internal("inflateInit2 failed");
  char buf[1 << 16];
  auto gz_error = [&](size_t at, const std::string& m) {
    ++stats->errors;
    return errors(origin + ": byte " + std::to_string(at), Status::Corruption(m));
  };
  Status st;
  while (pos < data.size()) {
    if (!IsGzip(data, pos)) {
      // Trailing bytes that are not a gzip member: report once, stop.
      st = gz_error(pos, "data after the last gzip member is not gzip (" +
                             std::to_string(data.size() - pos) + " bytes ignored)");
      break;
    }
    size_t member_start = pos;
    size_t pending_at_start = pending_base + pending.size();
    members.emplace_back(pending_at_start, member_start);
    inflateReset(&zs);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + pos));
    zs.avail_in = static_cast<uInt>(std::min<size_t>(data.size() - pos, UINT_MAX));
    uLong in_before = zs.total_in;
    int ret = Z_OK;
    bool bad = false;
    while (true) {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      ret = inflate(&zs, Z_NO_FLUSH);
      pending.append(buf, sizeof buf - zs.avail_out);
      if (ret == Z_STREAM_END) break;
      if (ret != Z_OK && ret != Z_BUF_ERROR) {
        bad = true;
        break;
      }
      if (ret == Z_BUF_ERROR && zs.avail_in == 0 && zs.avail_out != 0) {
        bad = true;  // ran out of input inside the member
        break;
      }
      // Let the parser consume complete records so `pending` stays small.
      if (pending.size() > (4u << 20)) {
        size_t consumed = 0;
        st = parser->Parse(pending, pending_base, false, &consumed);
        if (!st.ok()) break;
        pending.erase(0, consumed);
        pending_base += consumed;
      }
    }
    if (!st.ok()) break;
    size_t used = static_cast<size_t>(zs.total_in - in_before);
    if (bad) {
      bool truncated = ret == Z_BUF_ERROR || (ret == Z_OK);
      st = gz_error(member_start, truncated ? "truncated gzip member"
                                            : std::string("corrupt gzip member: ") +
                                                  (zs.msg ? zs.msg : "inflate error"));
      if (!st.ok()) break;
      // Forget the partial output of this member and resynchronise on the
      // next gzip header.
      if (pending_at_start >= pending_base) pending.resize(pending_at_start - pending_base);
      parser->Reset();
      size_t next = std::string_view::npos;
      for (size_t i = member_start + 1; i + 3 <= data.size(); ++i) {
        if (IsGzip(data, i)) {
          next = i;
          break;
        }
      }
      // Records that were complete before the bad member are still parsed.
      if (next == std::string_view::npos) break;
      pos = next;
      continue;
    }
    pos += used;
    size_t consumed = 0;
    st = parser->Parse(pending, pending_base, false, &consumed);
    if (!st.ok()) break;
    pending.erase(0, consumed);
    pending_base += consumed;
    if (members.size() > 1) {
      // Drop member entries that lie entirely before pending_base.
      size_t k = 0;
      while (k + 1 < members.size() && members[k + 1].first <= pending_base) ++k;
      members.erase(members.begin(), members.begin() + static_cast<long>(k));
    }
  }
  inflateEnd(&zs);
  if (!st.ok()) return st;
  size_t consumed = 0;
  return parser->Parse(pending, pending_base, true, &consumed);
}

}  // namespace

bool LooksLikeWarc(std::string_view data) {
  return IsGzip(data, 0) || data.substr(0, 7) == "WARC/1.";
}

Status ReadWarc(std::string_view data, std::string_view origin, const ReadOptions& opt,
                const DocumentSink& sink, const ErrorSink& errors, WarcStats* stats) {
  WarcStats local;
  if (stats == nullptr) stats = &local;
  std::string where(origin);
  if (data.empty()) return errors(where, Status::InvalidArgument("empty WARC file"));
  RecordParser parser(where, opt, sink, errors, stats);
  if (IsGzip(data, 0)) return ReadGzip(data, &parser, stats, where, errors);
  size_t consumed = 0;
  return parser.Parse(data, 0, true, &consumed);
}

}  // namespace sitrep::ingest
