import { strToU8 } from 'fflate';
import { builtInRegistry } from '../../src/core/builtins';
import type { ProblemRule } from '../../src/core/problems';
import type { Severity } from '../../src/core/template';
import { num, type CellValue } from '../../src/core/values';
import { layoutUnitSheet } from '../../src/sheet/layout';
import type { CheckedWorkbook } from '../../src/xlsx/check';
import { writeXlsx } from '../../src/xlsx/write';
import { foreignXlsx } from '../helpers/foreign';
import { unitRows } from '../helpers/units';
import {
  DATE_STYLES,
  book,
  bookParts,
  compoundFile,
  deflatedEntry,
  noise,
  rawZip,
  zerosStream,
  zip,
  type Cell,
  type RawEntry,
  type SheetSpec,
} from './xlsx-kit';

/**
 * The hostile corpus: bad, broken and malicious inputs, each generated here (no binary fixture is
 * committed) with the exact outcome it must have. An outcome is stated from the file as it was
 * built (which cell holds what), never copied from what the code under test answers.
 */

export const ct37 = builtInRegistry().get('ct37', 1)!;
const MiB = 1024 * 1024;
export const PART_LIMIT = 64 * MiB;
export const TOTAL_LIMIT = 256 * MiB;

export interface Expected {
  readonly severity: Severity;
  readonly rule: ProblemRule;
  /** a string, or a jest matcher for names the reader has to cut */
  readonly sheet?: unknown;
  readonly cell?: string;
  readonly code?: string;
}

export interface Words {
  readonly rule: ProblemRule;
  /** only the problem of this indicator, when the rule occurs more than once */
  readonly code?: string;
  readonly vi: readonly string[];
  readonly en: readonly string[];
}

export interface Expectation {
  /** the file is not read at all (validate exits 2) */
  readonly unreadable: boolean;
  /** every problem checking the file gives, exactly (all are in this file) */
  readonly problems: readonly Expected[];
  /** words each problem's vi and en messages must contain */
  readonly words: readonly Words[];
  /** the units this file adds to a summary, by code (or file#sheet), with their figure of row 1.1 */
  readonly units: Readonly<Record<string, number | null>>;
  /** what consolidating it adds, in this file */
  readonly consolidation: readonly Expected[];
  /** consolidated together with the other cases of the same group */
  readonly group?: string;
  /** checking the file takes at most this long */
  readonly maxMs: number;
  /** and the process's peak memory grows by at most this much */
  readonly maxRssGrowthMiB?: number;
  /** what else is true of the file once read */
  readonly check?: (checked: CheckedWorkbook) => void;
}

export interface Case {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly expect: Expectation;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const PERIOD = { from: '2023-01-01', to: '2023-09-30' };

/** Figures that break no rule: every count 10 + k, the satisfaction index 80. */
export function clean(k: number): Record<string, number> {
  const f: Record<string, number> = {};
  for (const row of ct37.rows) if (row.kind === 'count') f[row.code] = 10 + k;
  f['3.5'] = 80;
  return f;
}

type Rows = Cell[][];

/** A unit's appendix sheet as another program writes it (A–E, keys in column A). */
export function appendix(unitCode: string | null, unit: string | null, figures: Record<string, number | string | null> = clean(1)): Rows {
  return unitRows(ct37, { ...PERIOD, ...(unit !== null ? { unit } : {}), ...(unitCode !== null ? { unitCode } : {}) }, figures).map((r) => [...r]);
}

/** The 0-based row of a key in column A. */
export function rowOf(rows: Rows, key: string): number {
  const r = rows.findIndex((row) => row[0] === key);
  if (r < 0) throw new Error(`no row ${key}`);
  return r;
}
/** The value cell (column D) of a key, A1 style. */
export const D = (rows: Rows, key: string): string => `D${rowOf(rows, key) + 1}`;
/** Puts a cell in column D of a key's row. */
function setD(rows: Rows, key: string, cell: Cell): void {
  rows[rowOf(rows, key)]![3] = cell;
}

const sheet = (name: string, rows: Rows, more: Partial<SheetSpec> = {}): SheetSpec => ({ name, rows, ...more });
const unitBook = (code: string, figures?: Record<string, number | string | null>) => book([sheet(`PL ${code}`, appendix(code, `Đơn vị ${code}`, figures))]);

const error = (rule: ProblemRule, more: Omit<Expected, 'severity' | 'rule'> = {}): Expected => ({ severity: 'error', rule, ...more });
const warning = (rule: ProblemRule, more: Omit<Expected, 'severity' | 'rule'> = {}): Expected => ({ severity: 'warning', rule, ...more });

const NOT_XLSX: Words = {
  rule: 'file.notXlsx',
  vi: ['không phải bảng tính .xlsx hay .ods', 'lưu lại dưới dạng .xlsx hoặc .ods'],
  en: ['neither an .xlsx nor an .ods spreadsheet', 'save it as .xlsx or .ods'],
};
const CORRUPT: Words = { rule: 'file.unreadable', vi: ['Không đọc được tệp', 'bị hỏng hoặc bị cắt cụt'], en: ['Cannot read the file', 'damaged or cut short'] };
const tooLarge = (part: string, limitVi: string, limitEn: string): Words => ({
  rule: 'file.tooLarge',
  vi: ['quá lớn khi giải nén', part, `${limitVi} byte`],
  en: ['too large once unzipped', part, `${limitEn} bytes`],
});

/** A file that is not read at all: one error, naming only the file. */
function unreadableFile(rule: ProblemRule, words: Words, maxMs = 2000, extra: Partial<Expectation> = {}): Expectation {
  return { unreadable: true, problems: [error(rule)], words: [words], units: {}, consolidation: [], maxMs, ...extra };
}

/** A unit with errors: read, reported, and left out of the totals. */
function invalidUnit(sheetName: string, problems: Expected[], words: Words[], extra: Partial<Expectation> = {}): Expectation {
  return {
    unreadable: false,
    problems,
    words,
    units: {},
    consolidation: [error('consolidate.invalidExcluded', { sheet: sheetName, cell: 'D4' })],
    maxMs: 2000,
    ...extra,
  };
}

/** A unit read and consolidated, perhaps with warnings. */
function includedUnits(units: Record<string, number | null>, problems: Expected[] = [], words: Words[] = [], extra: Partial<Expectation> = {}): Expectation {
  return { unreadable: false, problems, words, units, consolidation: [], maxMs: 2000, ...extra };
}

const valueOf = (checked: CheckedWorkbook, sheetIndex: number, code: string): CellValue | undefined => checked.sheets[sheetIndex]?.report?.values.get(code);

// ---------------------------------------------------------------------------------------------
// The corpus

export function buildCorpus(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, bytes: Uint8Array, expect: Expectation) => cases.push({ name, bytes, expect });

  // --- zip bombs first: their memory is measured against the peak so far -----------------------
  {
    // 2 GiB of zeros in about 2 MB, its size declared honestly: refused from the directory alone.
    const zeros = zerosStream(2048);
    const parts = bookParts([sheet('PL B1', appendix('B1', 'Bom 1'))]);
    const entries = (sheetEntry: RawEntry): RawEntry[] =>
      Object.entries(parts).map(([name, xml]) => (name === 'xl/worksheets/sheet1.xml' ? sheetEntry : deflatedEntry(name, xml)));
    add(
      'bomb-honest.xlsx',
      rawZip(entries({ name: 'xl/worksheets/sheet1.xml', data: zeros.data, method: 8, size: zeros.size, crc: zeros.crc })),
      unreadableFile('file.tooLarge', tooLarge('xl/worksheets/sheet1.xml', '67.108.864', '67,108,864'), 1000, { maxRssGrowthMiB: 150 }),
    );
    // The same stream, the directory claiming 20 KB: inflation must stop at the part limit.
    add(
      'bomb-lying.xlsx',
      rawZip(entries({ name: 'xl/worksheets/sheet1.xml', data: zeros.data, method: 8, size: 20_000, crc: 0 })),
      unreadableFile('file.tooLarge', tooLarge('xl/worksheets/sheet1.xml', '67.108.864', '67,108,864'), 2000, { maxRssGrowthMiB: 400 }),
    );
    // A directory claiming 3 GB for a sheet of a few kilobytes.
    const real = deflatedEntry('xl/worksheets/sheet1.xml', parts['xl/worksheets/sheet1.xml']!);
    add(
      'declared-huge-part.xlsx',
      rawZip(entries({ ...real, size: 3_000_000_000 })),
      unreadableFile('file.tooLarge', tooLarge('xl/worksheets/sheet1.xml', '67.108.864', '67,108,864'), 1000, { maxRssGrowthMiB: 150 }),
    );
    // A directory claiming 50 MB (within the limit) for the same small sheet: read as it really is.
    add('declared-large-real-small.xlsx', rawZip(entries({ ...real, size: 50_000_000 })), includedUnits({ B1: 11 }, [], [], { maxRssGrowthMiB: 150 }));
  }
  {
    // Five sheets of 60 MiB each, honestly declared: each within the part limit, 300 MiB together.
    const zeros = zerosStream(60);
    const specs = [1, 2, 3, 4, 5].map((i) => sheet(`PL ${i}`, []));
    const entries = Object.entries(bookParts(specs)).map(([name, xml]) =>
      name.startsWith('xl/worksheets/') ? { name, data: zeros.data, method: 8, size: zeros.size, crc: zeros.crc } : deflatedEntry(name, xml),
    );
    add(
      'bomb-many-parts.xlsx',
      rawZip(entries),
      unreadableFile('file.tooLarge', tooLarge('xl/worksheets/sheet5.xml', '268.435.456', '268,435,456'), 1000, { maxRssGrowthMiB: 150 }),
    );
  }

  // --- not a workbook at all ---------------------------------------------------------------------
  add('pdf.xlsx', strToU8('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), unreadableFile('file.notXlsx', NOT_XLSX));
  add('empty.xlsx', new Uint8Array(0), unreadableFile('file.notXlsx', NOT_XLSX));
  add('html-error-page.xlsx', strToU8('<!DOCTYPE html><html><body>404 Not Found</body></html>'), unreadableFile('file.notXlsx', NOT_XLSX));
  add(
    'csv-renamed.xlsx',
    strToU8('\uFEFFMã,Chỉ tiêu,Số liệu\n1.1,Văn bản của cấp ủy Đảng,3\n1.2,Văn bản của cơ quan nhà nước,4\n'),
    unreadableFile('file.notXlsx', NOT_XLSX),
  );
  add('zip-of-text.xlsx', zip({ 'so-lieu.txt': 'không phải Excel' }), unreadableFile('file.notXlsx', NOT_XLSX));
  add(
    'docx-renamed.xlsx',
    zip({
      '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
      '_rels/.rels':
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      'word/document.xml':
        '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>',
    }),
    unreadableFile('file.unreadable', { rule: 'file.unreadable', vi: ['không chứa bảng tính Excel', 'Word'], en: ['holds no Excel workbook', 'Word'] }),
  );

  // --- broken zips -----------------------------------------------------------------------------------
  const good = unitBook('T1');
  add('truncated-half.xlsx', good.slice(0, Math.floor(good.length / 2)), unreadableFile('file.unreadable', CORRUPT));
  add('truncated-tail.xlsx', good.slice(0, good.length - 10), unreadableFile('file.unreadable', CORRUPT));
  add('hole-in-the-middle.xlsx', new Uint8Array([...good.slice(0, 600), ...good.slice(1600)]), unreadableFile('file.unreadable', CORRUPT));
  {
    const parts = bookParts([sheet('PL Z', appendix('Z9', 'Nén lạ'))]);
    add(
      'unknown-compression.xlsx',
      rawZip(
        Object.entries(parts).map(([name, xml]) =>
          name === 'xl/worksheets/sheet1.xml' ? { ...deflatedEntry(name, xml), method: 14 } : deflatedEntry(name, xml),
        ),
      ),
      unreadableFile('file.unreadable', { rule: 'file.unreadable', vi: ['kiểu nén'], en: ['compression'] }),
    );
    add(
      'zip-with-password.xlsx',
      rawZip(
        Object.entries(parts).map(([name, xml]) =>
          name === 'xl/worksheets/sheet1.xml' ? { ...deflatedEntry(name, xml), flags: 1 } : deflatedEntry(name, xml),
        ),
      ),
      unreadableFile('file.encrypted', { rule: 'file.encrypted', vi: ['mật khẩu', 'bỏ mật khẩu'], en: ['password-protected', 'remove the password'] }),
    );
  }
  add('no-worksheet.xlsx', book([]), unreadableFile('file.unreadable', { rule: 'file.unreadable', vi: ['không có trang tính nào'], en: ['has no worksheet'] }));

  // --- OLE compound files ------------------------------------------------------------------------------
  const biff = new Uint8Array(4096);
  biff.set([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]); // a BIFF8 BOF record
  add(
    'old-format.xlsx',
    compoundFile([{ name: 'Workbook', data: biff }]),
    unreadableFile('file.oldXls', { rule: 'file.oldXls', vi: ['Excel 97–2003', '.xls'], en: ['Excel 97–2003', '.xls'] }),
  );
  add(
    'password-protected.xlsx',
    compoundFile([
      { name: 'EncryptionInfo', data: noise(1024, 7) },
      { name: 'EncryptedPackage', data: noise(8192, 11) },
    ]),
    unreadableFile('file.encrypted', { rule: 'file.encrypted', vi: ['mật khẩu', 'bỏ mật khẩu'], en: ['password-protected', 'remove the password'] }),
  );

  // --- workbooks that hold no appendix, or one of an unknown template ------------------------------------
  {
    const rows = appendix('N1', 'Không mẫu').filter((r) => r[0] !== '@template');
    add('no-template.xlsx', book([sheet('Sheet1', rows)]), {
      ...invalidUnit(
        '',
        [error('file.noAppendix')],
        [{ rule: 'file.noAppendix', vi: ['Không có trang tính phụ lục', '@template'], en: ['No appendix sheet', '@template'] }],
      ),
      consolidation: [],
    });
  }
  add(
    'broken-sheet-xml.xlsx',
    book([sheet('PL', [], { rawXml: '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>@template' })]),
    { ...invalidUnit('', [error('file.noAppendix')], [{ rule: 'file.noAppendix', vi: ['@template'], en: ['@template'] }]), consolidation: [] },
  );
  for (const [name, value, problem, words] of [
    [
      'template-malformed.xlsx',
      'ct37 phiên bản 1',
      'sheet.templateMalformed',
      { vi: ['"ct37 phiên bản 1"', 'mã@phiên bản'], en: ['"ct37 phiên bản 1"', 'id@version'] },
    ],
    ['template-unknown.xlsx', 'ct99@1', 'sheet.templateUnknown', { vi: ['"ct99"', 'ct37@1'], en: ['"ct99"', 'ct37@1'] }],
    ['template-newer.xlsx', 'ct37@2', 'sheet.templateVersion', { vi: ['"ct37"', 'phiên bản 2'], en: ['Version 2', '"ct37"'] }],
  ] as const) {
    const rows = appendix('Q1', 'Mẫu lạ');
    setD(rows, '@template', value);
    add(name, book([sheet('PL Q1', rows)]), {
      unreadable: false,
      problems: [error(problem, { sheet: 'PL Q1', cell: D(rows, '@template') })],
      words: [{ rule: problem, ...words }],
      units: {},
      consolidation: [],
      maxMs: 2000,
    });
  }

  // --- structure inside an appendix ---------------------------------------------------------------------
  {
    const rows = appendix('K1', 'Trùng mã');
    const at = rowOf(rows, '4.3.a');
    rows.splice(at + 2, 0, ['4.3.a', 'Số đơn thư khiếu nại đã giải quyết (dòng chép lại)', null, 99]);
    add(
      'duplicate-codes.xlsx',
      book([sheet('PL K1', rows)]),
      invalidUnit(
        'PL K1',
        [error('sheet.rowDuplicate', { sheet: 'PL K1', cell: `D${at + 1}`, code: '4.3.a' })],
        [{ rule: 'sheet.rowDuplicate', vi: ['4.3.a', 'nhiều lần', `${at + 1}, ${at + 3}`], en: ['4.3.a', 'more than once', `${at + 1}, ${at + 3}`] }],
      ),
    );
  }
  {
    // C–D merged on row 1.2 (typed in C, the merge's first cell); D of 2.1–2.2 merged (2.2 covered,
    // holding a stale 99 that no program shows); B–E merged on the title row (no value cell).
    const rows = appendix('M1', 'Ô gộp');
    const r12 = rowOf(rows, '1.2');
    rows[r12]![2] = 7;
    rows[r12]![3] = null;
    setD(rows, '2.2', 99);
    const merges = ['B1:E1', `C${r12 + 1}:D${r12 + 1}`, `${D(rows, '2.1')}:${D(rows, '2.2')}`];
    add(
      'merged-over-d.xlsx',
      book([sheet('PL M1', rows, { merges })]),
      includedUnits(
        { M1: 11 },
        [
          warning('sheet.mergedValue', { sheet: 'PL M1', cell: D(rows, '1.2'), code: '1.2' }),
          warning('sheet.mergedValue', { sheet: 'PL M1', cell: D(rows, '2.2'), code: '2.2' }),
        ],
        [
          {
            rule: 'sheet.mergedValue',
            code: '1.2',
            vi: [`C${r12 + 1}:D${r12 + 1}`, 'ô gộp', 'chưa báo cáo'],
            en: [`C${r12 + 1}:D${r12 + 1}`, 'merged range', 'not reported'],
          },
          { rule: 'sheet.mergedValue', code: '2.2', vi: [merges[2]!, D(rows, '2.1')], en: [merges[2]!, D(rows, '2.1')] },
        ],
        {
          check: (checked) => {
            expect(valueOf(checked, 0, '1.2')).toEqual({ kind: 'blank' });
            expect(valueOf(checked, 0, '2.1')).toEqual(num(11));
            expect(valueOf(checked, 0, '2.2')).toEqual({ kind: 'blank' });
          },
        },
      ),
    );
  }

  // --- values -----------------------------------------------------------------------------------------------
  {
    const rows = appendix('V1', 'Số dạng chữ');
    setD(rows, '1.1', '1.234');
    setD(rows, '1.2', '1,5');
    setD(rows, '2.1', '12 ');
    setD(rows, '2.2', '１２');
    add(
      'text-numbers.xlsx',
      book([sheet('PL V1', rows)]),
      invalidUnit(
        'PL V1',
        ['1.1', '1.2', '2.1', '2.2'].map((code) => error('value.textNumber', { sheet: 'PL V1', cell: D(rows, code), code })),
        [
          { rule: 'value.textNumber', code: '1.1', vi: ['"1.234"', 'dạng chữ', 'có lẽ là 1.234'], en: ['"1.234"', 'as text', 'probably means 1,234'] },
          { rule: 'value.textNumber', code: '1.2', vi: ['"1,5"', 'có lẽ là 1,5'], en: ['"1,5"', 'probably means 1.5'] },
          { rule: 'value.textNumber', code: '2.1', vi: ['"12 "', 'có lẽ là 12'], en: ['"12 "', 'probably means 12'] },
          { rule: 'value.textNumber', code: '2.2', vi: ['"１２"', 'có lẽ là 12'], en: ['"１２"', 'probably means 12'] },
        ],
      ),
    );
  }
  {
    const rows = appendix('V2', 'Số âm, số lẻ');
    setD(rows, '1.1', -5);
    setD(rows, '1.2', 2.5);
    setD(rows, '3.5', 100.5);
    add(
      'negative-fraction.xlsx',
      book([sheet('PL V2', rows)]),
      invalidUnit(
        'PL V2',
        [
          error('value.belowMin', { sheet: 'PL V2', cell: D(rows, '1.1'), code: '1.1' }),
          error('value.notWhole', { sheet: 'PL V2', cell: D(rows, '1.2'), code: '1.2' }),
          error('value.aboveMax', { sheet: 'PL V2', cell: D(rows, '3.5'), code: '3.5' }),
        ],
        [
          { rule: 'value.belowMin', vi: ['-5', 'nhỏ hơn', 'tối thiểu 0'], en: ['-5', 'below the minimum 0'] },
          { rule: 'value.notWhole', vi: ['2,5', 'không phải số nguyên'], en: ['2.5', 'not a whole number'] },
          { rule: 'value.aboveMax', vi: ['100,5', 'tối đa 100'], en: ['100.5', 'maximum 100'] },
        ],
      ),
    );
  }
  {
    const rows = appendix('V3', 'Số khổng lồ');
    setD(rows, '1.1', 1e308);
    setD(rows, '1.2', 2 ** 60);
    add(
      'enormous.xlsx',
      book([sheet('PL V3', rows)]),
      invalidUnit(
        'PL V3',
        [
          error('value.tooLarge', { sheet: 'PL V3', cell: D(rows, '1.1'), code: '1.1' }),
          error('value.tooLarge', { sheet: 'PL V3', cell: D(rows, '1.2'), code: '1.2' }),
        ],
        [
          { rule: 'value.tooLarge', code: '1.1', vi: ['1e+308', 'quá lớn'], en: ['1e+308', 'too large'] },
          { rule: 'value.tooLarge', code: '1.2', vi: ['1.152.921.504.606.846.976', 'quá lớn'], en: ['1,152,921,504,606,846,976', 'too large'] },
        ],
      ),
    );
  }
  {
    const rows = appendix('V4', 'Ngày và đúng sai');
    setD(rows, '1.1', { s: 1, v: 45000 }); // 2023-03-15 shown as a date (built-in format 14)
    setD(rows, '1.2', true);
    setD(rows, '2.1', { s: 2, v: 45199 }); // 2023-09-30 in a dd/mm/yyyy format
    setD(rows, '2.2', false);
    add(
      'dates-booleans.xlsx',
      book([sheet('PL V4', rows)], { styles: DATE_STYLES }),
      invalidUnit(
        'PL V4',
        [
          error('value.date', { sheet: 'PL V4', cell: D(rows, '1.1'), code: '1.1' }),
          error('value.bool', { sheet: 'PL V4', cell: D(rows, '1.2'), code: '1.2' }),
          error('value.date', { sheet: 'PL V4', cell: D(rows, '2.1'), code: '2.1' }),
          error('value.bool', { sheet: 'PL V4', cell: D(rows, '2.2'), code: '2.2' }),
        ],
        [
          { rule: 'value.date', code: '1.1', vi: ['ngày tháng', '15/03/2023'], en: ['a date', '15/03/2023'] },
          { rule: 'value.date', code: '2.1', vi: ['30/09/2023'], en: ['30/09/2023'] },
          { rule: 'value.bool', code: '1.2', vi: ['đúng/sai', 'TRUE'], en: ['true/false', 'TRUE'] },
          { rule: 'value.bool', code: '2.2', vi: ['FALSE'], en: ['FALSE'] },
        ],
      ),
    );
  }
  {
    const rows = appendix('V5', 'Lỗi công thức');
    setD(rows, '1.1', { t: 'e', f: '1/0', v: '#DIV/0!' });
    setD(rows, '1.2', { t: 'e', f: 'Sheet9!A1', v: '#REF!' });
    setD(rows, '2.1', '#N/A');
    add(
      'formula-errors.xlsx',
      book([sheet('PL V5', rows)]),
      invalidUnit(
        'PL V5',
        ['1.1', '1.2', '2.1'].map((code) => error('value.formulaError', { sheet: 'PL V5', cell: D(rows, code), code })),
        [
          { rule: 'value.formulaError', code: '1.1', vi: ['#DIV/0!', 'giá trị lỗi'], en: ['#DIV/0!', 'error value'] },
          { rule: 'value.formulaError', code: '1.2', vi: ['#REF!'], en: ['#REF!'] },
          { rule: 'value.formulaError', code: '2.1', vi: ['#N/A'], en: ['#N/A'] },
        ],
      ),
    );
  }
  {
    // Linked to other workbooks, with the values Excel saved: used, and said to be linked.
    const rows = appendix('L1', 'Liên kết có giá trị');
    setD(rows, '4.3.b', { f: '[1]Sheet1!A1', v: 11 });
    setD(rows, '4.4.b', { f: "'[2]Tờ 1'!B3", v: 11 });
    setD(rows, '4.5.b', { f: 'SUM(Bang1[Số vụ])+Tờ2!A1', v: 11 }); // a table and a sheet of this workbook: not a link
    add(
      'external-link-cached.xlsx',
      book([sheet('PL L1', rows)], {
        extra: { 'xl/externalLinks/externalLink1.xml': '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>' },
      }),
      includedUnits(
        { L1: 11 },
        [
          warning('value.externalLink', { sheet: 'PL L1', cell: D(rows, '4.3.b'), code: '4.3.b' }),
          warning('value.externalLink', { sheet: 'PL L1', cell: D(rows, '4.4.b'), code: '4.4.b' }),
        ],
        [
          {
            rule: 'value.externalLink',
            code: '4.3.b',
            vi: ['=[1]Sheet1!A1', 'tệp khác', 'giá trị đã lưu', '11'],
            en: ['=[1]Sheet1!A1', 'another workbook', 'saved', '11'],
          },
          { rule: 'value.externalLink', code: '4.4.b', vi: ["='[2]Tờ 1'!B3"], en: ["='[2]Tờ 1'!B3"] },
        ],
        { check: (checked) => expect(valueOf(checked, 0, '4.3.b')).toEqual(num(11)) },
      ),
    );
  }
  {
    // Linked, but no value saved (written by a program that does not compute): the figure is unknown.
    const rows = appendix('L2', 'Liên kết không giá trị');
    setD(rows, '4.3.b', { f: '[1]Sheet1!A1' });
    add(
      'external-link-no-value.xlsx',
      book([sheet('PL L2', rows)]),
      invalidUnit(
        'PL L2',
        [error('value.formulaNoResult', { sheet: 'PL L2', cell: D(rows, '4.3.b'), code: '4.3.b' })],
        [{ rule: 'value.formulaNoResult', vi: ['=[1]Sheet1!A1', 'không lưu kết quả', 'LibreOffice'], en: ['=[1]Sheet1!A1', 'no saved result', 'LibreOffice'] }],
      ),
    );
  }
  {
    const rows = appendix('L3', 'Công thức chưa tính');
    setD(rows, '2.1', { f: 'SUM(D20:D21)' });
    add(
      'formula-not-computed.xlsx',
      book([sheet('PL L3', rows)]),
      invalidUnit(
        'PL L3',
        [error('value.formulaNoResult', { sheet: 'PL L3', cell: D(rows, '2.1'), code: '2.1' })],
        [{ rule: 'value.formulaNoResult', vi: ['=SUM(D20:D21)', 'không đọc được số liệu'], en: ['=SUM(D20:D21)', 'cannot be read'] }],
      ),
    );
  }
  {
    const rows = appendix('P1', 'Kỳ sai');
    setD(rows, '@from', '31/02/2023');
    setD(rows, '@to', 'hôm qua');
    add(
      'period-invalid.xlsx',
      book([sheet('PL P1', rows)]),
      includedUnits(
        { P1: 11 },
        [warning('sheet.periodInvalid', { sheet: 'PL P1', cell: D(rows, '@from') }), warning('sheet.periodInvalid', { sheet: 'PL P1', cell: D(rows, '@to') })],
        [{ rule: 'sheet.periodInvalid', vi: ['không hợp lệ', 'ngày/tháng/năm'], en: ['is not valid', 'day/month/year'] }],
      ),
    );
  }
  {
    const rows = appendix(null, null);
    add(
      'unit-missing.xlsx',
      book([sheet('PL ?', rows)]),
      includedUnits(
        { 'unit-missing.xlsx#PL ?': 11 },
        [warning('sheet.unitMissing', { sheet: 'PL ?', cell: D(rows, '@unit') })],
        [{ rule: 'sheet.unitMissing', vi: ['tên đơn vị', '@unit'], en: ["unit's name", '@unit'] }],
      ),
    );
  }

  // --- names that a spreadsheet could take for formulas; names that are Object's own -----------------------
  {
    const names: [string, string][] = [
      ['=1+2', '=HYPERLINK("http://example.invalid/x","Bấm vào đây")'],
      ['+1+2', '+Sở Tài chính'],
      ['-1+2', '-Sở Xây dựng'],
      ['@SUM(1,2)', '@Sở Y tế'],
    ];
    add(
      'formula-like-names.xlsx',
      book(names.map(([code, unit], i) => sheet(`PL ${i + 1}`, appendix(code, unit, clean(20 + i))))),
      includedUnits(Object.fromEntries(names.map(([code], i) => [code, 30 + i]))),
    );
  }
  add(
    'object-property-codes.xlsx',
    book([
      sheet('PL proto', appendix('__proto__', '__proto__', clean(30))),
      sheet('PL ctor', appendix('constructor', 'constructor', clean(31))),
      sheet('PL toString', appendix('toString', 'hasOwnProperty', clean(32))),
    ]),
    // Object.fromEntries makes "__proto__" an own key, as a Map-minded reader would see it.
    includedUnits(
      Object.fromEntries([
        ['__proto__', 40],
        ['constructor', 41],
        ['toString', 42],
      ]),
    ),
  );
  {
    // An entity that Object.prototype would answer, and an astral character.
    const rows = appendix('E1', 'placeholder');
    const xml = bookParts([sheet('PL E1', rows)])['xl/worksheets/sheet1.xml']!.replace('placeholder', 'Sở &constructor; &__proto__; &#x1F600;');
    add(
      'entity-names.xlsx',
      book([sheet('PL E1', [], { rawXml: xml })]),
      includedUnits({ E1: 11 }, [], [], { check: (checked) => expect(checked.sheets[0]!.report!.meta.unit).toBe('Sở &constructor; &__proto__; 😀') }),
    );
  }
  {
    // Entries named like Object's own properties (fflate's zipSync cannot even write them: raw zip).
    const parts = bookParts([sheet('PL E2', appendix('E2', 'Tên phần lạ'))]);
    const named = [...Object.entries(parts), ['__proto__', 'x'], ['constructor', 'y'], ['xl/toString', 'z']].map(([name, xml]) => deflatedEntry(name!, xml!));
    add('zip-entries-named-like-properties.xlsx', rawZip(named), includedUnits({ E2: 11 }));
    // Backslashes and capitals, as some Windows zip tools write names.
    const upper = bookParts([sheet('PL E3', appendix('E3', 'Tên phần viết hoa'))]);
    const odd = Object.entries(upper).map(([name, xml]) => deflatedEntry(name.startsWith('xl/') ? name.toUpperCase().replace(/\//g, '\\') : name, xml));
    add('zip-backslash-names.xlsx', rawZip(odd), includedUnits({ E3: 11 }));
  }

  // --- sizes: long texts, many rows, cells beyond the grid ----------------------------------------------------
  {
    const long = (ch: string) => ch.repeat(100_000);
    const rows = appendix(long('L'), long('Ư'));
    setD(rows, '@from', long('x'));
    setD(rows, '1.1', long('Ô'));
    setD(rows, '4.3', long('T'));
    rows.push([long('1'), 'mã rất dài']);
    const sheetName = long('Đ');
    const clipped = expect.stringMatching(/^Đ{100}…$/);
    add('long-strings.xlsx', book([sheet(sheetName, rows)]), {
      ...invalidUnit(
        '',
        [
          warning('sheet.periodInvalid', { sheet: clipped, cell: D(rows, '@from') }),
          error('value.text', { sheet: clipped, cell: D(rows, '1.1'), code: '1.1' }),
          warning('value.ratioTyped', { sheet: clipped, cell: D(rows, '4.3'), code: '4.3' }),
          warning('sheet.rowUnknown', { sheet: clipped, cell: `A${rows.length}` }),
        ],
        [
          { rule: 'sheet.periodInvalid', vi: ['xxxxxxxxxx…'], en: ['xxxxxxxxxx…'] },
          { rule: 'value.text', vi: ['ÔÔÔÔÔÔ…', 'không phải là số'], en: ['ÔÔÔÔÔÔ…', 'is not a number'] },
          { rule: 'value.ratioTyped', vi: ['TTTTTT…', '4.3'], en: ['TTTTTT…', '4.3'] },
          { rule: 'sheet.rowUnknown', vi: ['111111…', 'không thuộc mẫu'], en: ['111111…', 'not part of the template'] },
        ],
      ),
      consolidation: [error('consolidate.invalidExcluded', { sheet: clipped, cell: 'D4' })],
    });
  }
  {
    // A table of 200,000 numbered rows pasted under the appendix: numbers in column A look like codes.
    const rows = appendix('R1', 'Hai trăm nghìn dòng');
    const first = rows.length;
    const tail: string[] = [];
    for (let k = 1; k <= 200_000; k++)
      tail.push(
        `<row r="${first + k}"><c r="A${first + k}"><v>${k}</v></c><c r="B${first + k}" t="inlineStr"><is><t>Đơn thư số ${k}</t></is></c><c r="D${first + k}"><v>${k % 7}</v></c></row>`,
      );
    const headings = new Set(ct37.rows.filter((r) => /^\d+$/.test(r.code)).map((r) => Number(r.code)));
    const unknown = Array.from({ length: 200_000 }, (_, i) => i + 1).filter((k) => !headings.has(k));
    add(
      'many-rows.xlsx',
      book([sheet('PL R1', rows, { tailRowsXml: tail.join('') })], { level: 1 }),
      includedUnits(
        { R1: 11 },
        [
          ...unknown.slice(0, 20).map((k) => warning('sheet.rowUnknown', { sheet: 'PL R1', cell: `A${first + k}` })),
          warning('sheet.rowUnknownMore', { sheet: 'PL R1' }),
        ],
        [
          {
            rule: 'sheet.rowUnknownMore',
            vi: [(unknown.length - 20).toLocaleString('de-DE'), 'không liệt kê hết'],
            en: [(unknown.length - 20).toLocaleString('en-US'), 'not all listed'],
          },
        ],
        { maxMs: 10_000, maxRssGrowthMiB: 1024 },
      ),
    );
  }
  {
    const rows = appendix('G9', 'Ô ngoài lưới');
    const huge = 2_000_000_000;
    add(
      'cells-beyond-the-grid.xlsx',
      book([
        sheet('PL G9', rows, {
          tailRowsXml: `<row r="${huge}"><c r="A${huge}" t="inlineStr"><is><t>9.9.9</t></is></c></row><row r="${huge + 1}"><c t="inlineStr"><is><t>9.9.8</t></is></c></row>`,
        }),
      ]),
      includedUnits({ G9: 11 }, [], [], { maxMs: 1000 }),
    );
  }

  // --- sheets: hidden, very hidden, many in one file ------------------------------------------------------
  add(
    'hidden-sheet.xlsx',
    book([sheet('PL H1', appendix('H1', 'Hiện', clean(1))), sheet('PL H2', appendix('H2', 'Ẩn', clean(2)), { state: 'hidden' })]),
    includedUnits(
      { H1: 11, H2: 12 },
      [warning('sheet.hidden', { sheet: 'PL H2' })],
      [
        {
          rule: 'sheet.hidden',
          vi: ['"PL H2"', 'đang bị ẩn', 'vẫn được kiểm tra và tổng hợp'],
          en: ['"PL H2"', 'is hidden', 'still checked and consolidated'],
        },
      ],
    ),
  );
  add(
    'very-hidden-old-copy.xlsx',
    book([sheet('PL V01', appendix('V01', 'Bản mới', clean(1))), sheet('PL V01 cũ', appendix('V01', 'Bản cũ', clean(5)), { state: 'veryHidden' })]),
    {
      ...includedUnits({}, [warning('sheet.hidden', { sheet: 'PL V01 cũ' })], [{ rule: 'sheet.hidden', vi: ['ẩn sâu', 'VBA'], en: ['very hidden', 'VBA'] }]),
      consolidation: [error('consolidate.duplicateDiffer', { sheet: 'PL V01', cell: 'D4' })],
    },
  );
  {
    const units = Array.from({ length: 12 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);
    add(
      'many-sheets.xlsx',
      book([...units.map((code, i) => sheet(`PL ${code}`, appendix(code, `Xã ${code}`, clean(i)))), sheet('Ghi chú', [[null, 'Tệp gồm 12 xã']])]),
      includedUnits(Object.fromEntries(units.map((code, i) => [code, 10 + i]))),
    );
  }

  // --- the same unit in two files -------------------------------------------------------------------------------
  add('same-unit-1.xlsx', unitBook('D01', clean(3)), includedUnits({ D01: 13 }, [], [], { group: 'same' }));
  add('same-unit-2.xlsx', unitBook('D01', clean(3)), {
    ...includedUnits({}, [], [], { group: 'same' }),
    consolidation: [warning('consolidate.duplicateSame', { sheet: 'PL D01', cell: 'D4' })],
  });
  add('differ-1.xlsx', unitBook('F01', clean(3)), {
    ...includedUnits({}, [], [], { group: 'differ' }),
    consolidation: [error('consolidate.duplicateDiffer', { sheet: 'PL F01', cell: 'D4' })],
  });
  add('differ-2.xlsx', unitBook('F01', clean(4)), includedUnits({}, [], [], { group: 'differ' }));

  return cases;
}

/** Well-formed unit files from three writers: inline strings, a namespace prefix, and this project's own. */
export async function goodUnits(): Promise<{ name: string; bytes: Uint8Array; units: Record<string, number> }[]> {
  const own = layoutUnitSheet(
    ct37,
    { unit: 'Xã Tốt 3', unitCode: 'G03', ...PERIOD },
    { values: new Map(Object.entries(clean(3)).map(([code, v]) => [code, num(v)])) },
  );
  return [
    {
      name: 'good-1.xlsx',
      bytes: foreignXlsx([{ name: 'Xã 1', rows: unitRows(ct37, { unit: 'Xã Tốt 1', unitCode: 'G01', ...PERIOD }, clean(1)) }]),
      units: { G01: 11 },
    },
    {
      name: 'good-2.xlsx',
      bytes: foreignXlsx([{ name: 'Xã 2', rows: unitRows(ct37, { unit: 'Xã Tốt 2', unitCode: 'G02', ...PERIOD }, clean(2), { insertNoteAfter: '2.2' }) }], {
        prefix: true,
      }),
      units: { G02: 12 },
    },
    { name: 'good-3.xlsx', bytes: await writeXlsx([own]), units: { G03: 13 } },
  ];
}
