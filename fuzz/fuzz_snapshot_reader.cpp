// libFuzzer target: the snapshot reader (io::read_snapshot) on arbitrary bytes, once classifying
// by DeepState's labels and once as a plain occupied_total series. Any input must give a
// snapshot or an error value: never a crash, a leak or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>

#include "io/snapshot_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frontline;
  for (int pass = 0; pass < 2; ++pass) {
    io::InputFile file;
    file.display_name = "fuzz.geojson";
    file.base_name = "1735689600.geojson";
    // Exactly the input bytes; read_snapshot reserves the parser's padding itself.
    file.contents.assign(reinterpret_cast<const char*>(data), size);
    io::ReadOptions options;
    if (pass == 1) options.fixed_status = Status::occupied_total;
    auto snap = io::read_snapshot(file, options);
    if (snap) {
      // Touch what a caller would use.
      std::size_t points = 0;
      for (const auto& p : snap->polygons) {
        if (p.polygon) points += p.polygon->outer.size();
      }
      if (points == static_cast<std::size_t>(-1)) return 1;
    } else if (snap.error().message.empty()) {
      __builtin_trap();  // every error must say what is wrong
    }
  }
  return 0;
}
