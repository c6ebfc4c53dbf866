#!/usr/bin/env node
/*
 * How much of a built-in template a draft from plan text gets right (issue 15, item 3).
 *   node scripts/from-text-score.cjs [seeds folder]      (default ../shared/seeds)
 * For each seed plan: its appendix (from "PHỤ LỤC", else the whole text) drafted with
 * src/core/from-text.ts, scored against each built-in template: a row is right when the draft has
 * a row with the same code, the same kind and, for a ratio, the same numerator and denominator.
 * Reads the TypeScript sources through tsx (a dev dependency), so no build is needed.
 */
const fs = require('node:fs');
const path = require('node:path');
require('tsx/cjs/api').register();
const { appendixText, draftTemplate, scoreDraft } = require('../src/core/from-text.ts');
const { builtInRegistry } = require('../src/core/builtins.ts');

const seeds = path.resolve(process.argv[2] ?? path.join(__dirname, '../../shared/seeds'));
const PLANS = [
  ['004_aa74b1224ffda272.txt', 'ct37'],
  ['000_7a56b2f145226988.txt', 'tu-kiem-tra-dan-chu'],
];
if (!fs.existsSync(seeds)) {
  console.error(`no seeds folder at ${seeds}`);
  process.exit(2);
}
const registry = builtInRegistry();
for (const [file, expected] of PLANS) {
  const full = path.join(seeds, file);
  if (!fs.existsSync(full)) {
    console.log(`${file}: absent`);
    continue;
  }
  const part = appendixText(fs.readFileSync(full, 'utf8'));
  const draft = draftTemplate(part.text, { firstLine: part.firstLine });
  console.log(
    `${file}: appendix ${part.found ? `from line ${part.firstLine}` : 'not found, whole text read'}; ` +
      `${draft.template.rows.length} draft rows, ${draft.uninterpreted.length} lines not understood`,
  );
  for (const t of registry.list()) {
    const s = scoreDraft(draft.template, t);
    const mark = t.id === expected ? ' ← its template' : '';
    console.log(`  vs ${t.id}: ${s.right}/${s.total} = ${((100 * s.right) / s.total).toFixed(1)} %${mark}`);
    if (t.id === expected && s.wrong.length) for (const w of s.wrong) console.log(`    ${w.code}: expected ${w.expected}, draft ${w.got}`);
  }
}
