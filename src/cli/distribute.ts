import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseRosterBytes } from '../app/roster';
import { safeFileName } from '../app/file-host';
import type { RosterEntry } from '../core/consolidate';
import { formatDateVi } from '../core/dates';
import { UI } from '../core/i18n/ui';
import { templateKey, type Lang } from '../core/model';
import type { ReportMeta } from '../core/report';
import { layoutUnitSheet } from '../sheet/layout';
import { writeXlsx } from '../xlsx/write';
import { isoOption, loadRegistry, problemJson } from './common';
import { EXIT, type Io } from './io';
import { OutputExistsError, UsageError, writeAtomically } from './files';
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

/** One unit's workbook: where it goes and what it says. */
export interface PlannedFile {
  readonly entry: RosterEntry;
  /** the file name in the folder, `<unitCode>.xlsx` made safe */
  readonly name: string;
}

export interface FileNamePlan {
  readonly files: PlannedFile[];
  /** units whose safe name was taken by an earlier unit: the name they wanted, the one they got */
  readonly renamed: { readonly entry: RosterEntry; readonly wanted: string; readonly name: string }[];
  /** units without a code, named after the unit */
  readonly unnamed: PlannedFile[];
}

/**
 * Roster units → file names: the unit code made safe for any file system, else the unit's name;
 * names that differ only in case are the same file on Windows and macOS, so they collide too; the
 * second of two gets " (2)", the third " (3)"…
 */
export function planFileNames(entries: readonly RosterEntry[]): FileNamePlan {
  const taken = new Set<string>();
  const files: PlannedFile[] = [];
  const renamed: FileNamePlan['renamed'][number][] = [];
  const unnamed: PlannedFile[] = [];
  const fold = (name: string): string => name.normalize('NFC').toLocaleLowerCase('vi');
  for (const entry of entries) {
    const base = safeFileName(entry.unitCode ?? entry.unit ?? '');
    const wanted = `${base}.xlsx`;
    let name = wanted;
    for (let n = 2; taken.has(fold(name)); n++) name = `${base} (${n}).xlsx`;
    taken.add(fold(name));
    const file = { entry, name };
    files.push(file);
    if (name !== wanted) renamed.push({ entry, wanted, name });
    if (!entry.unitCode) unnamed.push(file);
  }
  return { files, renamed, unnamed };
}

const exists = async (file: string): Promise<boolean> => {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
};

/** `phuluc distribute`: one blank, protected workbook per roster unit, in one folder. */
export async function distributeCommand(opts: DistributeOptions, io: Io): Promise<number> {
  const ui = UI[opts.lang];
  const registry = await loadRegistry(opts.templateFile);
  const template = findTemplate(registry, opts.template);
  const from = isoOption('from', opts.from)!;
  const to = isoOption('to', opts.to)!;
  if (from > to) throw new UsageError(`--from ${from} sau --to ${to} / --from is after --to`);
  const deadline = isoOption('deadline', opts.deadline);

  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(opts.roster);
  } catch (e) {
    throw new UsageError(`--roster ${opts.roster}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const roster = await parseRosterBytes(bytes, opts.roster);
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
    throw new UsageError(`-o ${folder}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!(await fs.stat(folder)).isDirectory()) throw new UsageError(`-o ${folder}: không phải thư mục / not a folder`);
  // Every target is looked at before any is written: a refusal leaves the folder as it was.
  if (!opts.force) {
    const existing: string[] = [];
    for (const f of plan.files) if (await exists(path.join(folder, f.name))) existing.push(f.name);
    if (existing.length > 0) throw new UsageError(ui.distributeExist(existing));
  }

  for (const f of plan.unnamed) io.err(`${ui.distributeNoCode(f.entry.unit ?? '', f.name)}\n`);
  for (const r of plan.renamed) io.err(`${ui.severity.warning}: ${ui.distributeSameName(r.entry.unitCode ?? r.entry.unit ?? '', r.wanted, r.name)}\n`);

  for (const f of plan.files) {
    const meta: ReportMeta = { from, to };
    if (f.entry.unit) meta.unit = f.entry.unit;
    if (f.entry.unitCode) meta.unitCode = f.entry.unitCode;
    const layout = layoutUnitSheet(template, meta, {
      lang: opts.lang,
      protect: opts.password !== undefined ? { password: opts.password } : {},
      ...(deadline ? { deadline } : {}),
    });
    const target = path.join(folder, f.name);
    try {
      await writeAtomically(target, await writeXlsx([layout], { lang: opts.lang }), opts.force === true);
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
