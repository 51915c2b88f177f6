#include "io/archive.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "io/decoded_stream.hpp"
#include "io/libarchive.hpp"

namespace frontline::io {

namespace {

constexpr std::uint64_t kTarBlock = 512;

bool has_suffix(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_json_name(std::string_view name) {
  return has_suffix(name, ".geojson") || has_suffix(name, ".json");
}

bool is_archive(const std::filesystem::path& p) {
  const std::string s = p.filename().string();
  for (std::string_view suffix : {".tar", ".tar.zst", ".tzst", ".tar.gz", ".tgz", ".tar.xz", ".txz"}) {
    if (has_suffix(s, suffix)) return true;
  }
  return false;
}

std::string base_name_of(std::string_view entry) {
  const auto slash = entry.find_last_of('/');
  return std::string(slash == std::string_view::npos ? entry : entry.substr(slash + 1));
}

Error over_cap(const std::string& what, std::size_t cap, std::optional<std::uint64_t> claim) {
  return make_error(ErrorCode::bad_input,
                    fmt::format("{}: holds more than {}, the cap on one file ({}DeepState's snapshots are under "
                                "2 MB); if the file is genuine, raise the cap with --max-entry-size",
                                what, format_byte_size(cap),
                                claim ? fmt::format("its header claims {} bytes; ", *claim) : std::string()));
}

// Appends `bytes` to `contents`, growing the buffer only as bytes arrive (never from a size
// claimed in advance), and leaving room for the JSON parser's padding.
void append_bounded(std::string& contents, std::span<const char> bytes, std::size_t cap) {
  const std::size_t need = contents.size() + bytes.size() + kParsePadding;
  if (contents.capacity() < need) {
    const std::size_t most = cap > SIZE_MAX - kParsePadding ? SIZE_MAX : cap + kParsePadding;
    contents.reserve(std::min(std::max(need, contents.capacity() * 2), most));
  }
  contents.append(bytes.data(), bytes.size());
}

struct ArchiveCloser {
  decltype(&::archive_read_free) free = nullptr;
  void operator()(struct archive* a) const noexcept { free(a); }
};

// Reads one tar stream through libarchive from a DecodedStream, and decides whether it ended
// where a tar archive may end.
class TarReader {
 public:
  TarReader(const LibArchive& la, ByteSource& source, const WalkOptions& options)
      : la_(la),
        stream_(source, DecodeLimits{options.max_unpacked_bytes, options.max_window_bytes}),
        options_(options) {}

  Result<void> walk(const Visit& visit);

 private:
  static la_ssize_t read_callback(struct archive* a, void* client, const void** buffer);
  Result<std::span<const char>> next_chunk();
  Error failure(struct archive* a, std::string_view where) const;
  Result<void> read_entry(struct archive* a, struct archive_entry* entry, const std::string& entry_name,
                          const Visit& visit);
  Result<void> check_end(std::uint64_t header_at, std::uint64_t consumed);

  const LibArchive& la_;
  DecodedStream stream_;
  const WalkOptions& options_;
  std::optional<Error> stream_error_;  // what made the read callback fail, if anything did
  std::uint64_t delivered_ = 0;        // decoded bytes handed to libarchive (or drained)
  std::uint64_t zeros_from_ = 0;       // where the trailing run of zero bytes of the stream begins
  bool eof_returned_ = false;          // libarchive asked for bytes past the end of the stream
};

// One past the last non-zero byte of `s`, or 0. Usually the last byte decides; runs of zeros
// (padding, a zero bomb) are compared a page at a time.
std::size_t end_of_nonzero(std::span<const char> s) {
  static constexpr std::array<char, 4096> kZeros{};
  std::size_t n = s.size();
  while (n >= kZeros.size() && s[n - 1] == 0 &&
         std::memcmp(s.data() + n - kZeros.size(), kZeros.data(), kZeros.size()) == 0) {
    n -= kZeros.size();
  }
  while (n > 0 && s[n - 1] == 0) --n;
  return n;
}

Result<std::span<const char>> TarReader::next_chunk() {
  FRONTLINE_TRY(chunk, stream_.read());
  if (const std::size_t end = end_of_nonzero(chunk); end > 0) zeros_from_ = delivered_ + end;
  delivered_ += chunk.size();
  return chunk;
}

la_ssize_t TarReader::read_callback(struct archive* a, void* client, const void** buffer) {
  auto* self = static_cast<TarReader*>(client);
  // No exception may cross libarchive's C frames.
  try {
    auto chunk = self->next_chunk();
    if (!chunk) {
      self->stream_error_ = std::move(chunk).error();
      self->la_.set_error(a, EIO, "%s", self->stream_error_->message.c_str());
      return ARCHIVE_FATAL;
    }
    if (chunk->empty()) self->eof_returned_ = true;
    *buffer = chunk->data();
    return static_cast<la_ssize_t>(chunk->size());
  } catch (const std::exception& e) {
    self->stream_error_ =
        make_error(ErrorCode::internal, fmt::format("archive {}: {}", self->stream_.name(), e.what()));
    self->la_.set_error(a, EIO, "%s", e.what());
    return ARCHIVE_FATAL;
  }
}

Error TarReader::failure(struct archive* a, std::string_view where) const {
  if (stream_error_) return *stream_error_;
  // libarchive failed after asking for bytes past the end: what it needed is not there, the
  // archive is cut short ("Truncated tar archive", a header promising more than is left).
  if (eof_returned_) return stream_.ends_early();
  const char* why = la_.error_string(a);
  return make_error(ErrorCode::bad_input, fmt::format("archive {}: damaged tar archive {}: {}", stream_.name(), where,
                                                      why != nullptr ? why : "unknown error"));
}

Result<void> TarReader::check_end(std::uint64_t header_at, std::uint64_t consumed) {
  // libarchive stops at a zero block (the end-of-archive marker), but also at the end of the
  // stream, even right after a header that announces more (pax, GNU long name). Only the first
  // ends a whole archive, so what follows the last entry must be a zero block and nothing but
  // zero padding. Read all of it: the compressed stream must end properly too.
  for (;;) {
    FRONTLINE_TRY(chunk, next_chunk());
    if (chunk.empty()) break;
  }
  const bool zeros_after_header = zeros_from_ <= header_at;
  if (zeros_after_header && delivered_ >= header_at + kTarBlock) return {};
  // No marker, part of one, or a header whose entry was cut off with the rest of the stream.
  if (zeros_after_header || consumed >= delivered_) return stream_.ends_early();
  if (zeros_from_ <= consumed) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("archive {}: damaged tar archive: the header at byte {} of the unpacked tar "
                                  "announces an entry that never comes",
                                  stream_.name(), header_at));
  }
  return make_error(ErrorCode::bad_input,
                    fmt::format("archive {}: data after the tar archive's end-of-archive marker (at byte {} of the "
                                "unpacked tar); concatenated archives are not read: unpack them and import the files",
                                stream_.name(), header_at));
}

Result<void> TarReader::read_entry(struct archive* a, struct archive_entry* entry, const std::string& entry_name,
                                   const Visit& visit) {
  InputFile f;
  f.display_name = stream_.name() + ":" + entry_name;
  f.base_name = base_name_of(entry_name);
  if (la_.entry_sparse_count(entry) > 0) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{}: a sparse file (with holes), which no snapshot is; unpack the archive with tar "
                                  "and import the files",
                                  f.display_name));
  }
  const std::size_t cap = options_.max_entry_bytes;
  if (la_.entry_size_is_set(entry) != 0 && la_.entry_size(entry) > 0 &&
      static_cast<std::uint64_t>(la_.entry_size(entry)) > cap) {
    return over_cap(f.display_name, cap, static_cast<std::uint64_t>(la_.entry_size(entry)));
  }
  for (;;) {
    const void* block = nullptr;
    std::size_t size = 0;
    la_int64_t offset = 0;
    const int rc = la_.read_data_block(a, &block, &size, &offset);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) return failure(a, fmt::format("in entry {}", entry_name));
    if (offset != static_cast<la_int64_t>(f.contents.size())) {
      return make_error(
          ErrorCode::bad_input,
          fmt::format("{}: the entry's data has holes (a sparse file), which no snapshot has", f.display_name));
    }
    if (size > cap - f.contents.size()) return over_cap(f.display_name, cap, std::nullopt);
    append_bounded(f.contents, {static_cast<const char*>(block), size}, cap);
  }
  if (f.contents.capacity() < f.contents.size() + kParsePadding) f.contents.reserve(f.contents.size() + kParsePadding);
  return visit(f);
}

Result<void> TarReader::walk(const Visit& visit) {
  std::unique_ptr<struct archive, ArchiveCloser> a(la_.read_new(), ArchiveCloser{la_.read_free});
  if (!a) return make_error(ErrorCode::internal, "libarchive: cannot create a reader");
  // Compression is DecodedStream's business: libarchive sees the tar stream itself.
  la_.read_support_format_tar(a.get());
  if (la_.read_open(a.get(), this, nullptr, &TarReader::read_callback, nullptr) != ARCHIVE_OK) {
    return failure(a.get(), "at its start (not a tar archive?)");
  }
  std::string previous;  // "entry NAME", for messages
  std::size_t entries = 0;
  for (;;) {
    // Where the next header starts: the previous entry's data and padding are skipped first.
    if (entries > 0 && la_.read_data_skip(a.get()) != ARCHIVE_OK) return failure(a.get(), "in " + previous);
    const auto header_at = static_cast<std::uint64_t>(la_.filter_bytes(a.get(), 0));
    struct archive_entry* entry = nullptr;
    const int rc = la_.read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) return check_end(header_at, static_cast<std::uint64_t>(la_.filter_bytes(a.get(), 0)));
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      return failure(a.get(), entries == 0 ? std::string("in its first header") : "after " + previous);
    }
    const char* path = la_.entry_pathname(entry);
    const std::string entry_name = path != nullptr ? path : "";
    previous = "entry " + entry_name;
    ++entries;
    if (la_.entry_filetype(entry) != AE_IFREG || !is_json_name(entry_name)) continue;
    FRONTLINE_CHECK(read_entry(a.get(), entry, entry_name, visit));
  }
}

Result<void> read_plain_file(const std::filesystem::path& p, const WalkOptions& options, const Visit& visit) {
  FRONTLINE_TRY(source, FileSource::open(p));
  const std::size_t cap = options.max_entry_bytes;
  if (source->size() > cap) return over_cap(p.string(), cap, std::nullopt);
  InputFile f;
  f.display_name = p.string();
  f.base_name = p.filename().string();
  // The size is the file system's, not a claim inside the file, and it is within the cap.
  f.contents.reserve(static_cast<std::size_t>(source->size()) + kParsePadding);
  for (;;) {
    FRONTLINE_TRY(chunk, source->next());
    if (chunk.empty()) break;
    if (chunk.size() > cap - f.contents.size()) return over_cap(p.string(), cap, std::nullopt);  // it grew
    append_bounded(f.contents, chunk, cap);
  }
  return visit(f);
}

Result<void> walk_folder(const std::filesystem::path& root, const WalkOptions& options, const Visit& visit) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  fs::path last = root;
  auto folder_error = [&](const fs::path& folder) {
    return make_error(ErrorCode::io, fmt::format("{}: cannot read the folder: {}", folder.string(), ec.message()));
  };
  if (ec) return folder_error(root);
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& e = *it;
    last = e.path();
    const bool wanted = is_json_name(e.path().filename().string()) || is_archive(e.path());
    // The listing's own file types where it has them (a stat only for links), so that a tree
    // too deep to stat by path can still be walked.
    std::error_code sec;
    if (e.is_directory(sec)) continue;  // the iterator descends into it (not into links to folders)
    if (!sec && e.is_regular_file(sec)) {
      if (wanted) files.push_back(e.path());
      continue;
    }
    if (sec) {
      // A link to nothing, or one that cannot be followed: an error only where a snapshot was
      // expected.
      if (!wanted) continue;
      return make_error(ErrorCode::io, fmt::format("{}: cannot read it: {}", e.path().string(), sec.message()));
    }
    // Not a file that could hold a snapshot (a FIFO, a device, a socket): reading it could
    // block or never end.
    spdlog::warn("{}: skipped: it is {}, not a regular file", e.path().string(),
                 describe_file_type(e.status(sec).type()));
  }
  if (ec) {
    // The iterator failed either to open the folder it was descending into or to read the
    // folder it was in.
    std::error_code dec;
    return folder_error(fs::is_directory(last, dec) ? last : last.parent_path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) FRONTLINE_CHECK(for_each_input(f, options, visit));
  return {};
}

}  // namespace

Result<void> for_each_archive_entry(ByteSource& source, const WalkOptions& options, const Visit& visit) {
  FRONTLINE_TRY(la, libarchive());
  TarReader reader(*la, source, options);
  return reader.walk(visit);
}

Result<void> for_each_input(const std::filesystem::path& path, const WalkOptions& options, const Visit& visit) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) {
    return make_error(ErrorCode::io, fmt::format("{}: no such file or folder", path.string()));
  }
  if (ec) return make_error(ErrorCode::io, fmt::format("{}: cannot read it: {}", path.string(), ec.message()));
  if (fs::is_directory(st)) return walk_folder(path, options, visit);
  if (!fs::is_regular_file(st)) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{} is {}, not a file or a folder: give .geojson/.json files, folders or archives",
                                  path.string(), describe_file_type(st.type())));
  }
  if (is_archive(path)) {
    FRONTLINE_TRY(source, FileSource::open(path));
    return for_each_archive_entry(*source, options, visit);
  }
  return read_plain_file(path, options, visit);
}

Result<void> for_each_input(const std::filesystem::path& path, const Visit& visit) {
  return for_each_input(path, WalkOptions{}, visit);
}

}  // namespace frontline::io
