import ExcelJS from 'exceljs';
import { builtInRegistry } from '../../src/core/builtins';
import { consolidate, type ConsolidationInput } from '../../src/core/consolidate';
import { validateReport } from '../../src/core/validate';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { layoutSummary } from '../../src/sheet/summary';
import { readXlsx } from '../../src/xlsx/read';
import { writeXlsx } from '../../src/xlsx/write';
import { writeSheetsXlsx } from '../../src/xlsx/write-sheets';
import { reportOf } from '../helpers/report';
import { ct37FiguresOf } from '../helpers/units';

/** The hand-written writer against exceljs's: the same cells, formulas and results, read by three readers. */

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const countCodes = ct37.rows.filter((r) => r.kind === 'count').map((r) => r.code);

function summaryOf(n: number) {
  const inputs: ConsolidationInput[] = Array.from({ length: n }, (_, i) => {
    const report = reportOf(ct37, ct37FiguresOf(i, countCodes), { unit: `Xã <số> "${i}" & Co`, unitCode: `X${i}`, from: '2023-01-01', to: '2023-09-30' });
    return { report: { ...report, source: { file: `x${i}.xlsx`, sheet: 'PL' } }, problems: validateReport(ct37, report) };
  });
  return consolidate(registry.list(), inputs, { meta: { unit: 'Huyện =HYPERLINK("x")', unitCode: 'H1' } })!;
}

test('a summary written by hand reads back exactly as the one exceljs writes: values, formulas, cached results, merges', async () => {
  const { sheets, results } = layoutSummary(summaryOf(7), 'vi');
  const ours = readXlsx(await writeSheetsXlsx(sheets, { lang: 'vi', results }));
  const theirs = readXlsx(await writeXlsx(sheets, { lang: 'vi', results }));
  expect(ours.ok && theirs.ok).toBe(true);
  if (!ours.ok || !theirs.ok) return;
  expect(ours.workbook.sheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Chi tiết đơn vị', 'Kiểm tra', 'Đơn vị']);
  const trim = (rows: readonly (readonly unknown[] | undefined)[]) => rows.map((r) => (r ?? []).map((c) => c ?? null));
  for (const [i, sheet] of ours.workbook.sheets.entries()) {
    const other = theirs.workbook.sheets[i]!;
    expect([sheet.name, trim(sheet.rows)]).toEqual([other.name, trim(other.rows)]);
    expect([...(sheet.merges ?? [])].sort()).toEqual([...(other.merges ?? [])].sort());
  }
});

test('exceljs opens it and finds the frozen header, the filter, the print set-up, the styles and text kept as text', async () => {
  const unit = layoutUnitSheet(ct37, { unit: 'Xã A', unitCode: 'XA', from: '2023-01-01', to: '2023-09-30' });
  const { summary, breakdown, results } = layoutSummary(summaryOf(3), 'vi');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await writeSheetsXlsx([summary, breakdown, unit], { lang: 'vi', results })) as unknown as ExcelJS.Buffer);
  const detail = wb.getWorksheet('Chi tiết đơn vị')!;
  expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 4 });
  expect(detail.autoFilter).toBe(breakdown.autoFilter);
  expect(breakdown.autoFilter).toMatch(/^A2:[A-Z]+5$/); // the header and three units
  expect(detail.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 });
  const sheet = wb.getWorksheet('Tổng hợp')!;
  expect(sheet.pageSetup.printArea).toBe(summary.printArea);
  expect(summary.printArea).toMatch(/^B1:F\d+$/); // A4: B to F, nothing right of the count of units
  const title = sheet.getCell('B1');
  expect(title.font).toMatchObject({ name: 'Times New Roman', bold: true, size: 14 });
  const body = sheet.getColumn(1).values.findIndex((v) => v === '@unit');
  expect(sheet.getCell(`D${body}`).value).toBe('Huyện =HYPERLINK("x")');
  expect(sheet.getCell(`D${body}`).type).toBe(ExcelJS.ValueType.String);
  // a unit's sheet keeps its data validation: whole numbers ≥ 0 or x
  const unitSheet = wb.getWorksheet(unit.name)!;
  const d = unitSheet.getCell(`D${unit.rowOf.get('1.1')! + 1}`).dataValidation;
  expect(d).toMatchObject({ type: 'custom', showErrorMessage: true });
  expect(d.formulae?.[0]).toContain('INT(');
});

test('text XML cannot carry is written so it reads back as it was', async () => {
  const layout = { ...layoutUnitSheet(ct37, { unit: 'Tab\there _x0041_ \u0001 end', unitCode: 'X' }), name: 'PL' };
  const read = readXlsx(await writeSheetsXlsx([layout]));
  expect(read.ok && read.workbook.sheets[0]!.rows.flat().some((c) => c?.value === 'Tab\there _x0041_ \u0001 end')).toBe(true);
});

test("with Node's zlib compressing chunk by chunk, the zip is valid and holds the same cells", async () => {
  const { constants, deflateRawSync } = await import('node:zlib');
  const deflateChunk = (chunk: Uint8Array, final: boolean) =>
    deflateRawSync(chunk, { level: 1, finishFlush: final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
  // enough units for the breakdown to span many chunks
  const { sheets, results } = layoutSummary(summaryOf(400), 'vi');
  const native = await writeSheetsXlsx(sheets, { lang: 'vi', results, deflateChunk });
  const portable = await writeSheetsXlsx(sheets, { lang: 'vi', results });
  const [a, b] = [readXlsx(native), readXlsx(portable)];
  expect(a.ok && b.ok).toBe(true);
  if (!a.ok || !b.ok) return;
  expect(a.workbook.sheets[1]!.rows.length).toBe(2 + 400);
  expect(JSON.stringify(a.workbook.sheets)).toBe(JSON.stringify(b.workbook.sheets));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(native) as unknown as ExcelJS.Buffer);
  expect(wb.getWorksheet('Chi tiết đơn vị')!.rowCount).toBe(402);
});
