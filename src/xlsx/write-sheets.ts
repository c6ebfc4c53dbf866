import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { MisuseError } from '../core/errors';
import { isoToSerial } from '../core/dates';
import type { Lang } from '../core/model';
import { a1, columnName, layoutRows, rowCount, type FormulaResults, type InputCheck, type LayoutCell, type SheetLayout } from '../sheet/grid';
import { FONT_NAME, FONT_SIZE, LOOKS, PRINT_MARGINS } from '../sheet/styles';
import { inputRule } from '../sheet/validation';

/**
 * Laid-out sheets → an .xlsx, written straight as SpreadsheetML and zipped as it goes (fflate).
 * The summary of ten thousand units is 400,000 cells: exceljs took 290 ms to load and 0.5 s to
 * write them and held each row as objects; this writes each row as text into the zip stream and
 * keeps nothing of it (figures: docs/performance.md). It writes what SheetLayout says and no more:
 * values, live formulas with their cached results, styles, widths, heights, merges, frozen panes,
 * a filter, data validation and the A4 print set-up, which Excel and LibreOffice both read
 * (test/xlsx/write-sheets.test.ts, test/libreoffice).
 */

export interface SheetsWriteOptions {
  readonly lang?: Lang;
  /** cached results of formulas, by sheet name and A1 cell, so readers see values before recalculating */
  readonly results?: ReadonlyMap<string, FormulaResults>;
  /**
   * A faster raw DEFLATE where the platform has one (Node's zlib): each chunk compressed on its own,
   * ending in a sync flush, the last one finished, so the pieces make one valid stream.
   */
  readonly deflateChunk?: (chunk: Uint8Array, final: boolean) => Uint8Array;
}

/** A zip entry compressed by the platform's DEFLATE, chunk by chunk, instead of fflate's. */
class PlatformDeflate extends ZipPassThrough {
  constructor(
    filename: string,
    private readonly deflateChunk: (chunk: Uint8Array, final: boolean) => Uint8Array,
  ) {
    super(filename);
    this.compression = 8;
  }

  protected override process(chunk: Uint8Array<ArrayBuffer>, final: boolean): void {
    this.ondata(null, this.deflateChunk(chunk, final) as Uint8Array<ArrayBuffer>, final);
  }
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
/** Excel refuses a cell of more than 32,767 characters (it "repairs" the file). */
const MAX_CELL_TEXT = 32_767;
/** Text is handed to the zip stream in pieces of about this size. */
const CHUNK_CHARS = 1 << 16;

/** The whole .xlsx in memory: for the pane's downloads and for tests. */
export async function writeSheetsXlsx(sheets: readonly SheetLayout[], options: SheetsWriteOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await streamSheetsXlsx(sheets, (chunk) => chunks.push(chunk), options);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The .xlsx handed to `sink` piece by piece as it is zipped, so that a summary of ten thousand
 * units is never whole in memory (the command line writes each piece to the file). Each piece is
 * the sink's to keep.
 */
export async function streamSheetsXlsx(sheets: readonly SheetLayout[], sink: (chunk: Uint8Array) => void, options: SheetsWriteOptions = {}): Promise<void> {
  const lang = options.lang ?? 'vi';
  let failure: Error | null = null;
  let finished = false;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else sink(data);
    if (final) finished = true;
  });
  const styles = new StyleTable();
  const text = new TextBuffer();
  const entry = (name: string): ((text: string, final?: boolean) => void) => {
    // light compression: a summary is written once and read a few times
    const file = options.deflateChunk ? new PlatformDeflate(name, options.deflateChunk) : new ZipDeflate(name, { level: 1 });
    // a fixed date: the same summary gives the same bytes
    file.mtime = new Date(Date.UTC(2020, 0, 1));
    zip.add(file);
    // both deflates copy or consume the bytes before push returns, so one buffer serves every piece
    return (piece, final = false) => file.push(text.encode(piece), final);
  };

  for (const [index, layout] of sheets.entries()) {
    const push = entry(`xl/worksheets/sheet${index + 1}.xml`);
    let buffer = '';
    const write = (piece: string): void => {
      buffer += piece;
      if (buffer.length >= CHUNK_CHARS) {
        push(buffer);
        buffer = '';
      }
    };
    writeSheet(layout, index === 0, styles, options.results?.get(layout.name), lang, write);
    push(buffer, true);
    // let other work (a progress bar, a timer) run between sheets
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  entry('xl/styles.xml')(styles.xml(), true);
  entry('xl/workbook.xml')(workbookXml(sheets), true);
  entry('xl/_rels/workbook.xml.rels')(workbookRels(sheets.length), true);
  entry('_rels/.rels')(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    true,
  );
  entry('[Content_Types].xml')(contentTypes(sheets.length), true);
  zip.end();
  if (failure) throw failure as Error;
  if (!finished) throw new MisuseError('the zip stream did not finish');
}

/** UTF-8 of each piece into one reused buffer: a new array per piece is garbage that piles up faster than it is collected. */
class TextBuffer {
  private readonly encoder = new TextEncoder();
  private bytes = new Uint8Array(3 * CHUNK_CHARS + 1024);

  encode(text: string): Uint8Array {
    // at most three bytes of UTF-8 for each UTF-16 code unit
    if (3 * text.length > this.bytes.length) this.bytes = new Uint8Array(3 * text.length);
    const { written } = this.encoder.encodeInto(text, this.bytes);
    return this.bytes.subarray(0, written);
  }
}

function writeSheet(
  layout: SheetLayout,
  selected: boolean,
  styles: StyleTable,
  results: FormulaResults | undefined,
  lang: Lang,
  write: (text: string) => void,
): void {
  // the lazy rows of a table are as wide as its columns
  const width = Math.max(layout.columns.length, ...layout.rows.map((r) => r.length), 1);
  const height = Math.max(rowCount(layout), 1);
  write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}">`);
  // fit to one page wide, as every sheet the project writes
  write(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:${a1(height - 1, width - 1)}"/>`);
  write(`<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}>${paneXml(layout)}</sheetView></sheetViews>`);
  write('<sheetFormatPr defaultRowHeight="15.75"/>');
  if (layout.columns.length > 0) {
    write(`<cols>${layout.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>`);
  }
  write('<sheetData>');
  const validations = new ValidationRuns();
  const letters = Array.from({ length: width }, (_, c) => columnName(c));
  for (const [r, cells] of layoutRows(layout)) {
    const height = layout.rowHeights.get(r);
    let xml = `<row r="${r + 1}"${height !== undefined ? ` ht="${height}" customHeight="1"` : ''}>`;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (!cell) continue;
      xml += cellXml(cell, `${letters[c] ?? columnName(c)}${r + 1}`, styles.indexOf(cell), results);
      if (cell.check) validations.add(cell.check, r, c);
    }
    write(`${xml}</row>`);
  }
  write('</sheetData>');
  if (layout.autoFilter) write(`<autoFilter ref="${layout.autoFilter}"/>`);
  if (layout.merges.length > 0)
    write(`<mergeCells count="${layout.merges.length}">${layout.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`);
  const dv = validations.xml(lang);
  if (dv) write(dv);
  write('<printOptions horizontalCentered="1"/>');
  const m = PRINT_MARGINS;
  write(`<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`);
  write(`<pageSetup paperSize="9" orientation="${layout.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`);
  write('<headerFooter><oddFooter>&amp;C&amp;"Times New Roman"&amp;10&amp;P/&amp;N</oddFooter></headerFooter>');
  write('</worksheet>');
}

function paneXml(layout: SheetLayout): string {
  const rows = layout.freezeRows;
  const cols = layout.freezeColumns ?? 0;
  if (rows === 0 && cols === 0) return '';
  const pane = rows > 0 && cols > 0 ? 'bottomRight' : rows > 0 ? 'bottomLeft' : 'topRight';
  const topLeft = a1(rows, cols);
  return `<pane${cols > 0 ? ` xSplit="${cols}"` : ''}${rows > 0 ? ` ySplit="${rows}"` : ''} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
}

function cellXml(cell: LayoutCell, ref: string, style: number, results: FormulaResults | undefined): string {
  const s = style > 0 ? ` s="${style}"` : '';
  if (cell.formula !== undefined) {
    const result = results?.get(ref);
    const f = `<f>${escapeXml(cell.formula)}</f>`;
    if (typeof result === 'number' && Number.isFinite(result)) return `<c r="${ref}"${s}>${f}<v>${result}</v></c>`;
    if (typeof result === 'string') return `<c r="${ref}"${s} t="str">${f}<v>${escapeText(result)}</v></c>`;
    return `<c r="${ref}"${s}>${f}</c>`;
  }
  const value = cell.value;
  if (value === undefined || value === null) return s ? `<c r="${ref}"${s}/>` : '';
  if (cell.date && typeof value === 'string') return `<c r="${ref}"${s}><v>${isoToSerial(value)}</v></c>`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : `<c r="${ref}"${s} t="e"><v>#NUM!</v></c>`;
  // A string is always a string cell: text that looks like a formula ("=…") stays text.
  const text = value.length > MAX_CELL_TEXT ? `${value.slice(0, MAX_CELL_TEXT - 1)}…` : value;
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeText(text)}</t></is></c>`;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeXml = (text: string): string => (/[&<>"]/.test(text) ? text.replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!) : text);

/**
 * Cell text: XML escapes, and the characters XML 1.0 cannot carry written as OOXML's _xHHHH_ (a
 * literal "_x0041_" in the text has its "_" escaped so it reads back as written).
 */
function escapeText(text: string): string {
  let out = escapeXml(text);
  if (out.includes('_x')) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(out)) {
    // eslint-disable-next-line no-control-regex
    out = out.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  }
  return out;
}

/** A sheet name inside a formula or a defined name: quoted, its quotes doubled. */
const quotedSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`;
const absolute = (range: string): string => range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');

function workbookXml(sheets: readonly SheetLayout[]): string {
  const names: string[] = [];
  sheets.forEach((layout, i) => {
    const sheet = quotedSheet(layout.name);
    if (layout.autoFilter)
      names.push(
        `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeXml(`${sheet}!${absolute(layout.autoFilter)}`)}</definedName>`,
      );
    names.push(`<definedName name="_xlnm.Print_Area" localSheetId="${i}">${escapeXml(`${sheet}!${absolute(layout.printArea)}`)}</definedName>`);
    names.push(
      `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeXml(`${sheet}!$${layout.headerRow + 1}:$${layout.headerRow + 1}`)}</definedName>`,
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><workbookPr/><bookViews><workbookView/></bookViews><sheets>` +
    sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.hidden ? ` state="${s.hidden}"` : ''} r:id="rId${i + 1}"/>`).join('') +
    `</sheets><definedNames>${names.join('')}</definedNames>` +
    // Excel and LibreOffice compute every formula on opening: a ratio is never a stale cached value.
    '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
  );
}

function workbookRels(count: number): string {
  const sheets = Array.from({ length: count }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join(
    '',
  );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${sheets}<Relationship Id="rId${count + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
}

function contentTypes(count: number): string {
  const sheets = Array.from(
    { length: count },
    (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${sheets}</Types>`
  );
}

/** Built-in number formats Excel knows by number; any other gets an id from 164 on. */
const BUILT_IN_FORMATS: Readonly<Record<string, number>> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

/** The styles.xml of the cells written: one cell format per look and number format met. */
class StyleTable {
  private readonly xfs = new Map<string, number>([['|', 0]]);
  private readonly formats = new Map<string, number>();
  private readonly fonts = new Map<string, number>([[fontXml({}), 0]]);
  private readonly fills = new Map<string, number>([
    ['none', 0],
    ['gray125', 1],
  ]);
  private readonly xfXml: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  indexOf(cell: LayoutCell): number {
    const key = `${cell.style ?? ''}|${cell.numFmt ?? ''}`;
    const known = this.xfs.get(key);
    if (known !== undefined) return known;
    const look = cell.style ? LOOKS[cell.style] : {};
    const numFmtId = cell.numFmt ? this.formatId(cell.numFmt) : 0;
    const fontId = this.idOf(this.fonts, fontXml(look));
    const fillId = look.fill ? this.idOf(this.fills, look.fill) : 0;
    const borderId = look.border ? 1 : 0;
    const alignment = `<alignment vertical="center"${look.align ? ` horizontal="${look.align}"` : ''}${look.wrap ? ' wrapText="1"' : ''}/>`;
    const index = this.xfXml.length;
    this.xfXml.push(
      `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1">${alignment}</xf>`,
    );
    this.xfs.set(key, index);
    return index;
  }

  xml(): string {
    const formats = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    const fills = [...this.fills.keys()].map((f) =>
      f === 'none' || f === 'gray125'
        ? `<fill><patternFill patternType="${f}"/></fill>`
        : `<fill><patternFill patternType="solid"><fgColor rgb="FF${f}"/><bgColor indexed="64"/></patternFill></fill>`,
    );
    const thin = '<color rgb="FF808080"/>';
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">` +
      (formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '') +
      `<fonts count="${this.fonts.size}">${[...this.fonts.keys()].join('')}</fonts>` +
      `<fills count="${fills.length}">${fills.join('')}</fills>` +
      `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin">${thin}</left><right style="thin">${thin}</right><top style="thin">${thin}</top><bottom style="thin">${thin}</bottom><diagonal/></border></borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfXml.length}">${this.xfXml.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    );
  }

  private formatId(code: string): number {
    const builtIn = BUILT_IN_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.formats.get(code);
    if (id === undefined) {
      id = 164 + this.formats.size;
      this.formats.set(code, id);
    }
    return id;
  }

  private idOf(table: Map<string, number>, key: string): number {
    let id = table.get(key);
    if (id === undefined) {
      id = table.size;
      table.set(key, id);
    }
    return id;
  }
}

/** Times New Roman for every cell, as Nghị định 30/2020/NĐ-CP asks: the default font is it too. */
function fontXml(look: { bold?: boolean; italic?: boolean; size?: number; color?: string }): string {
  return `<font>${look.bold ? '<b/>' : ''}${look.italic ? '<i/>' : ''}<sz val="${look.size ?? FONT_SIZE}"/>${look.color ? `<color rgb="FF${look.color}"/>` : ''}<name val="${FONT_NAME}"/><family val="1"/></font>`;
}

/**
 * The spreadsheet's own check on input cells, one rule per run of cells with the same check, one
 * under the other, its formula relative to the run's first cell (as the .xlsx writer and the
 * Excel host write them: src/xlsx/write.ts dataValidation).
 */
class ValidationRuns {
  private readonly runs: { check: InputCheck; key: string; col: number; from: number; to: number }[] = [];
  private readonly open = new Map<number, number>();

  add(check: InputCheck, row: number, col: number): void {
    const key = JSON.stringify(check);
    const at = this.open.get(col);
    const run = at !== undefined ? this.runs[at] : undefined;
    if (run && run.key === key && run.to === row - 1) {
      run.to = row;
      return;
    }
    this.open.set(col, this.runs.length);
    this.runs.push({ check, key, col, from: row, to: row });
  }

  xml(lang: Lang): string | undefined {
    if (this.runs.length === 0) return undefined;
    const rules = this.runs.map((run) => {
      const first = a1(run.from, run.col);
      const ref = run.from === run.to ? first : `${first}:${columnName(run.col)}${run.to + 1}`;
      return validationXml(run.check, first, ref, lang);
    });
    return `<dataValidations count="${rules.length}">${rules.join('')}</dataValidations>`;
  }
}

function validationXml(check: InputCheck, cell: string, sqref: string, lang: Lang): string {
  const rule = inputRule(check, cell, lang);
  if (rule.type === 'date') {
    return `<dataValidation type="date" operator="greaterThan" allowBlank="1" showErrorMessage="1" errorStyle="warning" sqref="${sqref}"><formula1>${isoToSerial(rule.formula)}</formula1></dataValidation>`;
  }
  const title = escapeXml(rule.title ?? '');
  const message = escapeXml(rule.message ?? '');
  return `<dataValidation type="${rule.type}" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="${title}" error="${message}" promptTitle="${title}" prompt="${message}" sqref="${sqref}"><formula1>${escapeXml(rule.formula)}</formula1></dataValidation>`;
}
