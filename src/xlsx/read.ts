import { isDateFormatCode } from '../core/numfmt';
import { clipText, type ProblemParam, type ProblemRule } from '../core/problems';
import type { RawCell } from '../core/values';
import { COL, WIDE_SHEET_KEYS, type SheetData, type WorkbookData } from '../sheet/grid';
import { readEntry, zipEntries, ZipError, type ZipEntry } from './zip';

/**
 * .xlsx → values, by unzipping only the parts needed and scanning their XML. A small appendix
 * workbook is mostly zip and XML: loading it whole through a general library costs ten times more.
 * Reads what Excel, LibreOffice and other generators write (namespace prefixes, cells without
 * "r", inline strings, shared formulas, 1904 dates). Never throws on what the bytes hold: a file
 * that cannot be read is a ReadFailure, and the inflated size is bounded by the limits whatever
 * the zip's directory claims (docs/reliability.md).
 */

export interface ReadLimits {
  /** the most one part may inflate to */
  readonly maxPartBytes: number;
  /** the most all the parts read may inflate to together */
  readonly maxTotalBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxPartBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

/** Excel's grid: cells outside it exist in no spreadsheet program and are not read. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

export type ReadFailure = { readonly ok: false; readonly rule: ProblemRule; readonly params: Record<string, ProblemParam> };
export type ReadResult = { readonly ok: true; readonly workbook: WorkbookData } | ReadFailure;

export const fail = (rule: ProblemRule, params: Record<string, ProblemParam> = {}): ReadFailure => ({ ok: false, rule, params });

export const REASONS = {
  corrupt: {
    vi: 'tệp nén bị hỏng hoặc bị cắt cụt (có thể tải về hoặc sao chép chưa hết); hãy đề nghị gửi lại tệp',
    en: 'the zip container is damaged or cut short (perhaps an incomplete download or copy); ask for the file again',
  },
  unsupported: {
    vi: 'tệp nén dùng kiểu nén mà Excel không dùng; hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx',
    en: 'the zip uses a compression Excel does not use; open it in Excel or LibreOffice and save it as .xlsx',
  },
  noWorkbook: {
    vi: 'tệp nén không chứa bảng tính Excel (không có phần xl/workbook.xml), có thể là tệp Word hay PowerPoint bị đổi tên',
    en: 'the zip holds no Excel workbook (no xl/workbook.xml part); perhaps a Word or PowerPoint file renamed',
  },
  noWorksheet: { vi: 'sổ làm việc không có trang tính nào', en: 'the workbook has no worksheet' },
} as const;

/** What a ZipError means to the person who sent the file; shared by every zipped format read. */
export function zipFailure(e: ZipError): ReadFailure {
  switch (e.kind) {
    case 'notZip':
      return fail('file.notXlsx');
    case 'encrypted':
      return fail('file.encrypted');
    case 'unsupported':
      return fail('file.unreadable', { reason: REASONS.unsupported });
    case 'corrupt':
      return fail('file.unreadable', { reason: REASONS.corrupt });
  }
}

/**
 * Parts that many files share byte for byte (the styles and relationships of every unit file made
 * from one template), read once: known by the checksum and sizes their zip directory states.
 */
const SAME_PARTS = new Map<string, string | readonly boolean[]>();
const MAX_SAME_PARTS = 64;
const partKey = (entry: ZipEntry | undefined): string =>
  entry ? `${entry.name.toLowerCase()}:${entry.crc32}:${entry.method}:${entry.compressedSize}:${entry.declaredSize}` : '';
function remember(entry: ZipEntry | undefined, parsed: string | readonly boolean[]): void {
  if (!entry || SAME_PARTS.size >= MAX_SAME_PARTS) return;
  SAME_PARTS.set(partKey(entry), parsed);
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Which cells to read. `appendix`: only columns A (keys) and D (values), the two a report is read
 * from, so the labels, units and notes of every unit file are never decoded; a sheet with data in
 * other columns (a summary's breakdown, the old per-unit columns, marked in column A) is read whole.
 */
export type CellsWanted = 'all' | 'appendix';

export function readXlsx(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS, cells: CellsWanted = 'all'): ReadResult {
  try {
    return readZippedWorkbook(bytes, limits, cells);
  } catch (e) {
    if (e instanceof ZipError) return zipFailure(e);
    throw e;
  }
}

function readZippedWorkbook(bytes: Uint8Array, limits: ReadLimits, cells: CellsWanted): ReadResult {
  if (startsWith(bytes, OLE_MAGIC)) {
    // An OLE compound file is either a real .xls or an .xlsx wrapped in encryption.
    return containsUtf16(bytes, 'EncryptedPackage') ? fail('file.encrypted') : fail('file.oldXls');
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return fail('file.notXlsx');

  // The directory, by lower-cased name (part names are case-insensitive); the first of two alike wins.
  const directory = new Map<string, ZipEntry>();
  for (const entry of zipEntries(bytes)) if (!directory.has(entry.name.toLowerCase())) directory.set(entry.name.toLowerCase(), entry);
  const parts = new Map<string, Uint8Array>();
  let inflated = 0;
  /** Inflates the named parts that exist and are not read yet, within the limits. */
  const load = (names: readonly string[]): ReadFailure | undefined => {
    const wanted = [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => !parts.has(n) && directory.has(n));
    // The sizes a directory declares are claims, but an honest bomb is refused before any work.
    let declared = inflated;
    for (const name of wanted) {
      const size = directory.get(name)!.declaredSize;
      declared += size;
      if (size > limits.maxPartBytes) return fail('file.tooLarge', { part: clipText(name), size, limit: limits.maxPartBytes });
      if (declared > limits.maxTotalBytes) return fail('file.tooLarge', { part: clipText(name), size: declared, limit: limits.maxTotalBytes });
    }
    for (const name of wanted) {
      const left = limits.maxTotalBytes - inflated;
      const budget = Math.min(limits.maxPartBytes, left);
      const data = readEntry(bytes, directory.get(name)!, budget);
      // What really comes out is counted, and inflation stops at the budget.
      if (data === undefined)
        return fail('file.tooLarge', { part: clipText(name), size: budget + 1, limit: budget === left ? limits.maxTotalBytes : limits.maxPartBytes });
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

  // The root relationships name the workbook part; they are only read when it is not where it usually is.
  const standard = directory.has('xl/workbook.xml');
  const failedRoot = standard ? undefined : load(['_rels/.rels']);
  if (failedRoot) return failedRoot;
  const rootRels = standard ? undefined : text('_rels/.rels');
  const workbookPath = (rootRels && relTargets(rootRels, '', /officeDocument$/)[0]) ?? 'xl/workbook.xml';
  const baseDir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${baseDir}_rels/${workbookPath.slice(baseDir.length)}.rels`;
  const cachedRels = SAME_PARTS.get(partKey(directory.get(relsPath.toLowerCase())));
  const failedWorkbook = load(typeof cachedRels === 'string' ? [workbookPath] : [workbookPath, relsPath]);
  if (failedWorkbook) return failedWorkbook;
  const workbookXml = text(workbookPath);
  // A .docx or .pptx renamed has an office document too, but not a workbook.
  if (workbookXml === undefined || !/<(?:\w+:)?workbook\b/.test(workbookXml)) {
    return directory.has('[content_types].xml') ? fail('file.unreadable', { reason: REASONS.noWorkbook }) : fail('file.notXlsx');
  }
  const relsXml = typeof cachedRels === 'string' ? cachedRels : (text(relsPath) ?? '');
  remember(directory.get(relsPath.toLowerCase()), relsXml);
  const rels = relationshipMap(relsXml, baseDir);
  const sharedPath = relTargets(relsXml, baseDir, /sharedStrings$/)[0] ?? `${baseDir}sharedStrings.xml`;
  const stylesPath = relTargets(relsXml, baseDir, /styles$/)[0] ?? `${baseDir}styles.xml`;
  // Only the parts with cells: not the theme, drawings or calculation chain.
  const stylesEntry = directory.get(stylesPath.toLowerCase());
  const cachedStyles = SAME_PARTS.get(partKey(stylesEntry));
  const failedParts = load([sharedPath, ...(Array.isArray(cachedStyles) ? [] : [stylesPath]), ...relTargets(relsXml, baseDir, /\/worksheet$/)]);
  if (failedParts) return failedParts;

  const shared = new SharedStrings(text(sharedPath) ?? '');
  const dateStyles = Array.isArray(cachedStyles) ? cachedStyles : parseDateStyles(text(stylesPath) ?? '');
  remember(stylesEntry, dateStyles);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml);

  const sheets: SheetData[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
    const attrs = m[1]!;
    // Excel allows 31 characters; a longer name is cut so that every message naming the sheet stays readable.
    const name = clipText(decodeXml(attr(attrs, 'name') ?? ''), MAX_SHEET_NAME);
    const relId = /\s(?:[A-Za-z_][\w.-]*:)id=["']([^"']*)["']/.exec(` ${attrs}`)?.[1];
    const state = attr(attrs, 'state');
    const path = relId ? rels.get(relId) : undefined;
    const data = path ? part(path) : undefined;
    if (data === undefined) continue; // chart sheets and dialog sheets have no cells
    const cellsEnd = sheetDataEnd(data);
    const xml = utf8.decode(data.subarray(0, cellsEnd));
    const merges = mergedRanges(data, cellsEnd);
    sheets.push({
      name,
      state: state === 'hidden' ? 'hidden' : state === 'veryHidden' ? 'veryHidden' : 'visible',
      rows: cells === 'all' ? scanSheet(xml, shared, dateStyles) : scanAppendix(xml, shared, dateStyles),
      ...(merges.length > 0 ? { merges } : {}),
    });
  }
  if (sheets.length === 0) return fail('file.unreadable', { reason: REASONS.noWorksheet });
  return { ok: true, workbook: { sheets, date1904 } };
}

const utf8 = new TextDecoder('utf-8');
export const MAX_SHEET_NAME = 100;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) needle[i * 2] = text.charCodeAt(i);
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

const attrPatterns = new Map<string, RegExp>();
/** An attribute's value; the common spelling (one space, double quotes) is found without a regex. */
function attr(attrs: string, name: string): string | undefined {
  const key = ` ${name}="`;
  const at = attrs.indexOf(key);
  if (at >= 0) return attrs.slice(at + key.length, attrs.indexOf('"', at + key.length));
  if (!attrs.includes(`${name}=`)) return undefined;
  let re = attrPatterns.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)')`);
    attrPatterns.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

function resolvePath(baseDir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (baseDir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relationshipMap(xml: string, baseDir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\s([^>]*?)\/?>/g)) {
    const id = attr(m[1]!, 'Id');
    const target = attr(m[1]!, 'Target');
    if (id && target && attr(m[1]!, 'TargetMode') !== 'External') map.set(id, resolvePath(baseDir, decodeXml(target)));
  }
  return map;
}

function relTargets(xml: string, baseDir: string, type: RegExp): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\s([^>]*?)\/?>/g)) {
    const t = attr(m[1]!, 'Type');
    const target = attr(m[1]!, 'Target');
    if (t && target && type.test(t)) out.push(resolvePath(baseDir, decodeXml(target)));
  }
  return out;
}

// A Map, not an object: "&constructor;" or "&__proto__;" in a file must not find Object's own properties.
const ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES.get(e) ?? whole;
  });
}

/** OOXML escapes characters XML cannot carry as _xHHHH_. */
function decodeOoxml(s: string): string {
  const decoded = decodeXml(s);
  return decoded.includes('_x') ? decoded.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : decoded;
}

/** The text of a string item: its <t> runs, leaving out phonetic runs. */
function richText(xml: string): string {
  const body = xml.includes('rPh') ? xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) out += m[1] ?? '';
  return decodeOoxml(out);
}

/**
 * The shared strings part, each item decoded when a cell asks for it: a unit file shares every
 * label of the form, and a report needs only its keys and a few values.
 */
class SharedStrings {
  private readonly bodies: string[] = [];
  private readonly decoded = new Map<number, string>();

  constructor(xml: string) {
    for (const m of xml.matchAll(/<(?:\w+:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) this.bodies.push(m[1] ?? '');
  }

  get(index: number): string | undefined {
    const body = this.bodies[index];
    if (body === undefined) return undefined;
    let text = this.decoded.get(index);
    if (text === undefined) {
      text = richText(body);
      this.decoded.set(index, text);
    }
    return text;
  }
}

/** Columns A and D first; a sheet that marks data elsewhere in column A is read again, whole. */
function scanAppendix(xml: string, shared: SharedStrings, dateStyles: readonly boolean[]): (RawCell | undefined)[][] {
  const rows = scanSheet(xml, shared, dateStyles, (col) => col === COL.key || col === COL.value);
  const wide = rows.some((row) => {
    const key = row?.[COL.key]?.value;
    return typeof key === 'string' && WIDE_SHEET_KEYS.has(key.trim());
  });
  return wide ? scanSheet(xml, shared, dateStyles) : rows;
}

// Built-in number formats that are dates or times.
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Which cell style indexes (the "s" of a cell) show a date. */
function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\s([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1]!, 'numFmtId'));
    const code = attr(m[1]!, 'formatCode');
    if (Number.isFinite(id) && code !== undefined) custom.set(id, decodeXml(code));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1]!, 'numFmtId') ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return out;
}

function columnIndex(letters: string): number {
  let col = 0;
  for (let i = 0; i < letters.length; i++) col = col * 26 + (letters.charCodeAt(i) - 64);
  return col - 1;
}

const SHEET_DATA_CLOSE = Array.from('sheetData>', (c) => c.charCodeAt(0));

/** Where the cells end: what follows </sheetData> (validations, page set-up) is neither decoded nor scanned. */
function sheetDataEnd(bytes: Uint8Array): number {
  const n = SHEET_DATA_CLOSE.length;
  outer: for (let i = bytes.length - n; i >= 0; i--) {
    for (let j = 0; j < n; j++) if (bytes[i + j] !== SHEET_DATA_CLOSE[j]) continue outer;
    return i + n;
  }
  return bytes.length;
}

const MERGE_CELLS = Array.from('mergeCell', (c) => c.charCodeAt(0));

/** The merged ranges after </sheetData>, looked for without decoding the rest (validations, page set-up). */
function mergedRanges(bytes: Uint8Array, from: number): string[] {
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
function scanSheet(sheetXml: string, shared: SharedStrings, dateStyles: readonly boolean[], keep?: (col: number) => boolean): (RawCell | undefined)[][] {
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

/** The patterns inside a cell, per namespace prefix (almost always none, sometimes "x:"). */
interface CellPatterns {
  readonly f: RegExp;
  readonly is: RegExp;
  readonly v: RegExp;
}
const cellPatterns = new Map<string, CellPatterns>();
function patternsFor(p: string): CellPatterns {
  let found = cellPatterns.get(p);
  if (!found) {
    found = {
      f: new RegExp(`<${p}f(?:\\s[^>]*)?(?:\\/>|>([\\s\\S]*?)<\\/${p}f>)`),
      is: new RegExp(`<${p}is(?:\\s[^>]*)?>([\\s\\S]*?)<\\/${p}is>`),
      v: new RegExp(`<${p}v(?:\\s[^>]*)?>([\\s\\S]*?)<\\/${p}v>`),
    };
    cellPatterns.set(p, found);
  }
  return found;
}

function readCell(
  body: string,
  p: string,
  type: string | undefined,
  style: number,
  shared: SharedStrings,
  dateStyles: readonly boolean[],
): RawCell | undefined {
  const patterns = patternsFor(p);
  const f = body.includes(`<${p}f`) ? patterns.f.exec(body) : null;
  const rawValue = (): string | undefined => {
    // <v>…</v> without attributes is how every writer seen writes it; anything else takes the regex.
    const open = `<${p}v>`;
    const at = body.indexOf(open);
    if (at >= 0) {
      const end = body.indexOf(`</${p}v>`, at);
      if (end >= 0) return body.slice(at + open.length, end);
    }
    return patterns.v.exec(body)?.[1];
  };
  const formula = f ? decodeXml(f[1] ?? '') : undefined;
  const withFormula = (cell: RawCell): RawCell => (formula === undefined ? cell : { ...cell, formula });
  if (type === 'inlineStr') {
    const is = patterns.is.exec(body);
    return withFormula({ value: is ? richText(is[1]!) : '' });
  }
  const raw = rawValue();
  if (raw === undefined) return formula === undefined ? undefined : { value: null, formula, uncomputed: true };
  switch (type) {
    case 's': {
      const s = shared.get(Number(raw));
      return withFormula({ value: s ?? '' });
    }
    case 'str':
      return withFormula({ value: decodeOoxml(raw) });
    case 'b':
      return withFormula({ value: raw.trim() === '1' || raw.trim() === 'true' });
    case 'e':
      return withFormula({ value: decodeXml(raw).trim(), type: 'error' });
    case 'd': {
      const ms = Date.parse(decodeXml(raw).trim());
      if (Number.isNaN(ms)) return withFormula({ value: decodeXml(raw) });
      return withFormula({ value: ms / 86400000 + 25569, type: 'date' });
    }
    default: {
      const n = Number(raw.trim());
      if (raw.trim() === '' || Number.isNaN(n)) return withFormula({ value: decodeXml(raw) });
      return withFormula(dateStyles[style] ? { value: n, type: 'date' } : { value: n });
    }
  }
}

export { isDateFormatCode } from '../core/numfmt';
