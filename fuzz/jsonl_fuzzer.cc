// libFuzzer target: the JSON Lines reader on any bytes (no crash, leak or
// hang; every document it emits is valid UTF-8 with an id and text).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sitrep::ingest::ReadOptions opt;
  opt.format = sitrep::ingest::InputFormat::kJsonl;
  (void)sitrep::ingest::ReadJsonl(
      in, "fuzz.jsonl", opt,
      [](sitrep::Document&& d) {
        if (d.meta.id.empty() || d.original.empty() || !sitrep::utf8::IsValid(d.original))
          std::abort();
        return sitrep::Status::OK();
      },
      [](const std::string&, const sitrep::Status&) { return sitrep::Status::OK(); });
  return 0;
}
