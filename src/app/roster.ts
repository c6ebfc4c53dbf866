import Papa from 'papaparse';
import type { RosterEntry } from '../core/consolidate';
import type { Localized } from '../core/model';
import { problem, type Problem } from '../core/problems';

/** A roster as read: its units, or (when it cannot be read) none and an error saying what to fix. */
export interface RosterReading {
  /** undefined when the roster cannot be read: the units are then consolidated without one */
  readonly entries?: RosterEntry[];
  /**
   * The roster's other columns (e-mail, telephone, person in charge…), kept for the list of who
   * has sent: their headers, and each entry's cells in that order (cells[i] is entries[i]'s).
   */
  readonly extra?: { readonly headers: readonly string[]; readonly cells: readonly (readonly string[])[] };
  /** the roster's own problems: rosterUnreadable (error), rosterDuplicate (warning) */
  readonly problems: Problem[];
}

/** The header row is looked for in this many rows, so a title line or two above it is fine. */
const HEADER_SEARCH_ROWS = 10;

/** Header texts, folded (no case, no diacritics, no spaces): what offices write, in Vietnamese or English. */
const CODE_HEADERS = new Set(['madonvi', 'madv', 'ma', 'unitcode', 'code']);
const NAME_HEADERS = new Set(['tendonvi', 'tendv', 'ten', 'donvi', 'unit', 'unitname', 'name']);
/** Row numbers, not contacts. */
const NUMBER_HEADERS = new Set(['stt', 'tt', 'no', 'number', 'sothutu']);

/** "Mã đơn vị " → "madonvi": case, diacritics (đ included), spaces and punctuation do not matter. */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s_.-]+/g, '');
}

const REASONS = {
  empty: { vi: 'tệp trống', en: 'the file is empty' },
  noHeader: {
    vi: `không thấy cột mã đơn vị hoặc tên đơn vị; dòng tiêu đề (trong ${HEADER_SEARCH_ROWS} dòng đầu) cần có 'Mã đơn vị' và/hoặc 'Tên đơn vị'`,
    en: `no unit code or unit name column; the header row (within the first ${HEADER_SEARCH_ROWS} rows) needs 'Mã đơn vị' (unitCode) and/or 'Tên đơn vị' (unit)`,
  },
  noUnits: { vi: 'có dòng tiêu đề nhưng không có đơn vị nào bên dưới', en: 'there is a header row but no unit below it' },
  oldXls: {
    vi: 'tệp .xls (Excel 97–2003) không đọc được; hãy mở bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV',
    en: 'an .xls file (Excel 97–2003) cannot be read; open it in Excel and save it as .xlsx or CSV',
  },
  badWorkbook: {
    vi: 'tệp bảng tính bị hỏng hoặc không phải .xlsx/.ods; hãy mở bằng Excel và lưu lại dưới dạng .xlsx hoặc CSV',
    en: 'the workbook is damaged or not an .xlsx/.ods; open it in Excel and save it as .xlsx or CSV',
  },
  noSheet: { vi: 'sổ làm việc không có trang tính nào', en: 'the workbook has no worksheet' },
} as const satisfies Record<string, Localized>;

/**
 * A roster file's bytes → its units. CSV (comma, semicolon or tab) in UTF-8 with or without BOM,
 * UTF-16 with BOM, or Windows-1258 (Excel's "CSV" on Vietnamese Windows); or an .xlsx/.ods whose
 * first sheet holds the list. Never throws on bad data: what cannot be read is a problem.
 */
export async function parseRosterBytes(bytes: Uint8Array, fileName?: string): Promise<RosterReading> {
  const where = fileName ? { file: fileName } : {};
  const unreadable = (reason: Localized): RosterReading => ({ problems: [problem('error', 'consolidate.rosterUnreadable', where, { reason })] });
  if (bytes.length === 0) return unreadable(REASONS.empty);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return unreadable(REASONS.oldXls);
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // the workbook reader is the browser's lazily loaded chunk
    const { readWorkbook } = await import('./xlsx-module');
    const read = readWorkbook(bytes);
    if (!read.ok) return unreadable(REASONS.badWorkbook);
    const first = read.workbook.sheets[0];
    if (!first) return unreadable(REASONS.noSheet);
    // rows and cells are sparse (holes are empty cells): Array.from visits the holes, map would not
    const rows = Array.from(first.rows, (row) => Array.from(row ?? [], (cell) => (cell && cell.value !== null ? String(cell.value) : '')));
    return rosterFromRows(rows, fileName);
  }
  const text = decodeRosterText(bytes);
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimiter: guessDelimiter(text) });
  return rosterFromRows(parsed.data, fileName);
}

/**
 * Rows of cells (the first row is the file's row 1) → the roster: the header row is the first of
 * the first rows that names a code or name column; every non-empty row below it is a unit.
 */
export function rosterFromRows(rows: readonly (readonly string[])[], fileName?: string): RosterReading {
  const where = fileName ? { file: fileName } : {};
  const unreadable = (reason: Localized): RosterReading => ({ problems: [problem('error', 'consolidate.rosterUnreadable', where, { reason })] });
  if (rows.every((row) => row.every((cell) => cell.trim() === ''))) return unreadable(REASONS.empty);

  let headerRow = -1;
  let codeColumn = -1;
  let nameColumn = -1;
  for (let r = 0; r < Math.min(rows.length, HEADER_SEARCH_ROWS) && headerRow < 0; r++) {
    const folded = rows[r]!.map(foldHeader);
    codeColumn = folded.findIndex((h) => CODE_HEADERS.has(h));
    nameColumn = folded.findIndex((h) => NAME_HEADERS.has(h));
    if (codeColumn >= 0 || nameColumn >= 0) headerRow = r;
  }
  if (headerRow < 0) return unreadable(REASONS.noHeader);

  const entries: RosterEntry[] = [];
  const problems: Problem[] = [];
  // the other named columns, kept as they are headed
  const header = rows[headerRow]!;
  const extraColumns = header
    .map((h, c) => ({ h: cellText(h), c }))
    .filter(({ h, c }) => h !== undefined && c !== codeColumn && c !== nameColumn && !NUMBER_HEADERS.has(foldHeader(h)));
  const extraCells: string[][] = [];
  // first row (1-based, as the office sees it) of each code, or of each name written without a code
  const firstRowOf = new Map<string, number>();
  for (let r = headerRow + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const unitCode = cellText(row[codeColumn]);
    const unit = cellText(row[nameColumn]);
    if (!unitCode && !unit) continue;
    const key = unitCode ? `code:${unitCode.toLocaleLowerCase('vi')}` : `name:${unit!.toLocaleLowerCase('vi')}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      // the first row is kept: one unit expected once
      // row numbers as text: "dòng 1200", not the thousands-separated "1.200"
      const kind: Localized = unitCode ? { vi: 'mã', en: 'code' } : { vi: 'tên', en: 'name' };
      problems.push(problem('warning', 'consolidate.rosterDuplicate', where, { row: String(r + 1), firstRow: String(first), kind, unit: unitCode ?? unit! }));
      continue;
    }
    firstRowOf.set(key, r + 1);
    entries.push({ ...(unitCode ? { unitCode } : {}), ...(unit ? { unit } : {}) });
    extraCells.push(extraColumns.map(({ c }) => cellText(row[c]) ?? ''));
  }
  if (entries.length === 0) return unreadable(REASONS.noUnits);
  return { entries, problems, ...(extraColumns.length > 0 ? { extra: { headers: extraColumns.map(({ h }) => h!), cells: extraCells } } : {}) };
}

/**
 * Comma, semicolon (Excel where the decimal mark is a comma, as in Vietnam) or tab: the one used
 * most in the first lines. Papa's own guess wants several consistent rows, and a roster may have one.
 */
function guessDelimiter(text: string): string {
  const head = text.split(/\r?\n/, HEADER_SEARCH_ROWS + 1).join('\n');
  const counts = [',', ';', '\t'].map((d) => [d, head.split(d).length - 1] as const);
  return counts.reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

const cellText = (cell: string | undefined): string | undefined => {
  const text = cell?.normalize('NFC').trim().replace(/\s+/g, ' ');
  return text ? text : undefined;
};

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean => prefix.every((b, i) => bytes[i] === b);

/** The text of a CSV file: BOM first, else UTF-8 when the bytes are valid UTF-8, else Windows-1258. NFC. */
export function decodeRosterText(bytes: Uint8Array): string {
  let text: string;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) text = new TextDecoder('utf-8').decode(bytes.subarray(3));
  else if (startsWith(bytes, [0xff, 0xfe])) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (startsWith(bytes, [0xfe, 0xff])) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else text = decodeUtf8(bytes) ?? decodeWindows1258(bytes);
  // Windows-1258 writes tones as combining marks, Macs write NFD: compare letters, not byte sequences
  return text.normalize('NFC');
}

/** UTF-8 lead bytes: how many continuation bytes follow, and the range of the first (no overlongs, no surrogates; RFC 3629). */
const UTF8_LEADS = [
  { from: 0xc2, to: 0xdf, more: 1, low: 0x80, high: 0xbf },
  { from: 0xe0, to: 0xe0, more: 2, low: 0xa0, high: 0xbf },
  { from: 0xe1, to: 0xec, more: 2, low: 0x80, high: 0xbf },
  { from: 0xed, to: 0xed, more: 2, low: 0x80, high: 0x9f },
  { from: 0xee, to: 0xef, more: 2, low: 0x80, high: 0xbf },
  { from: 0xf0, to: 0xf0, more: 3, low: 0x90, high: 0xbf },
  { from: 0xf1, to: 0xf3, more: 3, low: 0x80, high: 0xbf },
  { from: 0xf4, to: 0xf4, more: 3, low: 0x80, high: 0x8f },
] as const;

/**
 * The bytes as UTF-8 when they are valid UTF-8, else undefined. Checked by hand rather than by a
 * fatal TextDecoder's throw: not UTF-8 is an expected answer here, not an exception.
 */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const shape = UTF8_LEADS.find((s) => lead >= s.from && lead <= s.to);
    if (!shape || i + shape.more >= bytes.length) return undefined;
    for (let k = 1; k <= shape.more; k++) {
      const b = bytes[i + k]!;
      if (k === 1 ? b < shape.low || b > shape.high : b < 0x80 || b > 0xbf) return undefined;
    }
    i += shape.more + 1;
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** Windows-1258 bytes 0x80–0x9F (WHATWG index; unassigned bytes map to C1 controls, as browsers do). */
const WINDOWS_1258_80_9F = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x008a, 0x2039, 0x0152, 0x008d, 0x008e, 0x008f, 0x0090, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x009a, 0x203a, 0x0153, 0x009d, 0x009e, 0x0178,
];
/** Bytes 0xA0–0xFF are Latin-1 except these: Vietnamese letters and the combining tone marks. */
const WINDOWS_1258_DIFFERS: Readonly<Record<number, number>> = {
  0xc3: 0x0102,
  0xcc: 0x0300,
  0xd0: 0x0110,
  0xd2: 0x0309,
  0xd5: 0x01a0,
  0xdd: 0x01af,
  0xde: 0x0303,
  0xe3: 0x0103,
  0xec: 0x0301,
  0xf0: 0x0111,
  0xf2: 0x0323,
  0xf5: 0x01a1,
  0xfd: 0x01b0,
  0xfe: 0x20ab,
};

/**
 * Windows-1258 by hand: a single-byte code page, and Node built with small ICU (and some
 * webviews) have no TextDecoder for it.
 */
export function decodeWindows1258(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b < 0x80 ? b : b < 0xa0 ? WINDOWS_1258_80_9F[b - 0x80]! : (WINDOWS_1258_DIFFERS[b] ?? b));
  return text;
}

/** A unit's cells in the roster's other columns, found by its code, else its name (as the roster wrote them, any case). */
export function rosterContacts(reading: RosterReading): (unit: { unitCode?: string; unit?: string }) => readonly string[] {
  const extra = reading.extra;
  if (!extra || !reading.entries) return () => [];
  const fold = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
  const byKey = new Map<string, readonly string[]>();
  reading.entries.forEach((entry, i) => {
    const cells = extra.cells[i] ?? [];
    if (entry.unitCode) byKey.set(`code:${fold(entry.unitCode)}`, cells);
    if (entry.unit && !byKey.has(`name:${fold(entry.unit)}`)) byKey.set(`name:${fold(entry.unit)}`, cells);
  });
  return (unit) =>
    (unit.unitCode ? byKey.get(`code:${fold(unit.unitCode)}`) : undefined) ??
    (unit.unit ? byKey.get(`name:${fold(unit.unit)}`) : undefined) ??
    extra.headers.map(() => '');
}
