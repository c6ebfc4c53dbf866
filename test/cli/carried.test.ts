import { strFromU8, unzipSync } from 'fflate';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../helpers/cli';

/**
 * A template that is not built in travels inside the workbooks made from it: anyone can check,
 * consolidate and narrate them without the JSON at hand; a carried template that differs from a
 * given one of the same id@version, or that is damaged, is an error naming it.
 */
const ct37 = JSON.parse(fs.readFileSync(path.join(__dirname, '../../src/core/templates/ct37.json'), 'utf8'));
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-carried-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A user's template: ct37's rows under another id, title and one label changed. */
function userTemplate(label = 'Tổng số đoàn kiểm tra (đợt)'): string {
  const t = structuredClone(ct37);
  t.id = 'kiem-tra-huyen';
  t.version = 1;
  t.title = { vi: 'Phụ lục kiểm tra của huyện' };
  t.rows.find((r: { code: string }) => r.code === '2.1').label.vi = label;
  const file = path.join(dir, `mau-${label.length}.json`);
  fs.writeFileSync(file, JSON.stringify(t));
  return file;
}

/** Types figures into D of a workbook's first sheet, as a unit does (the sheet XML edited). */
function fill(file: string, figures: Record<string, number>): void {
  const parts = unzipSync(fs.readFileSync(file));
  const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
  const shared = strFromU8(parts['xl/sharedStrings.xml'] ?? new Uint8Array());
  const strings = [...shared.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
  let xml = sheet;
  for (const [code, value] of Object.entries(figures)) {
    const index = strings.indexOf(code);
    const row = new RegExp(`<c r="A(\\d+)"[^>]*t="s"[^>]*><v>${index}</v></c>`).exec(xml)![1];
    xml = xml.replace(new RegExp(`<c r="D${row}"([^>]*?)(/>|>.*?</c>)`), `<c r="D${row}"$1><v>${value}</v></c>`).replace(`<c r="D${row}"$1`, '');
  }
  const { zipSync, strToU8 } = require('fflate') as typeof import('fflate');
  fs.writeFileSync(file, zipSync({ ...parts, 'xl/worksheets/sheet1.xml': strToU8(xml) }));
}

describe('a template carried by its workbooks', () => {
  test('made from a user’s template: carried in a very hidden sheet; validated, consolidated and narrated without the JSON', async () => {
    const template = userTemplate();
    const files = ['A', 'B'].map((code) => path.join(dir, `${code}.xlsx`));
    for (const [i, file] of files.entries()) {
      const made = await run(
        'new',
        '--template',
        'kiem-tra-huyen',
        '--template-file',
        template,
        '--unit',
        `Xã ${'AB'[i]}`,
        '--unit-code',
        'AB'[i]!,
        '--from',
        '2023-01-01',
        '--to',
        '2023-09-30',
        '-o',
        file,
      );
      expect(made.code).toBe(0);
    }
    const workbook = strFromU8(unzipSync(fs.readFileSync(files[0]!))['xl/workbook.xml']!);
    expect(workbook).toMatch(/<sheet [^>]*name="_phuluc_mau"[^>]*state="veryHidden"/);
    fill(files[0]!, { '2.1': 3, '2.2': 10 });
    fill(files[1]!, { '2.1': 4, '2.2': 12 });

    // no --template-file: the template comes from the files themselves
    const checked = await run('validate', ...files, '--json');
    expect(JSON.parse(checked.out).problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
    expect(checked.code).toBe(0);
    const out = path.join(dir, 'th.xlsx');
    const json = path.join(dir, 'th.json');
    expect((await run('consolidate', ...files, '-o', out, '--json', json)).code).toBe(0);
    const summary = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(summary.template).toEqual({ id: 'kiem-tra-huyen', version: 1 });
    expect([summary.values['2.1'], summary.values['2.2']]).toEqual([7, 22]);
    const text = await run('narrative', files[0]!);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Tổng số đoàn kiểm tra: 3 đoàn');
    // the summary carries the template too: the level above consolidates and narrates it without the JSON
    const up = path.join(dir, 'up.json');
    expect((await run('consolidate', out, '-o', path.join(dir, 'up.xlsx'), '--json', up)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(up, 'utf8')).values['2.1']).toBe(7);
    expect((await run('narrative', out)).out).toContain('Tổng số đoàn kiểm tra: 7 đoàn');
  });

  test('a built-in template is not carried', async () => {
    const file = path.join(dir, 'ct37.xlsx');
    expect((await run('new', '--template', 'ct37', '-o', file)).code).toBe(0);
    expect(strFromU8(unzipSync(fs.readFileSync(file))['xl/workbook.xml']!)).not.toContain('_phuluc_mau');
  });

  test('a carried template that differs from a given one of the same id@version is an error naming both', async () => {
    const file = path.join(dir, 'A.xlsx');
    expect((await run('new', '--template', 'kiem-tra-huyen', '--template-file', userTemplate(), '-o', file)).code).toBe(0);
    const other = userTemplate('Số đoàn kiểm tra đã thành lập');
    const r = await run('validate', file, '--template-file', other, '--json', '--lang', 'en');
    expect(r.code).toBe(1);
    const conflict = JSON.parse(r.out).problems.find((p: { rule: string }) => p.rule === 'sheet.templateConflict');
    expect(conflict.message).toContain('kiem-tra-huyen@1');
    expect(conflict.message).toContain('A.xlsx');
    // the same template given again is no conflict
    expect((await run('validate', file, '--template-file', userTemplate())).out).not.toContain('templateConflict');
  });

  test('a damaged carried template is an error, and the sheet is read as of an unknown template', async () => {
    const file = path.join(dir, 'A.xlsx');
    expect((await run('new', '--template', 'kiem-tra-huyen', '--template-file', userTemplate(), '-o', file)).code).toBe(0);
    const parts = unzipSync(fs.readFileSync(file));
    // the carrier is the second sheet: its JSON made invalid for the schema (a row kind that does not exist)
    const { strToU8, zipSync } = await import('fflate');
    const names = Object.keys(parts).filter((n) => n.startsWith('xl/'));
    const shared = strFromU8(parts['xl/sharedStrings.xml']!);
    const broken = shared.replace('&quot;kind&quot;:&quot;count&quot;', '&quot;kind&quot;:&quot;tong&quot;');
    expect(broken).not.toBe(shared);
    fs.writeFileSync(file, zipSync({ ...parts, 'xl/sharedStrings.xml': strToU8(broken) }));
    expect(names.length).toBeGreaterThan(0);
    const r = await run('validate', file, '--json');
    expect(r.code).toBe(1);
    const rules = JSON.parse(r.out).problems.map((p: { rule: string }) => p.rule);
    expect(rules).toContain('sheet.templateCarriedInvalid');
    expect(rules).toContain('sheet.templateUnknown');
  });
});
