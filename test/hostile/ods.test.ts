import { strToU8 } from 'fflate';
import { crc32 } from 'node:zlib';
import { builtInRegistry } from '../../src/core/builtins';
import { formatProblem } from '../../src/core/i18n/messages';
import type { Problem, ProblemRule } from '../../src/core/problems';
import type { CheckedWorkbook } from '../../src/xlsx/check';
import { checkWorkbook } from '../../src/xlsx/check';
import { MAX_ODS_COPIES, MAX_ODS_SPACES, readOds } from '../../src/xlsx/ods';
import { MAX_ROWS } from '../../src/xlsx/read';
import { readWorkbook } from '../../src/xlsx/workbook';
import { appendix, clean, ct37, type Expected } from './corpus';
import { ODS_MIMETYPE, contentXml, odsBook, odsPackage, odsParts, plainRows, tableXml, type OdsCell, type OdsSheet } from './ods-kit';
import { deflatedEntry, noise, rawZip, zerosStream, type RawEntry } from './xlsx-kit';

/**
 * Hostile and broken .ods files, built in code, each with its exact outcome: zip bombs on
 * content.xml, repetitions that ask for billions of cells, a DOCTYPE full of entities, damaged
 * packages, other OpenDocument files renamed, 200,000 rows. Time and the growth of the process's
 * peak memory are bounded for each (docs/reliability.md, "OpenDocument spreadsheets").
 */

const registry = builtInRegistry();

interface Words {
  readonly rule: ProblemRule;
  readonly vi: readonly string[];
  readonly en: readonly string[];
}

interface OdsCase {
  readonly name: string;
  /** built when its test runs, so that the peak memory before it is not another case's */
  readonly bytes: () => Uint8Array;
  readonly unreadable: boolean;
  /** every problem, exactly */
  readonly problems: readonly Expected[];
  readonly words?: readonly Words[];
  /** the unit codes read from the file's appendix sheets */
  readonly units?: readonly string[];
  readonly maxMs: number;
  readonly maxRssGrowthMiB?: number;
  readonly check?: (checked: CheckedWorkbook) => void;
}

const error = (rule: ProblemRule, more: Omit<Expected, 'severity' | 'rule'> = {}): Expected => ({ severity: 'error', rule, ...more });
const warning = (rule: ProblemRule, more: Omit<Expected, 'severity' | 'rule'> = {}): Expected => ({ severity: 'warning', rule, ...more });

const CORRUPT: Words = { rule: 'file.unreadable', vi: ['Không đọc được tệp', 'bị hỏng hoặc bị cắt cụt'], en: ['Cannot read the file', 'damaged or cut short'] };
const NOT_SPREADSHEET: Words = { rule: 'file.unreadable', vi: ['không phải bảng tính', 'OpenDocument'], en: ['not a spreadsheet', 'OpenDocument'] };
const NO_CONTENT: Words = { rule: 'file.unreadable', vi: ['content.xml'], en: ['content.xml'] };
const ENCRYPTED: Words = { rule: 'file.encrypted', vi: ['mật khẩu'], en: ['password-protected'] };
const tooLarge = (limitVi: string, limitEn: string): Words => ({
  rule: 'file.tooLarge',
  vi: ['quá lớn khi giải nén', 'content.xml', `${limitVi} byte`],
  en: ['too large once unzipped', 'content.xml', `${limitEn} bytes`],
});

const unreadable = (name: string, bytes: Uint8Array, rule: ProblemRule, words: Words, more: Partial<OdsCase> = {}): OdsCase => ({
  name,
  bytes: () => bytes,
  unreadable: true,
  problems: [error(rule)],
  words: [words],
  maxMs: 2000,
  ...more,
});
/** The 0-based row of a key in column A. */
function rowOf(rows: readonly (readonly OdsCell[])[], key: string): number {
  const r = rows.findIndex((row) => row[0] === key);
  if (r < 0) throw new Error(`no row ${key}`);
  return r;
}
const unitSheet = (code: string, name = `PL ${code}`, k = 1): OdsSheet => ({ name, rows: plainRows(appendix(code, `Đơn vị ${code}`, clean(k))) });

/** The entries of a package as rawZip writes them, content.xml replaced by `content`. */
function rawPackage(content: RawEntry, options: { mimetype?: string } = {}): Uint8Array {
  const mimetype = strToU8(options.mimetype ?? ODS_MIMETYPE);
  const rest = odsParts('').filter(([name]) => name !== 'mimetype' && name !== 'content.xml');
  return rawZip([
    { name: 'mimetype', data: mimetype, method: 0, size: mimetype.length, crc: crc32(mimetype) },
    content,
    ...rest.map(([name, data]) => deflatedEntry(name, data)),
  ]);
}

function buildCases(): OdsCase[] {
  const cases: OdsCase[] = [];
  const add = (c: OdsCase) => cases.push(c);

  // --- zip bombs first: their memory is measured against the peak so far ---------------------------
  {
    const zeros = zerosStream(2048);
    add(
      unreadable(
        'bomb-honest.ods',
        rawPackage({ name: 'content.xml', data: zeros.data, method: 8, size: zeros.size, crc: zeros.crc }),
        'file.tooLarge',
        tooLarge('67.108.864', '67,108,864'),
        { maxMs: 1000, maxRssGrowthMiB: 150 },
      ),
    );
    add(
      unreadable(
        'bomb-lying.ods',
        rawPackage({ name: 'content.xml', data: zeros.data, method: 8, size: 20_000, crc: 0 }),
        'file.tooLarge',
        tooLarge('67.108.864', '67,108,864'),
        { maxMs: 2000, maxRssGrowthMiB: 400 },
      ),
    );
    const real = deflatedEntry('content.xml', contentXml([unitSheet('B1')]));
    add(
      unreadable('declared-huge-content.ods', rawPackage({ ...real, size: 3_000_000_000 }), 'file.tooLarge', tooLarge('67.108.864', '67,108,864'), {
        maxMs: 1000,
        maxRssGrowthMiB: 150,
      }),
    );
    add({
      name: 'declared-large-real-small.ods',
      bytes: () => rawPackage({ ...real, size: 50_000_000 }),
      unreadable: false,
      problems: [],
      units: ['B1'],
      maxMs: 2000,
      maxRssGrowthMiB: 150,
    });
  }

  // --- repetitions that ask for billions of cells ------------------------------------------------------
  {
    const giant =
      '<table:table-row table:number-rows-repeated="1000000000"><table:table-cell table:number-columns-repeated="1000000000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>';
    add({
      name: 'repeated-giant.ods',
      bytes: () => odsBook([unitSheet('G1'), { name: 'Rác', rows: [], tailRowsXml: giant }, unitSheet('G2', 'PL G2', 2)]),
      unreadable: false,
      problems: [],
      units: ['G1', 'G2'],
      maxMs: 2000,
      maxRssGrowthMiB: 200,
      check: () => {
        const read = readOds(odsBook([{ name: 'Rác', rows: [], tailRowsXml: giant }]));
        if (!read.ok) throw new Error(read.rule);
        const rows = read.workbook.sheets[0]!.rows;
        const cells = rows.reduce((n, r) => n + (r?.length ?? 0), 0);
        // each row holds Excel's 16,384 columns; copies stop at the budget
        expect(rows[0]).toHaveLength(16_384);
        expect(cells).toBeLessThanOrEqual(MAX_ODS_COPIES + 16_384);
        expect(rows.length).toBeLessThan(MAX_ROWS);
      },
    });
    // Under the appendix, in its own sheet: the appendix is read whole, the repetition stops at the
    // budget, and a warning says where the reading stopped (never a silent cut).
    const under = `<table:table-row table:number-rows-repeated="1000000000"><table:table-cell table:number-columns-repeated="6"/><table:table-cell table:number-columns-repeated="1000000000" office:value-type="string" table:number-columns-spanned="2"><text:p>x</text:p></table:table-cell></table:table-row>`;
    add({
      name: 'repeated-under-the-appendix.ods',
      bytes: () => odsBook([{ ...unitSheet('G3'), tailRowsXml: under }]),
      unreadable: false,
      problems: [{ severity: 'warning', rule: 'sheet.truncated', sheet: 'PL G3' }],
      units: ['G3'],
      maxMs: 2000,
      maxRssGrowthMiB: 300,
    });
    // A figure in every row of the grid: each row is a copy of one written row.
    const column = `<table:table-row table:number-rows-repeated="2000000000"><table:table-cell office:value-type="string"><text:p>9.9</text:p></table:table-cell></table:table-row>`;
    add({
      name: 'repeated-rows-to-the-end-of-the-grid.ods',
      bytes: () => odsBook([{ ...unitSheet('G4'), tailRowsXml: column }]),
      unreadable: false,
      problems: [warning('sheet.rowUnknown', { sheet: 'PL G4', cell: `A${appendix('G4', '').length + 1}` })],
      units: ['G4'],
      maxMs: 2000,
      maxRssGrowthMiB: 200,
    });
    // Empty repetitions past the grid, then a cell: outside every spreadsheet program's grid, not read.
    const beyond = `<table:table-row table:number-rows-repeated="2000000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>4.3.a</text:p></table:table-cell></table:table-row>`;
    add({
      name: 'cells-beyond-the-grid.ods',
      bytes: () => odsBook([{ ...unitSheet('G5'), tailRowsXml: beyond }]),
      unreadable: false,
      problems: [],
      units: ['G5'],
      maxMs: 1000,
    });
    // A billion spaces asked for, ten thousand times, in a note.
    const spaces = `<table:table-cell office:value-type="string"><text:p>a${'<text:s text:c="1000000000"/>'.repeat(10_000)}b</text:p></table:table-cell>`;
    const rows = plainRows(appendix('G6', 'Dấu cách'));
    const withNote: OdsCell[][] = rows.map((r, i) => (i === rowOf(rows, '1.1') ? [...r.slice(0, 4), { xml: spaces }] : r));
    add({
      name: 'spaces-bomb.ods',
      bytes: () => odsBook([{ name: 'PL G6', rows: withNote }]),
      unreadable: false,
      problems: [],
      units: ['G6'],
      maxMs: 1000,
      check: () => {
        const read = readOds(odsBook([{ name: 'PL G6', rows: withNote }]));
        if (!read.ok) throw new Error(read.rule);
        const note = read.workbook.sheets[0]!.rows[rowOf(rows, '1.1')]![4]!.value as string;
        expect(note.length).toBeLessThanOrEqual(MAX_ODS_SPACES + 10_000 + 2);
      },
    });
  }

  // --- XML that asks for more than XML's five entities -------------------------------------------------
  {
    let entities = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) entities += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    entities += '<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY fake "<table:table table:name=\'Giả\'>">';
    const rows = plainRows(appendix('D1', 'Sở X'));
    const named: OdsCell[][] = rows.map((r, i) =>
      i === rowOf(rows, '@unit')
        ? [
            ...r.slice(0, 3),
            { xml: '<table:table-cell office:value-type="string"><text:p>Sở &constructor; &__proto__; &lol9; &xxe; &#x1F600;</text:p></table:table-cell>' },
          ]
        : r,
    );
    add({
      name: 'doctype-entities.ods',
      bytes: () => odsPackage(contentXml([{ name: 'PL D1', rows: named }], { prolog: `<!DOCTYPE office:document-content [${entities}]>` })),
      unreadable: false,
      problems: [],
      units: ['D1'],
      maxMs: 1000,
      check: (checked) => {
        expect(checked.sheets).toHaveLength(1);
        expect(checked.sheets[0]!.report!.meta.unit).toBe('Sở &constructor; &__proto__; &lol9; &xxe; 😀');
      },
    });
  }

  // --- damaged packages, and other OpenDocument files -----------------------------------------------
  const good = odsBook([unitSheet('T1')]);
  add(unreadable('truncated-half.ods', good.slice(0, Math.floor(good.length / 2)), 'file.unreadable', CORRUPT));
  add(unreadable('truncated-tail.ods', good.slice(0, good.length - 10), 'file.unreadable', CORRUPT));
  add(unreadable('hole-in-the-middle.ods', new Uint8Array([...good.slice(0, 300), ...good.slice(900)]), 'file.unreadable', CORRUPT));
  {
    const real = deflatedEntry('content.xml', contentXml([unitSheet('Z1')]));
    add(
      unreadable('unknown-compression.ods', rawPackage({ ...real, method: 14 }), 'file.unreadable', {
        rule: 'file.unreadable',
        vi: ['kiểu nén'],
        en: ['compression'],
      }),
    );
    add(unreadable('zip-with-password.ods', rawPackage({ ...real, flags: 1 }), 'file.encrypted', ENCRYPTED));
    // OpenDocument's own encryption: zip's flags clear, content.xml ciphertext, the manifest says so.
    const cipher = noise(4096, 5);
    const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${ODS_MIMETYPE}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="9000"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry></manifest:manifest>`;
    const mime = strToU8(ODS_MIMETYPE);
    add(
      unreadable(
        'password-protected.ods',
        rawZip([
          { name: 'mimetype', data: mime, method: 0, size: mime.length, crc: crc32(mime) },
          { name: 'content.xml', data: cipher, method: 8, size: 9000, crc: 0 },
          deflatedEntry('META-INF/manifest.xml', manifest),
        ]),
        'file.encrypted',
        ENCRYPTED,
      ),
    );
    // The same, the ciphertext stored rather than marked deflated: it reads as bytes that are not XML.
    add(
      unreadable(
        'password-protected-stored.ods',
        rawZip([
          { name: 'mimetype', data: mime, method: 0, size: mime.length, crc: crc32(mime) },
          { name: 'content.xml', data: cipher, method: 0, size: cipher.length, crc: crc32(cipher) },
          deflatedEntry('META-INF/manifest.xml', manifest),
        ]),
        'file.encrypted',
        ENCRYPTED,
      ),
    );
  }
  const text = contentXml([], {
    body: 'text',
    bodyXml:
      '<text:p>Báo cáo</text:p><table:table table:name="Bảng 1"><table:table-row><table:table-cell office:value-type="string"><text:p>@template</text:p></table:table-cell></table:table-row></table:table>',
  });
  add(unreadable('odt-renamed.ods', odsPackage(text, { mimetype: 'application/vnd.oasis.opendocument.text' }), 'file.unreadable', NOT_SPREADSHEET));
  add(
    unreadable(
      'odp-renamed.ods',
      odsPackage(contentXml([], { body: 'presentation', bodyXml: '' }), { mimetype: 'application/vnd.oasis.opendocument.presentation' }),
      'file.unreadable',
      NOT_SPREADSHEET,
    ),
  );
  add(unreadable('odt-without-mimetype.ods', odsPackage(text, { mimetype: null }), 'file.unreadable', NOT_SPREADSHEET));
  add(
    unreadable('empty-spreadsheet.ods', odsPackage(contentXml([])), 'file.unreadable', {
      rule: 'file.unreadable',
      vi: ['không có trang tính nào'],
      en: ['has no worksheet'],
    }),
  );
  add(unreadable('no-content.ods', noContentPackage(), 'file.unreadable', NO_CONTENT));
  add(unreadable('content-not-xml.ods', odsPackage('PK… không phải XML'), 'file.unreadable', NO_CONTENT));
  {
    // content.xml cut short just inside the spreadsheet body: a spreadsheet with no sheet.
    const whole = contentXml([unitSheet('C1')]);
    const cut = whole.slice(0, whole.indexOf('<office:spreadsheet>') + '<office:spreadsheet>'.length + 10);
    add(
      unreadable('content-cut-short.ods', odsPackage(cut), 'file.unreadable', {
        rule: 'file.unreadable',
        vi: ['không có trang tính nào'],
        en: ['has no worksheet'],
      }),
    );
  }

  // --- what the checks downstream see, as for .xlsx ---------------------------------------------------
  add({
    name: 'hidden-sheet.ods',
    bytes: () => odsBook([unitSheet('H1'), { ...unitSheet('H2', 'PL H2', 2), hidden: true }]),
    unreadable: false,
    problems: [warning('sheet.hidden', { sheet: 'PL H2' })],
    units: ['H1', 'H2'],
    maxMs: 1000,
  });
  {
    const rows = plainRows(appendix('M1', 'Gộp ô'));
    const r12 = rowOf(rows, '1.2');
    const merged: OdsCell[][] = rows.map((r, i) =>
      i === r12
        ? [
            ...r.slice(0, 2),
            {
              xml: '<table:table-cell office:value-type="float" office:value="11" table:number-columns-spanned="2"><text:p>11</text:p></table:table-cell><table:covered-table-cell office:value-type="float" office:value="99"/>',
            },
          ]
        : r,
    );
    add({
      name: 'merged-over-d.ods',
      bytes: () => odsBook([{ name: 'PL M1', rows: merged }]),
      unreadable: false,
      problems: [warning('sheet.mergedValue', { sheet: 'PL M1', cell: `D${r12 + 1}`, code: '1.2' })],
      units: ['M1'],
      maxMs: 1000,
    });
  }
  {
    // LibreOffice's cache of another file's sheet (a table named 'file:///…'#Sheet): not one of this file's sheets.
    const cache = tableXml(unitSheet('X2', 'PL X2')).replace(/table:name="[^"]*"/, 'table:name="&apos;file:///C:/Quy3.ods&apos;#PL X2" table:print="false"');
    add({
      name: 'external-cache-table.ods',
      bytes: () => odsPackage(contentXml([], { bodyXml: tableXml(unitSheet('X1')) + cache })),
      unreadable: false,
      problems: [],
      units: ['X1'],
      maxMs: 1000,
    });
  }

  // --- size -----------------------------------------------------------------------------------------
  {
    // 200,000 numbered rows under the appendix, as in many-rows.xlsx: numbers in column A look like codes.
    const rows = plainRows(appendix('R1', 'Hai trăm nghìn dòng'));
    const first = rows.length;
    const build = (): Uint8Array => {
      const tail: string[] = [];
      for (let k = 1; k <= 200_000; k++) {
        tail.push(
          `<table:table-row><table:table-cell office:value-type="float" office:value="${k}"/><table:table-cell office:value-type="string"><text:p>Đơn thư số ${k}</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="float" office:value="${k % 7}"/></table:table-row>`,
        );
      }
      return odsBook([{ name: 'PL R1', rows, tailRowsXml: tail.join('') }]);
    };
    const headings = new Set(ct37.rows.filter((r) => /^\d+$/.test(r.code)).map((r) => Number(r.code)));
    const unknown = Array.from({ length: 200_000 }, (_, i) => i + 1).filter((k) => !headings.has(k));
    add({
      name: 'many-rows.ods',
      bytes: build,
      unreadable: false,
      problems: [
        ...unknown.slice(0, 20).map((k) => warning('sheet.rowUnknown', { sheet: 'PL R1', cell: `A${first + k}` })),
        warning('sheet.rowUnknownMore', { sheet: 'PL R1' }),
      ],
      units: ['R1'],
      maxMs: 10_000,
      maxRssGrowthMiB: 1024,
    });
  }
  return cases;
}

/** A package that says it is a spreadsheet and has no content.xml. */
function noContentPackage(): Uint8Array {
  const mime = strToU8(ODS_MIMETYPE);
  return rawZip([
    { name: 'mimetype', data: mime, method: 0, size: mime.length, crc: crc32(mime) },
    deflatedEntry('META-INF/manifest.xml', '<manifest:manifest/>'),
  ]);
}

const shape = (p: Problem): Expected => ({
  severity: p.severity,
  rule: p.rule,
  ...(p.where.sheet != null ? { sheet: p.where.sheet } : {}),
  ...(p.where.cell != null ? { cell: p.where.cell } : {}),
  ...(p.code != null ? { code: p.code } : {}),
});
const key = (e: Expected) => `${e.rule}|${String(e.sheet ?? '')}|${e.cell ?? ''}|${e.code ?? ''}|${e.severity}`;
const sorted = (list: readonly Expected[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));

const cases = buildCases();
const timings: string[] = [];
afterAll(() => process.stdout.write(`ods hostile: ${timings.join('; ')}\n`));

test('the hostile .ods files are each named once', () => {
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  expect(cases.length).toBeGreaterThanOrEqual(25);
});

describe('each hostile .ods, checked on its own', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', (name, c: OdsCase) => {
    const bytes = c.bytes();
    const rssBefore = process.resourceUsage().maxRSS;
    const started = performance.now();
    const checked = checkWorkbook(bytes, name, registry);
    const ms = performance.now() - started;
    const rssGrowthMiB = (process.resourceUsage().maxRSS - rssBefore) / 1024;
    timings.push(`${name} ${ms.toFixed(0)} ms${c.maxRssGrowthMiB !== undefined ? ` +${rssGrowthMiB.toFixed(0)} MiB` : ''}`);

    expect(ms).toBeLessThan(c.maxMs);
    if (c.maxRssGrowthMiB !== undefined) expect(rssGrowthMiB).toBeLessThan(c.maxRssGrowthMiB);
    expect(checked.unreadable).toBe(c.unreadable);
    expect(sorted(checked.problems.map(shape))).toEqual(sorted(c.problems));
    for (const p of checked.problems) expect(p.where.file).toBe(name);
    expect(checked.sheets.flatMap((s) => (s.report ? [s.report.meta.unitCode] : [])).sort()).toEqual([...(c.units ?? [])].sort());

    for (const w of c.words ?? []) {
      const concerned = checked.problems.filter((p) => p.rule === w.rule);
      expect(concerned.length).toBeGreaterThan(0);
      for (const p of concerned) {
        const vi = formatProblem(p, 'vi');
        const en = formatProblem(p, 'en');
        for (const word of w.vi) expect(vi).toContain(word);
        for (const word of w.en) expect(en).toContain(word);
      }
    }
    for (const p of checked.problems) {
      const [vi, en] = [formatProblem(p, 'vi'), formatProblem(p, 'en')];
      expect(vi).not.toBe(en);
      for (const message of [vi, en]) {
        expect(message.length).toBeLessThan(450);
        expect(message).not.toMatch(/undefined|NaN|\[object |function /);
      }
    }
    c.check?.(checked);
  });
});

test('readWorkbook and checkWorkbook agree on every case', () => {
  for (const c of cases.filter((x) => x.maxMs <= 2000)) expect([c.name, readWorkbook(c.bytes()).ok]).toEqual([c.name, !c.unreadable]);
});
