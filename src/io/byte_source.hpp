// Where an input's raw bytes come from: a file on disk or a buffer in memory, read in chunks.
// The archive walker reads both through this interface, so that the fuzz target and the unit
// tests exercise exactly the code an import runs, without touching the file system.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "frontline/error.hpp"

namespace frontline::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The next chunk of bytes; an empty span at the end. A chunk stays valid until the next call.
  virtual Result<std::span<const char>> next() = 0;
  // The input's name in messages (a path).
  virtual const std::string& name() const = 0;
};

// A regular file. Opening refuses anything else (a FIFO, a device, a socket) before it could
// block or read forever.
class FileSource final : public ByteSource {
 public:
  static Result<std::unique_ptr<FileSource>> open(const std::filesystem::path& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<std::span<const char>> next() override;
  const std::string& name() const override { return name_; }
  // The size the file had when it was opened.
  std::uint64_t size() const { return size_; }

 private:
  FileSource(int fd, std::string name, std::uint64_t size);
  int fd_;
  std::string name_;
  std::uint64_t size_;
  std::vector<char> buffer_;
};

// Bytes in memory, handed out in chunks of at most `chunk` bytes (small chunks exercise the
// readers' handling of data split at any point).
class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string name, std::span<const char> bytes, std::size_t chunk = std::size_t{1} << 16);
  Result<std::span<const char>> next() override;
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::span<const char> rest_;
  std::size_t chunk_;
};

// What a path is, for messages about inputs that are not regular files or folders:
// "a FIFO (named pipe)", "a character device", ...
std::string_view describe_file_type(std::filesystem::file_type type);

}  // namespace frontline::io
