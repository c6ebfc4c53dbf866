import { unzipSync } from 'fflate';
import type { ProblemRule } from '../core/problems';
import type { RawCell } from '../core/values';
import type { SheetData, WorkbookData } from '../sheet/grid';

/**
 * .xlsx → values, by unzipping only the parts needed and scanning their XML. A small appendix
 * workbook is mostly zip and XML: loading it whole through a general library costs ten times more.
 * Reads what Excel, LibreOffice and other generators write (namespace prefixes, cells without
 * "r", inline strings, shared formulas, 1904 dates).
 */

export interface ReadLimits {
  /** the most one part may inflate to */
  readonly maxPartBytes: number;
  /** the most all the parts read may inflate to together */
  readonly maxTotalBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxPartBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

export type ReadFailure = { readonly ok: false; readonly rule: ProblemRule; readonly params: Record<string, string | number> };
export type ReadResult = { readonly ok: true; readonly workbook: WorkbookData } | ReadFailure;

const fail = (rule: ProblemRule, params: Record<string, string | number> = {}): ReadFailure => ({ ok: false, rule, params });

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function readXlsx(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): ReadResult {
  if (startsWith(bytes, OLE_MAGIC)) {
    // An OLE compound file is either a real .xls or an .xlsx wrapped in encryption.
    return containsUtf16(bytes, 'EncryptedPackage') ? fail('file.encrypted') : fail('file.oldXls');
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return fail('file.notXlsx');

  // Two passes over the zip directory: the relationship parts first, then only the parts they name.
  const parts: Record<string, Uint8Array> = {};
  let inflated = 0;
  const take = (wanted: (name: string) => boolean): ReadFailure | undefined => {
    let oversized: number | undefined;
    let declared = inflated;
    let found: Record<string, Uint8Array>;
    try {
      found = unzipSync(bytes, {
        filter: (file) => {
          if (!wanted(file.name) || file.name in parts) return false;
          declared += file.originalSize;
          if (file.originalSize > limits.maxPartBytes || declared > limits.maxTotalBytes) {
            oversized ??= Math.max(file.originalSize, declared);
            return false;
          }
          return true;
        },
      });
    } catch (e) {
      return fail('file.unreadable', { reason: `zip: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (oversized !== undefined) return fail('file.tooLarge', { size: oversized, limit: limits.maxTotalBytes });
    for (const [name, data] of Object.entries(found)) {
      // The sizes in a zip's directory are claims: count what really came out.
      inflated += data.length;
      if (data.length > limits.maxPartBytes || inflated > limits.maxTotalBytes) {
        return fail('file.tooLarge', { size: inflated, limit: limits.maxTotalBytes });
      }
      parts[name] = data;
    }
    return undefined;
  };
  // Where Excel, LibreOffice and most generators put them; other names are fetched in a second pass.
  const failed = take((name) => USUAL_PARTS.test(name));
  if (failed) return failed;
  const text = (name: string): string | undefined => {
    const data = parts[name] ?? parts[caseInsensitiveKey(parts, name)];
    return data ? utf8.decode(data) : undefined;
  };

  // The root relationships name the workbook part; they are only read when it is not where it usually is.
  const ensure = (names: readonly string[]): ReadFailure | undefined => {
    const have = new Set(Object.keys(parts).map((n) => n.toLowerCase()));
    const missing = new Set(names.map((n) => n.toLowerCase()).filter((n) => !have.has(n)));
    return missing.size === 0 ? undefined : take((name) => missing.has(name.toLowerCase()));
  };
  const standard = 'xl/workbook.xml' in parts;
  const failedRoot = standard ? undefined : ensure(['_rels/.rels', '[Content_Types].xml']);
  if (failedRoot) return failedRoot;
  const rootRels = standard ? undefined : text('_rels/.rels');
  const workbookPath = (rootRels && relTargets(rootRels, '', /officeDocument$/)[0]) ?? 'xl/workbook.xml';
  const baseDir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${baseDir}_rels/${workbookPath.slice(baseDir.length)}.rels`;
  const failedWorkbook = ensure([workbookPath, relsPath]);
  if (failedWorkbook) return failedWorkbook;
  const relsXml = text(relsPath) ?? '';
  const rels = relationshipMap(relsXml, baseDir);
  const sharedPath = relTargets(relsXml, baseDir, /sharedStrings$/)[0] ?? `${baseDir}sharedStrings.xml`;
  const stylesPath = relTargets(relsXml, baseDir, /styles$/)[0] ?? `${baseDir}styles.xml`;
  // Only the parts with cells: not the theme, drawings or calculation chain.
  const failedParts = ensure([sharedPath, stylesPath, ...relTargets(relsXml, baseDir, /\/worksheet$/)]);
  if (failedParts) return failedParts;

  const workbookXml = text(workbookPath);
  if (workbookXml === undefined) {
    const failedTypes = ensure(['[Content_Types].xml']);
    if (failedTypes) return failedTypes;
    if (text('[Content_Types].xml') === undefined) return fail('file.notXlsx');
    return fail('file.unreadable', { reason: 'no workbook part' });
  }
  const shared = parseSharedStrings(text(sharedPath) ?? '');
  const dateStyles = parseDateStyles(text(stylesPath) ?? '');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml);

  const sheets: SheetData[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
    const attrs = m[1]!;
    const name = decodeXml(attr(attrs, 'name') ?? '');
    const relId = /\s(?:[A-Za-z_][\w.-]*:)id=["']([^"']*)["']/.exec(` ${attrs}`)?.[1];
    const state = attr(attrs, 'state');
    const path = relId ? rels.get(relId) : undefined;
    const data = path ? (parts[path] ?? parts[caseInsensitiveKey(parts, path)]) : undefined;
    const xml = data ? utf8.decode(data.subarray(0, sheetDataEnd(data))) : undefined;
    if (xml === undefined) continue; // chart sheets and dialog sheets have no cells
    sheets.push({
      name,
      state: state === 'hidden' ? 'hidden' : state === 'veryHidden' ? 'veryHidden' : 'visible',
      rows: scanSheet(xml, shared, dateStyles),
    });
  }
  if (sheets.length === 0) return fail('file.unreadable', { reason: 'no worksheet' });
  return { ok: true, workbook: { sheets, date1904 } };
}

const utf8 = new TextDecoder('utf-8');
const USUAL_PARTS = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/;

function caseInsensitiveKey(parts: Record<string, unknown>, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(parts).find((k) => k.toLowerCase() === lower) ?? name;
}

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

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return ENTITIES[e] ?? whole;
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

function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) out.push(richText(m[1] ?? ''));
  return out;
}

// Built-in number formats that are dates or times.
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

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

const TAG = /<((?:[A-Za-z_][\w.-]*:)?)(row|c)(\s[^>]*?)?(\/?)>/g;
const CELL_REF = /^([A-Z]{1,3})(\d+)$/;

function scanSheet(sheetXml: string, shared: readonly string[], dateStyles: readonly boolean[]): (RawCell | undefined)[][] {
  const xml = sheetXml;
  const rows: (RawCell | undefined)[][] = [];
  const plain = xml.indexOf('<sheetData');
  const start = plain >= 0 ? plain : xml.search(/<(?:\w+:)?sheetData\b/);
  if (start < 0) return rows;
  const re = new RegExp(TAG.source, 'g');
  re.lastIndex = start;
  let row = -1;
  let col = -1;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, prefix = '', tag, attrs = '', selfClosing] = m;
    if (tag === 'row') {
      const r = Number(attr(attrs, 'r'));
      row = Number.isInteger(r) && r > 0 ? r - 1 : row + 1;
      col = -1;
      continue;
    }
    const ref = attr(attrs, 'r');
    const parsed = ref ? CELL_REF.exec(ref) : null;
    if (parsed) {
      col = columnIndex(parsed[1]!);
      row = Number(parsed[2]) - 1;
    } else col += 1;
    if (selfClosing) continue;
    const close = `</${prefix}c>`;
    const end = xml.indexOf(close, re.lastIndex);
    if (end < 0) break;
    const body = xml.slice(re.lastIndex, end);
    re.lastIndex = end + close.length;
    const cell = readCell(body, prefix, attr(attrs, 't'), Number(attr(attrs, 's') ?? 0), shared, dateStyles);
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
  shared: readonly string[],
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
  if (raw === undefined) return formula === undefined ? undefined : { value: null, formula };
  switch (type) {
    case 's': {
      const s = shared[Number(raw)];
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
