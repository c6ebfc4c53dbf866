import { Inflate, inflateSync } from 'fflate';

/**
 * Just enough of a zip reader for .xlsx, written for files nobody vouches for: the central
 * directory is read with every offset checked, and an entry is inflated under a byte budget that
 * stops the inflation as soon as it is spent, whatever size the directory claims. fflate's
 * unzipSync allocates the size the directory declares before inflating and keeps inflating past
 * it, so a directory that lies costs either memory (a size too large) or time (a size too small).
 */

export interface ZipEntry {
  /** as stored, "/" separated */
  readonly name: string;
  /** 0 stored, 8 deflate */
  readonly method: number;
  /** general purpose flags: bit 0 = encrypted */
  readonly flags: number;
  readonly compressedSize: number;
  /** what the directory claims the entry inflates to: a claim, not a fact */
  readonly declaredSize: number;
  readonly localOffset: number;
  /** the CRC-32 the directory states for the entry's content */
  readonly crc32: number;
}

/** Why the bytes cannot be read as a zip; a message in plain English for the technical reader. */
export class ZipError extends Error {
  constructor(
    message: string,
    readonly kind: 'notZip' | 'corrupt' | 'encrypted' | 'unsupported',
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

const b2 = (d: Uint8Array, at: number): number => d[at]! | (d[at + 1]! << 8);
const b4 = (d: Uint8Array, at: number): number => (d[at]! | (d[at + 1]! << 8) | (d[at + 2]! << 16)) + d[at + 3]! * 0x1000000;
const b8 = (d: Uint8Array, at: number): number => b4(d, at) + b4(d, at + 4) * 0x100000000;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const utf8 = new TextDecoder('utf-8');

/** The entries of the central directory, in their order. Throws ZipError. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const len = bytes.length;
  let e = len - 22;
  const stop = Math.max(0, len - 22 - 0xffff);
  for (; e >= stop; e--) if (b4(bytes, e) === EOCD) break;
  if (e < stop || e < 0) throw new ZipError('no end of central directory: not a zip, or cut short', len >= 4 && b4(bytes, 0) === LOCAL ? 'corrupt' : 'notZip');
  let count = b2(bytes, e + 10);
  let offset = b4(bytes, e + 16);
  if (e >= 20 && b4(bytes, e - 20) === ZIP64_LOCATOR) {
    const z = b8(bytes, e - 12);
    if (z + 56 <= len && b4(bytes, z) === ZIP64_EOCD) {
      count = b8(bytes, z + 32);
      offset = b8(bytes, z + 48);
    }
  }
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > len || b4(bytes, at) !== CENTRAL) throw new ZipError(`central directory entry ${i + 1} of ${count} is missing or damaged`, 'corrupt');
    const nameLength = b2(bytes, at + 28);
    const extraLength = b2(bytes, at + 30);
    const commentLength = b2(bytes, at + 32);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > len) throw new ZipError(`central directory entry ${i + 1} runs past the end of the file`, 'corrupt');
    let compressedSize = b4(bytes, at + 20);
    let declaredSize = b4(bytes, at + 24);
    let localOffset = b4(bytes, at + 42);
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) {
      // zip64: the real values are in extra field 1, in this order, only for those that overflowed
      for (let x = nameEnd; x + 4 <= nameEnd + extraLength; x += 4 + b2(bytes, x + 2)) {
        if (b2(bytes, x) !== 1) continue;
        let v = x + 4;
        if (declaredSize === 0xffffffff) {
          declaredSize = b8(bytes, v);
          v += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = b8(bytes, v);
          v += 8;
        }
        if (localOffset === 0xffffffff) localOffset = b8(bytes, v);
        break;
      }
    }
    entries.push({
      name: utf8
        .decode(bytes.subarray(at + 46, nameEnd))
        .replace(/\\/g, '/')
        .replace(/^\/+/, ''),
      method: b2(bytes, at + 10),
      flags: b2(bytes, at + 8),
      compressedSize,
      declaredSize,
      localOffset,
      crc32: b4(bytes, at + 16),
    });
    at = nameEnd + extraLength + commentLength;
  }
  return entries;
}

/** The most a deflate stream can expand: 258 bytes for 2 bits, plus block headers. */
const MAX_DEFLATE_RATIO = 1100;
/** Input fed to the streaming inflater at a time: at most ~4.5 MB of output per step (larger steps are slower: fflate grows its buffer by copying). */
const STEP = 4 * 1024;

/**
 * An entry's bytes, or undefined when they would exceed `budget` bytes: inflation stops at the
 * budget, so a lying directory or a zip bomb costs at most the budget in memory and time.
 * Throws ZipError for an entry that is damaged, encrypted or compressed in an unknown way.
 */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, budget: number): Uint8Array | undefined {
  if (entry.flags & 1) throw new ZipError(`${entry.name} is encrypted`, 'encrypted');
  const at = entry.localOffset;
  if (at + 30 > bytes.length || b4(bytes, at) !== LOCAL) throw new ZipError(`${entry.name}: local header missing or damaged`, 'corrupt');
  const start = at + 30 + b2(bytes, at + 26) + b2(bytes, at + 28);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError(`${entry.name} is cut short`, 'corrupt');
  const data = bytes.subarray(start, end);
  if (entry.method === 0) return data.length > budget ? undefined : data.slice();
  if (entry.method !== 8) throw new ZipError(`${entry.name}: unsupported compression method ${entry.method}`, 'unsupported');
  try {
    return inflateWithin(data, entry.declaredSize, budget);
  } catch (e) {
    if (e instanceof ZipError) throw e;
    throw new ZipError(`${entry.name}: ${e instanceof Error ? e.message : String(e)}`, 'corrupt');
  }
}

/**
 * Raw DEFLATE decoded by the platform (Node's zlib: 40 % faster than fflate's JavaScript on unit
 * files), never past `maxOutput` bytes: undefined when the stream would go past them. Throws on a
 * damaged stream. `sizeHint` is what the zip directory claims.
 */
export type RawInflate = (data: Uint8Array, maxOutput: number, sizeHint: number) => Uint8Array | undefined;
let platformInflate: RawInflate | undefined;

/** Where the platform has a faster inflater (the command line), every reader uses it; else fflate's. */
export function usePlatformInflate(inflate: RawInflate | undefined): void {
  platformInflate = inflate;
}

function inflateWithin(data: Uint8Array, declared: number, budget: number): Uint8Array | undefined {
  if (platformInflate) return platformInflate(data, budget, declared);
  // The usual case, fast: a stream too short to exceed the budget, inflated at once into a buffer of
  // the declared size plus one byte. fflate stops writing at the buffer's end, so a full buffer
  // means the declared size was too small: then the careful way below.
  const mostPossible = data.length * MAX_DEFLATE_RATIO + 1024;
  if (mostPossible <= budget) {
    const hint = Math.min(declared, mostPossible);
    let out: Uint8Array | undefined;
    try {
      out = inflateSync(data, { out: new Uint8Array(hint + 1) });
    } catch {
      out = undefined; // a stored block that overflows the buffer throws: decided below
    }
    if (out && out.length <= hint) return out;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > budget) over = true;
    else if (chunk.length > 0) chunks.push(chunk);
  });
  if (data.length === 0) inflater.push(data, true);
  for (let i = 0; i < data.length && !over; i += STEP) inflater.push(data.subarray(i, i + STEP), i + STEP >= data.length);
  if (over) return undefined;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
