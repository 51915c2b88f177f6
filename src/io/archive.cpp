#include "io/archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <zstd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <vector>

namespace frontline::io {

namespace {

bool is_json_name(std::string_view name) {
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.substr(name.size() - s.size()) == s; };
  return ends(".geojson") || ends(".json");
}

bool has_suffix(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool is_archive(const std::filesystem::path& p) {
  const std::string s = p.filename().string();
  return has_suffix(s, ".tar") || has_suffix(s, ".tar.zst") || has_suffix(s, ".tzst") || has_suffix(s, ".tar.gz") ||
         has_suffix(s, ".tgz") || has_suffix(s, ".tar.xz");
}

Result<void> read_plain_file(const std::filesystem::path& p, const std::function<Result<void>(InputFile&)>& visit) {
  std::ifstream in(p, std::ios::binary | std::ios::ate);
  if (!in) return make_error(ErrorCode::io, fmt::format("{}: cannot open the file", p.string()));
  const auto size = static_cast<std::size_t>(in.tellg());
  InputFile f;
  f.display_name = p.string();
  f.base_name = p.filename().string();
  f.contents.reserve(size + kParsePadding);
  f.contents.resize(size);
  in.seekg(0);
  if (!in.read(f.contents.data(), static_cast<std::streamsize>(size))) {
    return make_error(ErrorCode::io, fmt::format("{}: cannot read the file", p.string()));
  }
  return visit(f);
}

// Feeds libarchive with zstd-decoded bytes.
struct ZstdSource {
  std::FILE* file = nullptr;
  ZSTD_DCtx* dctx = nullptr;
  std::vector<char> in;
  ZSTD_inBuffer in_buf{nullptr, 0, 0};
  std::vector<char> out;
  bool eof = false;
  std::string error;

  ZstdSource() = default;
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;
  ~ZstdSource() {
    if (dctx != nullptr) ZSTD_freeDCtx(dctx);
    if (file != nullptr) std::fclose(file);
  }

  static la_ssize_t read(struct archive* a, void* client, const void** buffer) {
    auto* self = static_cast<ZstdSource*>(client);
    ZSTD_outBuffer out_buf{self->out.data(), self->out.size(), 0};
    while (out_buf.pos == 0) {
      if (self->in_buf.pos == self->in_buf.size) {
        if (self->eof) return 0;
        const std::size_t n = std::fread(self->in.data(), 1, self->in.size(), self->file);
        if (n == 0) {
          self->eof = true;
          return 0;
        }
        self->in_buf = {self->in.data(), n, 0};
      }
      const std::size_t rc = ZSTD_decompressStream(self->dctx, &out_buf, &self->in_buf);
      if (ZSTD_isError(rc)) {
        self->error = ZSTD_getErrorName(rc);
        archive_set_error(a, EIO, "zstd: %s", self->error.c_str());
        return -1;
      }
    }
    *buffer = self->out.data();
    return static_cast<la_ssize_t>(out_buf.pos);
  }
};

struct ArchiveCloser {
  void operator()(struct archive* a) const noexcept { archive_read_free(a); }
};

Result<void> read_archive(const std::filesystem::path& p, const std::function<Result<void>(InputFile&)>& visit) {
  std::unique_ptr<struct archive, ArchiveCloser> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  const std::string name = p.filename().string();
  const bool zst = has_suffix(name, ".zst") || has_suffix(name, ".tzst");
  ZstdSource src;
  int rc = ARCHIVE_OK;
  if (zst) {
    src.file = std::fopen(p.c_str(), "rb");
    if (src.file == nullptr) return make_error(ErrorCode::io, fmt::format("{}: cannot open the archive", p.string()));
    src.dctx = ZSTD_createDCtx();
    ZSTD_DCtx_setParameter(src.dctx, ZSTD_d_windowLogMax, 31);
    src.in.resize(ZSTD_DStreamInSize());
    src.out.resize(std::size_t{1} << 20);
    archive_read_support_filter_none(a.get());
    rc = archive_read_open(a.get(), &src, nullptr, &ZstdSource::read, nullptr);
  } else {
    archive_read_support_filter_all(a.get());
    rc = archive_read_open_filename(a.get(), p.c_str(), 1 << 20);
  }
  if (rc != ARCHIVE_OK) {
    return make_error(ErrorCode::bad_input,
                      fmt::format("{}: not a readable tar archive ({})", p.string(), archive_error_string(a.get())));
  }
  struct archive_entry* entry = nullptr;
  for (;;) {
    rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: damaged archive: {}", p.string(), archive_error_string(a.get())));
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const std::string entry_name = archive_entry_pathname(entry);
    if (!is_json_name(entry_name)) continue;
    InputFile f;
    f.display_name = p.string() + ":" + entry_name;
    const auto slash = entry_name.find_last_of('/');
    f.base_name = slash == std::string::npos ? entry_name : entry_name.substr(slash + 1);
    const auto size = static_cast<std::size_t>(std::max<la_int64_t>(0, archive_entry_size(entry)));
    f.contents.reserve(size + kParsePadding);
    f.contents.resize(size);
    std::size_t got = 0;
    while (got < size) {
      const la_ssize_t n = archive_read_data(a.get(), f.contents.data() + got, size - got);
      if (n < 0) {
        return make_error(ErrorCode::bad_input,
                          fmt::format("{}: damaged archive entry: {}", f.display_name, archive_error_string(a.get())));
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got != size) {
      return make_error(ErrorCode::bad_input,
                        fmt::format("{}: truncated archive entry ({} of {} bytes)", f.display_name, got, size));
    }
    FRONTLINE_CHECK(visit(f));
  }
  return {};
}

}  // namespace

Result<void> for_each_input(const std::filesystem::path& path, const std::function<Result<void>(InputFile&)>& visit) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return make_error(ErrorCode::io, fmt::format("{}: no such file or folder", path.string()));
  }
  if (std::filesystem::is_directory(status)) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path, ec)) {
      if (e.is_regular_file() && (is_json_name(e.path().filename().string()) || is_archive(e.path()))) {
        files.push_back(e.path());
      }
    }
    if (ec)
      return make_error(ErrorCode::io, fmt::format("{}: cannot list the folder: {}", path.string(), ec.message()));
    std::sort(files.begin(), files.end());
    for (const auto& f : files) FRONTLINE_CHECK(for_each_input(f, visit));
    return {};
  }
  if (is_archive(path)) return read_archive(path, visit);
  return read_plain_file(path, visit);
}

}  // namespace frontline::io
