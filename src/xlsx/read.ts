import { READ_REASONS } from '../core/i18n/read-reasons';
import { clipText, type ProblemParam, type ProblemRule } from '../core/problems';
import type { SheetData, WorkbookData } from '../sheet/grid';
import { openParts, partKey, remember, SAME_PARTS } from './parts';
import { mergedRanges, scanAppendix, scanSheet, sheetDataEnd } from './sheet-scan';
import { isDate1904, parseDateStyles, relationshipMap, relTargets, SharedStrings, sheetList } from './workbook-parts';
import { ZipError } from './zip';

/**
 * .xlsx → values: the public entry. Unzips only the parts needed (parts.ts), reads the workbook's
 * own parts (workbook-parts.ts) and scans the sheets' XML (sheet-scan.ts). A small appendix
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

export type ReadFailure = { readonly ok: false; readonly rule: ProblemRule; readonly params: Record<string, ProblemParam> };
export type ReadResult = { readonly ok: true; readonly workbook: WorkbookData } | ReadFailure;

export const fail = (rule: ProblemRule, params: Record<string, ProblemParam> = {}): ReadFailure => ({ ok: false, rule, params });

/** The words of why a file cannot be read, now in the catalogue (src/core/i18n/read-reasons.ts). */
export const REASONS = READ_REASONS;

/** What a ZipError means to the person who sent the file; shared by every zipped format read. */
export function zipFailure(e: ZipError): ReadFailure {
  switch (e.kind) {
    case 'notZip':
      return fail('file.notXlsx');
    case 'encrypted':
      return fail('file.encrypted');
    case 'unsupported':
      return fail('file.unreadable', { reason: READ_REASONS.unsupported });
    case 'corrupt':
      return fail('file.unreadable', { reason: READ_REASONS.corrupt });
  }
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

  const { directory, load, part, text } = openParts(bytes, limits);
  const tooLarge = (names: readonly string[]): ReadFailure | undefined => {
    const failed = load(names);
    return failed ? fail('file.tooLarge', failed) : undefined;
  };

  // The root relationships name the workbook part; they are only read when it is not where it usually is.
  const standard = directory.has('xl/workbook.xml');
  const failedRoot = standard ? undefined : tooLarge(['_rels/.rels']);
  if (failedRoot) return failedRoot;
  const rootRels = standard ? undefined : text('_rels/.rels');
  const workbookPath = (rootRels && relTargets(rootRels, '', /officeDocument$/)[0]) ?? 'xl/workbook.xml';
  const baseDir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const relsPath = `${baseDir}_rels/${workbookPath.slice(baseDir.length)}.rels`;
  const cachedRels = SAME_PARTS.get(partKey(directory.get(relsPath.toLowerCase())));
  const failedWorkbook = tooLarge(typeof cachedRels === 'string' ? [workbookPath] : [workbookPath, relsPath]);
  if (failedWorkbook) return failedWorkbook;
  const workbookXml = text(workbookPath);
  // A .docx or .pptx renamed has an office document too, but not a workbook.
  if (workbookXml === undefined || !/<(?:\w+:)?workbook\b/.test(workbookXml)) {
    return directory.has('[content_types].xml') ? fail('file.unreadable', { reason: READ_REASONS.noWorkbook }) : fail('file.notXlsx');
  }
  const relsXml = typeof cachedRels === 'string' ? cachedRels : (text(relsPath) ?? '');
  remember(directory.get(relsPath.toLowerCase()), relsXml);
  const rels = relationshipMap(relsXml, baseDir);
  const sharedPath = relTargets(relsXml, baseDir, /sharedStrings$/)[0] ?? `${baseDir}sharedStrings.xml`;
  const stylesPath = relTargets(relsXml, baseDir, /styles$/)[0] ?? `${baseDir}styles.xml`;
  // Only the parts with cells: not the theme, drawings or calculation chain.
  const stylesEntry = directory.get(stylesPath.toLowerCase());
  const cachedStyles = SAME_PARTS.get(partKey(stylesEntry));
  const failedParts = tooLarge([sharedPath, ...(Array.isArray(cachedStyles) ? [] : [stylesPath]), ...relTargets(relsXml, baseDir, /\/worksheet$/)]);
  if (failedParts) return failedParts;

  const shared = new SharedStrings(text(sharedPath) ?? '');
  const dateStyles = Array.isArray(cachedStyles) ? cachedStyles : parseDateStyles(text(stylesPath) ?? '');
  remember(stylesEntry, dateStyles);
  const date1904 = isDate1904(workbookXml);

  const sheets: SheetData[] = [];
  for (const sheet of sheetList(workbookXml, rels)) {
    const data = sheet.path ? part(sheet.path) : undefined;
    if (data === undefined) continue; // chart sheets and dialog sheets have no cells
    const cellsEnd = sheetDataEnd(data);
    const xml = utf8.decode(data.subarray(0, cellsEnd));
    const merges = mergedRanges(data, cellsEnd);
    sheets.push({
      // Excel allows 31 characters; a longer name is cut so that every message naming the sheet stays readable.
      name: clipText(sheet.name, MAX_SHEET_NAME),
      state: sheet.state,
      rows: cells === 'all' ? scanSheet(xml, shared, dateStyles) : scanAppendix(xml, shared, dateStyles),
      ...(merges.length > 0 ? { merges } : {}),
    });
  }
  if (sheets.length === 0) return fail('file.unreadable', { reason: READ_REASONS.noWorksheet });
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

// What other modules and tests import from here, defined where their concern lives.
export { MAX_COLUMNS, MAX_ROWS } from './sheet-scan';
export { decodeXml } from './xml-text';
export { isDateFormatCode } from '../core/numfmt';
