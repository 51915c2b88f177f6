#include "frontline/files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace frontline {

namespace {
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  if (std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec)) return std::filesystem::equivalent(a, b, ec);
  return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec);
}

Error io_error(const std::filesystem::path& p, std::string_view what, int err) {
  return make_error(ErrorCode::io, fmt::format("cannot write {}: {} ({})", p.string(), what, std::strerror(err)));
}

// Closes the descriptor and removes the temporary file unless released.
class TempFile {
 public:
  TempFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!released_) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  // Closing is where a full disk or a network file system reports a failed write.
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void release() { released_ = true; }

 private:
  int fd_;
  std::filesystem::path path_;
  bool released_ = false;
};
}  // namespace

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                                   const std::filesystem::path& protect) {
  if (!protect.empty()) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      if (same_file(path, protect.string() + suffix)) {
        return make_error(
            ErrorCode::bad_request,
            fmt::format("{} is the store (or its journal); refusing to overwrite it: give another -o", path.string()));
      }
    }
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return make_error(ErrorCode::bad_request, fmt::format("{} is a folder; give a file name to -o", path.string()));
  }
  std::random_device random;
  const auto tmp = std::filesystem::path(
      fmt::format("{}.tmp-{}-{:08x}", path.string(), ::getpid(), static_cast<unsigned>(random())));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return io_error(path, "cannot create a file beside it", errno);
  TempFile file(fd, tmp);
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(file.fd(), contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(path, "write failed", errno);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(file.fd()) != 0) return io_error(path, "fsync failed", errno);
  if (file.close() != 0) return io_error(path, "close failed", errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error(path, "rename failed", errno);
  file.release();
  return {};
}

}  // namespace frontline
