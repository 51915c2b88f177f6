#include "io/decoded_stream.hpp"

#include <fmt/format.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>

namespace frontline::io {

// One compressed format's decoder. `offset` is the compressed byte offset of `in` in the input,
// for messages.
class Decoder {
 public:
  virtual ~Decoder() = default;
  // Decodes from `in` (advancing it past what was consumed) into `out`; returns the bytes
  // written. `last`: `in` holds the end of the input, flush everything.
  virtual Result<std::size_t> decode(std::span<const char>& in, std::span<char> out, bool last,
                                     std::uint64_t offset) = 0;
  // Whether the input so far ends where the format allows it to end (after a whole zstd frame,
  // gzip member, xz stream).
  virtual bool complete() const = 0;
};

namespace {

constexpr std::size_t kOutChunk = std::size_t{1} << 20;
constexpr std::size_t kMagicBytes = 6;  // enough for all of zstd's, gzip's and xz's

Compression sniff(std::string_view head) {
  const auto b = [&](std::size_t i) { return i < head.size() ? static_cast<unsigned char>(head[i]) : 0x100u; };
  if (b(0) == 0x28 && b(1) == 0xB5 && b(2) == 0x2F && b(3) == 0xFD) return Compression::zstd;
  // A zstd skippable frame (magic 0x184D2A50..5F, little-endian) may come first.
  if ((b(0) & 0xF0) == 0x50 && b(1) == 0x2A && b(2) == 0x4D && b(3) == 0x18) return Compression::zstd;
  if (b(0) == 0x1F && b(1) == 0x8B) return Compression::gzip;
  if (b(0) == 0xFD && b(1) == 0x37 && b(2) == 0x7A && b(3) == 0x58 && b(4) == 0x5A && b(5) == 0x00) {
    return Compression::xz;
  }
  return Compression::none;
}

Error damaged(const std::string& name, Compression c, std::uint64_t offset, std::string_view reason) {
  return make_error(ErrorCode::bad_input,
                    fmt::format("archive {}: damaged {} data at byte {}: {}", name, to_string(c), offset, reason));
}

class PlainDecoder final : public Decoder {
 public:
  Result<std::size_t> decode(std::span<const char>& in, std::span<char> out, bool, std::uint64_t) override {
    const std::size_t n = std::min(in.size(), out.size());
    std::memcpy(out.data(), in.data(), n);
    in = in.subspan(n);
    return n;
  }
  bool complete() const override { return true; }
};

class ZstdDecoder final : public Decoder {
 public:
  ZstdDecoder(std::string name, std::uint64_t max_window) : name_(std::move(name)), max_window_(max_window) {
    dctx_ = ZSTD_createDCtx();
    // The decoder allocates the window a frame's header asks for; this bounds it.
    const ZSTD_bounds bounds = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
    const int log = std::clamp(static_cast<int>(std::bit_width(std::max<std::uint64_t>(max_window, 1)) - 1),
                               bounds.lowerBound, bounds.upperBound);
    if (dctx_ != nullptr) ZSTD_DCtx_setParameter(dctx_, ZSTD_d_windowLogMax, log);
  }
  ~ZstdDecoder() override { ZSTD_freeDCtx(dctx_); }
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;

  Result<std::size_t> decode(std::span<const char>& in, std::span<char> out, bool, std::uint64_t offset) override {
    if (dctx_ == nullptr) return make_error(ErrorCode::internal, "zstd: cannot create a decompression context");
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    ZSTD_outBuffer ob{out.data(), out.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(dctx_, &ob, &ib);
    in = in.subspan(ib.pos);
    if (ZSTD_isError(rc)) {
      if (ZSTD_getErrorCode(rc) == ZSTD_error_frameParameter_windowTooLarge) {
        return make_error(ErrorCode::bad_input,
                          fmt::format("archive {}: its zstd frame needs a window larger than {}, the most frontline "
                                      "lets a decoder use; recompress it with `zstd --long=30` or less",
                                      name_, format_byte_size(max_window_)));
      }
      return damaged(name_, Compression::zstd, offset + ib.pos, ZSTD_getErrorName(rc));
    }
    // 0 means a frame ended and everything was flushed. A call that moved nothing (asked to
    // flush at the end) says nothing new: past a frame's end it would ask for the next header.
    if (ib.pos > 0 || ob.pos > 0) frame_done_ = rc == 0;
    return ob.pos;
  }
  bool complete() const override { return frame_done_; }

 private:
  std::string name_;
  std::uint64_t max_window_;
  ZSTD_DCtx* dctx_ = nullptr;
  bool frame_done_ = false;
};

class GzipDecoder final : public Decoder {
 public:
  explicit GzipDecoder(std::string name) : name_(std::move(name)) {
    ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK;  // 16: gzip wrapper only
  }
  ~GzipDecoder() override {
    if (ok_) inflateEnd(&z_);
  }
  GzipDecoder(const GzipDecoder&) = delete;
  GzipDecoder& operator=(const GzipDecoder&) = delete;

  Result<std::size_t> decode(std::span<const char>& in, std::span<char> out, bool, std::uint64_t offset) override {
    if (!ok_) return make_error(ErrorCode::internal, "zlib: cannot initialise a gzip decoder");
    if (member_done_ && !in.empty()) {
      // More bytes after a whole member: the next member of a multi-member gzip file.
      inflateReset(&z_);
      member_done_ = false;
    }
    const auto in_n = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT_MAX));
    const auto out_n = static_cast<uInt>(std::min<std::size_t>(out.size(), UINT_MAX));
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = in_n;
    z_.next_out = reinterpret_cast<Bytef*>(out.data());
    z_.avail_out = out_n;
    const int rc = inflate(&z_, Z_NO_FLUSH);
    const std::size_t used = in_n - z_.avail_in;
    in = in.subspan(used);
    if (rc == Z_STREAM_END) {
      member_done_ = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {  // Z_BUF_ERROR: no progress possible yet, not an error
      return damaged(name_, Compression::gzip, offset + used, z_.msg != nullptr ? z_.msg : zError(rc));
    }
    return static_cast<std::size_t>(out_n - z_.avail_out);
  }
  bool complete() const override { return member_done_; }

 private:
  std::string name_;
  z_stream z_{};
  bool ok_ = false;
  bool member_done_ = false;
};

class XzDecoder final : public Decoder {
 public:
  XzDecoder(std::string name, std::uint64_t memlimit) : name_(std::move(name)), memlimit_(memlimit) {
    ok_ = lzma_stream_decoder(&s_, memlimit, LZMA_CONCATENATED) == LZMA_OK;
  }
  ~XzDecoder() override { lzma_end(&s_); }
  XzDecoder(const XzDecoder&) = delete;
  XzDecoder& operator=(const XzDecoder&) = delete;

  Result<std::size_t> decode(std::span<const char>& in, std::span<char> out, bool last, std::uint64_t offset) override {
    if (!ok_) return make_error(ErrorCode::internal, "liblzma: cannot initialise an xz decoder");
    s_.next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    s_.avail_in = in.size();
    s_.next_out = reinterpret_cast<std::uint8_t*>(out.data());
    s_.avail_out = out.size();
    // LZMA_CONCATENATED reports the end of the input only when told it has come (LZMA_FINISH).
    const lzma_ret rc = lzma_code(&s_, last ? LZMA_FINISH : LZMA_RUN);
    const std::size_t used = in.size() - s_.avail_in;
    in = in.subspan(used);
    const std::size_t produced = out.size() - s_.avail_out;
    switch (rc) {
      case LZMA_OK:
        break;
      case LZMA_STREAM_END:
        stream_done_ = true;
        break;
      case LZMA_BUF_ERROR:  // no progress possible: at the end of the input, a cut stream
        break;
      case LZMA_MEMLIMIT_ERROR:
        return make_error(ErrorCode::bad_input,
                          fmt::format("archive {}: its xz stream needs {} of memory to decode, more than the {} "
                                      "frontline lets a decoder use; recompress it with a smaller dictionary "
                                      "(`xz -9` needs 65 MiB)",
                                      name_, format_byte_size(lzma_memusage(&s_)), format_byte_size(memlimit_)));
      case LZMA_FORMAT_ERROR:
        return damaged(name_, Compression::xz, offset + used, "not in the .xz format");
      case LZMA_OPTIONS_ERROR:
        return damaged(name_, Compression::xz, offset + used, "unsupported compression options");
      default:
        return damaged(name_, Compression::xz, offset + used, "compressed data is corrupt");
    }
    return produced;
  }
  bool complete() const override { return stream_done_; }

 private:
  std::string name_;
  std::uint64_t memlimit_;
  lzma_stream s_ = LZMA_STREAM_INIT;
  bool ok_ = false;
  bool stream_done_ = false;
};

}  // namespace

const char* to_string(Compression c) noexcept {
  switch (c) {
    case Compression::none:
      return "uncompressed";
    case Compression::zstd:
      return "zstd";
    case Compression::gzip:
      return "gzip";
    case Compression::xz:
      return "xz";
  }
  return "?";
}

std::string format_byte_size(std::uint64_t bytes) {
  constexpr std::uint64_t kKiB = 1024;
  if (bytes > 0 && bytes % (kKiB * kKiB * kKiB * kKiB) == 0) return fmt::format("{} TiB", bytes >> 40);
  if (bytes > 0 && bytes % (kKiB * kKiB * kKiB) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes > 0 && bytes % (kKiB * kKiB) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes > 0 && bytes % kKiB == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

DecodedStream::DecodedStream(ByteSource& source, const DecodeLimits& limits) : source_(source), limits_(limits) {}

DecodedStream::~DecodedStream() = default;

Error DecodedStream::ends_early() const {
  return make_error(ErrorCode::bad_input,
                    fmt::format("archive {} ends early, at byte {}: the file is incomplete (re-download it)",
                                source_.name(), bytes_read_));
}

Result<void> DecodedStream::start() {
  // Sources hand out large chunks, but a small one must not hide the magic bytes.
  while (head_.size() < kMagicBytes) {
    FRONTLINE_TRY(chunk, source_.next());
    if (chunk.empty()) {
      source_done_ = true;
      break;
    }
    bytes_read_ += chunk.size();
    head_.append(chunk.data(), chunk.size());
  }
  in_ = head_;
  compression_ = sniff(head_);
  switch (compression_) {
    case Compression::none:
      decoder_ = std::make_unique<PlainDecoder>();
      break;
    case Compression::zstd:
      decoder_ = std::make_unique<ZstdDecoder>(source_.name(), limits_.max_window_bytes);
      break;
    case Compression::gzip:
      decoder_ = std::make_unique<GzipDecoder>(source_.name());
      break;
    case Compression::xz:
      decoder_ = std::make_unique<XzDecoder>(source_.name(), limits_.max_window_bytes);
      break;
  }
  out_.resize(kOutChunk);
  started_ = true;
  return {};
}

Result<std::span<const char>> DecodedStream::read() {
  if (finished_) return std::span<const char>();
  if (!started_) FRONTLINE_CHECK(start());
  for (;;) {
    if (in_.empty() && !source_done_) {
      FRONTLINE_TRY(chunk, source_.next());
      if (chunk.empty()) {
        source_done_ = true;
      } else {
        in_ = chunk;
        bytes_read_ += chunk.size();
      }
    }
    const bool last = source_done_ && in_.empty();
    const std::size_t before = in_.size();
    FRONTLINE_TRY(n, decoder_->decode(in_, out_, last, bytes_read_ - in_.size()));
    if (n > 0) {
      decoded_ += n;
      if (decoded_ > limits_.max_unpacked_bytes) {
        return make_error(ErrorCode::bad_input,
                          fmt::format("archive {} unpacks to more than {}, the cap on one archive (against "
                                      "decompression bombs); if it is genuine, raise the cap with --max-unpacked-size",
                                      source_.name(), format_byte_size(limits_.max_unpacked_bytes)));
      }
      return std::span<const char>(out_.data(), n);
    }
    if (last) {
      if (!decoder_->complete()) return ends_early();
      finished_ = true;
      return std::span<const char>();
    }
    if (in_.size() == before) {
      return make_error(ErrorCode::internal,
                        fmt::format("archive {}: the {} decoder made no progress at byte {}", source_.name(),
                                    to_string(compression_), bytes_read_ - in_.size()));
    }
  }
}

}  // namespace frontline::io
