import fs from 'node:fs';
import path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import { num } from '../../src/core/values';
import { COL, type SheetData, type SheetLayout } from '../../src/sheet/grid';
import { layoutUnitSheet, ratioFormula, safeSheetName } from '../../src/sheet/layout';
import { readUnitSheet } from '../../src/sheet/read';
import type { RawCell } from '../../src/core/values';
import { formatProblem } from '../../src/core/i18n/messages';

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;

/** A plain-text picture of a layout: one line a row, cells separated by " | ". */
function picture(layout: SheetLayout): string {
  const lines = layout.rows.map((cells, r) => {
    const shown = cells.map((c) => {
      if (!c) return '';
      if (c.formula !== undefined) return `=${c.formula}`;
      const v = c.value === undefined || c.value === null ? '' : String(c.value);
      return c.check ? `${v}[${c.check.type}]` : v;
    });
    return `${String(r + 1).padStart(3)}: ${shown.join(' | ')}`.trimEnd();
  });
  return [
    `name: ${layout.name}`,
    `freeze: ${layout.freezeRows}; header row: ${layout.headerRow + 1}; print: ${layout.printArea}`,
    `merges: ${layout.merges.join(' ')}`,
    ...lines,
    '',
  ].join('\n');
}

/** Layouts as a spreadsheet would hold them once filled in: values only. */
export function asSheetData(layout: SheetLayout): SheetData {
  return {
    name: layout.name,
    rows: layout.rows.map((cells) =>
      cells.map((c): RawCell | undefined =>
        c && (c.value !== undefined || c.formula !== undefined) ? { value: c.value ?? null, ...(c.formula ? { formula: c.formula } : {}) } : undefined,
      ),
    ),
  };
}

describe('the CT37 layout (golden)', () => {
  const golden = path.join(__dirname, 'golden', 'ct37.layout.txt');
  const layout = layoutUnitSheet(ct37, { unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2017-05-11', to: '2022-05-30' });

  test('matches the reviewed picture in test/sheet/golden', () => {
    const actual = picture(layout);
    if (process.env.UPDATE_GOLDEN === '1') {
      fs.mkdirSync(path.dirname(golden), { recursive: true });
      fs.writeFileSync(golden, actual);
    }
    expect(actual).toBe(fs.readFileSync(golden, 'utf8'));
  });

  test('every template row has a row keyed by its code, in template order', () => {
    const keys = layout.rows.map((r) => r[COL.key]?.value).filter((v): v is string => typeof v === 'string' && !v.startsWith('@') && v !== 'Mã');
    expect(keys).toEqual(ct37.rows.map((r) => r.code));
  });

  test('ratio rows are formulas over the rows of their numerator and denominator', () => {
    const r43 = layout.rowOf.get('4.3')!;
    const a = layout.rowOf.get('4.3.a')! + 1;
    const b = layout.rowOf.get('4.3.b')! + 1;
    expect(layout.rows[r43]![COL.value]!.formula).toBe(`IF(AND(ISNUMBER(D${a}),ISNUMBER(D${b})),IF(D${b}=0,"",D${a}/D${b}*100),"")`);
    expect(ratioFormula(0, 1)).toBe('IF(AND(ISNUMBER(D1),ISNUMBER(D2)),IF(D2=0,"",D1/D2*100),"")');
  });

  test('English labels on request, keys unchanged', () => {
    const en = layoutUnitSheet(ct37, {}, { lang: 'en' });
    expect(en.rows[0]![COL.label]!.value).toBe('APPENDIX');
    expect(en.rows[en.rowOf.get('4.3')!]![COL.label]!.value).toBe('Complaint resolution rate');
    expect(en.rows[en.rowOf.get('4.3')!]![COL.key]!.value).toBe('4.3');
  });
});

describe('reading a sheet back by its keys', () => {
  const layout = layoutUnitSheet(
    ct37,
    { unit: 'Huyện A', unitCode: 'HA', from: '2023-01-01', to: '2023-09-30' },
    {
      values: new Map([
        ['4.3.a', num(120)],
        ['4.3.b', num(130)],
        ['1.1', num(0)],
        ['1.2', { kind: 'na' }],
      ]),
    },
  );

  test('values, blanks, zeros and x come back as written', () => {
    const { report, problems } = readUnitSheet(asSheetData(layout), registry, { file: 'a.xlsx' });
    expect(problems).toEqual([]);
    expect(report!.meta).toEqual({ unit: 'Huyện A', unitCode: 'HA', from: '2023-01-01', to: '2023-09-30' });
    expect(report!.values.get('4.3.a')).toEqual(num(120));
    expect(report!.values.get('1.1')).toEqual(num(0));
    expect(report!.values.get('1.2')).toEqual({ kind: 'na' });
    expect(report!.values.get('2.1')).toEqual({ kind: 'blank' });
    expect(report!.cells.get('4.3.a')).toBe(`D${layout.rowOf.get('4.3.a')! + 1}`);
  });

  test('a unit inserts rows and a note: nothing breaks, cells move with the rows', () => {
    const data = asSheetData(layout);
    const rows = [...data.rows];
    const at = layout.rowOf.get('4.3.a')!;
    rows.splice(
      at,
      0,
      [undefined, { value: 'Ghi chú của đơn vị: số liệu tạm tính' }],
      [],
      [{ value: 'ghi chú' }, { value: 'dòng thêm' }, undefined, { value: 99 }],
    );
    const { report, problems } = readUnitSheet({ ...data, rows }, registry);
    expect(problems).toEqual([]);
    expect(report!.values.get('4.3.a')).toEqual(num(120));
    expect(report!.cells.get('4.3.a')).toBe(`D${at + 4}`);
  });

  test('missing, duplicated and unknown codes are reported', () => {
    const data = asSheetData(layout);
    const rows = data.rows.filter((r) => r?.[COL.key]?.value !== '5.2');
    const dup = rows.findIndex((r) => r?.[COL.key]?.value === '2.1');
    rows.splice(dup, 0, [{ value: '2.1' }, { value: 'lặp' }, undefined, { value: 3 }], [{ value: '9.9' }, { value: 'lạ' }]);
    const { problems } = readUnitSheet({ ...data, rows }, registry);
    expect(problems.map((p) => [p.rule, p.severity, p.code ?? p.params.code])).toEqual([
      ['sheet.rowDuplicate', 'error', '2.1'],
      ['sheet.rowMissing', 'warning', '5.2'],
      ['sheet.rowUnknown', 'warning', '9.9'],
    ]);
  });

  test.each([
    ['no @template', (rows: SheetData['rows']) => rows.filter((r) => r?.[COL.key]?.value !== '@template'), 'file.noAppendix'],
    [
      'a malformed @template',
      (rows: SheetData['rows']) => rows.map((r) => (r?.[COL.key]?.value === '@template' ? [r[0], r[1], r[2], { value: 'ct37 bản 1' }] : r)),
      'sheet.templateMalformed',
    ],
    [
      'an unknown template',
      (rows: SheetData['rows']) => rows.map((r) => (r?.[COL.key]?.value === '@template' ? [r[0], r[1], r[2], { value: 'ct99@1' }] : r)),
      'sheet.templateUnknown',
    ],
    [
      'a newer version',
      (rows: SheetData['rows']) => rows.map((r) => (r?.[COL.key]?.value === '@template' ? [r[0], r[1], r[2], { value: 'ct37@2' }] : r)),
      'sheet.templateVersion',
    ],
  ])('%s is one error and no report, but who sent it is still known', (_, edit, rule) => {
    const data = asSheetData(layout);
    const { report, problems, meta } = readUnitSheet({ ...data, rows: edit(data.rows) }, registry, { file: 'f.xlsx' });
    expect(report).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'error', rule, where: { file: 'f.xlsx', sheet: layout.name } });
    if (rule !== 'file.noAppendix') expect(meta).toMatchObject({ unitCode: 'HA' });
  });

  test('a form retyped by hand: "ct37" without its version is read as ct37@1, with a warning', () => {
    const data = asSheetData(layout);
    const rows = data.rows.map((r) => (r?.[COL.key]?.value === '@template' ? [r[0], r[1], r[2], { value: ' CT37 ' }] : r));
    const { report, problems } = readUnitSheet({ ...data, rows }, registry, { file: 'f.xlsx' });
    expect(report?.template).toEqual({ id: 'ct37', version: 1 });
    expect(problems.map((p) => [p.severity, p.rule])).toEqual([['warning', 'sheet.templateNoVersion']]);
    expect(formatProblem(problems[0]!, 'vi')).toContain('được đọc là ct37@1');
  });

  test('dates typed the Vietnamese way or as serials; a bad date is a warning', () => {
    const data = asSheetData(layout);
    const set = (key: string, value: RawCell) => data.rows.map((r) => (r?.[COL.key]?.value === key ? [r[0], r[1], r[2], value] : r));
    let rows = set('@from', { value: '1/1/2023' });
    rows = rows.map((r) => (r?.[COL.key]?.value === '@to' ? [r[0], r[1], r[2], { value: 45199, type: 'date' as const }] : r));
    expect(readUnitSheet({ ...data, rows }, registry).report!.meta).toMatchObject({ from: '2023-01-01', to: '2023-09-30' });
    const bad = readUnitSheet({ ...data, rows: set('@from', { value: '31/02/2023' }) }, registry);
    expect(bad.problems.map((p) => p.rule)).toEqual(['sheet.periodInvalid']);
  });

  test('codes typed as numbers in column A still match', () => {
    const data = asSheetData(layout);
    const rows = data.rows.map((r) => (r?.[COL.key]?.value === '1.1' ? [{ value: 1.1 }, ...r.slice(1)] : r));
    expect(readUnitSheet({ ...data, rows }, registry).report!.values.get('1.1')).toEqual(num(0));
  });
});

test('sheet names obey Excel', () => {
  expect(safeSheetName('PL: a/b [c]?*')).toBe('PL a b c');
  expect(safeSheetName("'quoted'")).toBe('quoted');
  expect(safeSheetName('x'.repeat(40))).toHaveLength(31);
  expect(safeSheetName('   ')).toBe('Phu luc');
});
