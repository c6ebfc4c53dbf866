import { builtInRegistry } from '../../src/core/builtins';
import { isoToSerial } from '../../src/core/dates';
import { UI } from '../../src/core/i18n/ui';
import type { ReportMeta } from '../../src/core/report';
import { createExcelHost } from '../../src/excel/host';
import { a1, MAX_ROW_HEIGHT, type LayoutCell } from '../../src/sheet/grid';
import { layoutUnitSheet, metaRow } from '../../src/sheet/layout';
import { FONT_NAME, LOOKS } from '../../src/sheet/styles';
import { FakeExcel, type FakeSheet } from './fake-excel';

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const selfCheck = registry.get('tu-kiem-tra-dan-chu', 1)!;
const meta: ReportMeta = { unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2023-01-01', to: '2023-09-30' };

/** What a layout cell should hold once in Excel: the formula, the date's serial, the text or number as given. */
function expectedContent(cell: LayoutCell | undefined): { value: string | number; formula?: string } {
  if (!cell) return { value: '' };
  if (cell.formula !== undefined) return { value: '', formula: `=${cell.formula}` };
  if (cell.value === null || cell.value === undefined) return { value: '' };
  if (cell.date && typeof cell.value === 'string') return { value: isoToSerial(cell.value) };
  return { value: cell.value };
}

function expectSheetHolds(sheet: FakeSheet, layout: ReturnType<typeof layoutUnitSheet>): void {
  layout.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const want = expectedContent(cell);
      const got = sheet.at(r, c);
      expect([a1(r, c), got?.formula, got?.value ?? '']).toEqual([a1(r, c), want.formula, want.value]);
    }),
  );
}

describe('insert', () => {
  test('a new sheet holding the layout: keys as text, ratio formulas, a unit named like a formula stays text; ≤ 2 syncs', async () => {
    const fake = new FakeExcel();
    const host = createExcelHost(fake.environment());
    const hostile: ReportMeta = { ...meta, unit: '=HYPERLINK("x")' };
    const { result, syncs } = await fake.measure(() => host.insert({ templateId: 'ct37', templateVersion: 1, meta: hostile, lang: 'vi' }));
    expect(syncs).toBeLessThanOrEqual(2);

    const layout = layoutUnitSheet(ct37, hostile, { lang: 'vi' });
    expect(result.name).toBe(layout.name);
    const sheet = fake.sheet(result.name);
    expectSheetHolds(sheet, layout);

    // Codes such as "1.1" would become the number 1.1 in a General cell; they stay the text of the template.
    for (const row of ct37.rows) {
      const r = layout.rowOf.get(row.code)!;
      expect(sheet.at(r, 0)?.value).toBe(row.code);
      if (row.kind === 'ratio') expect(String(sheet.at(r, 3)?.formula)).toMatch(/^=IF\(/);
    }
    const unitCell = sheet.at(metaRow('unit'), 3)!;
    expect(unitCell.value).toBe('=HYPERLINK("x")');
    expect(unitCell.formula).toBeUndefined();
    expect(sheet.at(metaRow('from'), 3)?.numberFormat).toBe('dd/mm/yyyy');

    // The look: Times New Roman everywhere, headers bold on their fill, bordered labels, column widths, merges.
    const header = sheet.at(layout.headerRow, 1)!;
    expect(header.font).toMatchObject({ name: FONT_NAME, bold: true });
    expect(header.fill).toBe(`#${LOOKS.header.fill}`);
    const label = sheet.at(layout.rowOf.get('1.1')!, 1)!;
    expect(label.font.name).toBe(FONT_NAME);
    expect(label.wrapText).toBe(true);
    expect(label.borders.top?.style).toBe('Continuous');
    expect(label.borders.bottom?.style).toBe('Continuous');
    expect(sheet.merges.sort()).toEqual([...layout.merges].sort());
    expect(sheet.columnWidths.get(1)! > sheet.columnWidths.get(0)!).toBe(true);
    for (const [r, height] of layout.rowHeights) expect(sheet.rowHeights.get(r)).toBe(height);

    // Validation, frozen rows, print set-up, and the new sheet in front of the user.
    const firstCount = layout.rowOf.get('1.1')!;
    const validation = sheet.at(firstCount, 3)?.validation;
    expect(validation?.rule?.custom?.formula).toBe(
      `=OR(D${firstCount + 1}="x",D${firstCount + 1}="X",AND(ISNUMBER(D${firstCount + 1}),D${firstCount + 1}>=0,D${firstCount + 1}=INT(D${firstCount + 1})))`,
    );
    expect(validation?.errorAlert?.title).toBe(UI.vi.validationCountTitle);
    expect(sheet.at(layout.rowOf.get('3.1')!, 3)?.validation).toBeUndefined();
    expect(sheet.frozenRows).toBe(layout.freezeRows);
    expect(sheet.page).toMatchObject({
      paperSize: 'A4',
      orientation: 'Portrait',
      printArea: layout.printArea,
      printTitleRows: `$${layout.headerRow + 1}:$${layout.headerRow + 1}`,
    });
    expect(sheet.page.zoom?.horizontalFitToPages).toBe(1);
    expect(fake.active.name).toBe(result.name);
    expect(fake.selection).toEqual({ sheetId: sheet.id, address: a1(layout.freezeRows, 3) });
  });

  test('yes/no rows get a list; text that looks like a number or a date stays text', async () => {
    const fake = new FakeExcel();
    const host = createExcelHost(fake.environment());
    const odd: ReportMeta = { unit: '1.234', unitCode: '007', from: '2023-01-01', to: '2023-12-31' };
    const { name } = await host.insert({ templateId: selfCheck.id, templateVersion: selfCheck.version, meta: odd, lang: 'en' });
    const layout = layoutUnitSheet(selfCheck, odd, { lang: 'en' });
    const sheet = fake.sheet(name);
    expectSheetHolds(sheet, layout);
    expect(sheet.at(metaRow('unitCode'), 3)?.value).toBe('007');
    expect(sheet.at(metaRow('unit'), 3)?.value).toBe('1.234');
    expect(sheet.at(layout.rowOf.get('2.1')!, 3)?.validation?.rule?.list?.source).toBe(`${UI.en.yes},${UI.en.no},x`);
  });

  test("a second insert adds another sheet and leaves the first, and a user's sheet of the same name, untouched", async () => {
    const fake = new FakeExcel();
    const users = fake.seedSheet('PL SNV', [['Bảng của tôi', 42]]);
    const before = JSON.stringify(users.grid());
    const host = createExcelHost(fake.environment());
    const request = { templateId: 'ct37', templateVersion: 1, meta, lang: 'vi' as const };
    const first = await host.insert(request);
    const firstGrid = JSON.stringify(fake.sheet(first.name).grid());
    const second = await host.insert(request);
    expect([first.name, second.name]).toEqual(['PL SNV (2)', 'PL SNV (3)']);
    expect(JSON.stringify(users.grid())).toBe(before);
    expect(JSON.stringify(fake.sheet(first.name).grid())).toBe(firstGrid);
    expect(fake.sheets.map((s) => s.name)).toEqual(['Sheet1', 'PL SNV', 'PL SNV (2)', 'PL SNV (3)']);
  });

  test('a long unit code: the name and its " (2)" stay within 31 characters', async () => {
    const fake = new FakeExcel();
    const host = createExcelHost(fake.environment());
    const long = { ...meta, unitCode: 'UBND-XA-PHUONG-THI-TRAN-RAT-DAI-0123456789' };
    const a = await host.insert({ templateId: 'ct37', templateVersion: 1, meta: long, lang: 'vi' });
    const b = await host.insert({ templateId: 'ct37', templateVersion: 1, meta: long, lang: 'vi' });
    expect(a.name.length).toBeLessThanOrEqual(31);
    expect(b.name.length).toBeLessThanOrEqual(31);
    expect(b.name.endsWith(' (2)')).toBe(true);
    expect(a.name).not.toBe(b.name);
  });

  test('without ExcelApi 1.8 and 1.9: both listed as limitations; the sheet is written without validation and print set-up', async () => {
    for (const [version, lacks] of [
      ['1.7', [UI.vi.excelLimitValidation, UI.vi.excelLimitPrint]],
      ['1.8', [UI.vi.excelLimitPrint]],
      ['1.9', []],
    ] as const) {
      const fake = new FakeExcel({ excelApi: version });
      const host = createExcelHost(fake.environment());
      expect(host.limitations).toEqual(lacks);
      const { name } = await host.insert({ templateId: 'ct37', templateVersion: 1, meta, lang: 'vi' });
      const layout = layoutUnitSheet(ct37, meta, { lang: 'vi' });
      const sheet = fake.sheet(name);
      expectSheetHolds(sheet, layout);
      const hasValidation = [...sheet.cells.values()].some((c) => c.validation);
      expect([version, hasValidation, sheet.page.paperSize]).toEqual([version, version !== '1.7', version === '1.9' ? 'A4' : undefined]);
      expect(sheet.frozenRows).toBe(layout.freezeRows);
    }
  });

  test('an Excel older than ExcelApi 1.7: said in the limitations, and an action says so instead of half working', async () => {
    const fake = new FakeExcel({ excelApi: '1.6' });
    const host = createExcelHost(fake.environment(), { lang: 'en' });
    expect(host.limitations).toEqual([UI.en.excelLimitTooOld]);
    await expect(host.insert({ templateId: 'ct37', templateVersion: 1, meta, lang: 'en' })).rejects.toThrow(UI.en.excelTooOld);
    expect(fake.syncs).toBe(0);
  });

  test('an unknown template is a programming error', async () => {
    const host = createExcelHost(new FakeExcel().environment());
    await expect(host.insert({ templateId: 'nope', templateVersion: 1, meta, lang: 'vi' })).rejects.toThrow(/unknown template/);
  });
});

describe('insertNarrative', () => {
  test('the report’s paragraphs go down a new sheet as text, never over a user’s sheet; 2 syncs, 3 when a sheet has the name (its marker rows are read)', async () => {
    const fake = new FakeExcel();
    fake.seedSheet(UI.vi.narrativeSheet, [['của người dùng']]);
    const host = createExcelHost(fake.environment());
    const before = fake.syncs;
    const sections = [
      { heading: 'I- ĐẶC ĐIỂM, TÌNH HÌNH', level: 1 as const, paragraphs: [], withoutData: false },
      {
        heading: '4.2. Kết quả xử lý đơn thư',
        level: 3 as const,
        paragraphs: ['Kết quả giải quyết đơn thư khiếu nại: 120/130 đơn, đạt 92,31%.', '=SUM(A1)'],
        withoutData: false,
      },
    ];
    const { name } = await host.insertNarrative!(sections, 'vi');
    expect(fake.syncs - before).toBe(3);
    const fresh = new FakeExcel();
    expect((await fresh.measure(() => createExcelHost(fresh.environment()).insertNarrative!(sections, 'vi'))).syncs).toBe(2);
    expect(name).toBe(`${UI.vi.narrativeSheet} (2)`);
    const sheet = fake.sheet(name);
    expect([0, 1, 2, 3].map((r) => sheet.at(r, 0)?.value)).toEqual([
      'I- ĐẶC ĐIỂM, TÌNH HÌNH',
      '4.2. Kết quả xử lý đơn thư',
      'Kết quả giải quyết đơn thư khiếu nại: 120/130 đơn, đạt 92,31%.',
      '=SUM(A1)',
    ]);
    expect(sheet.at(3, 0)?.formula).toBeUndefined(); // text that looks like a formula stays text
    expect(fake.sheet(UI.vi.narrativeSheet).at(0, 0)?.value).toBe('của người dùng');
  });
});

describe("Excel's tallest row (409 points)", () => {
  test('a very long paragraph or label: its row is as tall as Excel allows, and the write goes through', async () => {
    const fake = new FakeExcel();
    const host = createExcelHost(fake.environment());
    const long = 'Kết quả thực hiện dân chủ ở cơ sở. '.repeat(400);
    const { name } = await host.insertNarrative!([{ heading: 'I- TỔNG QUAN', level: 1, paragraphs: [long], withoutData: false }], 'vi');
    expect(fake.sheet(name).rowHeights.get(1)).toBe(MAX_ROW_HEIGHT);
    expect(fake.sheet(name).value('A2')).toBe(long);

    // The shared layout caps it, so the .xlsx writer gets the same height.
    const template = { ...ct37, rows: ct37.rows.map((row) => (row.code === '1.1' ? { ...row, label: { vi: long } } : row)) };
    const layout = layoutUnitSheet(template, meta, { lang: 'vi' });
    expect(Math.max(...layout.rowHeights.values())).toBe(MAX_ROW_HEIGHT);
    await createExcelHost(fake.environment()).insert({ templateId: 'ct37', templateVersion: 1, meta, lang: 'vi' });
  });
});
