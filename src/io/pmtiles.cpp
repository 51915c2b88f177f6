#include "io/pmtiles.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

namespace frontline::io {

namespace {

// Spec v3, "Header": the fixed size of the header, and the most the header and the root directory
// may take together.
constexpr std::size_t kHeaderBytes = 127;
constexpr std::size_t kRootLimit = 16384;
constexpr std::uint8_t kCompressionGzip = 2;
constexpr std::uint8_t kTileTypeMvt = 1;

struct Entry {
  std::uint64_t tile_id = 0;
  std::uint64_t offset = 0;
  std::uint32_t length = 0;
  std::uint32_t run_length = 0;  // 0: the entry points to a leaf directory
};

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
std::int32_t e7(double degrees) {
  return static_cast<std::int32_t>(std::lround(degrees * 1e7));
}

// Spec v3, "Directories": entry count, then each column of the entries as varints (tile ids as
// deltas; an offset as 0 when it follows the previous entry's bytes, else offset + 1).
std::string directory_bytes(const std::vector<Entry>& entries) {
  std::string out;
  put_varint(out, entries.size());
  std::uint64_t last = 0;
  for (const auto& e : entries) put_varint(out, e.tile_id - last), last = e.tile_id;
  for (const auto& e : entries) put_varint(out, e.run_length);
  for (const auto& e : entries) put_varint(out, e.length);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool follows = i > 0 && entries[i].offset == entries[i - 1].offset + entries[i - 1].length;
    put_varint(out, follows ? 0 : entries[i].offset + 1);
  }
  return out;
}

}  // namespace

std::uint64_t pmtiles_tile_id(int z, std::uint32_t x, std::uint32_t y) {
  // Tiles of the zooms below z come first: 1 + 4 + ... + 4^(z-1) = (4^z - 1) / 3.
  std::uint64_t id = ((std::uint64_t{1} << (2 * z)) - 1) / 3;
  // The distance along the Hilbert curve of order z (the classic xy-to-d walk, quadrant by quadrant).
  const std::uint64_t n = std::uint64_t{1} << z;
  std::uint64_t tx = x, ty = y;
  for (std::uint64_t s = n / 2; s > 0; s /= 2) {
    const std::uint64_t rx = (tx & s) != 0 ? 1 : 0;
    const std::uint64_t ry = (ty & s) != 0 ? 1 : 0;
    id += s * s * ((3 * rx) ^ ry);
    if (ry == 0) {
      if (rx == 1) {
        tx = n - 1 - tx;
        ty = n - 1 - ty;
      }
      std::swap(tx, ty);
    }
  }
  return id;
}

Result<std::string> encode_pmtiles(std::vector<PmtilesTile> tiles, const PmtilesInfo& info) {
  struct Keyed {
    std::uint64_t id;
    std::size_t index;
  };
  std::vector<Keyed> order;
  order.reserve(tiles.size());
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    const auto& t = tiles[i];
    if (t.z < 0 || t.z > 26 || t.x >= (std::uint64_t{1} << t.z) || t.y >= (std::uint64_t{1} << t.z)) {
      return make_error(ErrorCode::bad_request, fmt::format("pmtiles: no tile {}/{}/{}", t.z, t.x, t.y));
    }
    order.push_back({pmtiles_tile_id(t.z, t.x, t.y), i});
  }
  std::sort(order.begin(), order.end(), [](const Keyed& a, const Keyed& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < order.size(); ++i) {
    if (order[i].id == order[i - 1].id) return make_error(ErrorCode::bad_request, "pmtiles: a tile is given twice");
  }

  // Tile data in id order; equal contents stored once, and consecutive ids with the same content
  // as one entry with a run length.
  std::string data;
  std::map<std::string_view, std::uint64_t> stored;  // content -> offset
  std::vector<Entry> entries;
  std::uint64_t contents = 0;
  for (const auto& k : order) {
    const std::string& bytes = tiles[k.index].data;
    auto it = stored.find(bytes);
    std::uint64_t offset = 0;
    if (it != stored.end()) {
      offset = it->second;
    } else {
      offset = data.size();
      data += bytes;
      stored.emplace(std::string_view(tiles[k.index].data), offset);
      ++contents;
    }
    if (!entries.empty() && entries.back().offset == offset && entries.back().length == bytes.size() &&
        entries.back().tile_id + entries.back().run_length == k.id) {
      ++entries.back().run_length;
      continue;
    }
    entries.push_back({k.id, offset, static_cast<std::uint32_t>(bytes.size()), 1});
  }

  // The root directory, or a root of leaf directories when it would not fit (spec: "the header
  // and root directory must be within the first 16,384 bytes").
  FRONTLINE_TRY(metadata, gzip(info.metadata_json));
  FRONTLINE_TRY(root_all, gzip(directory_bytes(entries)));
  std::string root = std::move(root_all), leaves;
  for (std::size_t per_leaf = 4096; kHeaderBytes + root.size() > kRootLimit; per_leaf *= 2) {
    leaves.clear();
    std::vector<Entry> root_entries;
    for (std::size_t i = 0; i < entries.size(); i += per_leaf) {
      const std::vector<Entry> part(
          entries.begin() + static_cast<std::ptrdiff_t>(i),
          entries.begin() + static_cast<std::ptrdiff_t>(std::min(entries.size(), i + per_leaf)));
      FRONTLINE_TRY(leaf, gzip(directory_bytes(part)));
      root_entries.push_back({part.front().tile_id, leaves.size(), static_cast<std::uint32_t>(leaf.size()), 0});
      leaves += leaf;
    }
    FRONTLINE_TRY(r, gzip(directory_bytes(root_entries)));
    root = std::move(r);
  }

  const std::uint64_t root_offset = kHeaderBytes;
  const std::uint64_t metadata_offset = root_offset + root.size();
  const std::uint64_t leaves_offset = metadata_offset + metadata.size();
  const std::uint64_t data_offset = leaves_offset + leaves.size();
  std::string out;
  out.reserve(data_offset + data.size());
  out += "PMTiles";
  out.push_back(3);
  put_le(out, root_offset, 8);
  put_le(out, root.size(), 8);
  put_le(out, metadata_offset, 8);
  put_le(out, metadata.size(), 8);
  put_le(out, leaves_offset, 8);
  put_le(out, leaves.size(), 8);
  put_le(out, data_offset, 8);
  put_le(out, data.size(), 8);
  put_le(out, order.size(), 8);    // addressed tiles
  put_le(out, entries.size(), 8);  // tile entries
  put_le(out, contents, 8);        // tile contents
  out.push_back(1);                // clustered: tile data is in tile id order
  out.push_back(static_cast<char>(kCompressionGzip));
  out.push_back(static_cast<char>(kCompressionGzip));
  out.push_back(static_cast<char>(kTileTypeMvt));
  out.push_back(static_cast<char>(info.min_zoom));
  out.push_back(static_cast<char>(info.max_zoom));
  put_le(out, static_cast<std::uint32_t>(e7(info.min_lon)), 4);
  put_le(out, static_cast<std::uint32_t>(e7(info.min_lat)), 4);
  put_le(out, static_cast<std::uint32_t>(e7(info.max_lon)), 4);
  put_le(out, static_cast<std::uint32_t>(e7(info.max_lat)), 4);
  out.push_back(static_cast<char>(info.center_zoom));
  put_le(out, static_cast<std::uint32_t>(e7(info.center_lon)), 4);
  put_le(out, static_cast<std::uint32_t>(e7(info.center_lat)), 4);
  out += root;
  out += metadata;
  out += leaves;
  out += data;
  return out;
}

}  // namespace frontline::io
