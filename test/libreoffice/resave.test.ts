import * as fs from 'node:fs';
import * as path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Problem } from '../../src/core/problems';
import { builtInRegistry } from '../../src/core/builtins';
import type { ReportMeta } from '../../src/core/report';
import type { Template } from '../../src/core/template';
import { NOT_APPLICABLE, num, type CellValue } from '../../src/core/values';
import { layoutUnitSheet } from '../../src/sheet/layout';
import { checkWorkbook, type CheckedWorkbook } from '../../src/xlsx/check';
import { readXlsx } from '../../src/xlsx/read';
import { writeXlsx } from '../../src/xlsx/write';
import { convertMany, makeTempDir, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/**
 * A unit opens the file in LibreOffice and saves it again as .xlsx: the file must still read as
 * the same report, with the same problems at the same cells.
 */

const d = sofficeAvailable() ? describe : describe.skip;
if (!sofficeAvailable()) console.warn(skipNotice('test/libreoffice/resave.test.ts'));

const TIMEOUT = 180_000;

const META: ReportMeta = { unit: 'Sở Nội vụ', unitCode: 'SNV', from: '2023-01-01', to: '2023-09-30' };

/**
 * Pre-filled figures per template: numbers, 0, x, a text, a fraction in a count row, and a broken
 * "≤" rule, so the problems compared below are not an empty list. Rows not named stay blank.
 */
const FILLED: Record<string, Record<string, CellValue>> = {
  ct37: {
    '1.1': num(12),
    '1.2': num(0),
    '2.1': NOT_APPLICABLE,
    '2.2': num(1234),
    '3.1.a': num(15), // > 3.1.b: rule.le
    '3.1.b': num(10),
    '3.2.a': num(3),
    '3.2.b': num(0),
    '3.3': { kind: 'text', text: 'khoảng 12' },
    '3.5': num(87.5),
    '4.1.1': num(2.5), // not whole
    '4.3.a': num(120),
    '4.3.b': num(130),
  },
  'tu-kiem-tra-dan-chu': {
    '1.1': num(40),
    '1.2': num(41), // > 1.1: rule.le
    '2.1': { kind: 'text', text: 'Có' },
    '2.2': num(0),
    '3.1': NOT_APPLICABLE,
    '3.2': num(8),
    '3.3': num(8),
    '5.1': { kind: 'text', text: 'Không' },
    '5.2': num(3), // while 5.1 is Không: rule.zeroWhenNo
  },
};

const inputRows = (template: Template) => template.rows.filter((r) => r.kind !== 'heading' && r.kind !== 'ratio');

/** What is compared of a problem: its kind and where it is. */
const problemKeys = (problems: readonly Problem[]): string[] => problems.map((p) => `${p.severity} ${p.rule} ${p.code ?? '-'} ${p.where.cell ?? '-'}`).sort();

d('a workbook re-saved by LibreOffice reads as the same report', () => {
  const registry = builtInRegistry();
  const templates = registry.list();
  let dir: string;
  const originals = new Map<string, { file: string; values: Map<string, CellValue> }>();
  const resaved = new Map<string, string>();

  beforeAll(async () => {
    dir = makeTempDir('phuluc-lo-resave');
    const inDir = path.join(dir, 'in');
    const outDir = path.join(dir, 'out');
    fs.mkdirSync(inDir);
    fs.mkdirSync(outDir);
    for (const template of templates) {
      const filled = FILLED[template.id];
      if (!filled) throw new Error(`no figures for template ${template.id}`);
      for (const code of Object.keys(filled)) if (!template.byCode.has(code)) throw new Error(`${template.id} has no row ${code}`);
      const values = new Map(Object.entries(filled));
      const file = path.join(inDir, `${template.id}.xlsx`);
      fs.writeFileSync(file, await writeXlsx([layoutUnitSheet(template, META, { values })]));
      originals.set(template.id, { file, values });
    }
    const ids = [...originals.keys()];
    const outputs = await convertMany(
      ids.map((id) => originals.get(id)!.file),
      'xlsx',
      outDir,
    );
    ids.forEach((id, i) => resaved.set(id, outputs[i]!));
  }, TIMEOUT);

  afterAll(() => removeTempDir(dir));

  test('both built-in templates are re-saved', () => {
    expect(templates.map((t) => t.id).sort()).toEqual(['ct37', 'tu-kiem-tra-dan-chu']);
    expect([...resaved.keys()].sort()).toEqual(['ct37', 'tu-kiem-tra-dan-chu']);
  });

  describe.each(['ct37', 'tu-kiem-tra-dan-chu'])('%s', (id) => {
    let before: CheckedWorkbook;
    let after: CheckedWorkbook;
    let template: Template;
    let values: Map<string, CellValue>;

    beforeAll(() => {
      template = registry.latest(id)!;
      const original = originals.get(id)!;
      values = original.values;
      before = checkWorkbook(fs.readFileSync(original.file), original.file, registry);
      after = checkWorkbook(fs.readFileSync(resaved.get(id)!), original.file, registry);
    });

    test('the file really went through LibreOffice', () => {
      const bytes = fs.readFileSync(resaved.get(id)!);
      expect(readXlsx(bytes).ok).toBe(true);
      // the program that saved a file names itself in docProps/app.xml
      expect(application(bytes)).toMatch(/LibreOffice/);
      expect(application(fs.readFileSync(originals.get(id)!.file))).not.toMatch(/LibreOffice/);
    });

    test('exactly one appendix sheet, same metadata (dates as ISO)', () => {
      expect(after.unreadable).toBe(false);
      expect(after.sheets).toHaveLength(1);
      expect(before.sheets).toHaveLength(1);
      const report = after.sheets[0]!.report!;
      expect(report).toBeDefined();
      expect(report.template).toEqual({ id: template.id, version: template.version });
      expect(report.meta).toEqual(META);
      expect(report.meta).toEqual(before.sheets[0]!.report!.meta);
    });

    test('the same value in every input row, as filled in', () => {
      const original = before.sheets[0]!.report!;
      const report = after.sheets[0]!.report!;
      for (const row of inputRows(template)) {
        const filled = values.get(row.code) ?? { kind: 'blank' };
        expect({ code: row.code, value: report.values.get(row.code) }).toEqual({ code: row.code, value: original.values.get(row.code) });
        expect({ code: row.code, value: report.values.get(row.code) }).toEqual({ code: row.code, value: filled });
      }
      expect(report.cells).toEqual(original.cells);
    });

    test('the same problems at the same cells', () => {
      const keys = problemKeys(before.problems);
      expect(problemKeys(after.problems)).toEqual(keys);
      // the deliberately broken figures are among them, so the comparison is not of two empty lists
      const broken =
        id === 'ct37' ? ['error rule.le 3.1.a', 'error value.notWhole 4.1.1', 'error value.text 3.3'] : ['error rule.le 1.2', 'warning rule.zeroWhenNo 5.2'];
      for (const b of broken) expect(keys.some((k) => k.startsWith(`${b} `))).toBe(true);
    });
  });
});

function application(xlsx: Uint8Array): string {
  const app = unzipSync(xlsx, { filter: (f) => f.name === 'docProps/app.xml' })['docProps/app.xml'];
  return app ? (/<Application>([^<]*)<\/Application>/.exec(strFromU8(app))?.[1] ?? '') : '';
}
