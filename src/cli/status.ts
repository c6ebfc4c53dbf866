import path from 'node:path';
import { statusOfSources } from '../app/status';
import { formatDateVi, todayInVietnam } from '../core/dates';
import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import type { SubmissionStatus } from '../core/status';
import { isoOption, loadRegistry, problemJson } from './common';
import { inputsOfFiles } from './check-files';
import { checkOutputFolder, collectWorkbooks, OutputExistsError, pathExists, UsageError, writeAtomically } from './files';
import { rosterFromFile } from './inputs';
import { EXIT, type Io } from './io';
import { useNodeZlib } from './zlib';

export interface StatusCliOptions {
  roster: string;
  deadline?: string;
  /** the day to count from (tests, or a list made for another day); today in Việt Nam by default */
  today?: string;
  from?: string;
  to?: string;
  json?: boolean;
  output?: string;
  force?: boolean;
  lang: Lang;
  templateFile?: string[];
}

/**
 * phuluc status PATH… --roster R: who has sent, who is held back (and why), who is missing and
 * how late — read exactly as consolidation reads, so the list and the summary never disagree.
 */
export async function statusCommand(paths: readonly string[], opts: StatusCliOptions, io: Io): Promise<number> {
  const ui = UI[opts.lang];
  useNodeZlib();
  const registry = await loadRegistry(opts.templateFile, opts.lang);
  const deadline = isoOption('deadline', opts.deadline, opts.lang);
  const today = isoOption('today', opts.today, opts.lang) ?? todayInVietnam();
  const from = isoOption('from', opts.from, opts.lang);
  const to = isoOption('to', opts.to, opts.lang);
  if ((from === undefined) !== (to === undefined)) throw new UsageError(ui.periodBoth);
  if (opts.output && !/\.xlsx$/i.test(opts.output)) throw new UsageError(ui.outputNotXlsx(opts.output));
  // read as every host reads a roster: one that cannot be read is its problem, printed below
  const roster = await rosterFromFile(opts.roster, opts.lang);
  const say = (p: (typeof roster.problems)[number]) => {
    const m = problemJson(p, opts.lang);
    io.err(`${[m.file, m.sheet, m.cell].filter(Boolean).join(' › ')}: ${ui.severity[p.severity]}: ${m.message}\n`);
  };
  roster.problems.forEach(say);
  // a list of who has sent needs the list of who should
  if (!roster.entries) return EXIT.usage;
  if (opts.output) {
    if (!opts.force && (await pathExists(opts.output))) throw new UsageError(ui.fileExists(opts.output));
    await checkOutputFolder(opts.output, opts.lang);
  }

  const skip = new Set([opts.roster, opts.output].filter((f): f is string => !!f).map((f) => path.resolve(f)));
  const { files, problems: fileProblems } = await collectWorkbooks(paths, skip);
  const read = await inputsOfFiles(files, registry, () => undefined);
  const refused = fileProblems.filter((p) => p.severity === 'error').map((p) => ({ source: { file: p.where.file! }, problems: [p] }));
  const status = statusOfSources(
    registry,
    [read, { inputs: [], problems: fileProblems, refused }],
    { ...roster, entries: roster.entries },
    {
      today,
      ...(deadline ? { deadline } : {}),
      ...(from && to ? { period: { from, to } } : {}),
    },
  );

  if (opts.json) io.out(`${JSON.stringify(statusJson(status), null, 2)}\n`);
  else io.out(statusText(status, opts.lang));
  if (opts.output) {
    const { layoutStatus } = await import('../sheet/status');
    const { streamSheetsXlsx } = await import('../xlsx/write-sheets');
    const { deflateChunk } = await import('./zlib');
    try {
      await writeAtomically(
        opts.output,
        (write) => streamSheetsXlsx([layoutStatus(status, roster.extra?.headers ?? [], opts.lang)], write, { lang: opts.lang, deflateChunk }),
        opts.force === true,
        opts.lang,
      );
    } catch (e) {
      if (e instanceof OutputExistsError) throw new UsageError(ui.fileExists(e.message));
      throw e;
    }
    if (!opts.json) io.out(`${ui.statusWritten(opts.output)}\n`);
  }
  return status.counts.missing + status.counts.excluded > 0 ? EXIT.problems : EXIT.ok;
}

/** What a script reads: every unit, its status and, for a missing one, its days late against the deadline. */
export function statusJson(status: SubmissionStatus) {
  return {
    deadline: status.deadline ?? null,
    today: status.today,
    counts: status.counts,
    units: status.rows.map((r) => ({
      unitCode: r.unitCode ?? null,
      unit: r.unit ?? null,
      status: r.status,
      flags: r.flags,
      reasons: r.reasons,
      file: r.file ?? null,
      sheet: r.sheet ?? null,
      errors: r.errors,
      warnings: r.warnings,
      daysLate: r.daysLate,
    })),
  };
}

/** One line a unit, the ones to chase first, then the counts. */
function statusText(status: SubmissionStatus, lang: Lang): string {
  const ui = UI[lang];
  const lines = status.rows.map((r) => {
    const who = [r.unitCode, r.unit].filter(Boolean).join(' – ');
    const why = [
      ...r.flags.map((f) => ui.unitFlag[f]),
      ui.statusDays(r.daysLate),
      r.status !== 'missing' && r.errors > 0 ? `${r.errors} ${ui.severity.error}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return `[${ui.unitStatus[r.status]}] ${who}${why ? `: ${why}` : ''}${r.file ? ` (${r.file})` : ''}`;
  });
  const c = status.counts;
  const date = (iso: string | undefined) => (iso ? formatDateVi(iso) : undefined);
  lines.push(ui.statusLine(c.included, c.excluded, c.missing, status.rows.length, date(status.deadline), date(status.today)!));
  return `${lines.join('\n')}\n`;
}
