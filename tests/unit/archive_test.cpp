// The input walker (src/io/archive.hpp) on hand-built tar bytes: whole archives in every
// compression, archives cut short in each way a download or a copy can cut them, headers that
// lie about sizes, hostile compressed streams, and inputs that are not regular files. Tar
// headers are written here field by field (POSIX ustar: name at 0, size at 124 as 11 octal
// digits and a NUL, checksum at 148, type at 156, "ustar\0" "00" at 257), compressed with
// zstd, zlib and liblzma directly, so that every input is broken in exactly one known way.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "frontline/import.hpp"
#include "io/archive.hpp"
#include "io/byte_source.hpp"
#include "test_support.hpp"

namespace frontline {
namespace {

namespace fs = std::filesystem;
using io::WalkOptions;

constexpr std::size_t kBlock = 512;

std::string octal(std::uint64_t v, std::size_t width) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + (v & 7)));
    v >>= 3;
  } while (v != 0);
  if (digits.size() < width) return std::string(width - 1 - digits.size(), '0') + digits + '\0';
  EXPECT_EQ(digits.size(), width) << "does not fit";
  return digits;  // a full field without its terminator, which readers accept
}

// A ustar header with a raw 12-byte size field.
std::string header(std::string_view name, std::string_view size_field, char type = '0') {
  std::string h(kBlock, '\0');
  h.replace(0, name.size(), name);
  h.replace(100, 8, octal(0644, 8));
  h.replace(108, 8, octal(0, 8));
  h.replace(116, 8, octal(0, 8));
  h.replace(124, 12, size_field);
  h.replace(136, 12, octal(1735689600, 12));
  h[156] = type;
  h.replace(257, 6, std::string_view("ustar\0", 6));
  h.replace(263, 2, "00");
  h.replace(148, 8, "        ");  // the checksum counts its own field as spaces
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  h.replace(148, 8, octal(sum, 7) + ' ');
  return h;
}

std::string padded(std::string data) {
  data.resize((data.size() + kBlock - 1) / kBlock * kBlock, '\0');
  return data;
}

std::string entry(std::string_view name, std::string_view data, char type = '0') {
  return header(name, octal(data.size(), 12), type) + padded(std::string(data));
}

const std::string kMarker(2 * kBlock, '\0');

// Three small "snapshots" (the walker does not parse them), a directory and a non-JSON file
// that the walker must skip.
std::string entries() {
  return entry("dir/", "", '5') + entry("dir/1735689600.geojson", R"({"a": 1})") + entry("dir/README", "skip me") +
         entry("dir/1735776000.geojson", std::string(1000, 'x')) + entry("dir/1735862400.json", "[]");
}
std::string whole_tar() {
  return entries() + kMarker;
}
const std::vector<std::string> kNames = {"1735689600.geojson", "1735776000.geojson", "1735862400.json"};

std::string zstd_frame(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

// A zstd frame written as a stream, without the content size, with the given window.
std::string zstd_stream(std::string_view data, int window_log) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_windowLog, window_log);
  std::string out(ZSTD_compressBound(data.size()) + 1024, '\0');
  ZSTD_outBuffer ob{out.data(), out.size(), 0};
  ZSTD_inBuffer ib{data.data(), data.size(), 0};
  // Fed in two calls, the first without ending the frame: the compressor cannot know the size
  // in advance, so the header keeps the window asked for and has no content size.
  ZSTD_inBuffer first{data.data(), data.size() / 2, 0};
  while (first.pos < first.size) EXPECT_FALSE(ZSTD_isError(ZSTD_compressStream2(c, &ob, &first, ZSTD_e_continue)));
  ib.pos = first.pos;
  std::size_t rc = 0;
  do {
    rc = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end);
    EXPECT_FALSE(ZSTD_isError(rc));
  } while (rc != 0 && !ZSTD_isError(rc));
  ZSTD_freeCCtx(c);
  out.resize(ob.pos);
  return out;
}

std::string gzip(std::string_view data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string xz(std::string_view data, std::uint32_t preset = 1) {
  std::string out(lzma_stream_buffer_bound(data.size()), '\0');
  std::size_t pos = 0;
  EXPECT_EQ(
      lzma_easy_buffer_encode(preset, LZMA_CHECK_CRC64, nullptr, reinterpret_cast<const std::uint8_t*>(data.data()),
                              data.size(), reinterpret_cast<std::uint8_t*>(out.data()), &pos, out.size()),
      LZMA_OK);
  out.resize(pos);
  return out;
}

struct Walk {
  Result<void> result;
  std::vector<std::string> names;     // base names visited, in order
  std::vector<std::string> contents;  // what each visit received
};

Walk walk_bytes(const std::string& bytes, const WalkOptions& options = {}, std::size_t chunk = 1 << 16) {
  Walk w;
  io::MemorySource source("test.tar", {bytes.data(), bytes.size()}, chunk);
  w.result = io::for_each_archive_entry(source, options, [&](io::InputFile& f) -> Result<void> {
    w.names.push_back(f.base_name);
    w.contents.push_back(f.contents);
    return {};
  });
  return w;
}

Walk walk_path(const fs::path& p) {
  Walk w;
  // The two-argument form: the defaults (and the form the walker had before its options).
  w.result = io::for_each_input(p, [&](io::InputFile& f) -> Result<void> {
    w.names.push_back(f.base_name);
    w.contents.push_back(f.contents);
    return {};
  });
  return w;
}

std::string error_of(const Walk& w) {
  return w.result ? std::string("(no error)") : w.result.error().message;
}

// The error for an archive cut short, at the compressed byte offset where the input ended.
void expect_ends_early(const Walk& w, const std::string& name, std::size_t offset) {
  ASSERT_FALSE(w.result) << "accepted as whole";
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_EQ(w.result.error().message, "archive " + name + " ends early, at byte " + std::to_string(offset) +
                                          ": the file is incomplete (re-download it)");
}

// ---- whole archives ----

TEST(ArchiveWalk, WholeArchivesInEveryCompressionGiveTheirJsonEntries) {
  const std::string tar = whole_tar();
  for (const std::string& bytes : {tar, zstd_frame(tar), gzip(tar), xz(tar)}) {
    // 1-byte and 7-byte chunks split every header, frame and block at every possible place.
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, kBlock, std::size_t{1} << 16}) {
      const Walk w = walk_bytes(bytes, {}, chunk);
      ASSERT_TRUE(w.result) << error_of(w) << " (chunk " << chunk << ")";
      EXPECT_EQ(w.names, kNames);
      ASSERT_EQ(w.contents.size(), 3u);
      EXPECT_EQ(w.contents[0], R"({"a": 1})");
      EXPECT_EQ(w.contents[1], std::string(1000, 'x'));
      EXPECT_EQ(w.contents[2], "[]");
      for (const auto& c : w.contents) EXPECT_LE(c.size(), WalkOptions{}.max_entry_bytes);
    }
  }
}

TEST(ArchiveWalk, ContentsLeaveRoomForTheParserPadding) {
  // An empty entry too (found by fuzz_archive: no bytes arrived, so the buffer never grew).
  const std::string tar = entry("1735689600.geojson", "") + whole_tar();
  io::MemorySource source("t.tar", {tar.data(), tar.size()});
  auto r = io::for_each_archive_entry(source, {}, [](io::InputFile& f) -> Result<void> {
    EXPECT_GE(f.contents.capacity(), f.contents.size() + io::kParsePadding);
    return {};
  });
  EXPECT_TRUE(r);
}

TEST(ArchiveWalk, MultiFrameZstdAndMultiMemberGzipAreWhole) {
  const std::string e = entries();
  const std::string zst = zstd_frame(e.substr(0, 1024)) + zstd_frame(e.substr(1024)) + zstd_frame(kMarker);
  Walk w = walk_bytes(zst, {}, 7);
  EXPECT_TRUE(w.result) << error_of(w);
  EXPECT_EQ(w.names, kNames);
  const std::string gz = gzip(e.substr(0, 1024)) + gzip(e.substr(1024) + kMarker);
  w = walk_bytes(gz, {}, 7);
  EXPECT_TRUE(w.result) << error_of(w);
  EXPECT_EQ(w.names, kNames);
}

TEST(ArchiveWalk, ALoneZeroBlockEndsTheArchiveAsGnuTarAllows) {
  const Walk w = walk_bytes(entries() + std::string(kBlock, '\0'));
  EXPECT_TRUE(w.result) << error_of(w);
  EXPECT_EQ(w.names, kNames);
}

TEST(ArchiveWalk, ZeroPaddingAfterTheMarkerIsFine) {
  const Walk w = walk_bytes(zstd_frame(whole_tar() + std::string(20 * kBlock, '\0')));
  EXPECT_TRUE(w.result) << error_of(w);
}

// ---- archives cut short ----

TEST(ArchiveWalk, TarCutInsideAnEntryEndsEarly) {
  const std::string e = entries();
  // Headers: dir/ at 0, the first file at 512 (data 1024..1536), README at 1536, the 1000-byte
  // file at 2560 with its data at 3072..4072: cut at 3500, inside that data.
  const std::string cut = e.substr(0, 3500);
  expect_ends_early(walk_bytes(cut), "test.tar", 3500);
  expect_ends_early(walk_bytes(zstd_frame(cut)), "test.tar", zstd_frame(cut).size());
  // Inside a header: 2560 + 100.
  expect_ends_early(walk_bytes(e.substr(0, 2660)), "test.tar", 2660);
}

TEST(ArchiveWalk, TarWithoutItsEndOfArchiveMarkerEndsEarly) {
  // Every entry whole, then nothing: indistinguishable from a copy cut at an entry boundary.
  expect_ends_early(walk_bytes(entries()), "test.tar", entries().size());
  // Half a zero block.
  expect_ends_early(walk_bytes(entries() + std::string(200, '\0')), "test.tar", entries().size() + 200);
}

TEST(ArchiveWalk, ZstdCutBetweenFramesEndsEarly) {
  // One frame per piece: every frame is whole, but the tar stops after its second file.
  const std::string e = entries();
  const std::string zst = zstd_frame(e.substr(0, 2560)) + zstd_frame(e.substr(2560)) + zstd_frame(kMarker);
  const std::string two_frames = zstd_frame(e.substr(0, 2560));
  const Walk w = walk_bytes(two_frames);
  expect_ends_early(w, "test.tar", two_frames.size());
  // The marker's frame missing.
  const std::string no_marker = zstd_frame(e.substr(0, 2560)) + zstd_frame(e.substr(2560));
  expect_ends_early(walk_bytes(no_marker), "test.tar", no_marker.size());
  EXPECT_TRUE(walk_bytes(zst).result);
}

TEST(ArchiveWalk, ZstdCutInsideAFrameEndsEarlyEvenAfterTheTarsEnd) {
  const std::string z = zstd_frame(whole_tar());
  for (std::size_t cut : {std::size_t{10}, z.size() / 2, z.size() - 1}) {
    SCOPED_TRACE(cut);
    expect_ends_early(walk_bytes(z.substr(0, cut)), "test.tar", cut);
  }
}

TEST(ArchiveWalk, GzipAndXzCutShortEndEarly) {
  const std::string g = gzip(whole_tar());
  // Without the trailer's 4-byte size (every tar byte decodes) and in the middle.
  expect_ends_early(walk_bytes(g.substr(0, g.size() - 4)), "test.tar", g.size() - 4);
  expect_ends_early(walk_bytes(g.substr(0, g.size() / 2)), "test.tar", g.size() / 2);
  const std::string x = xz(whole_tar());
  expect_ends_early(walk_bytes(x.substr(0, x.size() - 1)), "test.tar", x.size() - 1);
  expect_ends_early(walk_bytes(x.substr(0, x.size() / 2), {}, 7), "test.tar", x.size() / 2);
}

TEST(ArchiveWalk, AnEmptyFileEndsEarly) {
  expect_ends_early(walk_bytes(""), "test.tar", 0);
}

TEST(ArchiveWalk, AHeaderCutOffFromItsEntryEndsEarly) {
  // A pax extended header (type 'x') announcing a long name, and nothing after it.
  const std::string pax_body = "31 path=dir/1736000000.geojson\n";  // the length counts itself
  const std::string cut = entries() + entry("PaxHeader/x", pax_body, 'x');
  expect_ends_early(walk_bytes(cut), "test.tar", cut.size());
}

// ---- damaged and unusual archives ----

TEST(ArchiveWalk, DataAfterTheEndOfArchiveMarkerIsRefused) {
  // Two archives one after the other: a reader that stops at the first marker would import
  // only half of them.
  const Walk w = walk_bytes(whole_tar() + whole_tar());
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_NE(error_of(w).find("data after the tar archive's end-of-archive marker"), std::string::npos) << error_of(w);
}

TEST(ArchiveWalk, DamagedDataIsBadInputWithAMessage) {
  std::string z = zstd_frame(whole_tar());
  z[z.size() / 2] = static_cast<char>(z[z.size() / 2] ^ 0x55);
  std::string g = gzip(whole_tar());
  g[g.size() / 2] = static_cast<char>(g[g.size() / 2] ^ 0x55);
  std::string bad_checksum = whole_tar();
  bad_checksum[kBlock + 148] = '7';  // the first file's header checksum
  for (const std::string& bytes : {z, g, gzip(whole_tar()) + "garbage", std::string(3000, 'x'), bad_checksum}) {
    const Walk w = walk_bytes(bytes);
    ASSERT_FALSE(w.result);
    EXPECT_EQ(w.result.error().code, ErrorCode::bad_input) << error_of(w);
    EXPECT_NE(error_of(w).find("test.tar"), std::string::npos) << error_of(w);
  }
}

// ---- headers that lie about sizes ----

TEST(ArchiveWalk, AHeaderClaiming8GiBIsRefusedWithoutAllocatingIt) {
  // 8 GiB = 2^33 = octal 100000000000: twelve digits, the whole size field.
  const std::string tar = header("dir/1735689600.geojson", "100000000000") + std::string(287, '{');
  ASSERT_EQ(tar.size(), 799u);
  Walk w = walk_bytes(tar);
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_EQ(error_of(w),
            "test.tar:dir/1735689600.geojson: holds more than 16 MiB, the cap on one file (its header claims "
            "8589934592 bytes; DeepState's snapshots are under 2 MB); if the file is genuine, raise the cap with "
            "--max-entry-size");
  EXPECT_TRUE(w.names.empty());
  // With a cap above the claim, the entry is read as a stream: the 287 bytes that exist, then
  // the end of the input. The old reader reserved (and zero-filled) 8 GiB first.
  WalkOptions big;
  big.max_entry_bytes = std::size_t{16} << 30;
  w = walk_bytes(tar, big);
  expect_ends_early(w, "test.tar", 799);
}

TEST(ArchiveWalk, AHeaderClaiming2To62BytesIsRefused) {
  // GNU base-256: 0x80, then the size big-endian in the field's other 11 bytes.
  std::string size(12, '\0');
  size[0] = static_cast<char>(0x80);
  size[4] = 0x40;  // bytes 1..11 hold 2^62 = 0x40 << 56: byte 11 - 7 = 4
  Walk w = walk_bytes(header("dir/1735689600.geojson", size) + std::string(287, '{'));
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_NE(error_of(w).find("its header claims 4611686018427387904 bytes"), std::string::npos) << error_of(w);
  WalkOptions huge;
  huge.max_entry_bytes = std::numeric_limits<std::size_t>::max() - 1024;
  w = walk_bytes(header("dir/1735689600.geojson", size) + std::string(287, '{'), huge);
  expect_ends_early(w, "test.tar", 799);
}

TEST(ArchiveWalk, TheCapIsInclusiveAndNamesTheArchiveTheEntryAndTheCap) {
  const std::string exact = entry("a/1735689600.geojson", std::string(4096, ' ')) + kMarker;
  WalkOptions o;
  o.max_entry_bytes = 4096;
  EXPECT_TRUE(walk_bytes(exact, o).result);
  const std::string over = entry("a/1735689600.geojson", std::string(4097, ' ')) + kMarker;
  const Walk w = walk_bytes(zstd_frame(over), o);
  ASSERT_FALSE(w.result);
  EXPECT_EQ(error_of(w),
            "test.tar:a/1735689600.geojson: holds more than 4 KiB, the cap on one file (its header claims 4097 "
            "bytes; DeepState's snapshots are under 2 MB); if the file is genuine, raise the cap with "
            "--max-entry-size");
}

TEST(ArchiveWalk, SkippedEntriesNeedNoCap) {
  // A 100 KiB README is skipped, not read, whatever the cap on snapshots.
  WalkOptions o;
  o.max_entry_bytes = 16;
  const Walk w = walk_bytes(entry("README", std::string(100 << 10, 'r')) + entry("1.json", "[]") + kMarker, o);
  EXPECT_TRUE(w.result) << error_of(w);
  EXPECT_EQ(w.names, std::vector<std::string>{"1.json"});
}

// ---- hostile compressed streams ----

TEST(ArchiveWalk, WhatAnArchiveUnpacksToIsCapped) {
  // 8 MiB of zeros in 8 skipped entries: 1 MiB each.
  std::string tar;
  for (int i = 0; i < 8; ++i) tar += entry("zeros" + std::to_string(i), std::string(1 << 20, '\0'));
  tar += kMarker;
  WalkOptions o;
  o.max_unpacked_bytes = 4 << 20;
  const std::string z = zstd_frame(tar);
  EXPECT_LT(z.size(), 4096u);
  const Walk w = walk_bytes(z, o);
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_EQ(error_of(w),
            "archive test.tar unpacks to more than 4 MiB, the cap on one archive (against decompression bombs); if it "
            "is genuine, raise the cap with --max-unpacked-size");
  o.max_unpacked_bytes = 9 << 20;
  EXPECT_TRUE(walk_bytes(z, o).result);
}

TEST(ArchiveWalk, AZeroBombAfterTheMarkerIsReadWithinTheCap) {
  // An empty archive (its first block is the marker) followed by 32 MiB of zeros: padding, read
  // through to check that the frame ends properly, and counted.
  const std::string z = zstd_frame(std::string(32 << 20, '\0'));
  EXPECT_TRUE(walk_bytes(z).result);
  WalkOptions o;
  o.max_unpacked_bytes = 16 << 20;
  EXPECT_FALSE(walk_bytes(z, o).result);
}

TEST(ArchiveWalk, DecoderWindowsAreBounded) {
  WalkOptions o;
  o.max_window_bytes = 1 << 16;
  // A streamed frame (no content size) with a 1 MiB window.
  Walk w = walk_bytes(zstd_stream(whole_tar(), 20), o);
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_NE(error_of(w).find("needs a window larger than 64 KiB"), std::string::npos) << error_of(w);
  // xz preset 6: an 8 MiB dictionary, about 9 MiB to decode.
  o.max_window_bytes = 1 << 20;
  w = walk_bytes(xz(whole_tar(), 6), o);
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_NE(error_of(w).find("of memory to decode, more than the 1 MiB"), std::string::npos) << error_of(w);
  EXPECT_TRUE(walk_bytes(zstd_stream(whole_tar(), 20)).result);
}

// ---- files, folders, and what is neither ----

TEST(InputWalk, FilesAndArchivesOnDiskGiveTheSameEntriesAsInMemory) {
  test::ScratchDir dir;
  test::write_text(dir / "a.tar.zst", zstd_frame(whole_tar()));
  test::write_text(dir / "b.tar.gz", gzip(whole_tar()));
  test::write_text(dir / "1735689600.geojson", "{}");
  const Walk w = walk_path(dir.path());
  ASSERT_TRUE(w.result) << error_of(w);
  std::vector<std::string> expected{"1735689600.geojson"};  // sorted by path: 1735... < a.tar.zst < b.tar.gz
  for (int i = 0; i < 2; ++i) expected.insert(expected.end(), kNames.begin(), kNames.end());
  EXPECT_EQ(w.names, expected);
}

TEST(InputWalk, ATruncatedArchiveOnDiskEndsEarly) {
  test::ScratchDir dir;
  const std::string z = zstd_frame(entries().substr(0, 2560)) + zstd_frame(entries().substr(2560));
  test::write_text(dir / "cut.tar.zst", z);
  expect_ends_early(walk_path(dir / "cut.tar.zst"), (dir / "cut.tar.zst").string(), z.size());
}

TEST(InputWalk, APlainFileOverTheCapIsRefusedBeforeItIsRead) {
  test::ScratchDir dir;
  test::write_text(dir / "1735689600.geojson", std::string(5000, ' '));
  Walk w;
  WalkOptions o;
  o.max_entry_bytes = 4096;
  w.result = io::for_each_input(dir / "1735689600.geojson", o, [&](io::InputFile& f) -> Result<void> {
    w.names.push_back(f.base_name);
    return {};
  });
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_EQ(error_of(w), (dir / "1735689600.geojson").string() +
                             ": holds more than 4 KiB, the cap on one file (DeepState's snapshots are under 2 MB); "
                             "if the file is genuine, raise the cap with --max-entry-size");
  EXPECT_TRUE(w.names.empty());
}

// Opens the FIFO for writing and closes it again until told to stop: a reader blocked in
// open() (as the old walker was) is released, reads nothing, and the test fails rather than
// hangs.
class FifoRescuer {
 public:
  explicit FifoRescuer(fs::path fifo)
      : thread_([this, fifo = std::move(fifo)] {
          while (!stop_) {
            const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);  // fails while no reader waits
            if (fd >= 0) ::close(fd);
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }) {}
  ~FifoRescuer() {
    stop_ = true;
    thread_.join();
  }
  FifoRescuer(const FifoRescuer&) = delete;
  FifoRescuer& operator=(const FifoRescuer&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(InputWalk, AFifoGivenAsInputIsRefusedWithoutBlocking) {
  test::ScratchDir dir;
  for (const char* name : {"pipe", "1735689600.geojson", "pipe.tar.zst"}) {
    const fs::path fifo = dir / name;
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    FifoRescuer rescuer(fifo);
    const Walk w = walk_path(fifo);
    ASSERT_FALSE(w.result) << name;
    EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
    EXPECT_EQ(error_of(w), fifo.string() +
                               " is a FIFO (named pipe), not a file or a folder: give .geojson/.json files, folders "
                               "or archives");
  }
}

TEST(InputWalk, ADeviceGivenAsInputIsRefused) {
  const Walk w = walk_path("/dev/zero");
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::bad_input);
  EXPECT_EQ(error_of(w),
            "/dev/zero is a character device, not a file or a folder: give .geojson/.json files, folders or archives");
}

TEST(InputWalk, AFolderWalkSkipsAFifo) {
  test::ScratchDir dir;
  test::write_text(dir / "1735689600.geojson", "{}");
  ASSERT_EQ(::mkfifo((dir / "1735776000.geojson").c_str(), 0600), 0);
  fs::create_symlink(dir / "nowhere", dir / "README");  // a dangling link not named as a snapshot: ignored
  FifoRescuer rescuer(dir / "1735776000.geojson");
  const Walk w = walk_path(dir.path());
  ASSERT_TRUE(w.result) << error_of(w);
  EXPECT_EQ(w.names, std::vector<std::string>{"1735689600.geojson"});
  EXPECT_EQ(w.contents, std::vector<std::string>{"{}"});
}

TEST(InputWalk, ASnapshotInAFolderThatCannotBeReadIsAnIoErrorNotAnException) {
  test::ScratchDir dir;
  test::write_text(dir / "1735689600.geojson", "{}");
  // A link to nothing named as a snapshot: a snapshot that is missing.
  fs::create_symlink(dir / "nowhere", dir / "1735776000.geojson");
  Walk w = walk_path(dir.path());
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::io);
  EXPECT_EQ(error_of(w), (dir / "1735776000.geojson").string() + ": cannot read it: No such file or directory");
  fs::remove(dir / "1735776000.geojson");
  // A link whose target cannot even be looked up (a name longer than NAME_MAX, 255 bytes):
  // stat fails with ENAMETOOLONG, which the old walker let escape as an exception (exit 70), even
  // for root.
  fs::create_symlink(std::string(300, 'a'), dir / "1735776000.geojson");
  try {
    w = walk_path(dir.path());
  } catch (const std::exception& e) {
    FAIL() << "threw instead of returning an error: " << e.what();
  }
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::io);
  EXPECT_EQ(error_of(w), (dir / "1735776000.geojson").string() + ": cannot read it: File name too long");
}

TEST(InputWalk, UnreadableFilesAndFoldersAreIoErrors) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files and folders whatever their permissions";
  test::ScratchDir dir;
  fs::create_directories(dir / "sub");
  test::write_text(dir / "sub" / "1735689600.geojson", "{}");
  test::write_text(dir / "1735776000.geojson", "{}");
  fs::permissions(dir / "1735776000.geojson", fs::perms::none);
  Walk w = walk_path(dir / "1735776000.geojson");
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::io);
  fs::permissions(dir / "sub", fs::perms::none);
  w = walk_path(dir.path());
  fs::permissions(dir / "sub", fs::perms::owner_all);
  ASSERT_FALSE(w.result);
  EXPECT_EQ(w.result.error().code, ErrorCode::io);
  EXPECT_NE(error_of(w).find((dir / "sub").string()), std::string::npos) << error_of(w);
}

TEST(InputWalk, ImportOptionsDefaultToTheWalkersCaps) {
  EXPECT_EQ(ImportOptions{}.max_entry_bytes, WalkOptions{}.max_entry_bytes);
  EXPECT_EQ(ImportOptions{}.max_unpacked_bytes, WalkOptions{}.max_unpacked_bytes);
  EXPECT_EQ(WalkOptions{}.max_entry_bytes, std::size_t{16} << 20);
  EXPECT_EQ(WalkOptions{}.max_unpacked_bytes, std::uint64_t{16} << 30);
}

}  // namespace
}  // namespace frontline
