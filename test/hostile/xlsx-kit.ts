import { deflateSync, strToU8, zipSync } from 'fflate';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Workbooks built byte by byte for the hostile corpus: a minimal .xlsx writer that can put any
 * XML in a cell (formulas, errors, styles, merges, hidden sheets), a raw zip writer that can lie
 * in its directory, and a minimal OLE compound file. Nothing here comes from the code under test.
 */

export type RawCell = { readonly t?: string; readonly s?: number; readonly f?: string; readonly v?: string | number };
export type Cell = string | number | boolean | null | undefined | RawCell;

export interface SheetSpec {
  readonly name: string;
  readonly rows: readonly (readonly Cell[])[];
  readonly state?: 'hidden' | 'veryHidden';
  readonly merges?: readonly string[];
  /** raw XML appended inside <sheetData>, after the rows */
  readonly tailRowsXml?: string;
  /** the whole sheet part, instead of one made from rows */
  readonly rawXml?: string;
}

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const colName = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : colName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

function cellXml(v: Cell, ref: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
  if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
  if (typeof v === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
  const attrs = `${v.t ? ` t="${v.t}"` : ''}${v.s !== undefined ? ` s="${v.s}"` : ''}`;
  return `<c r="${ref}"${attrs}>${v.f !== undefined ? `<f>${esc(v.f)}</f>` : ''}${v.v !== undefined ? `<v>${esc(String(v.v))}</v>` : ''}</c>`;
}

export function sheetXml(sheet: SheetSpec): string {
  const out: string[] = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>`];
  sheet.rows.forEach((cells, r) => {
    let row = '';
    cells.forEach((v, c) => (row += cellXml(v, `${colName(c)}${r + 1}`)));
    if (row) out.push(`<row r="${r + 1}">${row}</row>`);
  });
  if (sheet.tailRowsXml) out.push(sheet.tailRowsXml);
  out.push('</sheetData>');
  if (sheet.merges?.length) out.push(`<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`);
  out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
  return out.join('');
}

/** A styles part whose cell formats are, by index: 0 General, 1 built-in date (14), 2 custom dd/mm/yyyy. */
export const DATE_STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;

/** The parts of a minimal workbook, by name; zip them with `zip` or `rawZip`. */
export function bookParts(sheets: readonly SheetSpec[], options: { styles?: string; extra?: Record<string, string> } = {}): Record<string, string> {
  const parts: Record<string, string> = {
    '[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('')}</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheets
      .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG}">${sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}${options.styles ? `<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>` : ''}</Relationships>`,
  };
  if (options.styles) parts['xl/styles.xml'] = options.styles;
  sheets.forEach((s, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = s.rawXml ?? sheetXml(s)));
  return { ...parts, ...(options.extra ?? {}) };
}

export function zip(parts: Record<string, string | Uint8Array>, level: 0 | 1 | 6 = 6): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, data] of Object.entries(parts)) files[name] = typeof data === 'string' ? strToU8(data) : data;
  return zipSync(files, { level });
}

export function book(sheets: readonly SheetSpec[], options: { styles?: string; extra?: Record<string, string>; level?: 0 | 1 | 6 } = {}): Uint8Array {
  return zip(bookParts(sheets, options), options.level ?? 6);
}

/** One entry of a zip written by hand: the compressed bytes and what the directory says of them. */
export interface RawEntry {
  readonly name: string;
  /** the bytes as stored (already deflated when method is 8) */
  readonly data: Uint8Array;
  readonly method: number;
  /** the inflated size the directory declares: true or not */
  readonly size: number;
  readonly crc: number;
  readonly flags?: number;
}

/** An honest entry: deflated, with its true size and CRC. */
export function deflatedEntry(name: string, content: string | Uint8Array): RawEntry {
  const raw = typeof content === 'string' ? strToU8(content) : content;
  return { name, data: deflateSync(raw), method: 8, size: raw.length, crc: crc32(raw) };
}

export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, (e.flags ?? 0) | 0x800, true);
    local.setUint16(8, e.method, true);
    local.setUint32(14, e.crc >>> 0, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, Math.min(e.size, 0xffffffff), true);
    local.setUint16(26, name.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(8, (e.flags ?? 0) | 0x800, true);
    dir.setUint16(10, e.method, true);
    dir.setUint32(16, e.crc >>> 0, true);
    dir.setUint32(20, e.data.length, true);
    dir.setUint32(24, Math.min(e.size, 0xffffffff), true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), name, e.data);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  return concat([...chunks, ...central, new Uint8Array(end.buffer)]);
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * A raw deflate stream of `mib` MiB of zeros, about 1/1000 of that in size: one 16 MiB block
 * compressed with a full flush (byte-aligned, no back-reference across it), repeated, then an
 * empty final block. Also its true CRC, so a directory can be honest about it.
 */
export function zerosStream(mib: number): { data: Uint8Array; size: number; crc: number } {
  let blockMib = Math.min(16, mib);
  while (mib % blockMib !== 0) blockMib--;
  const zeros = Buffer.alloc(blockMib * 1024 * 1024);
  const block = deflateRawSync(zeros, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const copies = mib / blockMib;
  let crc = 0;
  for (let i = 0; i < copies; i++) crc = crc32(zeros, crc);
  return { data: concat([...Array.from({ length: copies }, () => block), new Uint8Array([0x03, 0x00])]), size: copies * zeros.length, crc };
}

/**
 * A minimal OLE compound file (the container of .xls files and of encrypted .xlsx files): a
 * header, one FAT sector, one directory sector, and each stream in whole 512-byte sectors.
 */
export function compoundFile(streams: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const SECTOR = 512;
  const sectorsOf = (n: number) => Math.max(1, Math.ceil(n / SECTOR));
  const header = new DataView(new ArrayBuffer(SECTOR));
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].forEach((b, i) => header.setUint8(i, b));
  header.setUint16(24, 0x3e, true);
  header.setUint16(26, 3, true);
  header.setUint16(28, 0xfffe, true);
  header.setUint16(30, 9, true);
  header.setUint16(32, 6, true);
  header.setUint32(44, 1, true); // one FAT sector
  header.setUint32(48, 1, true); // the directory in sector 1
  header.setUint32(56, 4096, true);
  header.setUint32(60, 0xfffffffe, true);
  header.setUint32(68, 0xfffffffe, true);
  header.setUint32(76, 0, true); // DIFAT[0]: the FAT is sector 0
  for (let i = 1; i < 109; i++) header.setUint32(76 + i * 4, 0xffffffff, true);

  const fat = new DataView(new ArrayBuffer(SECTOR));
  for (let i = 0; i < 128; i++) fat.setUint32(i * 4, 0xffffffff, true);
  fat.setUint32(0, 0xfffffffd, true);
  fat.setUint32(4, 0xfffffffe, true);
  const dir = new DataView(new ArrayBuffer(SECTOR));
  const entry = (index: number, name: string, type: number, start: number, size: number, right: number, child: number) => {
    const base = index * 128;
    for (let i = 0; i < name.length; i++) dir.setUint16(base + i * 2, name.charCodeAt(i), true);
    dir.setUint16(base + 64, (name.length + 1) * 2, true);
    dir.setUint8(base + 66, type);
    dir.setUint8(base + 67, 1);
    dir.setUint32(base + 68, 0xffffffff, true);
    dir.setUint32(base + 72, right, true);
    dir.setUint32(base + 76, child, true);
    dir.setUint32(base + 116, start, true);
    dir.setUint32(base + 120, size, true);
  };
  entry(0, 'Root Entry', 5, 0xfffffffe, 0, 0xffffffff, streams.length > 0 ? 1 : 0xffffffff);
  let next = 2;
  const body: Uint8Array[] = [];
  streams.forEach((s, i) => {
    const n = sectorsOf(s.data.length);
    for (let k = 0; k < n; k++) fat.setUint32((next + k) * 4, k === n - 1 ? 0xfffffffe : next + k + 1, true);
    entry(i + 1, s.name, 2, next, s.data.length, i + 1 < streams.length ? i + 2 : 0xffffffff, 0xffffffff);
    const padded = new Uint8Array(n * SECTOR);
    padded.set(s.data);
    body.push(padded);
    next += n;
  });
  return concat([new Uint8Array(header.buffer), new Uint8Array(fat.buffer), new Uint8Array(dir.buffer), ...body]);
}

/** Deterministic pseudo-random bytes (a linear congruential generator), for stream contents. */
export function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
