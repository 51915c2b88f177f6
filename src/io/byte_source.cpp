#include "io/byte_source.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace frontline::io {

namespace {

constexpr std::size_t kFileChunk = std::size_t{1} << 20;

std::string_view describe_mode(mode_t mode) {
  if (S_ISFIFO(mode)) return describe_file_type(std::filesystem::file_type::fifo);
  if (S_ISCHR(mode)) return describe_file_type(std::filesystem::file_type::character);
  if (S_ISBLK(mode)) return describe_file_type(std::filesystem::file_type::block);
  if (S_ISSOCK(mode)) return describe_file_type(std::filesystem::file_type::socket);
  if (S_ISDIR(mode)) return describe_file_type(std::filesystem::file_type::directory);
  return describe_file_type(std::filesystem::file_type::unknown);
}

}  // namespace

std::string_view describe_file_type(std::filesystem::file_type type) {
  using std::filesystem::file_type;
  switch (type) {
    case file_type::regular:
      return "a regular file";
    case file_type::directory:
      return "a folder";
    case file_type::symlink:
      return "a symbolic link";
    case file_type::block:
      return "a block device";
    case file_type::character:
      return "a character device";
    case file_type::fifo:
      return "a FIFO (named pipe)";
    case file_type::socket:
      return "a socket";
    case file_type::not_found:
      return "missing";
    default:
      return "not a regular file";
  }
}

Result<std::unique_ptr<FileSource>> FileSource::open(const std::filesystem::path& path) {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, and the type is
  // only known once the file is open (checking before opening leaves a race). On a regular
  // file the flag has no effect.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    return make_error(ErrorCode::io, fmt::format("{}: cannot open the file: {}", path.string(), std::strerror(err)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return make_error(ErrorCode::io, fmt::format("{}: cannot read the file: {}", path.string(), std::strerror(err)));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorCode::bad_input,
                      fmt::format("{} is {}, not a regular file: give .geojson/.json files, folders or archives",
                                  path.string(), describe_mode(st.st_mode)));
  }
  return std::unique_ptr<FileSource>(new FileSource(fd, path.string(), static_cast<std::uint64_t>(st.st_size)));
}

FileSource::FileSource(int fd, std::string name, std::uint64_t size) : fd_(fd), name_(std::move(name)), size_(size) {}

FileSource::~FileSource() {
  ::close(fd_);
}

Result<std::span<const char>> FileSource::next() {
  if (buffer_.empty()) buffer_.resize(kFileChunk);
  // Full chunks (short reads are retried) so that a chunk holds at least a format's magic bytes.
  std::size_t got = 0;
  while (got < buffer_.size()) {
    const ssize_t n = ::read(fd_, buffer_.data() + got, buffer_.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      return make_error(ErrorCode::io, fmt::format("{}: cannot read the file: {}", name_, std::strerror(err)));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return std::span<const char>(buffer_.data(), got);
}

MemorySource::MemorySource(std::string name, std::span<const char> bytes, std::size_t chunk)
    : name_(std::move(name)), rest_(bytes), chunk_(std::max<std::size_t>(chunk, 1)) {}

Result<std::span<const char>> MemorySource::next() {
  const std::size_t n = std::min(chunk_, rest_.size());
  const auto out = rest_.first(n);
  rest_ = rest_.subspan(n);
  return out;
}

}  // namespace frontline::io
