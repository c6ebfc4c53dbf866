import { promises as fs } from 'node:fs';
import path from 'node:path';
import { distributionFiles, planFileNames } from '../app/distribute';
import { formatDateVi } from '../core/dates';
import { UI } from '../core/i18n/ui';
import { templateKey, type Lang } from '../core/model';
import { isoOption, loadRegistry, problemJson } from './common';
import { EXIT, type Io } from './io';
import { fileReason, OutputExistsError, pathExists, UsageError, writeAtomically } from './files';
import { rosterFromFile } from './inputs';
import { findTemplate } from './new';

export interface DistributeOptions {
  template: string;
  templateFile?: string[];
  roster: string;
  from: string;
  to: string;
  deadline?: string;
  output: string;
  password?: string;
  force?: boolean;
  lang: Lang;
}

/** `phuluc distribute`: one blank, protected workbook per roster unit, in one folder. */
export async function distributeCommand(opts: DistributeOptions, io: Io): Promise<number> {
  const ui = UI[opts.lang];
  const registry = await loadRegistry(opts.templateFile, opts.lang);
  const template = findTemplate(registry, opts.template, opts.lang);
  const from = isoOption('from', opts.from, opts.lang)!;
  const to = isoOption('to', opts.to, opts.lang)!;
  if (from > to) throw new UsageError(ui.periodOrder(formatDateVi(from), formatDateVi(to)));
  const deadline = isoOption('deadline', opts.deadline, opts.lang);

  // read as every host reads a roster: one that cannot be read is its problem, printed below
  const roster = await rosterFromFile(opts.roster, opts.lang);
  const where = (p: (typeof roster.problems)[number]): string => [p.where.file, p.where.sheet, p.where.cell].filter(Boolean).join(' › ');
  for (const p of roster.problems) io.err(`${where(p)}: ${ui.severity[p.severity]}: ${problemJson(p, opts.lang).message}\n`);
  if (!roster.entries || roster.entries.length === 0) {
    io.err(`phuluc: ${ui.distributeNoUnits(opts.roster)}\n`);
    return EXIT.usage;
  }

  const plan = planFileNames(roster.entries);
  const folder = opts.output;
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (e) {
    throw new UsageError(ui.optionFile('-o', folder, fileReason(e, opts.lang, 'write')));
  }
  if (!(await fs.stat(folder)).isDirectory()) throw new UsageError(ui.outputNotFolder(folder));
  // Every target is looked at before any is written: a refusal leaves the folder as it was.
  if (!opts.force) {
    const existing: string[] = [];
    for (const f of plan.files) if (await pathExists(path.join(folder, f.name))) existing.push(f.name);
    if (existing.length > 0) throw new UsageError(ui.distributeExist(existing));
  }

  for (const f of plan.unnamed) io.err(`${ui.distributeNoCode(f.entry.unit ?? '', f.name)}\n`);
  for (const r of plan.renamed) io.err(`${ui.severity.warning}: ${ui.distributeSameName(r.entry.unitCode ?? r.entry.unit ?? '', r.wanted, r.name)}\n`);

  for (const file of await distributionFiles(template, plan, {
    from,
    to,
    ...(deadline ? { deadline } : {}),
    ...(opts.password !== undefined ? { password: opts.password } : {}),
    lang: opts.lang,
  })) {
    const target = path.join(folder, file.name);
    try {
      await writeAtomically(target, file.bytes, opts.force === true, opts.lang);
    } catch (e) {
      // another program made the file after the check above
      if (e instanceof OutputExistsError) throw new UsageError(ui.fileExists(target));
      throw e;
    }
  }

  const shown = /[\\/]$/.test(folder) ? folder : `${folder}/`;
  io.out(`${ui.distributed(plan.files.length, shown, templateKey(template), formatDateVi(from), formatDateVi(to), deadline && formatDateVi(deadline))}\n`);
  return roster.problems.length > 0 || plan.renamed.length > 0 ? EXIT.problems : EXIT.ok;
}
