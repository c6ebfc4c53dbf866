import { clipText } from '../core/problems';
import type { ReadLimits } from './read';
import { readEntry, zipEntries, type ZipEntry } from './zip';

/**
 * The zip workflow of a workbook's parts: the directory by part name, the parts inflated on demand
 * under the byte budget of the limits, and the cache of parts that many files share byte for byte.
 * Throws only ZipError (the reader turns it into a ReadFailure).
 */

/**
 * Parts that many files share byte for byte (the styles and relationships of every unit file made
 * from one template), read once: known by the checksum and sizes their zip directory states.
 */
export const SAME_PARTS = new Map<string, string | readonly boolean[]>();
const MAX_SAME_PARTS = 64;
export const partKey = (entry: ZipEntry | undefined): string =>
  entry ? `${entry.name.toLowerCase()}:${entry.crc32}:${entry.method}:${entry.compressedSize}:${entry.declaredSize}` : '';
export function remember(entry: ZipEntry | undefined, parsed: string | readonly boolean[]): void {
  if (!entry || SAME_PARTS.size >= MAX_SAME_PARTS) return;
  SAME_PARTS.set(partKey(entry), parsed);
}

/** A part that would inflate past the limits: the parameters of a `file.tooLarge` problem. */
export type TooLarge = { readonly part: string; readonly size: number; readonly limit: number };

export interface WorkbookParts {
  /** the zip's entries by lower-cased name (part names are case-insensitive); the first of two alike wins */
  readonly directory: ReadonlyMap<string, ZipEntry>;
  /** Inflates the named parts that exist and are not read yet, within the limits. */
  readonly load: (names: readonly string[]) => TooLarge | undefined;
  /** a part's bytes, if loaded */
  readonly part: (name: string) => Uint8Array | undefined;
  /** a part's text, if loaded */
  readonly text: (name: string) => string | undefined;
}

const utf8 = new TextDecoder('utf-8');

export function openParts(bytes: Uint8Array, limits: ReadLimits): WorkbookParts {
  const directory = new Map<string, ZipEntry>();
  for (const entry of zipEntries(bytes)) if (!directory.has(entry.name.toLowerCase())) directory.set(entry.name.toLowerCase(), entry);
  const parts = new Map<string, Uint8Array>();
  let inflated = 0;
  const load = (names: readonly string[]): TooLarge | undefined => {
    const wanted = [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => !parts.has(n) && directory.has(n));
    // The sizes a directory declares are claims, but an honest bomb is refused before any work.
    let declared = inflated;
    for (const name of wanted) {
      const size = directory.get(name)!.declaredSize;
      declared += size;
      if (size > limits.maxPartBytes) return { part: clipText(name), size, limit: limits.maxPartBytes };
      if (declared > limits.maxTotalBytes) return { part: clipText(name), size: declared, limit: limits.maxTotalBytes };
    }
    for (const name of wanted) {
      const left = limits.maxTotalBytes - inflated;
      const budget = Math.min(limits.maxPartBytes, left);
      const data = readEntry(bytes, directory.get(name)!, budget);
      // What really comes out is counted, and inflation stops at the budget.
      if (data === undefined) return { part: clipText(name), size: budget + 1, limit: budget === left ? limits.maxTotalBytes : limits.maxPartBytes };
      inflated += data.length;
      parts.set(name, data);
    }
    return undefined;
  };
  const part = (name: string): Uint8Array | undefined => parts.get(name.toLowerCase());
  const text = (name: string): string | undefined => {
    const data = part(name);
    return data ? utf8.decode(data) : undefined;
  };
  return { directory, load, part, text };
}
