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
