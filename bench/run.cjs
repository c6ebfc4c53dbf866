#!/usr/bin/env node
'use strict';
/**
 * npm run bench — consolidation speed and memory, measured side by side in one run:
 *   floor     read each file, unzip its sheet XML and shared strings (fflate), scan every cell tag
 *   exceljs   load each whole workbook with exceljs (what a general library costs)
 *   phuluc    `phuluc consolidate` end to end in-process: read, validate, aggregate, write the summary
 * and the peak memory (max RSS) of a whole `phuluc consolidate` process for 1,000 and 10,000 files.
 * Targets (DESIGN §8): phuluc ≤ 3 × floor; peak memory at 10,000 ≤ 1.2 × at 1,000.
 * Unit files are generated once under bench/.data (gitignored) from a file written by the project.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { unzipSync, zipSync, strFromU8, strToU8 } = require('fflate');

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

const filesIn = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort().map((f) => path.join(dir, f));

function floor(files) {
  let cells = 0;
  const wanted = (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/sharedStrings.xml' || f.name.startsWith('xl/worksheets/');
  for (const file of files) {
    const parts = unzipSync(fs.readFileSync(file), { filter: wanted });
    for (const data of Object.values(parts)) {
      const xml = strFromU8(data);
      for (const m of xml.matchAll(/<c\b[^>]*?(?:\/>|>[\s\S]*?<\/c>)/g)) if (m[0]) cells++;
    }
  }
  return cells;
}

async function exceljsLoad(files) {
  const ExcelJS = require('exceljs');
  let sheets = 0;
  for (const file of files) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(file));
    sheets += wb.worksheets.length;
  }
  return sheets;
}

async function phuluc(dir, out) {
  const { runCli } = dist('cli/main.js');
  let said = '';
  const code = await runCli(['consolidate', dir, '-o', out, '--force'], { out: (t) => (said += t), err: (t) => (said += t) });
  if (code !== 0) throw new Error(`consolidate exited ${code}: ${said}`);
  return said.trim();
}

async function time(fn) {
  const t = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, result };
}

/** Peak memory of a whole `phuluc consolidate` process, as the kernel counts it. */
function peakRss(dir) {
  const out = path.join(os.tmpdir(), `phuluc-bench-${process.pid}-${path.basename(dir)}.xlsx`);
  const script = `const { runCli } = require(${JSON.stringify(path.join(root, 'dist/cli/main.js'))});
    runCli(['consolidate', ${JSON.stringify(dir)}, '-o', ${JSON.stringify(out)}, '--force'], { out() {}, err() {} })
      .then((code) => { process.stdout.write(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS })); });`;
  const res = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  fs.rmSync(out, { force: true });
  if (res.code !== 0) throw new Error(`consolidate of ${dir} exited ${res.code}`);
  return res.maxRssKb / 1024;
}

(async () => {
  const started = Date.now();
  const small = await generate(SMALL);
  const large = await generate(LARGE);
  const files = filesIn(small);
  const out = path.join(os.tmpdir(), `phuluc-bench-${process.pid}.xlsx`);
  // one warm-up of each, then the best of three
  floor(files.slice(0, 50));
  await phuluc(small, out);
  const best = async (fn) => {
    let min;
    for (let i = 0; i < 3; i++) {
      const r = await time(fn);
      if (!min || r.ms < min.ms) min = r;
    }
    return min;
  };
  const f = await best(() => floor(files));
  const e = await time(() => exceljsLoad(files));
  const p = await best(() => phuluc(small, out));
  fs.rmSync(out, { force: true });
  const rssSmall = peakRss(small);
  const rssLarge = peakRss(large);

  const rows = [
    ['measure', 'value', 'target', 'ok'],
    [`floor: unzip + scan sheet XML, ${files.length} files`, `${f.ms.toFixed(0)} ms (${f.result} cells)`, '', ''],
    [`exceljs: load whole workbooks, ${files.length} files`, `${e.ms.toFixed(0)} ms`, '(reference)', ''],
    [`phuluc consolidate end to end, ${files.length} files`, `${p.ms.toFixed(0)} ms`, '≤ 3 × floor', ''],
    ['  ratio to the floor', `${(p.ms / f.ms).toFixed(2)} ×`, '≤ 3', p.ms / f.ms <= 3 ? 'yes' : 'NO'],
    [`peak memory, ${SMALL} files`, `${rssSmall.toFixed(0)} MiB`, '', ''],
    [`peak memory, ${LARGE} files`, `${rssLarge.toFixed(0)} MiB`, '≤ 1.2 × the above', ''],
    ['  ratio', `${(rssLarge / rssSmall).toFixed(2)} ×`, '≤ 1.2', rssLarge / rssSmall <= 1.2 ? 'yes' : 'NO'],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(`| ${r.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
  console.log(`\n${p.result}\n(node ${process.version}, ${os.cpus().length} cores, ${((Date.now() - started) / 1000).toFixed(0)} s in all)`);
})().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
