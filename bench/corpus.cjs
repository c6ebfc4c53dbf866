'use strict';
/**
 * The bench's unit files, as units really send them: filled by other programs, not by this
 * project's writer. Each file is one CT37 unit, written the way other generators write:
 *   - half with inline strings (openpyxl-like writers, many web exports), half with a shared
 *     strings part (Excel, LibreOffice);
 *   - every third file with styles of its own (other fonts, number formats and fills);
 *   - some with a namespace prefix on every element ("x:"), as .NET writers do;
 *   - where LibreOffice is installed, every tenth file is one LibreOffice saved (its own XML
 *     layout, shared strings, styles), with the unit's code and name patched in.
 * The figures differ from unit to unit and from row to row; every ≤ and ≥ rule and every ratio
 * pair of CT37 holds, so every unit is consolidated.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { strToU8, zipSync, unzipSync, strFromU8 } = require('fflate');

const root = path.join(__dirname, '..');
const ct37 = JSON.parse(fs.readFileSync(path.join(root, 'src/core/templates/ct37.json'), 'utf8'));

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const colName = (i) => (i < 26 ? String.fromCharCode(65 + i) : colName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

/** Unit i's figures: blanks, zeros and x mixed in, every rule of CT37 kept. */
function figuresOf(i) {
  const f = {};
  ct37.rows.forEach((row, k) => {
    if (row.kind !== 'count') return;
    const v = (i * 31 + k * 17) % 23;
    f[row.code] = v === 0 ? null : v === 1 ? 0 : v === 2 ? 'x' : v * 3 + (i % 7);
  });
  for (const row of ct37.rows) {
    for (const rule of row.rules ?? []) {
      const [a, b] = [f[row.code], f[rule.other]];
      if (typeof a !== 'number' || typeof b !== 'number') continue;
      if (rule.type === 'le' && a > b) f[row.code] = b;
      if (rule.type === 'ge' && a < b) f[row.code] = b;
    }
  }
  for (const row of ct37.rows) {
    if (row.kind !== 'ratio') continue;
    const { numerator: n, denominator: d } = row.ratio;
    if (typeof f[n] === 'number' && typeof f[d] === 'number' && f[n] > f[d]) f[n] = f[d];
    if ((typeof f[n] === 'number') !== (typeof f[d] === 'number')) {
      f[n] = null;
      f[d] = null;
    }
  }
  f['3.5'] = i % 4 === 0 ? null : 60 + (i % 40) + 0.5;
  return f;
}

/** The rows of a unit's sheet as a person fills the form in another program: A–E by key. */
function unitRows(i) {
  const f = figuresOf(i);
  const rows = [
    [null, 'PHỤ LỤC'],
    [null, 'Số liệu thực hiện Chỉ thị 37-CT/TU & công tác dân vận'],
    [],
    ['@template', 'Mẫu phụ lục', null, 'ct37@1'],
    ['@unit', 'Đơn vị báo cáo', null, `Xã số ${i} <Ninh Hải>`],
    ['@unitCode', 'Mã đơn vị', null, `DV${String(i).padStart(5, '0')}`],
    ['@from', 'Từ ngày', null, '01/01/2023'],
    ['@to', 'Đến ngày', null, '30/09/2023'],
    [],
    ['Mã', 'Chỉ tiêu', 'Đơn vị tính', 'Số liệu', 'Ghi chú'],
  ];
  for (const row of ct37.rows) {
    const v = row.kind === 'heading' || row.kind === 'ratio' ? null : (f[row.code] ?? null);
    rows.push([row.code, row.label.vi, row.unit?.vi ?? null, v, i % 5 === 0 && v === 0 ? 'không phát sinh' : null]);
  }
  return rows;
}

const STYLES = (variant) => {
  const fonts = ['Calibri', 'Arial', 'Times New Roman', 'Tahoma'];
  const font = fonts[variant % fonts.length];
  const size = 10 + (variant % 5);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="${164 + (variant % 3)}" formatCode="#,##0;[Red]-#,##0"/><numFmt numFmtId="170" formatCode="0.0${'0'.repeat(variant % 3)}"/></numFmts><fonts count="2"><font><sz val="${size}"/><name val="${font}"/></font><font><b/><sz val="${size + 1}"/><name val="${font}"/></font></fonts><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF${(0xfff2cc + variant * 97).toString(16).slice(-6).toUpperCase()}"/></patternFill></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="4"><xf/><xf fontId="1" applyFont="1"/><xf numFmtId="${164 + (variant % 3)}" fillId="2" applyNumberFormat="1" applyFill="1"/><xf numFmtId="170" applyNumberFormat="1"/></cellXfs></styleSheet>`;
};

/** One workbook as another program writes it. */
function foreignXlsx(rows, { shared, prefix, styles }) {
  const p = prefix ? 'x:' : '';
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const strings = [];
  const index = new Map();
  const sst = (s) => {
    if (!index.has(s)) {
      index.set(s, strings.length);
      strings.push(s);
    }
    return index.get(s);
  };
  const sheetRows = rows
    .map((cells, r) => {
      const xml = cells
        .map((v, c) => {
          if (v === null || v === undefined) return '';
          const ref = `${colName(c)}${r + 1}`;
          const s = styles ? (r < 3 ? ' s="1"' : c === 3 ? (typeof v === 'number' && !Number.isInteger(v) ? ' s="3"' : ' s="2"') : '') : '';
          if (typeof v === 'number') return `<${p}c r="${ref}"${s}><${p}v>${v}</${p}v></${p}c>`;
          if (shared) return `<${p}c r="${ref}"${s} t="s"><${p}v>${sst(v)}</${p}v></${p}c>`;
          return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t>${esc(v)}</${p}t></${p}is></${p}c>`;
        })
        .join('');
      return `<${p}row r="${r + 1}">${xml}</${p}row>`;
    })
    .join('');
  const files = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${shared ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : ''}${styles ? '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' : ''}</Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><${p}workbook xmlns${prefix ? ':x' : ''}="${ns}" xmlns:r="${rel}"><${p}sheets><${p}sheet name="Phụ lục" sheetId="1" r:id="rId1"/></${p}sheets></${p}workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/>${shared ? `<Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` : ''}${styles ? `<Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/>` : ''}</Relationships>`,
    ),
    'xl/worksheets/sheet1.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet xmlns${prefix ? ':x' : ''}="${ns}"><${p}sheetData>${sheetRows}</${p}sheetData></${p}worksheet>`,
    ),
  };
  if (shared) {
    files['xl/sharedStrings.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${ns}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
    );
  }
  if (styles) files['xl/styles.xml'] = strToU8(STYLES(styles));
  return zipSync(files, { level: 6 });
}

const sofficeAvailable = () => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
};

/** A few unit files saved by LibreOffice, to copy with other units' names patched in. */
function libreOfficeSeeds(count) {
  if (!sofficeAvailable()) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phuluc-bench-lo-'));
  const inputs = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `seed-${i}.xlsx`);
    fs.writeFileSync(file, foreignXlsx(unitRows(90000 + i), { shared: true }));
    inputs.push(file);
  }
  const out = path.join(dir, 'lo');
  const profile = `file://${path.join(dir, 'profile')}`;
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, ...inputs], {
    stdio: 'ignore',
    timeout: 300_000,
  });
  const seeds = inputs.map((f, i) => ({ i: 90000 + i, parts: unzipSync(fs.readFileSync(path.join(out, path.basename(f)))) }));
  fs.rmSync(dir, { recursive: true, force: true });
  return seeds;
}

/** n unit files written by other programs, once, under `dir`; returns how many LibreOffice saved. */
function generateOthers(dir, n) {
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const seeds = libreOfficeSeeds(10);
  let libreOffice = 0;
  for (let i = 0; i < n; i++) {
    const name = path.join(dir, `dv-${String(i).padStart(5, '0')}.xlsx`);
    const seed = seeds.length > 0 && i % 10 === 9 ? seeds[i % seeds.length] : undefined;
    if (seed) {
      // the seed's own code and name replaced by this unit's: LibreOffice keeps them in shared strings
      const code = (k) => `DV${String(k).padStart(5, '0')}`;
      const ss = strFromU8(seed.parts['xl/sharedStrings.xml']).replace(code(seed.i), code(i)).replace(`Xã số ${seed.i} `, `Xã số ${i} `);
      fs.writeFileSync(name, zipSync({ ...seed.parts, 'xl/sharedStrings.xml': strToU8(ss) }, { level: 6 }));
      libreOffice++;
      continue;
    }
    fs.writeFileSync(name, foreignXlsx(unitRows(i), { shared: i % 2 === 1, prefix: i % 7 === 3, styles: i % 3 === 0 ? 1 + (i % 11) : 0 }));
  }
  const info = { files: n, libreOffice };
  fs.writeFileSync(marker, JSON.stringify(info));
  return info;
}

module.exports = { generateOthers, figuresOf };
