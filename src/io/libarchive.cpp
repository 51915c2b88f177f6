#include "io/libarchive.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <string>

namespace frontline::io {

namespace {

struct Loaded {
  LibArchive api;
  std::string error;  // empty when api is complete
};

template <typename F>
bool resolve(void* handle, const char* name, F& fn, std::string& error) {
  fn = reinterpret_cast<F>(dlsym(handle, name));
  if (fn == nullptr && error.empty()) error = fmt::format("libarchive has no symbol {}", name);
  return fn != nullptr;
}

Loaded load() {
  Loaded out;
  // Debian's libarchive13 ships the versioned name; the unversioned one comes with -dev.
  void* handle = dlopen("libarchive.so.13", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) handle = dlopen("libarchive.so", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    out.error = fmt::format("cannot load libarchive (Debian package libarchive13): {}", dlerror());
    return out;
  }
  // The handle stays open for the life of the process: the library's code is in use until exit.
  LibArchive& a = out.api;
  std::string& e = out.error;
  resolve(handle, "archive_read_new", a.read_new, e);
  resolve(handle, "archive_read_free", a.read_free, e);
  resolve(handle, "archive_read_support_format_tar", a.read_support_format_tar, e);
  resolve(handle, "archive_read_open", a.read_open, e);
  resolve(handle, "archive_read_next_header", a.read_next_header, e);
  resolve(handle, "archive_read_data_block", a.read_data_block, e);
  resolve(handle, "archive_read_data_skip", a.read_data_skip, e);
  resolve(handle, "archive_filter_bytes", a.filter_bytes, e);
  resolve(handle, "archive_error_string", a.error_string, e);
  resolve(handle, "archive_set_error", a.set_error, e);
  resolve(handle, "archive_entry_pathname", a.entry_pathname, e);
  resolve(handle, "archive_entry_filetype", a.entry_filetype, e);
  resolve(handle, "archive_entry_size", a.entry_size, e);
  resolve(handle, "archive_entry_size_is_set", a.entry_size_is_set, e);
  resolve(handle, "archive_entry_sparse_count", a.entry_sparse_count, e);
  return out;
}

}  // namespace

Result<const LibArchive*> libarchive() {
  // A shared library is loaded once per process, whatever holds the handle: a function-local
  // static (initialised once, thread-safe) is the honest shape of that.
  static const Loaded loaded = load();
  if (!loaded.error.empty()) return make_error(ErrorCode::internal, loaded.error);
  return &loaded.api;
}

}  // namespace frontline::io
