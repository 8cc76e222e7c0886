// UTF-8 helpers: validation with the position of the first bad byte, and
// decoding one code point. Thread-safe, allocation-free.
#ifndef SITREP_BASE_UTF8_H_
#define SITREP_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sitrep::utf8 {

// Returns the byte offset of the first invalid sequence, or npos when `s` is
// valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
size_t FindInvalid(std::string_view s);
inline bool IsValid(std::string_view s) { return FindInvalid(s) == std::string_view::npos; }

// Decodes the code point at s[i] (which must be valid UTF-8) and stores its
// length in *len. Returns U+FFFD and *len = 1 on a bad byte.
char32_t Decode(std::string_view s, size_t i, size_t* len);

// Appends the UTF-8 encoding of `cp`.
template <typename String>
void Append(char32_t cp, String* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace sitrep::utf8

#endif  // SITREP_BASE_UTF8_H_
