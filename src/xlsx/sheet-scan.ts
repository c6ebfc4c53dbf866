import type { RawCell } from '../core/values';
import { COL, WIDE_SHEET_KEYS } from '../sheet/grid';
import { readCell } from './cell-decode';
import type { SharedStrings } from './workbook-parts';
import { attr } from './xml-text';

/**
 * The sheet scan: where a worksheet's cells end (`sheetDataEnd`), its merged ranges, and its cells
 * found tag by tag (`scanSheet`; `scanAppendix` for columns A and D only), each decoded by readCell.
 */

/** Excel's grid: cells outside it exist in no spreadsheet program and are not read. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

const utf8 = new TextDecoder('utf-8');

/** Columns A and D first; a sheet that marks data elsewhere in column A is read again, whole. */
export function scanAppendix(xml: string, shared: SharedStrings, dateStyles: readonly boolean[]): (RawCell | undefined)[][] {
  const rows = scanSheet(xml, shared, dateStyles, (col) => col === COL.key || col === COL.value);
  const wide = rows.some((row) => {
    const key = row?.[COL.key]?.value;
    return typeof key === 'string' && WIDE_SHEET_KEYS.has(key.trim());
  });
  return wide ? scanSheet(xml, shared, dateStyles) : rows;
}

function columnIndex(letters: string): number {
  let col = 0;
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  return col - 1;
}

const SHEET_DATA_CLOSE = Array.from('sheetData>', (c) => c.charCodeAt(0));

/** Where the cells end: what follows </sheetData> (validations, page set-up) is neither decoded nor scanned. */
export function sheetDataEnd(bytes: Uint8Array): number {
  const n = SHEET_DATA_CLOSE.length;
  outer: for (let i = bytes.length - n; i >= 0; i--) {
    for (let j = 0; j < n; j++) if (bytes[i + j] !== SHEET_DATA_CLOSE[j]) continue outer;
    return i + n;
  }
  return bytes.length;
}

const MERGE_CELLS = Array.from('mergeCell', (c) => c.charCodeAt(0));

/** The merged ranges after </sheetData>, looked for without decoding the rest (validations, page set-up). */
export function mergedRanges(bytes: Uint8Array, from: number): string[] {
  const at = indexOfBytes(bytes, MERGE_CELLS, from);
  if (at < 0) return [];
  const close = indexOfBytes(
    bytes,
    Array.from('/mergeCells>', (c) => c.charCodeAt(0)),
    at,
  );
  const xml = utf8.decode(bytes.subarray(at, close < 0 ? bytes.length : close));
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?mergeCell\s([^>]*?)\/?>/g)) {
    const ref = attr(m[1]!, 'ref')?.toUpperCase();
    if (ref && /^[A-Z]{1,3}\d+:[A-Z]{1,3}\d+$/.test(ref)) out.push(ref);
  }
  return out;
}

function indexOfBytes(bytes: Uint8Array, needle: readonly number[], from: number): number {
  const first = needle[0]!;
  for (let i = bytes.indexOf(first, from); i >= 0 && i + needle.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && bytes[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

const CELL_REF = /^([A-Z]{1,3})(\d+)$/;

// Characters of an XML name as writers use them in sheets: letters, digits, "_", ".", "-", ":".
const isNameChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 46 || c === 45;
const isNameStart = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;

/**
 * The cells of a sheet's XML, found tag by tag with indexOf rather than a regular expression: a
 * file is mostly cells, and a scanner that makes no match objects lets ten thousand files be read
 * with little garbage. Reads <row> and <c> under any namespace prefix; everything else is passed
 * over. `keep` names the columns wanted; the others are skipped without being decoded.
 */
export function scanSheet(sheetXml: string, shared: SharedStrings, dateStyles: readonly boolean[], keep?: (col: number) => boolean): (RawCell | undefined)[][] {
  const xml = sheetXml;
  const n = xml.length;
  const rows: (RawCell | undefined)[][] = [];
  const plain = xml.indexOf('<sheetData');
  const start = plain >= 0 ? plain : xml.search(/<(?:\w+:)?sheetData\b/);
  if (start < 0) return rows;
  let row = -1;
  let col = -1;
  let skipped: string | undefined;
  let closePrefix: string | undefined;
  let close = '</c>';
  for (let i = xml.indexOf('<', start + 1); i >= 0; ) {
    const nameStart = i + 1;
    if (!isNameStart(xml.charCodeAt(nameStart))) {
      i = xml.indexOf('<', nameStart);
      continue;
    }
    // the element's name, and where it starts after any prefix ("x:c" → "c")
    let k = nameStart;
    let local = nameStart;
    while (k < n) {
      const c = xml.charCodeAt(k);
      if (!isNameChar(c)) break;
      k++;
      if (c === 58) local = k;
    }
    const isCell = k - local === 1 && xml.charCodeAt(local) === 99; // c
    const isRow = !isCell && k - local === 3 && xml.startsWith('row', local);
    if (!isCell && !isRow) {
      i = xml.indexOf('<', k);
      continue;
    }
    const gt = xml.indexOf('>', k);
    if (gt < 0) break;
    const selfClosing = xml.charCodeAt(gt - 1) === 47; // "/"
    const attrs = xml.slice(k, selfClosing ? gt - 1 : gt);
    i = gt + 1;
    if (isRow) {
      const r = Number(attr(attrs, 'r'));
      row = Number.isInteger(r) && r > 0 ? r - 1 : row + 1;
      col = -1;
      skipped = undefined;
      i = xml.indexOf('<', i);
      continue;
    }
    // An empty styled cell that names its place: nothing to read, and the next cell names its own.
    if (selfClosing && attrs.includes(' r="')) {
      skipped = attrs;
      i = xml.indexOf('<', i);
      continue;
    }
    // A cell without "r" follows the one before it, even one skipped above.
    const own = attr(attrs, 'r');
    const ref = own ?? (skipped !== undefined ? attr(skipped, 'r') : undefined);
    skipped = undefined;
    const parsed = ref ? CELL_REF.exec(ref) : null;
    if (parsed) {
      col = columnIndex(parsed[1]!) + (own !== undefined ? 0 : 1);
      row = Number(parsed[2]) - 1;
    } else col += 1;
    if (selfClosing) {
      i = xml.indexOf('<', i);
      continue;
    }
    const prefix = local > nameStart ? xml.slice(nameStart, local) : '';
    if (prefix !== closePrefix) {
      closePrefix = prefix;
      close = `</${prefix}c>`;
    }
    const end = xml.indexOf(close, i);
    if (end < 0) break;
    const bodyStart = i;
    i = xml.indexOf('<', end + close.length);
    // Outside Excel's grid there is no cell: a row number of two billion would make every later pass over the rows crawl.
    if (row < 0 || row >= MAX_ROWS || col < 0 || col >= MAX_COLUMNS) continue;
    if (keep && !keep(col)) continue;
    const cell = readCell(xml.slice(bodyStart, end), prefix, attr(attrs, 't'), Number(attr(attrs, 's') ?? 0), shared, dateStyles);
    if (cell) (rows[row] ??= [])[col] = cell;
  }
  return rows;
}
