import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../helpers/cli';
import { convertMany, makeTempDir, removeTempDir, skipNotice, sofficeAvailable } from '../helpers/soffice';

/**
 * The authoring sheet of each built-in template, opened and saved again by LibreOffice: the hidden
 * column, the dates and the codes written as text come back, and from-sheet gives the template back.
 */

const d = sofficeAvailable() ? describe : describe.skip;
if (!sofficeAvailable()) console.warn(skipNotice('test/libreoffice/template-sheet.test.ts'));

const root = path.resolve(__dirname, '../..');
const NAMES = ['ct37', 'tu-kiem-tra-dan-chu'];

d('template sheet re-saved by LibreOffice', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('phuluc-lo-template-sheet');
  });
  afterAll(() => removeTempDir(dir));

  test('from-sheet of the re-saved sheet gives each built-in template back', async () => {
    const written = path.join(dir, 'written');
    const saved = path.join(dir, 'saved');
    fs.mkdirSync(written);
    fs.mkdirSync(saved);
    const sheets: string[] = [];
    for (const name of NAMES) {
      const file = path.join(written, `${name}.xlsx`);
      expect((await run('template', 'sheet', '--template', name, '-o', file)).code).toBe(0);
      sheets.push(file);
    }
    const resaved = await convertMany(sheets, 'xlsx', saved);
    for (const [i, name] of NAMES.entries()) {
      const json = path.join(dir, `${name}.json`);
      const r = await run('template', 'from-sheet', resaved[i]!, '-o', json);
      expect([name, r.code, r.out]).toEqual([name, 0, expect.stringContaining(`${name}@1`)]);
      const original = JSON.parse(fs.readFileSync(path.join(root, `src/core/templates/${name}.json`), 'utf8'));
      expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toEqual(original);
    }
  }, 180_000);
});
