// libFuzzer target: the request headers the server negotiates on (server/negotiation.hpp). The
// input is an Accept-Encoding value, a newline, and an If-None-Match value, of any bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/negotiation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace frontline::server;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t nl = in.find('\n');
  const std::string_view accept = in.substr(0, nl);
  const std::string_view none_match = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
  const AcceptedCodings a = accepted_codings(accept);
  // A later element names a coding again and wins: appending a refusal always refuses.
  if (accepted_codings(std::string(accept) + ",gzip;q=0").gzip) __builtin_trap();
  if (accepted_codings(std::string(accept) + ",zstd;q=0").zstd) __builtin_trap();
  const Coding c = choose_coding(a, true, true);
  if ((c == Coding::zstd && !a.zstd) || (c == Coding::gzip && !a.gzip)) __builtin_trap();
  // Every tag hits itself in a list of one.
  if (!none_match.empty() && none_match.find(',') == std::string_view::npos && none_match.front() == '"' &&
      none_match.back() == '"' && none_match.find_first_of(" \t") == std::string_view::npos &&
      !none_match_hits(none_match, none_match)) {
    __builtin_trap();
  }
  return 0;
}
