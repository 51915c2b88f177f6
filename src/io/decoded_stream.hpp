// The decompressed bytes of an archive, chunk by chunk: zstd, gzip or xz (recognised by their
// magic bytes, not by the file name), or the bytes as they are. Decoding here rather than in
// libarchive's filters lets the reader tell an incomplete file from a damaged one (a stream that
// ends inside a zstd frame, a gzip member or an xz stream is cut short), give the compressed byte
// offset where it ends, bound the decoder's memory, and count what an archive unpacks to.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "frontline/error.hpp"
#include "io/byte_source.hpp"

namespace frontline::io {

enum class Compression { none, zstd, gzip, xz };
const char* to_string(Compression c) noexcept;

struct DecodeLimits {
  // Bytes the whole stream may decode to; more is refused (a decompression bomb).
  std::uint64_t max_unpacked_bytes = std::uint64_t{16} << 30;
  // Memory a decoder may use for its window (zstd) or dictionary (xz).
  std::uint64_t max_window_bytes = std::uint64_t{1} << 30;
};

class Decoder;

class DecodedStream {
 public:
  DecodedStream(ByteSource& source, const DecodeLimits& limits);
  ~DecodedStream();
  DecodedStream(const DecodedStream&) = delete;
  DecodedStream& operator=(const DecodedStream&) = delete;

  // The next decoded chunk, valid until the next call; an empty span once the input has ended
  // where a compressed stream may end. An input that ends inside a frame is an error.
  Result<std::span<const char>> read();

  Compression compression() const { return compression_; }
  std::uint64_t bytes_read() const { return bytes_read_; }  // from the source, compressed
  std::uint64_t decoded() const { return decoded_; }        // handed out by read()
  const std::string& name() const { return source_.name(); }

  // "archive X ends early, at byte N: ...": the message for an archive cut short, at the
  // compressed offset read so far.
  Error ends_early() const;

 private:
  Result<void> start();

  ByteSource& source_;
  DecodeLimits limits_;
  Compression compression_ = Compression::none;
  std::unique_ptr<Decoder> decoder_;
  std::string head_;  // the first bytes, kept to recognise the format
  std::span<const char> in_;
  std::vector<char> out_;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t decoded_ = 0;
  bool started_ = false;
  bool source_done_ = false;
  bool finished_ = false;
};

// "64 MiB", "16 GiB", "1000 bytes": a byte count in messages.
std::string format_byte_size(std::uint64_t bytes);

}  // namespace frontline::io
