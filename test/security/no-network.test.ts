import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The command line works with the network cut off and never tries to reach it. */

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/phuluc.cjs');
const guard = path.join(root, 'test/helpers/no-network.cjs');

function phuluc(...args: string[]) {
  const r = spawnSync(process.execPath, ['--require', guard, bin, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test('every command runs with the network cut off and asks for nothing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-net-'));
  try {
    const unit = path.join(dir, 'a.xlsx');
    const steps = [
      phuluc('templates', '--json'),
      phuluc('new', '--template', 'ct37', '--unit', 'Xã A', '--unit-code', 'A', '-o', unit),
      phuluc('validate', unit, '--json'),
      phuluc('consolidate', dir, '-o', path.join(dir, 'tong-hop.xlsx')),
      phuluc('narrative', path.join(dir, 'tong-hop.xlsx'), '-o', path.join(dir, 'bao-cao.docx')),
    ];
    for (const s of steps) {
      expect(s.err).not.toContain('NETWORK-ATTEMPT');
      expect([s.status, s.err]).toEqual([0, expect.any(String)]);
    }
    expect(fs.existsSync(path.join(dir, 'bao-cao.docx'))).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the guard itself works: a connection attempt is caught', () => {
  const r = spawnSync(process.execPath, ['--require', guard, '-e', "require('node:net').connect(80, 'example.org')"], { encoding: 'utf8' });
  expect(r.stderr).toContain('NETWORK-ATTEMPT');
  expect(r.status).not.toBe(0);
});

test('no eval and no new Function in the project’s own code', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|tsx|cjs|js)$/.test(e.name) && /\beval\s*\(|new\s+Function\s*\(/.test(fs.readFileSync(full, 'utf8')))
        offenders.push(path.relative(root, full));
    }
  };
  for (const dir of ['src', 'bin', 'scripts']) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  expect(offenders).toEqual([]);
});
