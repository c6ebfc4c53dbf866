import { strFromU8, unzipSync, zipSync } from 'fflate';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtInRegistry } from '../../src/core/builtins';
import type { Problem } from '../../src/core/problems';
import type { RawCell } from '../../src/core/values';
import type { SheetData, WorkbookData } from '../../src/sheet/grid';
import { checkWorkbook, type CheckedWorkbook } from '../../src/xlsx/check';
import { dateSerial, durationDays, odfFormulaText, readOds } from '../../src/xlsx/ods';
import { readXlsx } from '../../src/xlsx/read';
import { readWorkbook } from '../../src/xlsx/workbook';
import { CT37_FIGURES } from '../fixtures/ods/make';
import { convertMany, makeTempDir, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';
import { appendix } from '../hostile/corpus';
import { contentXml, odsBook, odsPackage, plainRows, type OdsCell } from '../hostile/ods-kit';
import { book } from '../hostile/xlsx-kit';

/**
 * .ods read natively: files made by the real LibreOffice (test/fixtures/ods, written by make.ts)
 * check exactly as their .xlsx twins do, and each OpenDocument construct reads as the .xlsx
 * reader would read its Excel counterpart.
 */

const registry = builtInRegistry();
const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'ods');
const fixture = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

function workbookOf(bytes: Uint8Array): WorkbookData {
  const read = readWorkbook(bytes);
  if (!read.ok) throw new Error(`not read: ${read.rule} ${JSON.stringify(read.params)}`);
  return read.workbook;
}

/** Everything a user is told: rule, severity, sheet, cell, code and the message's parameters. */
const told = (problems: readonly Problem[]) =>
  problems
    .map((p) => ({ severity: p.severity, rule: p.rule, sheet: p.where.sheet, cell: p.where.cell, code: p.code, params: p.params }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** What each appendix sheet reports: template, unit, period and every value by code. */
const reported = (checked: CheckedWorkbook) =>
  checked.sheets.map((s) => ({
    sheet: s.report?.source.sheet,
    template: s.report?.template,
    meta: s.report?.meta,
    values: s.report ? [...s.report.values.entries()] : undefined,
    cells: s.report ? [...s.report.cells.entries()] : undefined,
  }));

const cellAt = (sheet: SheetData, a1: string): RawCell | undefined => {
  const m = /^([A-Z])(\d+)$/.exec(a1)!;
  return sheet.rows[Number(m[2]) - 1]?.[m[1]!.charCodeAt(0) - 65];
};
const rowOfKey = (sheet: SheetData, key: string): number => sheet.rows.findIndex((r) => r?.[0]?.value === key) + 1;

describe('LibreOffice files (test/fixtures/ods, made by make.ts)', () => {
  const files = ['ct37-unit', 'external-link'];

  test.each(files)('%s.ods is a small LibreOffice spreadsheet', (base) => {
    const bytes = fixture(`${base}.ods`);
    expect(bytes.length).toBeLessThan(100 * 1024);
    const parts = unzipSync(bytes, { filter: (f) => f.name === 'mimetype' || f.name === 'meta.xml' });
    expect(strFromU8(parts['mimetype']!)).toBe('application/vnd.oasis.opendocument.spreadsheet');
    expect(strFromU8(parts['meta.xml']!)).toMatch(/<meta:generator>LibreOffice/);
  });

  test.each(files)('%s.ods checks exactly as the .xlsx it was converted from', (base) => {
    const ods = checkWorkbook(fixture(`${base}.ods`), `${base}.ods`, registry);
    const xlsx = checkWorkbook(fixture(`${base}.xlsx`), `${base}.ods`, registry);
    expect(ods.unreadable).toBe(false);
    expect(reported(ods)).toEqual(reported(xlsx));
    // the formula of a link is written differently by each format; everything else is the same
    const withoutFormula = (ps: readonly Problem[]) =>
      told(ps).map((p) => ({ ...p, params: { ...p.params, formula: typeof p.params.formula === 'string' ? 'formula' : undefined } }));
    expect(withoutFormula(ods.problems)).toEqual(withoutFormula(xlsx.problems));
  });

  test('ct37-unit: the problems compared are the ones filled in on purpose', () => {
    const checked = checkWorkbook(fixture('ct37-unit.ods'), 'ct37-unit.ods', registry);
    const keys = checked.problems.map((p) => `${p.where.sheet} ${p.rule} ${p.code ?? ''} ${p.where.cell ?? ''}`);
    const f = CT37_FIGURES;
    const sheet = workbookOf(fixture('ct37-unit.ods')).sheets[0]!;
    const d = (code: string) => `D${rowOfKey(sheet, code)}`;
    for (const expected of [
      `PL SNV value.textNumber 3.3 ${d('3.3')}`,
      `PL SNV value.textNumber 4.2.1 ${d('4.2.1')}`,
      `PL SNV value.notWhole 4.1.1 ${d('4.1.1')}`,
      `PL SNV value.formulaError ${f.formulaError} ${d(f.formulaError)}`,
      `PL SNV value.date ${f.date} ${d(f.date)}`,
      `PL SNV value.bool ${f.boolean} ${d(f.boolean)}`,
      `PL SNV sheet.mergedValue ${f.mergedOverD} ${d(f.mergedOverD)}`,
      `PL SNV rule.le 3.1.a ${d('3.1.a')}`,
      'PL SNV cũ sheet.hidden  ',
    ]) {
      expect(keys).toContain(expected);
    }
  });

  test("ct37-unit.ods cell by cell: the values LibreOffice's own .xlsx holds", () => {
    const ods = workbookOf(fixture('ct37-unit.ods'));
    const twin = workbookOf(fixture('ct37-unit.lo.xlsx'));
    expect(readXlsx(fixture('ct37-unit.lo.xlsx')).ok).toBe(true);
    expect(ods.sheets.map((s) => [s.name, s.state, s.merges])).toEqual(twin.sheets.map((s) => [s.name, s.state, s.merges]));
    const differences: string[] = [];
    ods.sheets.forEach((sheet, i) => {
      const other = twin.sheets[i]!;
      for (let r = 0; r < Math.max(sheet.rows.length, other.rows.length); r++) {
        for (let c = 0; c < Math.max(sheet.rows[r]?.length ?? 0, other.rows[r]?.length ?? 0); c++) {
          const [a, b] = [sheet.rows[r]?.[c], other.rows[r]?.[c]];
          if (JSON.stringify(a) !== JSON.stringify(b))
            differences.push(`${sheet.name}!${String.fromCharCode(65 + c)}${r + 1}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`);
        }
      }
    });
    // One, on LibreOffice's side: it opens an .xlsx TRUE as =TRUE(), and its .xlsx writes the
    // result as the number 1 where the cell has a number format (TRUE in the hidden copy, which has
    // none). The .ods reads TRUE, as the .xlsx that was filled in says.
    const bool = `D${rowOfKey(ods.sheets[0]!, CT37_FIGURES.boolean)}`;
    expect(differences).toEqual([`PL SNV!${bool}: {"value":true,"formula":"TRUE()"} / {"value":1,"formula":"TRUE()"}`]);
  });

  test('ct37-unit.ods: each kind of cell', () => {
    const [sheet, hidden] = workbookOf(fixture('ct37-unit.ods')).sheets;
    const f = CT37_FIGURES;
    const d = (code: string) => cellAt(sheet!, `D${rowOfKey(sheet!, code)}`);
    expect(hidden!.state).toBe('hidden');
    expect(sheet!.state).toBe('visible');
    expect(d('@from')).toEqual({ value: 44927, type: 'date' }); // 2023-01-01
    expect(d('1.1')).toEqual({ value: 12 });
    expect(d('1.2')).toEqual({ value: 0 });
    expect(d('2.1')).toEqual({ value: 'x' });
    expect(d('3.2.a')).toBeUndefined(); // blank
    expect(d('3.3')).toEqual({ value: '1.234' });
    expect(d('4.2.1')).toEqual({ value: '12 ' }); // LibreOffice writes the space as <text:s/>
    expect(d(f.formula)).toEqual({ value: 15, formula: '10+5' });
    expect(d(f.formulaError)).toEqual({ value: '#DIV/0!', type: 'error', formula: '1/0' });
    expect(d(f.percent)).toEqual({ value: 0.875 });
    expect(d(f.date)).toEqual({ value: 45199, type: 'date' }); // 2023-09-30
    expect(d(f.boolean)).toEqual({ value: true, formula: 'TRUE()' });
    const merged = rowOfKey(sheet!, f.mergedOverD);
    expect(sheet!.merges).toContain(`C${merged}:D${merged}`);
    expect(cellAt(sheet!, `C${merged}`)).toEqual({ value: 7 });
    expect(d(f.mergedOverD)).toBeUndefined();
    const twice = rowOfKey(sheet!, f.xTwice);
    expect([cellAt(sheet!, `D${twice}`), cellAt(sheet!, `E${twice}`)]).toEqual([{ value: 'x' }, { value: 'x' }]);
    expect(cellAt(sheet!, `E${rowOfKey(sheet!, f.note)}`)).toEqual({ value: 'Ghi chú:  hai   dấu cách\ndòng thứ hai' });
    // the ratio rows: LibreOffice's formulas, shown as Excel writes them
    expect(d('3.1')).toEqual({ value: 150, formula: 'IF(AND(ISNUMBER(D19),ISNUMBER(D20)),IF(D20=0,"",D19/D20*100),"")' });
    expect(d('3.2')).toEqual({ value: '', formula: 'IF(AND(ISNUMBER(D22),ISNUMBER(D23)),IF(D23=0,"",D22/D23*100),"")' });
  });

  test('external-link.ods: the link to another file is named as Excel names it, and warned of', () => {
    const checked = checkWorkbook(fixture('external-link.ods'), 'external-link.ods', registry);
    expect(told(checked.problems)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        rule: 'value.externalLink',
        cell: 'D10',
        code: '1.1',
        params: expect.objectContaining({ formula: "'C:/So lieu/[Quy3.xlsx]Tờ 1'!A1", value: 42 }),
      }),
    ]);
    expect(checked.sheets[0]!.report!.values.get('1.1')).toEqual({ kind: 'number', value: 42 });
  });
});

const soffice = sofficeAvailable();
if (!soffice) console.warn(skipNotice('test/xlsx/ods.test.ts › the installed LibreOffice'));
(soffice ? describe : describe.skip)('the installed LibreOffice', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('phuluc-ods');
  });
  afterAll(() => removeTempDir(dir));

  test("converts the fixtures' sources to .ods again, and they check as the sources do", async () => {
    const sources = ['ct37-unit.xlsx', 'external-link.xlsx'].map((name) => path.join(FIXTURES, name));
    const outputs = await convertMany(sources, 'ods', dir);
    outputs.forEach((out, i) => {
      const bytes = new Uint8Array(fs.readFileSync(out));
      expect(strFromU8(unzipSync(bytes, { filter: (f) => f.name === 'mimetype' })['mimetype']!)).toBe('application/vnd.oasis.opendocument.spreadsheet');
      const ods = checkWorkbook(bytes, 'f.ods', registry);
      const xlsx = checkWorkbook(fixture(path.basename(sources[i]!)), 'f.ods', registry);
      expect(reported(ods)).toEqual(reported(xlsx));
      expect(told(ods.problems).map((p) => [p.severity, p.rule, p.sheet, p.cell, p.code])).toEqual(
        told(xlsx.problems).map((p) => [p.severity, p.rule, p.sheet, p.cell, p.code]),
      );
      expect(ods.problems.length).toBeGreaterThan(0);
    });
  }, 180_000);
});

describe('by content, not by name', () => {
  const ods = () => fixture('ct37-unit.ods');

  test('an .ods named .xlsx, and an .xlsx named .ods, are each read as what they are', () => {
    expect(checkWorkbook(ods(), 'so-lieu.xlsx', registry).sheets).toHaveLength(2);
    expect(checkWorkbook(fixture('ct37-unit.xlsx'), 'so-lieu.ods', registry).sheets).toHaveLength(2);
  });

  test('a package rezipped with its mimetype entry last, or without one, is still an .ods', () => {
    const files = unzipSync(ods());
    const { mimetype, ...rest } = files;
    expect(mimetype).toBeDefined();
    const last = zipSync({ ...rest, mimetype: mimetype! });
    const none = zipSync(rest);
    for (const bytes of [last, none]) {
      expect(readXlsx(bytes)).toEqual({ ok: false, rule: 'file.notXlsx', params: {} });
      expect(reported(checkWorkbook(bytes, 'f.ods', registry))).toEqual(reported(checkWorkbook(ods(), 'f.ods', registry)));
    }
  });

  test('what is not a zip is file.notXlsx, as before', () => {
    expect(readWorkbook(new TextEncoder().encode('Mã,Chỉ tiêu\n1.1,3\n'))).toEqual({ ok: false, rule: 'file.notXlsx', params: {} });
    expect(readOds(new Uint8Array(0))).toEqual({ ok: false, rule: 'file.notXlsx', params: {} });
  });

  test('an .xlsx still goes to the .xlsx reader', () => {
    const bytes = book([{ name: 'PL', rows: appendix('B', 'Xã B') }]);
    expect(readWorkbook(bytes)).toEqual(readXlsx(bytes));
  });
});

/** One sheet of one row, each cell given as raw XML. */
function oneRow(...cells: string[]): (RawCell | undefined)[] {
  const sheet = workbookOf(odsBook([{ name: 'T', rows: [cells.map((xml): OdsCell => ({ xml }))] }])).sheets[0]!;
  return [...(sheet.rows[0] ?? [])];
}

describe('values, as the .xlsx reader gives them', () => {
  test('numbers, percentages, currencies, booleans', () => {
    expect(
      oneRow(
        '<table:table-cell office:value-type="float" office:value="1234.5"><text:p>1.234,5</text:p></table:table-cell>',
        '<table:table-cell office:value-type="percentage" office:value="0.925"><text:p>92,5%</text:p></table:table-cell>',
        '<table:table-cell office:value-type="currency" office:currency="VND" office:value="-15000"><text:p>-15.000 ₫</text:p></table:table-cell>',
        '<table:table-cell office:value-type="boolean" office:boolean-value="false"><text:p>FALSE</text:p></table:table-cell>',
        '<table:table-cell office:value-type="float" office:value="1e308"/>',
      ),
    ).toEqual([{ value: 1234.5 }, { value: 0.925 }, { value: -15000 }, { value: false }, { value: 1e308 }]);
  });

  test('dates and times: Excel serials from 1899-12-30, the time of day kept', () => {
    expect(
      oneRow(
        '<table:table-cell office:value-type="date" office:date-value="2023-09-30"/>',
        '<table:table-cell office:value-type="date" office:date-value="2023-09-30T18:00:00"/>',
        '<table:table-cell office:value-type="time" office:time-value="PT12H30M00S"/>',
        '<table:table-cell office:value-type="date" office:date-value="2023-02-31"><text:p>31/02/2023</text:p></table:table-cell>',
      ),
    ).toEqual([{ value: 45199, type: 'date' }, { value: 45199.75, type: 'date' }, { value: 12.5 / 24, type: 'date' }, { value: '31/02/2023' }]);
    expect(dateSerial('1899-12-30')).toBe(0);
    expect(dateSerial('1900-03-01')).toBe(61);
    expect(dateSerial('0099-01-01')).toBeLessThan(-600_000); // year 99, not 1999
    expect(dateSerial('2023-09-30T12:00:30.5Z')).toBeCloseTo(45199.5 + 30.5 / 86400, 9);
    expect(dateSerial('hôm qua')).toBeUndefined();
    expect(durationDays('P1DT6H')).toBe(1.25);
    expect(durationDays('-PT1H')).toBe(-1 / 24);
    expect(durationDays('PT')).toBeUndefined();
    expect(durationDays('P')).toBeUndefined();
  });

  test("text: paragraphs, spans, spaces, tabs, line breaks, links, entities; a comment is not the cell's text", () => {
    expect(
      oneRow(
        '<table:table-cell office:value-type="string"><text:p>Sở <text:span text:style-name="T1">Nội</text:span><text:s text:c="3"/>vụ<text:tab/>A<text:line-break/>B</text:p><text:p>dòng 2 &amp; &lt;3&gt; &#x1F600;</text:p></table:table-cell>',
        '<table:table-cell office:value-type="string"><office:annotation><dc:creator>T</dc:creator><text:p>ghi chú</text:p></office:annotation><text:p><text:a xlink:href="https://x.vn">x</text:a></text:p></table:table-cell>',
        '<table:table-cell office:value-type="string" office:string-value="giá trị &quot;riêng&quot;"><text:p>hiển thị</text:p></table:table-cell>',
        '<table:table-cell><text:p>không có kiểu</text:p></table:table-cell>',
        '<table:table-cell office:value-type="string"><text:p>  hai  dấu cách  </text:p></table:table-cell>',
        '<table:table-cell><text:p><![CDATA[<b>&amp;</b>]]></text:p></table:table-cell>',
      ),
    ).toEqual([
      { value: 'Sở Nội   vụ\tA\nB\ndòng 2 & <3> 😀' },
      { value: 'x' },
      { value: 'giá trị "riêng"' },
      { value: 'không có kiểu' },
      { value: '  hai  dấu cách  ' },
      { value: '<b>&amp;</b>' },
    ]);
  });

  test('errors, formulas with and without a result', () => {
    expect(
      oneRow(
        '<table:table-cell table:formula="of:=[.B1]/[.C1]" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
        '<table:table-cell table:formula="of:=SUM([.A1:.A3];[$\'Tờ 1\'.B2])" office:value-type="float" office:value="6"><text:p>6</text:p></table:table-cell>',
        '<table:table-cell table:formula="of:=[.A1]*2"/>',
        '<table:table-cell table:formula="of:=IF([.A1]&gt;0;&quot;&quot;;&quot;a;b&quot;)"><text:p/></table:table-cell>',
        '<table:table-cell table:formula="of:=FALSE()" office:value-type="float" office:value="0"><text:p>FALSE</text:p></table:table-cell>',
      ),
    ).toEqual([
      { value: '#DIV/0!', type: 'error', formula: 'B1/C1' },
      { value: 6, formula: "SUM(A1:A3,'Tờ 1'!B2)" },
      { value: null, formula: 'A1*2', uncomputed: true },
      { value: '', formula: 'IF(A1>0,"","a;b")' },
      { value: false, formula: 'FALSE()' },
    ]);
  });

  test('OpenFormula references as Excel writes them; links to other files recognisable', () => {
    expect(odfFormulaText('of:=[.B3]+[.C3]')).toBe('B3+C3');
    expect(odfFormulaText('of:=SUM([.$D$10:.$D$12])')).toBe('SUM($D$10:$D$12)');
    expect(odfFormulaText('of:=[$Sheet2.A1:.B2]+[$Sheet2.A1:$Sheet3.B2]')).toBe('Sheet2!A1:B2+Sheet2!A1:Sheet3!B2');
    expect(odfFormulaText("of:=['It''s'.A1]")).toBe("'It''s'!A1");
    expect(odfFormulaText("of:=['file:///C:/x.ods'#$Sheet1.A1]")).toBe("'C:/[x.ods]Sheet1'!A1");
    expect(odfFormulaText("of:=['file:///home/u/S%E1%BB%91%20li%E1%BB%87u.ods'#$'Tờ 1'.A1:.B2]")).toBe("'/home/u/[Số liệu.ods]Tờ 1'!A1:B2");
    expect(odfFormulaText("of:='file:///C:/x.ods'#Tong")).toBe("'C:/[x.ods]'!Tong");
    expect(odfFormulaText('of:=[.#REF!]+1')).toBe('#REF!+1');
    expect(odfFormulaText('of:=[.A1')).toBe('[.A1');
    expect(odfFormulaText('msoxl:=A1+1')).toBe('A1+1');
  });

  test('a formula linked to another file gets value.externalLink; one on another sheet of the same file does not', () => {
    const rows = plainRows(appendix('L', 'Liên kết'));
    const at = rows.findIndex((r) => r[0] === '1.1');
    const linked = (formula: string) =>
      rows.map((r, i) =>
        i === at
          ? [
              ...r.slice(0, 3),
              { xml: `<table:table-cell table:formula="${formula}" office:value-type="float" office:value="11"><text:p>11</text:p></table:table-cell>` },
            ]
          : r,
      );
    const external = checkWorkbook(odsBook([{ name: 'PL', rows: linked('of:=[&apos;file:///D:/Quý 3.ods&apos;#$&apos;Tờ 1&apos;.D5]') }]), 'l.ods', registry);
    expect(external.problems.map((p) => [p.rule, p.where.cell, p.params.formula])).toEqual([['value.externalLink', `D${at + 1}`, "'D:/[Quý 3.ods]Tờ 1'!D5"]]);
    const internal = checkWorkbook(odsBook([{ name: 'PL', rows: linked('of:=[$&apos;Tờ 2&apos;.D5]') }]), 'l.ods', registry);
    expect(internal.problems).toEqual([]);
  });
});

describe('the grid', () => {
  test('repeated empty rows and cells only move on; repeated content is copied; spans are merges', () => {
    const xml = contentXml([
      {
        name: 'G',
        rows: [],
        tailRowsXml:
          '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>' +
          '<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>' +
          '<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="1" table:number-columns-spanned="2" table:number-rows-spanned="3"/><table:covered-table-cell office:value-type="float" office:value="99"/></table:table-row>' +
          '<table:table-header-rows><table:table-row><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="5"/></table:table-row></table:table-header-rows>' +
          '<table:table-row table:number-rows-repeated="1048550"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>',
      },
    ]);
    const sheet = workbookOf(odsPackage(xml)).sheets[0]!;
    const x = { value: 'x' };
    expect(sheet.rows.length).toBe(6);
    expect(sheet.rows[0]).toBeUndefined();
    expect(sheet.rows[1]).toBeUndefined();
    expect(sheet.rows[2]).toEqual([undefined, undefined, x, x, x]);
    expect(sheet.rows[3]).toEqual([{ value: 1 }]);
    expect(sheet.rows[4]).toEqual([{ value: 1 }]);
    expect(sheet.rows[5]).toEqual([undefined, undefined, { value: 5 }]);
    expect(sheet.merges).toEqual(['A4:B6', 'A5:B7']);
  });

  test('a sheet with no rows, names decoded and cut, and a table LibreOffice keeps as a cache of another file left out', () => {
    const long = 'Ô'.repeat(150);
    const xml = contentXml([], {
      bodyXml:
        `<table:table table:name="${long}"/>` +
        '<table:table table:name="A &amp; B"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>' +
        '<table:table table:name="&apos;file:///C:/x.ods&apos;#Sheet1" table:print="false"><table:table-source table:mode="copy-results-only" xlink:href="file:///C:/x.ods"/><table:table-row><table:table-cell office:value-type="string"><text:p>@template</text:p></table:table-cell></table:table-row></table:table>',
    });
    const sheets = workbookOf(odsPackage(xml)).sheets;
    expect(sheets.map((s) => s.name)).toEqual([`${'Ô'.repeat(100)}…`, 'A & B']);
    expect(sheets[0]!.rows).toEqual([]);
  });
});
