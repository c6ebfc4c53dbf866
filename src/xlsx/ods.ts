import { READ_REASONS } from '../core/i18n/read-reasons';
import { clipText } from '../core/problems';
import type { RawCell } from '../core/values';
import { columnName, type SheetData } from '../sheet/grid';
import { DEFAULT_LIMITS, MAX_SHEET_NAME, fail, zipFailure, type ReadFailure, type ReadLimits, type ReadResult } from './read';
import { MAX_COLUMNS, MAX_ROWS } from './sheet-scan';
import { decodeXml } from './xml-text';
import { readEntry, zipEntries, ZipError, type ZipEntry } from './zip';

/**
 * .ods → values, the same values the .xlsx reader gives (RawCell by row and column, merges in A1
 * style, hidden sheets), so every check downstream works unchanged. Only content.xml is inflated,
 * under the .xlsx reader's limits, and scanned by hand (no DOM: this runs in the browser too).
 * An OpenDocument file states repetitions instead of writing cells out ("the next 1,048,550 rows
 * are empty"); empty repetitions only move the counters, and repeated content is copied within
 * Excel's grid and a cell budget, so a file of a few bytes cannot ask for billions of cells.
 * Never throws on what the bytes hold: a file that cannot be read is a ReadFailure.
 */

/**
 * Copies of non-empty cells that repetitions may make in one file: a cell or row written once is
 * free, each repeat costs one per cell (ten per merge). Past it, the sheet being read stops there.
 */
export const MAX_ODS_COPIES = 2_000_000;
/** What one copy of a merge costs of MAX_ODS_COPIES: a range of its own, where copied cells share one value. */
const MERGE_COPY_COST = 10;
/** Tables read from one file: LibreOffice's own limit of sheets. */
export const MAX_ODS_SHEETS = 10_000;
/** Spaces that <text:s text:c="…"/> may add to the cells of one file (a few bytes can ask for a billion); past it, one each. */
export const MAX_ODS_SPACES = 1_000_000;

export const ODS_MIMETYPE = 'application/vnd.oasis.opendocument.spreadsheet';
/** A template (.ots) holds a spreadsheet too. */
const SPREADSHEET_MIMETYPES = new Set([ODS_MIMETYPE, `${ODS_MIMETYPE}-template`]);
const OPENDOCUMENT_PREFIX = 'application/vnd.oasis.opendocument.';
/** No real mimetype entry is longer; a longer one is not read. */
const MAX_MIMETYPE_BYTES = 256;

export const ODS_REASONS = {
  notSpreadsheet: {
    vi: 'tệp không phải bảng tính (có thể là tệp văn bản hay trình chiếu OpenDocument bị đổi tên)',
    en: 'the file is not a spreadsheet (perhaps an OpenDocument text or presentation renamed)',
  },
  noContent: {
    vi: 'tệp bảng tính OpenDocument thiếu phần nội dung (content.xml) hoặc phần này bị hỏng; hãy đề nghị gửi lại tệp',
    en: 'the OpenDocument spreadsheet has no readable content part (content.xml); ask for the file again',
  },
} as const;

const utf8 = new TextDecoder('utf-8');

/**
 * Is this an OpenDocument package, by its first entry? The format requires a stored "mimetype"
 * entry first, so its text sits at byte 38; an .xlsx never starts that way.
 */
export function startsAsOpenDocument(bytes: Uint8Array): boolean {
  if (bytes.length < 38 + OPENDOCUMENT_PREFIX.length || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) return false;
  const nameLength = bytes[26]! | (bytes[27]! << 8);
  const extraLength = bytes[28]! | (bytes[29]! << 8);
  if (nameLength !== 8 || utf8.decode(bytes.subarray(30, 38)) !== 'mimetype') return false;
  const start = 38 + extraLength;
  return utf8.decode(bytes.subarray(start, start + OPENDOCUMENT_PREFIX.length)) === OPENDOCUMENT_PREFIX;
}

/** Does the zip hold the parts of an OpenDocument package (written by a tool that put them in another order)? */
export function holdsOpenDocument(bytes: Uint8Array): boolean {
  let entries: ZipEntry[];
  try {
    entries = zipEntries(bytes);
  } catch (e) {
    if (e instanceof ZipError) return false; // not a zip that can be read: the .xlsx reader has said why
    throw e;
  }
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  return !names.has('[content_types].xml') && (names.has('content.xml') || names.has('mimetype'));
}

export function readOds(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): ReadResult {
  try {
    return readPackage(bytes, limits);
  } catch (e) {
    if (e instanceof ZipError) return zipFailure(e);
    throw e;
  }
}

function readPackage(bytes: Uint8Array, limits: ReadLimits): ReadResult {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return fail('file.notXlsx');
  // The directory, by lower-cased name; the first of two alike wins.
  const directory = new Map<string, ZipEntry>();
  for (const entry of zipEntries(bytes)) if (!directory.has(entry.name.toLowerCase())) directory.set(entry.name.toLowerCase(), entry);

  let inflated = 0;
  /** One part, within the limits: its size as declared first (an honest bomb costs nothing), then as it inflates. */
  const load = (name: string): Uint8Array | ReadFailure => {
    const entry = directory.get(name)!;
    if (entry.declaredSize > limits.maxPartBytes)
      return fail('file.tooLarge', { part: clipText(entry.name), size: entry.declaredSize, limit: limits.maxPartBytes });
    if (inflated + entry.declaredSize > limits.maxTotalBytes)
      return fail('file.tooLarge', { part: clipText(entry.name), size: inflated + entry.declaredSize, limit: limits.maxTotalBytes });
    const left = limits.maxTotalBytes - inflated;
    const budget = Math.min(limits.maxPartBytes, left);
    const data = readEntry(bytes, entry, budget);
    if (data === undefined)
      return fail('file.tooLarge', { part: clipText(entry.name), size: budget + 1, limit: budget === left ? limits.maxTotalBytes : limits.maxPartBytes });
    inflated += data.length;
    return data;
  };

  /** Does META-INF/manifest.xml say that parts are encrypted (a password-protected .ods)? Read only when content.xml cannot be. */
  const encryptedByManifest = (): boolean => {
    if (!directory.has('meta-inf/manifest.xml')) return false;
    const manifest = load('meta-inf/manifest.xml');
    return manifest instanceof Uint8Array && utf8.decode(manifest).includes('encryption-data');
  };

  const mimetypeEntry = directory.get('mimetype');
  const mimetypeBytes = mimetypeEntry ? readEntry(bytes, mimetypeEntry, MAX_MIMETYPE_BYTES) : undefined;
  const mimetype = mimetypeBytes ? utf8.decode(mimetypeBytes).trim() : undefined;
  if (mimetype !== undefined && !SPREADSHEET_MIMETYPES.has(mimetype)) return fail('file.unreadable', { reason: ODS_REASONS.notSpreadsheet });
  const declaredSpreadsheet = mimetype !== undefined;

  if (!directory.has('content.xml')) return declaredSpreadsheet ? fail('file.unreadable', { reason: ODS_REASONS.noContent }) : fail('file.notXlsx');
  let content: Uint8Array | ReadFailure;
  try {
    content = load('content.xml');
  } catch (e) {
    // An encrypted package keeps zip's own flags clear: its parts are ciphertext that fails to inflate.
    if (e instanceof ZipError && e.kind === 'corrupt' && encryptedByManifest()) return fail('file.encrypted');
    throw e;
  }
  if (!(content instanceof Uint8Array)) return content;

  const scan = scanContent(utf8.decode(content));
  if (scan.body === 'spreadsheet')
    return scan.sheets.length > 0 ? { ok: true, workbook: { sheets: scan.sheets } } : fail('file.unreadable', { reason: READ_REASONS.noWorksheet });
  if (scan.body === 'other') return fail('file.unreadable', { reason: ODS_REASONS.notSpreadsheet });
  if (encryptedByManifest()) return fail('file.encrypted');
  return declaredSpreadsheet ? fail('file.unreadable', { reason: ODS_REASONS.noContent }) : fail('file.notXlsx');
}

// ---------------------------------------------------------------------------------------------
// Scanning content.xml

interface ContentScan {
  /** what the document body holds: a spreadsheet, something else (text, presentation…), or nothing found */
  readonly body: 'spreadsheet' | 'other' | undefined;
  readonly sheets: SheetData[];
}

/** The attributes of a table cell that matter, as written (entities not decoded). */
interface CellAttributes {
  covered: boolean;
  repeat: number;
  rowSpan: number;
  colSpan: number;
  valueType: string | undefined;
  /** LibreOffice's own value type: "error" for a formula that failed (office:value-type then says string or float) */
  calcextType: string | undefined;
  value: string | undefined;
  dateValue: string | undefined;
  timeValue: string | undefined;
  booleanValue: string | undefined;
  stringValue: string | undefined;
  formula: string | undefined;
}

/** A merge started by a cell of the row being read. */
interface Span {
  readonly col: number;
  readonly rowSpan: number;
  readonly colSpan: number;
}

interface SheetBuilder {
  readonly name: string;
  readonly hidden: boolean;
  readonly rows: (RawCell | undefined)[][];
  readonly merges: string[];
  /** the 0-based row the next table-row starts at */
  row: number;
  /** the cell budget ran out: the rest of this table is not read */
  stopped: boolean;
}

interface RowBuilder {
  readonly repeat: number;
  cells: (RawCell | undefined)[] | undefined;
  /** what one copy of the row costs: its non-empty cells, and its merges at MERGE_COPY_COST */
  copyCost: number;
  readonly spans: Span[];
  /** the 0-based column of the next cell */
  col: number;
}

interface CellBuilder {
  readonly attrs: CellAttributes;
  /** element depth inside the cell: 0 = the cell's own children */
  depth: number;
  /** the depth of the paragraph being read, or -1 */
  paragraphDepth: number;
  /** the depth of an element whose text is not the cell's (a comment, a drawing), or -1 */
  ignoreDepth: number;
  readonly paragraphs: string[];
  paragraph: string;
}

/** Tables LibreOffice writes to cache the values of other files a formula refers to: 'file:///…/x.ods'#Sheet1. */
const EXTERNAL_CACHE_TABLE = /^'[\s\S]*'#/;

const GT = 62;
const SLASH = 47;
const QUOTE = 34;
const APOSTROPHE = 39;
const BANG = 33;
const QUESTION = 63;

function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === GT || c === SLASH;
}

/**
 * One pass over content.xml with a hand tokenizer: tags (attributes may hold ">" inside quotes),
 * character data only inside a cell's paragraphs, comments, processing instructions, CDATA and a
 * DOCTYPE skipped whole. Entities other than XML's five and character references stay literal:
 * a DOCTYPE's declarations are never read, so "&lol;" or "&constructor;" expands to nothing.
 */
function scanContent(xml: string): ContentScan {
  const hiddenStyles = new Set<string>();
  let tableStyle: string | undefined;
  let body: ContentScan['body'];
  const sheets: SheetData[] = [];
  let tablesSeen = 0;
  let budget = MAX_ODS_COPIES;
  let spacesLeft = MAX_ODS_SPACES;
  let sheet: SheetBuilder | undefined;
  /** inside a table that is not read (past MAX_ODS_SHEETS, or a cache of another file) */
  let skippingTable = false;
  let row: RowBuilder | undefined;
  let cell: CellBuilder | undefined;

  const n = xml.length;
  let pos = 0;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) break;
    if (lt > pos && cell && cell.paragraphDepth >= 0 && cell.ignoreDepth < 0) characters(cell, xml.slice(pos, lt));
    const after = xml.charCodeAt(lt + 1);
    if (after === BANG) {
      if (xml.startsWith('<!--', lt)) {
        const end = xml.indexOf('-->', lt + 4);
        pos = end < 0 ? n : end + 3;
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        // CDATA is text as it stands: no entity decoded
        if (cell && cell.paragraphDepth >= 0 && cell.ignoreDepth < 0) literal(cell, xml.slice(lt + 9, end < 0 ? n : end));
        pos = end < 0 ? n : end + 3;
      } else pos = declarationEnd(xml, lt);
      continue;
    }
    if (after === QUESTION) {
      const end = xml.indexOf('?>', lt + 2);
      pos = end < 0 ? n : end + 2;
      continue;
    }
    const closing = after === SLASH;
    const nameStart = closing ? lt + 2 : lt + 1;
    let nameEnd = nameStart;
    while (nameEnd < n && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
    // The tag's end: a ">" outside quoted attribute values.
    let gt = nameEnd;
    while (gt < n) {
      const c = xml.charCodeAt(gt);
      if (c === GT) break;
      if (c === QUOTE || c === APOSTROPHE) {
        const close = xml.indexOf(c === QUOTE ? '"' : "'", gt + 1);
        gt = close < 0 ? n : close + 1;
      } else gt++;
    }
    if (gt >= n) break; // a tag cut short: nothing after it can be read
    pos = gt + 1;
    const selfClosing = !closing && xml.charCodeAt(gt - 1) === SLASH;
    const qname = xml.slice(nameStart, nameEnd);
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    const attrsEnd = selfClosing ? gt - 1 : gt;

    if (cell) {
      if (closing) {
        if (cell.depth > 0) {
          cell.depth--;
          if (cell.depth === cell.paragraphDepth) endParagraph(cell);
          if (cell.depth === cell.ignoreDepth) cell.ignoreDepth = -1;
          continue;
        }
        // The cell's own end (or, in a damaged file, whatever ends first): the cell is done.
        finishCell(cell);
        cell = undefined;
        if (local === 'table-cell' || local === 'covered-table-cell') continue;
      } else {
        inCell(cell, local, prefix, nameEnd, attrsEnd, selfClosing);
        continue;
      }
    }

    if (closing) {
      if (local === 'table-row') finishRow();
      else if (local === 'table' && prefix === 'table') finishTable();
      else if (local === 'style' && prefix === 'style') tableStyle = undefined;
      continue;
    }
    switch (local) {
      case 'table-cell':
      case 'covered-table-cell': {
        if (!row) break; // a cell outside a row is not in any place
        const attrs = cellAttributes(xml, nameEnd, attrsEnd, local === 'covered-table-cell');
        const started: CellBuilder = { attrs, depth: 0, paragraphDepth: -1, ignoreDepth: -1, paragraphs: [], paragraph: '' };
        if (selfClosing) finishCell(started);
        else cell = started;
        break;
      }
      case 'table-row': {
        if (!sheet || skippingTable) break;
        if (row) finishRow(); // a row left open in a damaged file
        const repeat = positive(attribute(xml, nameEnd, attrsEnd, 'number-rows-repeated'));
        row = { repeat, cells: undefined, copyCost: 0, spans: [], col: 0 };
        if (selfClosing) finishRow();
        break;
      }
      case 'table': {
        if (prefix !== 'table' || body !== 'spreadsheet') break;
        finishTable(); // a table left open in a damaged file
        const name = decodeXml(attribute(xml, nameEnd, attrsEnd, 'name') ?? '');
        tablesSeen++;
        if (tablesSeen > MAX_ODS_SHEETS || EXTERNAL_CACHE_TABLE.test(name)) {
          skippingTable = !selfClosing;
          break;
        }
        const style = attribute(xml, nameEnd, attrsEnd, 'style-name');
        sheet = {
          // Excel allows 31 characters; a longer name is cut so that every message naming the sheet stays readable.
          name: clipText(name, MAX_SHEET_NAME),
          hidden: style !== undefined && hiddenStyles.has(decodeXml(style)),
          rows: [],
          merges: [],
          row: 0,
          stopped: false,
        };
        if (selfClosing) finishTable();
        break;
      }
      case 'spreadsheet':
        if (prefix === 'office') body = 'spreadsheet';
        break;
      case 'text':
      case 'presentation':
      case 'drawing':
      case 'chart':
      case 'image':
        if (prefix === 'office') body ??= 'other';
        break;
      case 'style':
        // Automatic table styles: table:display="false" in one hides the tables that name it.
        if (prefix === 'style' && !selfClosing)
          tableStyle = attribute(xml, nameEnd, attrsEnd, 'family') === 'table' ? attribute(xml, nameEnd, attrsEnd, 'name') : undefined;
        break;
      case 'table-properties':
        if (tableStyle !== undefined && attribute(xml, nameEnd, attrsEnd, 'display') === 'false') hiddenStyles.add(decodeXml(tableStyle));
        break;
    }
  }
  if (cell) finishCell(cell);
  finishTable();
  return { body, sheets };

  /** An element inside a cell: paragraphs are the cell's text; comments and drawings are not. */
  function inCell(c: CellBuilder, local: string, prefix: string, attrsStart: number, attrsEnd: number, selfClosing: boolean): void {
    const collecting = c.paragraphDepth >= 0 && c.ignoreDepth < 0;
    if (selfClosing) {
      if (collecting) {
        if (local === 's') {
          const wanted = positive(attribute(xml, attrsStart, attrsEnd, 'c'));
          const count = Math.max(1, Math.min(wanted, spacesLeft));
          spacesLeft -= Math.min(wanted, spacesLeft);
          literal(c, ' '.repeat(count));
        } else if (local === 'tab') literal(c, '\t');
        else if (local === 'line-break') literal(c, '\n');
      } else if (c.depth === 0 && c.ignoreDepth < 0 && (local === 'p' || local === 'h')) c.paragraphs.push('');
      return;
    }
    if (c.ignoreDepth < 0) {
      if (c.paragraphDepth < 0) {
        if (c.depth === 0 && (local === 'p' || local === 'h')) {
          c.paragraphDepth = 0;
          c.paragraph = '';
        } else c.ignoreDepth = c.depth; // a comment (office:annotation), a drawing, a nested table
      } else if (prefix === 'office' || prefix === 'draw' || local === 'note' || local === 'ruby-text') c.ignoreDepth = c.depth;
    }
    c.depth++;
  }

  function endParagraph(c: CellBuilder): void {
    c.paragraphs.push(c.paragraph);
    c.paragraph = '';
    c.paragraphDepth = -1;
  }

  /**
   * Character data of a paragraph, kept as written: LibreOffice reads a cell's spaces, tabs and line
   * breaks as they stand (it does not collapse white space as OpenDocument text documents do).
   */
  function characters(c: CellBuilder, raw: string): void {
    c.paragraph += decodeXml(raw);
  }

  /** CDATA, and spaces, tabs and line breaks written as elements. */
  function literal(c: CellBuilder, text: string): void {
    c.paragraph += text;
  }

  function finishCell(c: CellBuilder): void {
    if (c.paragraphDepth >= 0) endParagraph(c);
    const r = row;
    if (!r) return;
    const a = c.attrs;
    const start = r.col;
    r.col += a.repeat;
    const s = sheet;
    if (!s || s.stopped || s.row >= MAX_ROWS || start >= MAX_COLUMNS) return;
    const copies = Math.min(a.repeat, MAX_COLUMNS - start);
    const value = a.covered ? undefined : cellValue(a, c.paragraphs);
    const spanned = !a.covered && (a.rowSpan > 1 || a.colSpan > 1);
    const each = (value ? 1 : 0) + (spanned ? MERGE_COPY_COST : 0);
    if (each === 0) return;
    // The cell as written is free (the part's size bounds it); each copy a repetition asks for costs.
    const extra = Math.min(copies - 1, Math.floor(budget / each));
    if (extra < copies - 1) s.stopped = true;
    budget -= extra * each;
    r.copyCost += each * (extra + 1);
    for (let k = 0; k <= extra; k++) {
      if (value) (r.cells ??= [])[start + k] = value;
      if (spanned) r.spans.push({ col: start + k, rowSpan: a.rowSpan, colSpan: a.colSpan });
    }
  }

  function finishRow(): void {
    const r = row;
    const s = sheet;
    row = undefined;
    if (!r || !s) return;
    const first = s.row;
    s.row += r.repeat;
    if (r.copyCost === 0 || first >= MAX_ROWS) return;
    // The row as written is free; each copy a repetition asks for costs its cells again, within the grid and the budget.
    const wanted = Math.min(r.repeat, MAX_ROWS - first) - 1;
    const more = Math.min(wanted, Math.floor(budget / r.copyCost));
    if (more < wanted) s.stopped = true;
    budget -= more * r.copyCost;
    for (let k = 0; k <= more; k++) {
      const at = first + k;
      // Copies of a repeated row share one array: rows are only read.
      if (r.cells) s.rows[at] = r.cells;
      for (const span of r.spans) s.merges.push(mergeRange(at, span));
    }
  }

  function finishTable(): void {
    if (skippingTable) {
      skippingTable = false;
      return;
    }
    if (row) finishRow();
    const s = sheet;
    sheet = undefined;
    if (!s) return;
    sheets.push({
      name: s.name,
      state: s.hidden ? 'hidden' : 'visible',
      rows: s.rows,
      ...(s.merges.length > 0 ? { merges: s.merges } : {}),
      // said, never silent: the checks warn that the rest of the sheet was not read
      ...(s.stopped ? { truncatedAt: s.row } : {}),
    });
  }
}

/** Past a <!DOCTYPE …> (with its internal subset in [ ], never read) or another <!…> declaration. */
function declarationEnd(xml: string, from: number): number {
  let inSubset = false;
  for (let i = from + 2; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (c === QUOTE || c === APOSTROPHE) {
      const close = xml.indexOf(c === QUOTE ? '"' : "'", i + 1);
      if (close < 0) return xml.length;
      i = close;
    } else if (c === 91 /* [ */) inSubset = true;
    else if (c === 93 /* ] */) inSubset = false;
    else if (c === GT && !inSubset) return i + 1;
  }
  return xml.length;
}

/**
 * The attributes of a tag between `from` and `to`, by local name (the namespace prefix is not
 * looked at: every writer uses the usual ones, and no two attributes read here share a local name
 * but office:value-type and calcext:value-type, told apart in cellAttributes).
 */
function forEachAttribute(xml: string, from: number, to: number, visit: (qname: string, value: string) => void): void {
  let i = from;
  while (i < to) {
    let c = xml.charCodeAt(i);
    while (i < to && (c === 32 || c === 9 || c === 10 || c === 13)) c = xml.charCodeAt(++i);
    const nameStart = i;
    while (i < to && xml.charCodeAt(i) !== 61 /* = */ && !isNameEnd(xml.charCodeAt(i))) i++;
    const qname = xml.slice(nameStart, i);
    while (i < to && (xml.charCodeAt(i) === 32 || xml.charCodeAt(i) === 9 || xml.charCodeAt(i) === 10 || xml.charCodeAt(i) === 13)) i++;
    if (xml.charCodeAt(i) !== 61) {
      if (i === nameStart) i++; // a stray character: step over it
      continue;
    }
    i++;
    while (i < to && (xml.charCodeAt(i) === 32 || xml.charCodeAt(i) === 9 || xml.charCodeAt(i) === 10 || xml.charCodeAt(i) === 13)) i++;
    const quote = xml.charCodeAt(i);
    if (quote !== QUOTE && quote !== APOSTROPHE) return; // not XML: nothing more to read here
    const close = xml.indexOf(quote === QUOTE ? '"' : "'", i + 1);
    if (close < 0 || close >= to) return;
    visit(qname, xml.slice(i + 1, close));
    i = close + 1;
  }
}

const localName = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

function attribute(xml: string, from: number, to: number, wanted: string): string | undefined {
  let found: string | undefined;
  forEachAttribute(xml, from, to, (qname, value) => {
    if (found === undefined && localName(qname) === wanted) found = value;
  });
  return found;
}

function cellAttributes(xml: string, from: number, to: number, covered: boolean): CellAttributes {
  const a: CellAttributes = {
    covered,
    repeat: 1,
    rowSpan: 1,
    colSpan: 1,
    valueType: undefined,
    calcextType: undefined,
    value: undefined,
    dateValue: undefined,
    timeValue: undefined,
    booleanValue: undefined,
    stringValue: undefined,
    formula: undefined,
  };
  forEachAttribute(xml, from, to, (qname, value) => {
    switch (localName(qname)) {
      case 'number-columns-repeated':
        a.repeat = positive(value);
        break;
      case 'number-rows-spanned':
        a.rowSpan = positive(value);
        break;
      case 'number-columns-spanned':
        a.colSpan = positive(value);
        break;
      case 'value-type':
        if (qname.startsWith('calcext:')) a.calcextType = value;
        else a.valueType ??= value;
        break;
      case 'value':
        a.value ??= value;
        break;
      case 'date-value':
        a.dateValue ??= value;
        break;
      case 'time-value':
        a.timeValue ??= value;
        break;
      case 'boolean-value':
        a.booleanValue ??= value;
        break;
      case 'string-value':
        a.stringValue ??= value;
        break;
      case 'formula':
        a.formula ??= value;
        break;
    }
  });
  return a;
}

/** A count attribute (repetitions, spans, spaces): a whole number from 1, else 1. */
function positive(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

function mergeRange(row: number, span: Span): string {
  const bottom = Math.min(row + span.rowSpan - 1, MAX_ROWS - 1);
  const right = Math.min(span.col + span.colSpan - 1, MAX_COLUMNS - 1);
  return `${columnName(span.col)}${row + 1}:${columnName(right)}${bottom + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Values

/** A cell's value as the .xlsx reader gives it, or undefined for an empty cell. */
function cellValue(a: CellAttributes, paragraphs: readonly string[]): RawCell | undefined {
  const text = paragraphs.length > 0 ? paragraphs.join('\n') : undefined;
  const formula = a.formula !== undefined ? odfFormulaText(decodeXml(a.formula)) : undefined;
  const withFormula = (cell: RawCell): RawCell => (formula === undefined ? cell : { ...cell, formula });
  /** What is shown, when the stated value cannot be read. */
  const shown = (): RawCell | undefined =>
    text !== undefined && text !== '' ? withFormula({ value: text }) : formula !== undefined ? { value: null, formula, uncomputed: true } : undefined;

  if (a.calcextType === 'error') return withFormula({ value: (text ?? decodeXml(a.stringValue ?? '')).trim(), type: 'error' });
  // LibreOffice opens an .xlsx TRUE as the formula =TRUE() and saves it in .ods as the number 1; its .xlsx is TRUE again.
  const logical = formula !== undefined && (a.valueType === 'float' || a.valueType === undefined) ? /^\s*(TRUE|FALSE)\(\)\s*$/i.exec(formula)?.[1] : undefined;
  if (logical !== undefined && a.valueType === 'float') return withFormula({ value: logical.toUpperCase() === 'TRUE' });
  switch (a.valueType) {
    case 'float':
    case 'percentage':
    case 'currency': {
      // A percentage is stored as its fraction (0.25 for 25 %), as Excel stores it.
      const n = a.value === undefined || a.value.trim() === '' ? Number.NaN : Number(a.value.trim());
      return Number.isNaN(n) ? shown() : withFormula({ value: n });
    }
    case 'date': {
      const serial = a.dateValue === undefined ? undefined : dateSerial(decodeXml(a.dateValue));
      return serial === undefined ? shown() : withFormula({ value: serial, type: 'date' });
    }
    case 'time': {
      const fraction = a.timeValue === undefined ? undefined : durationDays(a.timeValue);
      return fraction === undefined ? shown() : withFormula({ value: fraction, type: 'date' });
    }
    case 'boolean': {
      const b = a.booleanValue?.trim().toLowerCase();
      return b === 'true' || b === '1' ? withFormula({ value: true }) : b === 'false' || b === '0' ? withFormula({ value: false }) : shown();
    }
    case 'string':
      return withFormula({ value: a.stringValue !== undefined ? decodeXml(a.stringValue) : (text ?? '') });
    default:
      // No value type. LibreOffice writes a formula whose result is "" so, with an empty paragraph
      // (its .xlsx says "" too); a formula without any paragraph was never calculated.
      if (formula !== undefined) return text !== undefined ? { value: text, formula } : { value: null, formula, uncomputed: true };
      return text !== undefined && text !== '' ? { value: text } : undefined;
  }
}

const MS_PER_DAY = 86_400_000;
/** Days from 1899-12-30 (Excel's and LibreOffice's day 0) to 1970-01-01. */
const EPOCH_SERIAL = 25_569;

/** office:date-value (2023-09-30, 2023-09-30T12:30:00.5, perhaps with a zone, which Excel has no place for) → Excel serial. */
export function dateSerial(text: string): number | undefined {
  const m = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:?\d{2})?\s*$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second >= 61) return undefined;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // 31 February
  const ms = date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000;
  return Number.isFinite(ms) ? ms / MS_PER_DAY + EPOCH_SERIAL : undefined;
}

/** office:time-value, an ISO duration (PT12H30M00S, P1DT2H, -PT1H) → a fraction of a day, as Excel keeps a time. */
export function durationDays(text: string): number | undefined {
  const m = /^\s*(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?\s*$/.exec(text);
  if (!m || (m[2] ?? m[3] ?? m[4] ?? m[5]) === undefined) return undefined;
  const days = Number(m[2] ?? 0) + Number(m[3] ?? 0) / 24 + Number(m[4] ?? 0) / 1440 + Number(m[5] ?? 0) / 86400;
  return m[1] ? -days : days;
}

// ---------------------------------------------------------------------------------------------
// Formulas

/**
 * An OpenFormula (of:=[.B3]+[.C3]) as Excel writes it (B3+C3): shown in messages, and read for
 * links to other files. A reference to another file ['file:///C:/So%20lieu/Quy3.ods'#$'Tờ 1'.A1]
 * becomes 'C:/So lieu/[Quy3.ods]Tờ 1'!A1, the form Excel shows, so the check for external links
 * finds it as it finds Excel's.
 */
export function odfFormulaText(formula: string): string {
  let f = formula.replace(/^[A-Za-z][\w.-]*:(?==)/, ''); // of:=, oooc:=, msoxl:=
  if (f.startsWith('=')) f = f.slice(1);
  let out = '';
  let i = 0;
  while (i < f.length) {
    const ch = f[i]!;
    if (ch === '"') {
      const end = afterQuoted(f, i);
      out += f.slice(i, end);
      i = end;
    } else if (ch === '[') {
      const end = closingBracket(f, i);
      if (end < 0) {
        out += f.slice(i);
        break;
      }
      out += referenceText(f.slice(i + 1, end));
      i = end + 1;
    } else if (ch === "'") {
      // A name in another file: 'file:///C:/x.ods'#Name
      const end = afterQuoted(f, i);
      if (f[end] === '#') {
        const name = /^[^\s;()+\-*/&=<>,^"'[\]]*/.exec(f.slice(end + 1))![0];
        out += `${sheetText(unquote(f.slice(i, end)), undefined)}!${name}`;
        i = end + 1 + name.length;
      } else {
        out += f.slice(i, end);
        i = end;
      }
    } else {
      out += ch === ';' ? ',' : ch; // OpenFormula separates arguments with ";"
      i++;
    }
  }
  return out;
}

/** The index after a quoted text starting at `from` ('' or "" inside stand for one quote). */
function afterQuoted(s: string, from: number): number {
  const q = s[from]!;
  let i = from + 1;
  while (i < s.length) {
    if (s[i] === q) {
      if (s[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return s.length;
}

const unquote = (quoted: string): string =>
  quoted.startsWith("'") ? quoted.slice(1, quoted.endsWith("'") && quoted.length > 1 ? -1 : undefined).replace(/''/g, "'") : quoted;

function closingBracket(s: string, from: number): number {
  let i = from + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "'") i = afterQuoted(s, i);
    else if (c === ']') return i;
    else i++;
  }
  return -1;
}

interface ReferencePart {
  readonly source: string | undefined;
  readonly sheet: string | undefined;
  readonly cell: string;
}

/** [.A1], [$Sheet1.A1:.B2], ['Tờ 1'.A1], ['file:///x.ods'#$Sheet1.A1] → A1, Sheet1!A1:B2, 'Tờ 1'!A1, 'x/[x.ods]Sheet1'!A1. */
function referenceText(inner: string): string {
  const parts: ReferencePart[] = [];
  let start = 0;
  for (let i = 0; i <= inner.length; ) {
    if (i === inner.length || inner[i] === ':') {
      parts.push(referencePart(inner.slice(start, i)));
      start = i + 1;
      i++;
    } else if (inner[i] === "'") i = afterQuoted(inner, i);
    else i++;
  }
  const [first, ...rest] = parts;
  if (!first) return inner;
  const withSheet = (p: ReferencePart): string => (p.source !== undefined || p.sheet !== undefined ? `${sheetText(p.source, p.sheet)}!${p.cell}` : p.cell);
  const sameSheet = (p: ReferencePart): boolean => p.source === undefined && (p.sheet === undefined || (first.source === undefined && p.sheet === first.sheet));
  return [withSheet(first), ...rest.map((p) => (sameSheet(p) ? p.cell : withSheet(p)))].join(':');
}

function referencePart(text: string): ReferencePart {
  let i = 0;
  let source: string | undefined;
  if (text[0] === "'") {
    const end = afterQuoted(text, 0);
    if (text[end] === '#') {
      source = unquote(text.slice(0, end));
      i = end + 1;
    }
  }
  if (text[i] === '$') i++;
  let sheet: string | undefined;
  if (text[i] === "'") {
    const end = afterQuoted(text, i);
    sheet = unquote(text.slice(i, end));
    i = end;
  } else {
    const dot = text.indexOf('.', i);
    if (dot > i) {
      sheet = text.slice(i, dot);
      i = dot;
    }
  }
  if (text[i] === '.') i++;
  return { source, sheet, cell: text.slice(i) };
}

const quoted = (s: string): string => s.replace(/'/g, "''");

/** A sheet as Excel writes it before "!": Sheet1, 'Tờ 1', or, in another file, 'C:/dir/[file.ods]Sheet1'. */
function sheetText(source: string | undefined, sheet: string | undefined): string {
  if (source === undefined) return sheet === undefined ? '' : /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${quoted(sheet)}'`;
  const path = percentDecoded(source)
    .replace(/^file:\/\//i, '')
    .replace(/^\/([A-Za-z]:)/, '$1');
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
  return `'${quoted(path.slice(0, cut))}[${quoted(path.slice(cut))}]${quoted(sheet ?? '')}'`;
}

/** %20 and the UTF-8 bytes of a file URL decoded; a bad sequence becomes U+FFFD, never an exception. */
function percentDecoded(url: string): string {
  return url.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    utf8.decode(
      new Uint8Array(
        run
          .slice(1)
          .split('%')
          .map((h) => parseInt(h, 16)),
      ),
    ),
  );
}
