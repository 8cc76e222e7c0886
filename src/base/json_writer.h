// JsonWriter: a small streaming writer for one-line JSON output (JSON Lines).
// Strings are escaped per RFC 8259; invalid UTF-8 bytes are replaced by
// U+FFFD so the output is always valid. Commas are inserted automatically.
//
// Not thread-safe (one writer per thread); cheap to create.
//
//   JsonWriter w; w.BeginObject(); w.Key("id"); w.String("e1"); w.EndObject();
//   std::string line = w.Take();
#ifndef SITREP_BASE_JSON_WRITER_H_
#define SITREP_BASE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

class JsonWriter {
 public:
  void BeginObject() { Sep(); out_ += '{'; first_.push_back(true); }
  void EndObject() { out_ += '}'; first_.pop_back(); }
  void BeginArray() { Sep(); out_ += '['; first_.push_back(true); }
  void EndArray() { out_ += ']'; first_.pop_back(); }
  void Key(std::string_view k) { Sep(); AppendString(k); out_ += ':'; after_key_ = true; }
  void String(std::string_view s) { Sep(); AppendString(s); }
  void Int(int64_t v) { Sep(); out_ += std::to_string(v); }
  void Double(double v, int decimals = 4);
  void Bool(bool b) { Sep(); out_ += b ? "true" : "false"; }
  void Null() { Sep(); out_ += "null"; }
  void Raw(std::string_view json) { Sep(); out_ += json; }  // already valid JSON
  void Span(uint32_t b, uint32_t e) { BeginArray(); Int(b); Int(e); EndArray(); }

  // Convenience: "key": value.
  void KV(std::string_view k, std::string_view v) { Key(k); String(v); }
  void KV(std::string_view k, const char* v) { Key(k); String(v); }
  void KV(std::string_view k, int64_t v) { Key(k); Int(v); }
  void KV(std::string_view k, int v) { Key(k); Int(v); }
  void KV(std::string_view k, bool v) { Key(k); Bool(v); }

  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

  static void Escape(std::string_view s, std::string* out);

 private:
  void Sep() {
    if (after_key_) { after_key_ = false; return; }
    if (!first_.empty()) {
      if (!first_.back()) out_ += ',';
      first_.back() = false;
    }
  }
  void AppendString(std::string_view s) { out_ += '"'; Escape(s, &out_); out_ += '"'; }

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace sitrep

#endif  // SITREP_BASE_JSON_WRITER_H_
