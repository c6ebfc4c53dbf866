import { promises as fs } from 'node:fs';
import { withCarriedTemplates } from '../app/carried';
import { formatProblem } from '../core/i18n/messages';
import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import { sortProblems, type Problem } from '../core/problems';
import { checkWorkbook } from '../xlsx/check';
import { loadRegistry, problemJson } from './common';
import { EXIT, type Io } from './io';
import { collectWorkbooks, readFailure } from './files';
import { useNodeZlib } from './zlib';

export async function validateCommand(paths: string[], opts: { json?: boolean; lang: Lang; templateFile?: string[] }, io: Io): Promise<number> {
  useNodeZlib();
  const registry = await loadRegistry(opts.templateFile, opts.lang);
  const { files, problems: found } = await collectWorkbooks(paths);
  const problems: Problem[] = [...found];
  let unreadable = found.some((p) => p.severity === 'error');
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(file);
    } catch (e) {
      unreadable = true;
      problems.push(readFailure(file, e));
      continue;
    }
    const checked = await withCarriedTemplates((define) => checkWorkbook(bytes, file, registry, undefined, define));
    if (checked.unreadable) unreadable = true;
    problems.push(...checked.problems);
  }
  const sorted = sortProblems(problems);
  if (opts.json) io.out(`${JSON.stringify({ problems: sorted.map((p) => problemJson(p, opts.lang)) }, null, 2)}\n`);
  else printProblems(sorted, files.length + found.length, opts.lang, io);
  if (unreadable) return EXIT.usage;
  return sorted.some((p) => p.severity === 'error') ? EXIT.problems : EXIT.ok;
}

function printProblems(problems: readonly Problem[], fileCount: number, lang: Lang, io: Io): void {
  const ui = UI[lang];
  let lastFile: string | undefined;
  for (const p of problems) {
    if (p.where.file !== lastFile) {
      lastFile = p.where.file;
      io.out(`${lastFile ?? ''}\n`);
    }
    const place = [p.where.sheet, p.where.cell].filter(Boolean).join(' › ');
    const code = p.code ? ` [${p.code}]` : '';
    io.out(`  ${place}${code} ${ui.severity[p.severity]}: ${formatProblem(p, lang)}\n`);
  }
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  io.out(`${errors === 0 && warnings === 0 ? ui.allGood(fileCount) : ui.summaryLine(errors, warnings, fileCount)}\n`);
}
