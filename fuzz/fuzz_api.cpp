// libFuzzer target: the HTTP API's routing, query checks and handlers (server/api.hpp) on
// arbitrary requests, against a store of the golden fixtures. The input is a request line,
// "METHOD PATH?KEY=VALUE&KEY=VALUE" of any bytes (server::request_from_line).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "frontline/frontline.hpp"
#include "server/api.hpp"

namespace {

using namespace frontline;

const Store& fixture_store() {
  static const Store* store = [] {
    const auto path = std::filesystem::temp_directory_path() / "frontline_fuzz_api.db";
    std::filesystem::remove(path);
    {
      auto w = Store::open_for_writing(path, WriteOptions{true});
      if (!w) __builtin_trap();
      const std::filesystem::path data = FRONTLINE_FUZZ_GOLDEN_DATA;
      const std::vector<std::filesystem::path> inputs{data / "deepstate"};
      if (!import_paths(*w, inputs, {})) __builtin_trap();
      const std::vector<std::filesystem::path> dirs{data / "places"};
      if (!import_gazetteer(*w, dirs)) __builtin_trap();
    }
    auto r = Store::open_read_only(path);
    if (!r) __builtin_trap();
    return new Store(std::move(*r));
  }();
  return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto r = server::request_from_line(std::string_view(reinterpret_cast<const char*>(data), size));
  const auto a = server::handle(fixture_store(), r);
  // Every answer is a success, a client error or (never expected here) a server error with a body.
  if (a.status != 200 && (a.status < 400 || a.status > 599)) __builtin_trap();
  if (a.body.empty()) __builtin_trap();
  if (a.status >= 500) __builtin_trap();  // the fixtures hold nothing that should fail inside
  return 0;
}
