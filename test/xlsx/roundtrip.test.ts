import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { builtInRegistry } from '../../src/core/builtins';
import { num, type CellValue } from '../../src/core/values';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { readUnitSheet } from '../../src/sheet/read';
import { checkWorkbook } from '../../src/xlsx/check';
import { isDateFormatCode, readXlsx } from '../../src/xlsx/read';
import { writeXlsx } from '../../src/xlsx/write';

const registry = builtInRegistry();
const ct37 = registry.get('ct37', 1)!;
const self = registry.get('tu-kiem-tra-dan-chu', 1)!;

describe('.xlsx write → read round trip', () => {
  test.each([ct37, self])('%s: metadata and every kind of value come back', async (template) => {
    const values = new Map<string, CellValue>();
    template.rows.forEach((row, i) => {
      if (row.kind === 'count') values.set(row.code, i % 5 === 0 ? { kind: 'na' } : i % 7 === 0 ? { kind: 'blank' } : num(i * 3));
      if (row.kind === 'percent') values.set(row.code, num(87.25));
      if (row.kind === 'yesno') values.set(row.code, { kind: 'text', text: i % 2 ? 'Có' : 'Không' });
    });
    const meta = { unit: 'UBND huyện Ninh Hải', unitCode: '=HYPERLINK("x")', from: '2023-01-01', to: '2023-09-30' };
    const bytes = await writeXlsx([layoutUnitSheet(template, meta, { values })]);
    const read = readXlsx(bytes);
    if (!read.ok) throw new Error(read.rule);
    const { report, problems } = readUnitSheet(read.workbook.sheets[0]!, registry, {}, read.workbook.date1904);
    expect(problems).toEqual([]);
    expect(report!.meta).toEqual(meta); // a code that looks like a formula stays text
    for (const row of template.rows) {
      if (row.kind === 'heading' || row.kind === 'ratio') continue;
      expect([row.code, report!.values.get(row.code)]).toEqual([row.code, values.get(row.code) ?? { kind: 'blank' }]);
    }
  });

  test('the written file carries what a user relies on', async () => {
    const bytes = await writeXlsx([layoutUnitSheet(ct37, { unitCode: '001' })]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('PL 001');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1, fitToHeight: 0 });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 11 });
    const row = (code: string) => ws.getColumn(1).values.findIndex((v) => v === code);
    const count = ws.getCell(`D${row('4.3.a')}`);
    expect(count.dataValidation).toMatchObject({ type: 'custom', allowBlank: true, showErrorMessage: true });
    expect(count.numFmt).toBe('#,##0');
    expect(count.font.name).toBe('Times New Roman');
    expect(ws.getCell(`D${row('3.5')}`).dataValidation.formulae[0]).toContain('<=100');
    expect(ws.getCell(`D${row('4.3')}`).formula).toContain('ISNUMBER');
    expect(ws.getCell(`D${row('@unitCode')}`).value).toBe('001');
    expect(ws.getCell('A1').font.name).toBe('Times New Roman');
  });

  test('a value in the ratio row itself, typed over the formula, is a warning and ignored', async () => {
    const layout = layoutUnitSheet(ct37, { unit: 'A', unitCode: 'A' });
    const rows = layout.rows.map((r) => [...r]);
    const at = layout.rowOf.get('4.3')!;
    rows[at]![3] = { value: 95 };
    const bytes = await writeXlsx([{ ...layout, rows }]);
    const checked = checkWorkbook(bytes, 'a.xlsx', registry);
    expect(checked.problems.map((p) => [p.rule, p.where.cell])).toEqual([['value.ratioTyped', `D${at + 1}`]]);
  });
});

/** A minimal workbook as another generator writes it: prefixes, inline strings, no "r", 1904 dates. */
function foreignWorkbook(sheetXml: string, options: { date1904?: boolean; styles?: string } = {}): Uint8Array {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${rel}/officeDocument" Target="/xl/wb.xml"/></Relationships>`,
    ),
    'xl/wb.xml': strToU8(
      `<x:workbook xmlns:x="${ns}" xmlns:r="${rel}">${options.date1904 ? '<x:workbookPr date1904="1"/>' : ''}<x:sheets><x:sheet name="Đơn vị &amp; 1" sheetId="1" r:id="s1"/><x:sheet name="Ẩn" sheetId="2" state="hidden" r:id="s2"/></x:sheets></x:workbook>`,
    ),
    'xl/_rels/wb.xml.rels': strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${rel}/worksheet" Target="sheets/one.xml"/><Relationship Id="s2" Type="${rel}/worksheet" Target="sheets/two.xml"/><Relationship Id="st" Type="${rel}/styles" Target="st.xml"/></Relationships>`,
    ),
    'xl/st.xml': strToU8(
      options.styles ??
        `<styleSheet xmlns="${ns}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
    ),
    'xl/sheets/one.xml': strToU8(`<x:worksheet xmlns:x="${ns}"><x:sheetData>${sheetXml}</x:sheetData></x:worksheet>`),
    'xl/sheets/two.xml': strToU8(`<x:worksheet xmlns:x="${ns}"><x:sheetData/></x:worksheet>`),
  });
}

describe('reading files written by other programs', () => {
  const inline = (ref: string, text: string) => `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${text}</x:t></x:is></x:c>`;

  test('prefixes, inline strings, cells without r, entities, errors, booleans, dates and 1904', () => {
    const xml = [
      `<x:row r="1">${inline('A1', '@template')}${inline('D1', 'ct37@1')}</x:row>`,
      `<x:row r="2">${inline('A2', '@unit')}${inline('D2', 'Sở &lt;A&gt; &amp; B_x000D_')}</x:row>`,
      `<x:row r="3">${inline('A3', '@from')}<x:c r="D3" s="1"><x:v>43465</x:v></x:c></x:row>`,
      `<x:row><x:c t="inlineStr"><x:is><x:t>1.1</x:t></x:is></x:c><x:c/><x:c/><x:c><x:v>7</x:v></x:c></x:row>`,
      `<x:row r="6">${inline('A6', '1.2')}<x:c r="D6" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c></x:row>`,
      `<x:row r="7">${inline('A7', '2.1')}<x:c r="D7" t="b"><x:v>1</x:v></x:c></x:row>`,
      `<x:row r="8">${inline('A8', '2.2')}<x:c r="D8" t="str"><x:f>"1"&amp;"2"</x:f><x:v>12</x:v></x:c></x:row>`,
    ].join('');
    const read = readXlsx(foreignWorkbook(xml, { date1904: true }));
    if (!read.ok) throw new Error(read.rule);
    expect(read.workbook.date1904).toBe(true);
    expect(read.workbook.sheets.map((s) => [s.name, s.state])).toEqual([
      ['Đơn vị & 1', 'visible'],
      ['Ẩn', 'hidden'],
    ]);
    const rows = read.workbook.sheets[0]!.rows;
    expect(rows[1]![3]).toEqual({ value: 'Sở <A> & B\r' });
    expect(rows[2]![3]).toEqual({ value: 43465, type: 'date' });
    expect(rows[3]![0]).toEqual({ value: '1.1' });
    expect(rows[3]![3]).toEqual({ value: 7 });
    expect(rows[5]![3]).toEqual({ value: '#DIV/0!', type: 'error', formula: '1/0' });
    expect(rows[6]![3]).toEqual({ value: true });
    expect(rows[7]![3]).toEqual({ value: '12', formula: '"1"&"2"' });
    const { report } = readUnitSheet(read.workbook.sheets[0]!, registry, {}, true);
    expect(report!.meta.from).toBe('2023-01-01'); // 43465 days after 1904-01-01
  });

  test('styles read once for files that share them, never mixed up between files that differ', () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const cell = '<x:row r="1"><x:c r="D1" s="1"><x:v>45000</x:v></x:c></x:row>';
    const dated = `<styleSheet xmlns="${ns}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const plain = `<styleSheet xmlns="${ns}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="3"/></cellXfs></styleSheet>`;
    const valueOf = (styles: string) => {
      const read = readXlsx(foreignWorkbook(cell, { styles }));
      if (!read.ok) throw new Error(read.rule);
      return read.workbook.sheets[0]!.rows[0]![3];
    };
    for (let i = 0; i < 2; i++) {
      expect(valueOf(dated)).toEqual({ value: 45000, type: 'date' });
      expect(valueOf(plain)).toEqual({ value: 45000 });
    }
  });

  test('a cell without "r" after an empty one that has it takes the next column', () => {
    const read = readXlsx(
      foreignWorkbook(
        '<x:row r="1"><x:c r="C1" s="1"/><x:c t="inlineStr"><x:is><x:t>sau</x:t></x:is></x:c><x:c r="F1"><x:v>5</x:v></x:c><x:c><x:v>6</x:v></x:c></x:row>',
      ),
    );
    if (!read.ok) throw new Error(read.rule);
    expect(read.workbook.sheets[0]!.rows[0]![3]).toEqual({ value: 'sau' });
    expect(read.workbook.sheets[0]!.rows[0]![5]).toEqual({ value: 5 });
    expect(read.workbook.sheets[0]!.rows[0]![6]).toEqual({ value: 6 });
  });

  test.each([
    ['dd/mm/yyyy', true],
    ['[$-42A]d mmmm yyyy', true],
    ['h:mm', true],
    ['#,##0', false],
    ['0.00" ngày"', false],
    ['General', false],
    ['@', false],
    ['[Red]0.00', false],
  ])('format %p is a date: %p', (code, expected) => {
    expect(isDateFormatCode(code)).toBe(expected);
  });

  test.each([
    ['a CSV renamed .xlsx', strToU8('Mã,Chỉ tiêu\n1.1,3\n'), 'file.notXlsx'],
    ['an empty file', new Uint8Array(0), 'file.notXlsx'],
    ['an old .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'file.oldXls'],
    ['a truncated zip', foreignWorkbook('').slice(0, 200), 'file.unreadable'],
    ['a zip that is not a workbook', zipSync({ 'a.txt': strToU8('hello') }), 'file.notXlsx'],
  ])('%s is one clear problem, never a throw', (_, bytes, rule) => {
    const checked = checkWorkbook(bytes, 'f.xlsx', registry);
    expect(checked.unreadable).toBe(true);
    expect(checked.problems).toEqual([expect.objectContaining({ severity: 'error', rule, where: { file: 'f.xlsx' } })]);
  });

  test('an encrypted workbook is told apart from an old .xls', () => {
    const bytes = new Uint8Array(2048);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    'EncryptedPackage'.split('').forEach((ch, i) => (bytes[1024 + i * 2] = ch.charCodeAt(0)));
    expect(checkWorkbook(bytes, 'f.xlsx', registry).problems[0]!.rule).toBe('file.encrypted');
  });

  test('a part that would inflate past the limit is refused', () => {
    const big = foreignWorkbook(' '.repeat(2_000_000));
    const read = readXlsx(big, { maxPartBytes: 1_000_000, maxTotalBytes: 1_000_000 });
    expect(read).toMatchObject({ ok: false, rule: 'file.tooLarge' });
  });
});
