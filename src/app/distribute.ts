import type { RosterEntry } from '../core/consolidate';
import { withCarrier } from '../sheet/carrier';
import type { Lang, Template } from '../core/model';
import type { ReportMeta } from '../core/report';
import { safeFileName } from './file-host';

/**
 * Distribution (gửi mẫu): one blank, protected workbook per roster unit, its unit, code and period
 * filled in and the deadline under the title. The command line writes them into a folder; the
 * task pane hands them over as one .zip. The .xlsx writer loads only when files are made.
 */

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

export interface DistributionOptions {
  /** ISO dates */
  readonly from: string;
  readonly to: string;
  readonly deadline?: string;
  /** the sheet protection password; without it the sheets are protected without one (which still stops accidents) */
  readonly password?: string;
  readonly lang: Lang;
}

/** The workbooks of a plan, in its order. */
export async function distributionFiles(template: Template, plan: FileNamePlan, options: DistributionOptions): Promise<{ name: string; bytes: Uint8Array }[]> {
  const { layoutUnitSheet, writeXlsx } = await import('./xlsx-module');
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const f of plan.files) {
    const meta: ReportMeta = { from: options.from, to: options.to };
    if (f.entry.unit) meta.unit = f.entry.unit;
    if (f.entry.unitCode) meta.unitCode = f.entry.unitCode;
    const layout = layoutUnitSheet(template, meta, {
      lang: options.lang,
      protect: options.password !== undefined ? { password: options.password } : {},
      ...(options.deadline ? { deadline: options.deadline } : {}),
    });
    out.push({ name: f.name, bytes: await writeXlsx(withCarrier([layout], template), { lang: options.lang }) });
  }
  return out;
}

/** The whole set as one .zip (stored, not compressed again: .xlsx files are zips already). */
export async function distributionZip(
  template: Template,
  entries: readonly RosterEntry[],
  options: DistributionOptions,
): Promise<{ plan: FileNamePlan; bytes: Uint8Array }> {
  const plan = planFileNames(entries);
  const files = await distributionFiles(template, plan, options);
  const { zipFiles } = await import('./xlsx-module');
  return { plan, bytes: zipFiles(files) };
}
