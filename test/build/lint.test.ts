import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

/**
 * The layers of docs/DESIGN.md are rules, not habits: a file that imports across a boundary fails
 * the lint that `npm test` runs. Probes are written into the real folders (the typed rules need
 * the files in the project), linted with the project's own configuration, then removed.
 */
const root = path.resolve(__dirname, '../..');

function lintProbe(relative: string, code: string): string[] {
  const file = path.join(root, relative);
  fs.writeFileSync(file, code);
  try {
    // a process of its own: the configuration is an ES module, which Jest's sandbox cannot load
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '-f', 'json', file], { cwd: root, encoding: 'utf8' });
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('the layer rules bite', () => {
  test('src/core importing the .xlsx reader or a Node module fails', async () => {
    const messages = await lintProbe(
      'src/core/__lint_probe__.ts',
      "import { readXlsx } from '../xlsx/read';\nimport { readFileSync } from 'node:fs';\nexport const probe = [readXlsx, readFileSync];\n",
    );
    expect(messages.filter((m) => m.startsWith('no-restricted-imports'))).toHaveLength(2);
    expect(messages.join('\n')).toContain('src/core imports nothing of the other layers');
    expect(messages.join('\n')).toContain('no Node modules');
  }, 120_000);

  test('src/sheet importing src/app, and src/xlsx naming Excel, fail; a clean file passes', async () => {
    const sheet = await lintProbe(
      'src/sheet/__lint_probe__.ts',
      "import { consolidateSources } from '../app/consolidate';\nexport const probe = consolidateSources;\n",
    );
    expect(sheet.some((m) => m.startsWith('no-restricted-imports') && m.includes('src/sheet imports only src/core'))).toBe(true);
    const xlsx = await lintProbe('src/xlsx/__lint_probe__.ts', 'export const probe = (): unknown => Excel;\n');
    expect(xlsx.some((m) => m.startsWith('no-restricted-globals') && m.includes('only src/excel names Excel'))).toBe(true);
    const clean = await lintProbe(
      'src/sheet/__lint_probe__.ts',
      "import { formatNumber } from '../core/numfmt';\nexport const probe = formatNumber(1, 'vi');\n",
    );
    expect(clean).toEqual([]);
  }, 120_000);
});
