// libFuzzer target: the WARC / WARC.gz reader on any bytes (gzip input is
// reached when the fuzzer finds the gzip magic; seed it with a .warc.gz).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "ingest/warc_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sitrep::ingest::ReadOptions opt;
  sitrep::ingest::WarcStats stats;
  (void)sitrep::ingest::ReadWarc(
      in, "fuzz.warc", opt,
      [](sitrep::Document&& d) {
        if (d.meta.id.empty() || !sitrep::utf8::IsValid(d.original)) std::abort();
        return sitrep::Status::OK();
      },
      [](const std::string&, const sitrep::Status&) { return sitrep::Status::OK(); }, &stats);
  if (stats.documents > stats.records) std::abort();
  return 0;
}
