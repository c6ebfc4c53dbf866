#!/usr/bin/env node
'use strict';
/**
 * npm run bench — consolidation speed and memory, measured side by side in one run, on two corpora:
 * unit files written by other programs (bench/corpus.cjs: inline and shared strings, styles of
 * their own, LibreOffice-saved files where soffice is installed) and files written by this project.
 *   floor     a process that reads each file, unzips its sheet XML and shared strings (fflate) and
 *             finds every cell tag (bench/floor.cjs)
 *   phuluc    a `phuluc consolidate` process: read, validate, aggregate, write the summary
 * medians of five pairs, alternated; the peak memory (max RSS) of a whole `phuluc consolidate`
 * process (its worker thread included) for 1,000 and 10,000 files; `phuluc --version` against `node -e 0`; and exceljs loading
 * the same files, for reference. Targets (DESIGN §8): phuluc ≤ 3 × floor; peak memory at 10,000
 * ≤ 1.2 × at 1,000; --version ≤ 2 × node. The files are generated once under bench/.data (gitignored).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { unzipSync, zipSync, strFromU8, strToU8 } = require('fflate');
const { generateOthers } = require('./corpus.cjs');

const root = path.join(__dirname, '..');
const dist = (p) => require(path.join(root, 'dist', p));
const dataDir = path.join(__dirname, '.data');
const SMALL = Number(process.env.BENCH_SMALL || 1000);
const LARGE = Number(process.env.BENCH_LARGE || 10000);

async function templateFile() {
  const { builtInRegistry } = dist('core/builtins.js');
  const { layoutUnitSheet } = dist('sheet/layout.js');
  const { writeXlsx } = dist('xlsx/write.js');
  const template = builtInRegistry().get('ct37', 1);
  const values = new Map();
  let k = 0;
  for (const row of template.rows) if (row.kind === 'count' || row.kind === 'percent') values.set(row.code, { kind: 'number', value: 900000 + k++ });
  const meta = { unit: 'UNIT_NAME_SLOT', unitCode: 'UNIT_CODE_SLOT', from: '2023-01-01', to: '2023-09-30' };
  return { bytes: await writeXlsx([layoutUnitSheet(template, meta, { values })]) };
}

/** n unit files: the project's own file with each unit's figures and names patched in. */
async function generate(n) {
  const dir = path.join(dataDir, `units-${n}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const { bytes } = await templateFile();
  const parts = unzipSync(bytes);
  const sheetName = Object.keys(parts).find((p) => /worksheets\/sheet1\.xml$/.test(p));
  const sheet = strFromU8(parts[sheetName]);
  const shared = strFromU8(parts['xl/sharedStrings.xml']);
  for (let i = 0; i < n; i++) {
    // one figure a unit, different between units: every ≤ and ≥ rule of CT37 holds
    const figure = (i % 60) + 5;
    const xml = sheet.replace(/<v>9\d{5}<\/v>/g, `<v>${figure}</v>`);
    const ss = shared.replace('UNIT_NAME_SLOT', `Đơn vị số ${i}`).replace('UNIT_CODE_SLOT', `DV${String(i).padStart(5, '0')}`);
    const out = { ...parts, [sheetName]: strToU8(xml), 'xl/sharedStrings.xml': strToU8(ss) };
    fs.writeFileSync(path.join(dir, `dv-${String(i).padStart(5, '0')}.xlsx`), zipSync(out, { level: 6 }));
  }
  fs.writeFileSync(marker, '');
  return dir;
}

const filesIn = (dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.xlsx'))
    .sort()
    .map((f) => path.join(dir, f));

/** exceljs loading each whole workbook: what a general library costs (it cannot read some files). */
async function exceljsLoad(files) {
  const ExcelJS = require('exceljs');
  let failed = 0;
  for (const file of files) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(fs.readFileSync(file));
    } catch {
      failed++; // e.g. a namespace prefix on every element, which exceljs does not read
    }
  }
  return failed;
}

/** Wall time of a whole process, in ms. */
function timed(args) {
  const t = process.hrtime.bigint();
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bin = path.join(root, 'bin', 'phuluc.cjs');

/** Floor and phuluc as whole processes, alternated in pairs so the machine's mood hits both alike. */
function pairs(dir, count) {
  const out = path.join(os.tmpdir(), `phuluc-bench-${process.pid}.xlsx`);
  const floors = [];
  const runs = [];
  let cells = 0;
  let said = '';
  timed([path.join(__dirname, 'floor.cjs'), dir]); // warm the file cache
  for (let i = 0; i < count; i++) {
    const f = timed([path.join(__dirname, 'floor.cjs'), dir]);
    floors.push(f.ms);
    cells = Number(f.out);
    const p = timed([bin, 'consolidate', dir, '-o', out, '--force']);
    runs.push(p.ms);
    said = p.out.trim();
  }
  fs.rmSync(out, { force: true });
  return { floor: median(floors), phuluc: median(runs), cells, said };
}

/**
 * Peak memory of a whole `phuluc consolidate` process, as the kernel counts it (worker thread
 * included): the command run as bin/phuluc.cjs runs it, the peak read when the process ends.
 */
function peakRss(dir) {
  const out = path.join(os.tmpdir(), `phuluc-bench-${process.pid}-${path.basename(dir)}.xlsx`);
  const script = `process.argv = [process.execPath, ${JSON.stringify(bin)}, 'consolidate', ${JSON.stringify(dir)}, '-o', ${JSON.stringify(out)}, '--force'];
    process.stdout.write = () => true;
    process.on('exit', (code) => { process.stderr.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS })); });
    require(${JSON.stringify(bin)});`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  fs.rmSync(out, { force: true });
  const res = JSON.parse(run.stderr.slice(run.stderr.lastIndexOf('{')));
  if (res.code !== 0) throw new Error(`consolidate of ${dir} exited ${res.code}: ${run.stderr}`);
  return res.maxRssKb / 1024;
}

/** `phuluc --version` against a bare `node -e 0`, medians of eleven each. */
function startUp() {
  const node = [];
  const version = [];
  const help = [];
  for (let i = 0; i < 11; i++) {
    node.push(timed(['-e', '0']).ms);
    version.push(timed([bin, '--version']).ms);
    help.push(timed([bin, '--help']).ms);
  }
  return { node: median(node), version: median(version), help: median(help) };
}

(async () => {
  const started = Date.now();
  const ownSmall = await generate(SMALL);
  const ownLarge = await generate(LARGE);
  const others = { small: path.join(dataDir, `others-${SMALL}`), large: path.join(dataDir, `others-${LARGE}`) };
  const othersInfo = generateOthers(others.small, SMALL);
  generateOthers(others.large, LARGE);

  const rows = [['measure', 'value', 'target', 'ok']];
  const ok = (good) => (good ? 'yes' : 'NO');
  for (const [label, small, large] of [
    [`files written by other programs (${othersInfo.libreOffice} saved by LibreOffice)`, others.small, others.large],
    ['files written by this project', ownSmall, ownLarge],
  ]) {
    const r = pairs(small, 5);
    // medians of three: one process's peak moves by a few MiB with the moment V8 collects
    const rssSmall = median([0, 1, 2].map(() => peakRss(small)));
    const rssLarge = median([0, 1, 2].map(() => peakRss(large)));
    rows.push([`${label}`, '', '', '']);
    rows.push([`  floor: unzip + scan sheet XML, ${SMALL} files (process)`, `${r.floor.toFixed(0)} ms (${r.cells} cells)`, '', '']);
    rows.push([`  phuluc consolidate, ${SMALL} files (process)`, `${r.phuluc.toFixed(0)} ms`, '', '']);
    rows.push(['  ratio to the floor (medians of 5 pairs)', `${(r.phuluc / r.floor).toFixed(2)} ×`, '≤ 3', ok(r.phuluc / r.floor <= 3)]);
    rows.push([`  peak memory, ${SMALL} / ${LARGE} files (medians of 3)`, `${rssSmall.toFixed(0)} / ${rssLarge.toFixed(0)} MiB`, '', '']);
    rows.push(['  memory ratio', `${(rssLarge / rssSmall).toFixed(2)} ×`, '≤ 1.2', ok(rssLarge / rssSmall <= 1.2)]);
  }
  const t = process.hrtime.bigint();
  const failed = await exceljsLoad(filesIn(others.small));
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  rows.push([`exceljs: load ${SMALL} other programs' files (reference, in-process)`, `${ms.toFixed(0)} ms, ${failed} it cannot read`, '', '']);
  const s = startUp();
  rows.push(['start-up: node -e 0 / phuluc --version / --help', `${s.node.toFixed(0)} / ${s.version.toFixed(0)} / ${s.help.toFixed(0)} ms`, '', '']);
  rows.push(['  ratio --version to node', `${(s.version / s.node).toFixed(2)} ×`, '≤ 2', ok(s.version / s.node <= 2)]);

  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log(`\n(node ${process.version}, ${os.cpus().length} cores, ${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
