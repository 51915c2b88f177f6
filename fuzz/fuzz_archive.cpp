// libFuzzer target: the archive walker (io::for_each_archive_entry) on arbitrary bytes read from
// memory, as a tar, tar.zst, tar.gz or tar.xz (the walker recognises the compression by its magic
// bytes, so the seeds of each kind lead the fuzzer into each decoder). Nothing touches the file
// system. Small caps keep bombs quick: 4 KiB per entry, 1 MiB unpacked, 1 MiB decoder windows.
//
// Checks beyond "no crash, no sanitizer report, no leak": every error has a message; no entry
// delivered holds more than the cap or lacks the parser's padding; the entries delivered add up
// to no more than the unpacked cap; and reading the same bytes in chunks of 64 KiB or in small
// uneven chunks gives the same outcome (whether the walk succeeds, and if both do, the same
// entries).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/archive.hpp"
#include "io/byte_source.hpp"

namespace {

struct Outcome {
  bool ok = false;
  std::vector<std::string> entries;  // name, then contents
};

Outcome walk(const std::uint8_t* data, std::size_t size, std::size_t chunk) {
  using namespace frontline;
  io::WalkOptions options;
  options.max_entry_bytes = 4096;
  options.max_unpacked_bytes = std::uint64_t{1} << 20;
  options.max_window_bytes = std::uint64_t{1} << 20;
  io::MemorySource source("fuzz.tar", {reinterpret_cast<const char*>(data), size}, chunk);
  Outcome out;
  std::uint64_t delivered = 0;
  auto r = io::for_each_archive_entry(source, options, [&](io::InputFile& f) -> Result<void> {
    if (f.contents.size() > options.max_entry_bytes) __builtin_trap();
    if (f.contents.capacity() < f.contents.size() + io::kParsePadding) __builtin_trap();
    if (f.display_name.empty()) __builtin_trap();
    delivered += f.contents.size();
    if (delivered > options.max_unpacked_bytes) __builtin_trap();
    out.entries.push_back(f.display_name);
    out.entries.push_back(f.contents);
    return {};
  });
  out.ok = r.has_value();
  if (!r && r.error().message.empty()) __builtin_trap();  // every error must say what is wrong
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Outcome big = walk(data, size, std::size_t{1} << 16);
  const Outcome small = walk(data, size, 1 + size % 13);
  if (big.ok != small.ok) __builtin_trap();
  if (big.ok && big.entries != small.entries) __builtin_trap();
  return 0;
}
