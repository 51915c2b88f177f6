// A small PMTiles v3 writer for the development mock's static export (the npm library only
// reads). One root directory: the mock has a few dozen tiles, far below the 16 KiB limit.
import { gzipSync } from 'node:zlib';
import { zxyToTileId } from 'pmtiles';

function varint(out, n) {
  // Plain arithmetic: tile ids and offsets pass 2^31, where bit operators would wrap.
  while (n >= 0x80) { out.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80); }
  out.push(n);
}

function serializeDirectory(entries) {
  const out = [];
  varint(out, entries.length);
  let last = 0;
  for (const e of entries) { varint(out, e.tileId - last); last = e.tileId; }
  for (const e of entries) varint(out, e.runLength);
  for (const e of entries) varint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    if (i > 0 && e.offset === prev.offset + prev.length) varint(out, 0);
    else varint(out, e.offset + 1);
  });
  return Buffer.from(out);
}

/** tiles: [{z, x, y, data (uncompressed MVT)}]; returns the archive as a Buffer. */
export function writePmtiles(tiles, { bounds, center, metadata }) {
  const sorted = tiles.map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.tileId - b.tileId);
  const blobs = [];
  const entries = [];
  let offset = 0;
  for (const t of sorted) {
    const blob = gzipSync(t.data);
    entries.push({ tileId: t.tileId, offset, length: blob.length, runLength: 1 });
    blobs.push(blob);
    offset += blob.length;
  }
  const root = gzipSync(serializeDirectory(entries));
  const meta = gzipSync(Buffer.from(JSON.stringify(metadata)));
  const data = Buffer.concat(blobs);
  const header = Buffer.alloc(127);
  header.write('PMTiles', 0, 'latin1');
  header.writeUInt8(3, 7);
  const u64 = (pos, v) => header.writeBigUInt64LE(BigInt(v), pos);
  const rootOffset = 127;
  const metaOffset = rootOffset + root.length;
  const dataOffset = metaOffset + meta.length;
  u64(8, rootOffset); u64(16, root.length);
  u64(24, metaOffset); u64(32, meta.length);
  u64(40, dataOffset + data.length); u64(48, 0);
  u64(56, dataOffset); u64(64, data.length);
  u64(72, entries.length); u64(80, entries.length); u64(88, entries.length);
  header.writeUInt8(1, 96); // clustered: tiles are written in tile-id order
  header.writeUInt8(2, 97); // directories gzip
  header.writeUInt8(2, 98); // tiles gzip
  header.writeUInt8(1, 99); // MVT
  header.writeUInt8(Math.min(...sorted.map((t) => t.z)), 100);
  header.writeUInt8(Math.max(...sorted.map((t) => t.z)), 101);
  const e7 = (pos, v) => header.writeInt32LE(Math.round(v * 1e7), pos);
  e7(102, bounds[0]); e7(106, bounds[1]); e7(110, bounds[2]); e7(114, bounds[3]);
  header.writeUInt8(center[2], 118);
  e7(119, center[0]); e7(123, center[1]);
  return Buffer.concat([header, root, meta, data]);
}
