// The libarchive functions frontline uses, resolved on first use.
//
// Linked directly, libarchive maps eight shared libraries into every process (libxml2, ICU,
// nettle, acl, lz4, bz2, ...), and their loading and relocation cost about 4 ms of each
// process's start: most of what `area --at` took. Only reading an archive needs it, so it is
// opened with dlopen when the first archive is read, like the GDAL module (io/ogr_loader.hpp).
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include "frontline/error.hpp"

namespace frontline::io {

struct LibArchive {
  decltype(&::archive_read_new) read_new = nullptr;
  decltype(&::archive_read_free) read_free = nullptr;
  decltype(&::archive_read_support_format_tar) read_support_format_tar = nullptr;
  decltype(&::archive_read_open) read_open = nullptr;
  decltype(&::archive_read_next_header) read_next_header = nullptr;
  decltype(&::archive_read_data_block) read_data_block = nullptr;
  decltype(&::archive_read_data_skip) read_data_skip = nullptr;
  decltype(&::archive_filter_bytes) filter_bytes = nullptr;
  decltype(&::archive_error_string) error_string = nullptr;
  decltype(&::archive_set_error) set_error = nullptr;
  decltype(&::archive_entry_pathname) entry_pathname = nullptr;
  decltype(&::archive_entry_filetype) entry_filetype = nullptr;
  decltype(&::archive_entry_size) entry_size = nullptr;
  decltype(&::archive_entry_size_is_set) entry_size_is_set = nullptr;
  decltype(&::archive_entry_sparse_count) entry_sparse_count = nullptr;
};

// The process's libarchive, opened once (thread-safe); an internal error names what is missing.
Result<const LibArchive*> libarchive();

}  // namespace frontline::io
