#include "text/normalizer.h"

#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/bytestream.h>

#include "base/utf8.h"

namespace sitrep::text {
namespace {

// What a code point folds to: kKeep (itself), kDrop (nothing) or a replacement.
constexpr char32_t kKeep = 0xFFFFFFFF;
constexpr char32_t kDrop = 0xFFFFFFFE;

char32_t Fold(char32_t c) {
  switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x02BC: case 0x02BB:
    case 0x0060: case 0x00B4:
      return U'\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0x00AB: case 0x00BB:
      return U'"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    case 0xFE58: case 0xFE63: case 0xFF0D:
      return U'-';
    case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003: case 0x2004: case 0x2005:
    case 0x2006: case 0x2007: case 0x2008: case 0x2009: case 0x200A: case 0x202F: case 0x205F:
    case 0x3000: case U'\t': case U'\f': case U'\v':
      return U' ';
    case 0x2028: case 0x2029: case 0x0085:
      return U'\n';
    case U'\r':
      return U'\n';
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0x2060:
      return kDrop;
    case 0x2026:  // ellipsis: three periods, handled by caller
      return 0x2026;
    default:
      if (c < 0x20 && c != U'\n') return U' ';  // other control characters
      return kKeep;
  }
}

}  // namespace

Status Normalize(std::string_view input, std::string* out, std::vector<uint32_t>* map) {
  size_t bad = utf8::FindInvalid(input);
  if (bad != std::string_view::npos)
    return Status::InvalidArgument("invalid UTF-8 at byte " + std::to_string(bad));

  // Step 1: NFC with ICU, keeping the edits so offsets can be mapped back.
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(ec);
  if (U_FAILURE(ec)) return Status::Internal("ICU NFC unavailable");
  std::string nfc_text;
  std::vector<uint32_t> nfc_map;  // nfc byte -> original byte
  icu::StringPiece sp(input.data(), static_cast<int32_t>(input.size()));
  if (nfc->isNormalizedUTF8(sp, ec) && U_SUCCESS(ec)) {
    nfc_text.assign(input);
    nfc_map.resize(input.size() + 1);
    for (size_t i = 0; i <= input.size(); ++i) nfc_map[i] = static_cast<uint32_t>(i);
  } else {
    ec = U_ZERO_ERROR;
    icu::Edits edits;
    icu::StringByteSink<std::string> sink(&nfc_text);
    nfc->normalizeUTF8(0, sp, sink, &edits, ec);
    if (U_FAILURE(ec)) return Status::Internal("ICU normalisation failed");
    nfc_map.assign(nfc_text.size() + 1, static_cast<uint32_t>(input.size()));
    icu::Edits::Iterator it = edits.getFineIterator();
    while (it.next(ec)) {
      int32_t src = it.sourceIndex(), dst = it.destinationIndex();
      if (!it.hasChange()) {
        for (int32_t k = 0; k < it.newLength(); ++k) nfc_map[dst + k] = static_cast<uint32_t>(src + k);
      } else {
        for (int32_t k = 0; k < it.newLength(); ++k) nfc_map[dst + k] = static_cast<uint32_t>(src);
      }
    }
    nfc_map[nfc_text.size()] = static_cast<uint32_t>(input.size());
  }

  // Step 2: fold typographic variants, composing the maps.
  out->clear();
  out->reserve(nfc_text.size());
  map->clear();
  map->reserve(nfc_text.size() + 1);
  size_t i = 0;
  while (i < nfc_text.size()) {
    unsigned char b = static_cast<unsigned char>(nfc_text[i]);
    uint32_t orig = nfc_map[i];
    if (b >= 0x20 && b < 0x80 && b != 0x60) {  // fast path: printable ASCII
      out->push_back(static_cast<char>(b));
      map->push_back(orig);
      ++i;
      continue;
    }
    size_t len;
    char32_t cp = utf8::Decode(nfc_text, i, &len);
    char32_t f = Fold(cp);
    if (f == kKeep) {
      for (size_t k = 0; k < len; ++k) {
        out->push_back(nfc_text[i + k]);
        map->push_back(nfc_map[i + k]);
      }
    } else if (f == 0x2026) {
      for (int k = 0; k < 3; ++k) {
        out->push_back('.');
        map->push_back(orig);
      }
    } else if (f != kDrop) {
      size_t before = out->size();
      utf8::Append(f, out);
      for (size_t k = before; k < out->size(); ++k) map->push_back(orig);
    }
    i += len;
  }
  map->push_back(static_cast<uint32_t>(input.size()));
  return Status::OK();
}

}  // namespace sitrep::text
