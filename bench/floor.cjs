#!/usr/bin/env node
'use strict';
/**
 * The floor, as a process of its own: read every .xlsx of a folder, unzip its workbook, sheet XML
 * and shared strings with fflate, and find every cell tag. Nothing can consolidate the files with
 * less work than this; `npm run bench` compares `phuluc consolidate` with it.
 */
const fs = require('node:fs');
const path = require('node:path');
const { unzipSync, strFromU8 } = require('fflate');

const dir = process.argv[2];
const wanted = (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/sharedStrings.xml' || f.name.startsWith('xl/worksheets/');
let cells = 0;
for (const name of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.xlsx'))
  .sort()) {
  const parts = unzipSync(fs.readFileSync(path.join(dir, name)), { filter: wanted });
  for (const data of Object.values(parts)) {
    const xml = strFromU8(data);
    for (const m of xml.matchAll(/<(?:\w+:)?c\b[^>]*?(?:\/>|>[\s\S]*?<\/(?:\w+:)?c>)/g)) if (m[0]) cells++;
  }
}
process.stdout.write(String(cells));
