import fc from 'fast-check';
import { damagedZipTests } from './zip-damage';
import { strToU8 } from 'fflate';
import { builtInRegistry } from '../../src/core/builtins';
import { formatProblem } from '../../src/core/i18n/messages';
import type { Problem } from '../../src/core/problems';
import { validateReport } from '../../src/core/validate';
import type { RawCell } from '../../src/core/values';
import type { SheetData } from '../../src/sheet/grid';
import { checkSheets } from '../../src/sheet/check';
import { readUnitSheet } from '../../src/sheet/read';
import { checkWorkbook } from '../../src/xlsx/check';
import { readXlsx } from '../../src/xlsx/read';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { num } from '../../src/core/values';
import { writeXlsx } from '../../src/xlsx/write';
import { appendix, clean, ct37 } from './corpus';
import { book, bookParts, zip } from './xlsx-kit';

/**
 * Fuzzing the readers: whatever the bytes, readXlsx and checkWorkbook return (a workbook or a
 * problem) and never throw, and no single input takes more than 2 seconds. The same for random
 * grids through readUnitSheet and validateReport, and every problem renders in vi and en.
 */

const registry = builtInRegistry();
const PER_INPUT_MS = 2000;
let slowest = { ms: 0, what: '' };

/** Reads the bytes both ways, timing each run; a throw fails the property with the input shown. */
function readsWithinBound(bytes: Uint8Array, what: string): void {
  const started = performance.now();
  const read = readXlsx(bytes);
  const checked = checkWorkbook(bytes, 'fuzz.xlsx', registry);
  for (const p of checked.problems) rendersInBothLanguages(p);
  const ms = performance.now() - started;
  if (ms > slowest.ms) slowest = { ms, what };
  expect(ms).toBeLessThan(PER_INPUT_MS);
  // the two agree on whether the file could be read
  expect(checked.unreadable).toBe(!read.ok);
}

function rendersInBothLanguages(p: Problem): void {
  const vi = formatProblem(p, 'vi');
  const en = formatProblem(p, 'en');
  expect(typeof vi).toBe('string');
  expect(en.length).toBeGreaterThan(0);
  expect(vi.length).toBeLessThan(1000);
}

let valid: Uint8Array[];
beforeAll(async () => {
  const own = await writeXlsx([
    layoutUnitSheet(ct37, { unit: 'Xã A', unitCode: 'A' }, { values: new Map(Object.entries(clean(1)).map(([k, v]) => [k, num(v)])) }),
  ]);
  valid = [own, book([{ name: 'PL', rows: appendix('B', 'Xã B') }])];
  for (const bytes of valid) {
    const read = readXlsx(bytes);
    expect(read.ok).toBe(true);
  }
});
afterAll(() => {
  // The slowest input of the run, for docs/reliability.md and for whoever tunes the limits.
  process.stdout.write(`fuzz: slowest input ${slowest.ms.toFixed(1)} ms (${slowest.what})\n`);
});

describe('readXlsx and checkWorkbook never throw, each input within 2 s', () => {
  test('random bytes, bare or behind a zip or OLE signature', () => {
    const prefix = fc.constantFrom(
      new Uint8Array(0),
      strToU8('PK\x03\x04'),
      strToU8('PK\x05\x06'),
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    );
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 2048 }), (head, body) => {
        const bytes = new Uint8Array(head.length + body.length);
        bytes.set(head);
        bytes.set(body, head.length);
        readsWithinBound(bytes, `random ${bytes.length} bytes`);
      }),
      { numRuns: 400 },
    );
  });

  damagedZipTests('workbook', () => valid, readsWithinBound, 400);

  // Pieces of SpreadsheetML, put together at random: unclosed tags, stray entities, huge numbers.
  const XML_PIECES = [
    '<row>',
    '<row r="3">',
    '<row r="999999999">',
    '</row>',
    '<c>',
    '<c r="A1">',
    '<c r="D9" t="s">',
    '<c r="B2" t="inlineStr">',
    '<c r="ZZZ1" t="e">',
    '<c t="b">',
    '<c t="d">',
    '<c s="1">',
    '<c s="99999">',
    '</c>',
    '<c/>',
    '<v>',
    '</v>',
    '<v/>',
    '<f>',
    '</f>',
    '<f t="shared" si="0"/>',
    '<is><t>',
    '</t></is>',
    '<t>',
    '</t>',
    '<x:c r="A2">',
    '</x:c>',
    '<sheetData>',
    '</sheetData>',
    '<sheetData/>',
    '<mergeCells><mergeCell ref="C1:D99"/>',
    '<mergeCell ref="D">',
    '</mergeCells>',
    '&amp;',
    '&lt;',
    '&#x1F600;',
    '&#99999999999;',
    '&constructor;',
    '&__proto__;',
    '_x000D_',
    '@template',
    'ct37@1',
    'ct37@99',
    '@unit',
    '@unitCode',
    '@from',
    '4.3.a',
    '4.3.b',
    '1.1',
    '1e308',
    '-0',
    'NaN',
    'Infinity',
    '0x1F',
    '#DIV/0!',
    '[1]Sheet1!A1',
    'x',
    'Có',
    '',
    // whole cells and rows, so that the random sheets also hold readable content
    '<c><v>7</v></c>',
    '<c t="inlineStr"><is><t>@template</t></is></c><c/><c/><c t="inlineStr"><is><t>ct37@1</t></is></c>',
    '<c t="inlineStr"><is><t>4.3.a</t></is></c><c/><c/><c><v>5</v></c>',
    '<row r="2000000000">',
    '<row r="1048577">',
  ];
  const xmlish = fc.array(fc.oneof(fc.constantFrom(...XML_PIECES), fc.string({ maxLength: 8 })), { maxLength: 120 }).map((p) => p.join(''));

  test('random entries of random XML where the workbook parts should be', () => {
    fc.assert(
      fc.property(xmlish, xmlish, xmlish, xmlish, fc.boolean(), (sheetXml, shared, styles, workbookTail, keepWorkbook) => {
        const parts = bookParts([{ name: 'PL', rows: [] }]);
        const files: Record<string, string> = {
          ...parts,
          'xl/worksheets/sheet1.xml': `<worksheet><sheetData>${sheetXml}</sheetData></worksheet>`,
          'xl/sharedStrings.xml': `<sst><si><t>${shared}</t></si>${shared}</sst>`,
          'xl/styles.xml': `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="${styles}"/></numFmts><cellXfs>${styles}</cellXfs></styleSheet>`,
        };
        if (!keepWorkbook) files['xl/workbook.xml'] = `<workbook><sheets><sheet name="${workbookTail}" r:id="rId1"/>${workbookTail}</sheets></workbook>`;
        readsWithinBound(zip(files), 'random XML parts');
      }),
      { numRuns: 300 },
    );
  });
});

describe('random grids through readUnitSheet, checkSheets and validateReport', () => {
  const keys = ['@template', '@unit', '@unitCode', '@from', '@to', '@lineage', '@lineageUnit', ...ct37.rows.map((r) => r.code), '9.9', 'Ghi chú', '', ' 1.1 '];
  const anyValue = fc.oneof(
    fc.constant(null),
    fc.constantFrom('ct37@1', 'ct37@2', 'x', 'X', 'Có', 'không', '#N/A', '1.234', '1,5', '１２', '=1+2', '__proto__', '31/02/2023', '2023-09-30', ''),
    fc.string({ maxLength: 20 }),
    fc.double(),
    fc.integer(),
    fc.constantFrom(1e308, -1e308, 2 ** 60, Number.MAX_SAFE_INTEGER, -0, 0.1 + 0.2, Infinity, -Infinity),
    fc.boolean(),
  );
  const cell: fc.Arbitrary<RawCell | undefined> = fc.oneof(
    fc.constant(undefined),
    anyValue.map((value) => ({ value })),
    fc.record({ value: anyValue, type: fc.constantFrom('error' as const, 'date' as const) }),
    fc.record({ value: anyValue, formula: fc.constantFrom('[1]Sheet1!A1', 'SUM(D1:D2)', "'[2]Tờ'!B3", 'Bang1[Cột]', '') }),
    fc.record({ value: fc.constant(null), formula: fc.constantFrom('[1]Sheet1!A1', 'SUM(D1:D2)'), uncomputed: fc.constant(true as const) }),
  );
  const row = fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...keys).map((value) => ({ value }) as RawCell),
        cell,
      ),
      cell,
      cell,
      cell,
      cell,
    )
    .map((r) => [...r]);
  const sheet: fc.Arbitrary<SheetData> = fc.record({
    name: fc.string({ maxLength: 10 }),
    state: fc.constantFrom('visible' as const, 'hidden' as const, 'veryHidden' as const),
    rows: fc.array(fc.option(row, { nil: undefined }), { maxLength: 90 }),
    merges: fc.array(fc.constantFrom('C10:D10', 'D12:D13', 'A1:E1', 'D1:D200', 'B2:C3'), { maxLength: 3 }),
  });

  test('never throw; every problem renders in vi and en; each grid within 2 s', () => {
    fc.assert(
      fc.property(fc.array(sheet, { minLength: 1, maxLength: 3 }), fc.boolean(), (sheets, date1904) => {
        const started = performance.now();
        for (const s of sheets) {
          const reading = readUnitSheet(s, registry, { file: 'g.xlsx' }, date1904);
          if (reading.report && reading.template) for (const p of validateReport(reading.template, reading.report)) rendersInBothLanguages(p);
        }
        const checked = checkSheets(sheets, 'g.xlsx', registry, date1904);
        for (const p of checked.problems) rendersInBothLanguages(p);
        expect(performance.now() - started).toBeLessThan(PER_INPUT_MS);
      }),
      { numRuns: 400 },
    );
  });
});
