import { builtInRegistry } from '../../src/core/builtins';
import { writeSheet } from '../../src/excel/write-sheet';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { FakeExcel } from './fake-excel';

/** The fake must be as strict as Office, or the adapter's tests prove nothing. */
describe('the fake Excel is strict', () => {
  test('a property not loaded and synced cannot be read', async () => {
    const fake = new FakeExcel();
    fake.seedSheet('Sheet1', [[1, 'a']]);
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1');
      expect(() => range.values).toThrow(/PropertyNotLoaded/);
      range.load('values');
      expect(() => range.values).toThrow(/PropertyNotLoaded/); // loaded, not yet synced
      await context.sync();
      expect(range.values).toEqual([[1, 'a']]);
      expect(() => range.formulas).toThrow(/PropertyNotLoaded/);
    });
  });

  test('a collection’s items exist only after load and sync', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheets = context.workbook.worksheets;
      expect(() => sheets.items).toThrow(/PropertyNotLoaded/);
      sheets.load('items/name');
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(['Sheet1']);
      expect(() => sheets.items[0]!.id).toThrow(/PropertyNotLoaded/);
    });
  });

  test('a 2-D write must have the range’s shape; the error comes with the sync, as in Office', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:B2');
      range.values = [[1, 2]];
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
      range.values = [
        [1, null],
        [3, 4],
      ];
      await context.sync();
    });
    expect(fake.sheet('Sheet1').grid()).toEqual([
      [1, ''],
      [3, 4],
    ]);
  });

  test('operations queued and never synced are an error', async () => {
    const fake = new FakeExcel();
    await expect(
      fake.run(async (context) => {
        context.workbook.worksheets.add('Lost');
      }),
    ).rejects.toThrow(/never synced/);
    expect(fake.sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  test('API from a requirement set the host lacks fails the sync', async () => {
    const fake = new FakeExcel({ excelApi: '1.7' });
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
      range.dataValidation.rule = { wholeNumber: { formula1: 0, operator: 'GreaterThan' } };
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
      context.workbook.worksheets.getItem('Sheet1').pageLayout.paperSize = 'A4';
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
  });

  test('a request over the payload limit fails, as on Excel on the web', async () => {
    const fake = new FakeExcel({ payloadLimit: 10_000 });
    await fake.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:A1000');
      range.values = Array.from({ length: 1000 }, (_, i) => [`dòng số ${i}`]);
      await expect(context.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    });
  });

  test('strings are read as Excel reads typing, unless the cell is text ("@")', async () => {
    const fake = new FakeExcel();
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:F1').formulas = [['=1+1', '12', '1.1', 'TRUE', "'=x", '@template']];
      const text = sheet.getRange('A2:B2');
      text.numberFormat = [['@', '@']];
      text.formulas = [['=HYPERLINK("x")', '1.1']];
      await context.sync();
    });
    const sheet = fake.sheet('Sheet1');
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1'].map((a) => [sheet.cell(a)?.formula, sheet.value(a)])).toEqual([
      ['=1+1', ''],
      [undefined, 12],
      [undefined, 1.1],
      [undefined, true],
      [undefined, '=x'],
      ['=@template', '#NAME?'],
    ]);
    expect([sheet.cell('A2')?.formula, sheet.value('A2'), sheet.value('B2')]).toEqual([undefined, '=HYPERLINK("x")', '1.1']);
  });

  test('writeSheet only queues: the writing happens at the caller’s sync', async () => {
    const fake = new FakeExcel();
    const template = builtInRegistry().get('ct37', 1)!;
    const layout = layoutUnitSheet(template, { unit: 'A' }, {});
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.add('PL');
      writeSheet(sheet, layout, { lang: 'vi', features: { dataValidation: true, pageLayout: true } });
      expect(fake.syncs).toBe(0);
      expect(fake.findSheet('PL')).toBeUndefined();
      await context.sync();
    });
    expect(fake.syncs).toBe(1);
    expect(fake.sheet('PL').value('A5')).toBe('@template');
  });
});

describe('the fake Excel models what real Excel does to a workbook', () => {
  test('a formula keeps its reference by sheet: renamed, it follows; deleted, it is #REF! for good', async () => {
    const fake = new FakeExcel();
    const summary = fake.seedSheet('Tổng hợp', [
      [1, 2],
      [3, 42],
    ]);
    const mine = fake.seedSheet('Của tôi', [[{ formula: "'Tổng hợp'!B2" }, { formula: "SUM('Tổng hợp'!A1:B2)", value: 48 }]]);
    expect(mine.value('A1')).toBe(42); // a single reference is computed
    summary.type('B2', 7);
    expect(mine.value('A1')).toBe(7);

    fake.renameSheet(summary, 'Cũ');
    expect(mine.cell('A1')?.formula).toBe("='Cũ'!B2");
    expect(mine.value('A1')).toBe(7);
    fake.renameSheet(summary, 'Tổng hợp');

    fake.deleteSheet(summary);
    expect([mine.cell('A1')?.formula, mine.value('A1'), mine.cell('A1')?.error]).toEqual(['=#REF!B2', '#REF!', true]);
    expect(mine.cell('B1')?.formula).toBe('=SUM(#REF!A1:B2)');
    // A new sheet of the same name does not mend it.
    fake.seedSheet('Tổng hợp', [
      [1, 2],
      [3, 42],
    ]);
    expect(mine.value('A1')).toBe('#REF!');
  });

  test('a user types a formula that points at another sheet: it is tracked like any other', async () => {
    const fake = new FakeExcel();
    fake.seedSheet('Nguồn', [[5]]);
    const mine = fake.createSheet('Của tôi');
    mine.type('A1', '=Nguồn!A1');
    expect(mine.value('A1')).toBe(5);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Nguồn').delete();
      await context.sync();
    });
    expect(mine.value('A1')).toBe('#REF!');
  });

  test('failAt: the commands before the failing one are applied, nothing loaded in that batch comes back', async () => {
    const fake = new FakeExcel();
    fake.failAt(1, 2);
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      const range = sheet.getRange('A1:A3');
      range.load('values'); // command 0
      sheet.getRange('A1').values = [[1]]; // command 1: applied
      sheet.getRange('A2').values = [[2]]; // command 2: fails
      sheet.getRange('A3').values = [[3]]; // command 3: never runs
      await expect(context.sync()).rejects.toMatchObject({ code: 'GeneralException' });
      expect(() => range.values).toThrow(/PropertyNotLoaded/);
      // The next sync works again.
      range.load('values');
      await context.sync();
      expect(range.values).toEqual([[1], [''], ['']]);
    });
    expect(fake.syncLog.slice(-2)).toEqual([4, 1]);
    expect(fake.commandLog[0]).toEqual(['load', 'values', 'values', 'values']);

    // At or past the end: everything applied, and the sync still rejects (the answer lost).
    const lost = new FakeExcel();
    lost.failAt(1, 99);
    await lost.run(async (context) => {
      context.workbook.worksheets.add('Mới');
      await expect(context.sync()).rejects.toMatchObject({ code: 'GeneralException' });
    });
    expect(lost.findSheet('Mới')).toBeDefined();
  });

  test('a protected sheet refuses every change, a protected structure refuses adding, deleting, renaming; both are readable', async () => {
    const fake = new FakeExcel();
    const locked = fake.seedSheet('Khóa', [[1]]);
    locked.protected = true;
    await fake.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Khóa');
      for (const change of [
        () => void (sheet.getRange('A1').values = [[2]]),
        () => void (sheet.getRange('A1').format.fill.color = '#FF0000'),
        () => sheet.getRange('A1:B1').merge(),
        () => sheet.getRange().clear('Formats'),
        () => sheet.freezePanes.freezeRows(1),
        () => void (sheet.getRange('A1').format.rowHeight = 20),
      ]) {
        change();
        await expect(context.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
      }
      const sheets = context.workbook.worksheets;
      sheets.load('items/name,items/protection/protected');
      context.workbook.protection.load('protected');
      await context.sync();
      expect(sheets.items.map((s) => [s.name, s.protection.protected])).toEqual([
        ['Sheet1', false],
        ['Khóa', true],
      ]);
      expect(context.workbook.protection.protected).toBe(false);
    });
    expect(locked.value('A1')).toBe(1);

    fake.structureProtected = true;
    await fake.run(async (context) => {
      context.workbook.worksheets.add('Mới');
      await expect(context.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
      context.workbook.worksheets.getItem('Sheet1').name = 'Khác';
      await expect(context.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
      context.workbook.worksheets.getItem('Sheet1').delete();
      await expect(context.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
    });
  });

  test('clear takes contents and formats only; validation, merges, conditional formats, heights, frozen panes and charts need their own API', async () => {
    const fake = new FakeExcel();
    const sheet = fake.seedSheet('S', [
      ['a', 1],
      ['b', 2],
    ]);
    sheet.conditionalFormats.push('A1:B2');
    await fake.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('S');
      ws.getRange('A1:B1').merge();
      ws.getRange('B2').dataValidation.rule = { wholeNumber: { formula1: 0, operator: 'GreaterThan' } };
      ws.getRange('A1').format.fill.color = '#FF0000';
      ws.getRange('A2').format.rowHeight = 40;
      ws.freezePanes.freezeRows(1);
      ws.charts.add('BarClustered', ws.getRange('A1:B2'), 'Columns');
      await context.sync();
      ws.getRange().clear('All');
      await context.sync();
    });
    expect(sheet.grid()).toEqual([]);
    expect(sheet.cell('A1')?.fill ?? null).toBeNull();
    expect([
      sheet.merges,
      sheet.cell('B2')?.validation?.rule,
      sheet.conditionalFormats,
      sheet.rowHeights.get(1),
      sheet.frozenRows,
      sheet.charts.length,
    ]).toEqual([['A1:B1'], { wholeNumber: { formula1: 0, operator: 'GreaterThan' } }, ['A1:B2'], 40, 1, 1]);
    await fake.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('S');
      const whole = ws.getRange();
      whole.unmerge();
      whole.dataValidation.clear();
      whole.conditionalFormats.clearAll();
      whole.format.useStandardHeight = true;
      ws.freezePanes.unfreeze();
      ws.charts.load('items/name');
      await context.sync();
      for (const chart of ws.charts.items) chart.delete();
      await context.sync();
    });
    expect([sheet.merges, sheet.cell('B2')?.validation, sheet.conditionalFormats, sheet.rowHeights.size, sheet.frozenRows, sheet.charts.length]).toEqual([
      [],
      undefined,
      [],
      0,
      0,
      0,
    ]);
  });

  test("Excel's limits: sheet names, row heights; reversePlotOrder needs ExcelApi 1.7", async () => {
    const fake = new FakeExcel();
    for (const bad of ['History', 'history', "'quoted'", 'a/b', 'x'.repeat(32), '']) {
      await fake.run(async (context) => {
        context.workbook.worksheets.add(bad);
        await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
      });
    }
    await fake.run(async (context) => {
      context.workbook.worksheets.add('SHEET1'); // names are compared without regard to case
      await expect(context.sync()).rejects.toMatchObject({ code: 'ItemAlreadyExists' });
      const ws = context.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1').format.rowHeight = 409;
      await context.sync();
      ws.getRange('A2').format.rowHeight = 409.5;
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
    const old = new FakeExcel({ excelApi: '1.6' });
    await old.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      const chart = ws.charts.add('BarClustered', ws.getRange('A1:B2'), 'Columns');
      chart.axes.categoryAxis.reversePlotOrder = true;
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
  });

  test('typing is read in every locale: dates, fractions, times, percentages, amounts, leading zeros', async () => {
    const fake = new FakeExcel();
    const sheet = fake.createSheet('T');
    const typed = ['9/2023', '30/9', '1 1/2', '1:2:3', '7 PM', '12%', '$5', '1,5', '007', '1e5', '4.1.1', '5-Jan-2023'];
    typed.forEach((text, i) => sheet.type(`A${i + 1}`, text));
    for (const [i, text] of typed.entries()) expect([text, typeof sheet.value(`A${i + 1}`)]).toEqual([text, 'number']);
    expect(sheet.value('A3')).toBe(1.5);
    expect(sheet.value('A9')).toBe(7);
    for (const text of ['3.5.a', 'Xã 1', 'x', 'May']) {
      sheet.type('B1', text);
      expect(sheet.value('B1')).toBe(text);
    }
  });
});
