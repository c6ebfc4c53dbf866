import path from 'node:path';
import { type Summary } from '../core/consolidate';
import { UI } from '../core/i18n/ui';
import { hasErrors, sortProblems } from '../core/problems';
import { consolidateSources } from '../app/consolidate';
import type { ReportMeta } from '../core/report';
import type { Lang } from '../core/template';
import { streamSummaryXlsx } from '../xlsx/summary';
import type { RosterReading } from '../app/roster';
import { inputsOfFiles } from './check-files';
import { deflateChunk, useNodeZlib } from './zlib';
import { EXIT, isoOption, loadRegistry, problemJson, type Io } from './common';
import { formatDateVi } from '../core/dates';
import { checkOutputFolder, collectWorkbooks, OutputExistsError, pathExists, UsageError, writeAtomically } from './files';
import { previousFromFile, rosterFromFile } from './inputs';

export interface ConsolidateCliOptions {
  output: string;
  json?: string;
  roster?: string;
  unit?: string;
  unitCode?: string;
  from?: string;
  to?: string;
  includeInvalid?: boolean;
  /** a summary or appendix of the same template for an earlier period: the figures compared with */
  previous?: string;
  force?: boolean;
  lang: Lang;
  templateFile?: string[];
}

/** The JSON a script reads: figures on the 0–100 scale for ratios, unrounded. */
export function summaryJson(summary: Summary, lang: Lang) {
  const values: Record<string, number | null> = {};
  const reported: Record<string, number> = {};
  for (const row of summary.template.rows) {
    if (row.kind === 'heading') continue;
    const agg = summary.rows.get(row.code)!;
    values[row.code] = agg.value;
    reported[row.code] = agg.reported;
  }
  return {
    template: { id: summary.template.id, version: summary.template.version },
    period: { from: summary.meta.from ?? null, to: summary.meta.to ?? null },
    // every unit expected or received, once, with what became of it
    units: summary.units.map((u) => ({
      unitCode: u.unitCode ?? null,
      unit: u.unit ?? null,
      status: u.status,
      flags: u.flags,
      file: u.source?.file ?? null,
      sheet: u.source?.sheet ?? null,
      reasons: u.reasons,
    })),
    values,
    reported,
    ...comparisonJson(summary),
    problems: sortProblems(summary.problems).map((p) => problemJson(p, lang)),
  };
}

/** `previous` (the earlier figures) and `change` (difference; percent of the earlier figure for counts, null for rates): when compared. */
function comparisonJson(summary: Summary): {
  previous?: Record<string, number | null>;
  change?: Record<string, { diff: number | null; percent: number | null }>;
} {
  if (!summary.comparison) return {};
  const previous: Record<string, number | null> = {};
  const change: Record<string, { diff: number | null; percent: number | null }> = {};
  for (const [code, c] of summary.comparison.changes) {
    previous[code] = c.previous;
    change[code] = { diff: c.diff, percent: c.percent };
  }
  return { previous, change };
}

export async function consolidateCommand(paths: readonly string[], opts: ConsolidateCliOptions, io: Io): Promise<number> {
  const ui = UI[opts.lang];
  useNodeZlib();
  if (!/\.xlsx$/i.test(opts.output)) throw new UsageError(ui.outputNotXlsx(opts.output));
  const registry = await loadRegistry(opts.templateFile, opts.lang);
  const from = isoOption('from', opts.from, opts.lang);
  const to = isoOption('to', opts.to, opts.lang);
  if ((from === undefined) !== (to === undefined)) throw new UsageError(ui.periodBoth);
  if (from && to && from > to) throw new UsageError(ui.periodOrder(formatDateVi(from), formatDateVi(to)));
  // a roster that cannot be read is a problem: the units are consolidated without it (exit 1)
  const roster: RosterReading | undefined = opts.roster ? await rosterFromFile(opts.roster, opts.lang) : undefined;
  const previous = opts.previous ? await previousFromFile(opts.previous, registry, opts.lang) : undefined;
  // Refuse before the work, not after it: an output that exists, or that cannot be written.
  for (const out of [opts.output, opts.json].filter((f): f is string => !!f)) {
    if (!opts.force && (await pathExists(out))) throw new UsageError(ui.fileExists(out));
    await checkOutputFolder(out, opts.lang);
  }

  // The previous summary written to the same place is not an input (a re-run gives the same
  // summary), nor is the roster when it sits among the units' files.
  const ours = new Set([opts.output, opts.json, opts.roster, opts.previous].filter((f): f is string => !!f).map((f) => path.resolve(f)));
  const { files: found, problems: fileProblems } = await collectWorkbooks(paths, ours);
  const files = found.filter((f) => !ours.has(path.resolve(f)));
  // files no reader takes still name their unit, where their name holds its code
  const refusedFiles = fileProblems.filter((p) => p.severity === 'error').map((p) => ({ source: { file: p.where.file! }, problems: [p] }));
  const progress = (done: number, final = false): void => {
    if (io.interactive && (final || done % 25 === 0)) io.err(`\r${ui.progress(done, files.length)}${final ? '\n' : ''}`);
  };
  const read = await inputsOfFiles(files, registry, progress);
  progress(files.length, true);

  const meta: ReportMeta = {};
  if (opts.unit?.trim()) meta.unit = opts.unit.trim();
  if (opts.unitCode?.trim()) meta.unitCode = opts.unitCode.trim();
  const outcome = consolidateSources(
    registry,
    [read, { inputs: [], problems: [...(roster?.problems ?? []), ...(previous?.problems ?? []), ...fileProblems], refused: refusedFiles }],
    {
      includeInvalid: opts.includeInvalid === true,
      ...(previous?.previous ? { previous: previous.previous } : {}),
      ...(roster?.entries ? { roster: roster.entries } : {}),
      ...(from && to ? { period: { from, to } } : {}),
      meta,
    },
  );
  if (!outcome.summary) {
    for (const p of sortProblems(outcome.problems))
      io.err(`${[p.where.file, p.where.sheet, p.where.cell].filter(Boolean).join(' › ')}: ${problemJson(p, opts.lang).message}\n`);
    return EXIT.usage;
  }
  const full = outcome.summary;

  try {
    await writeAtomically(opts.output, (write) => streamSummaryXlsx(full, write, opts.lang, { deflateChunk }), opts.force === true, opts.lang);
    if (opts.json)
      await writeAtomically(opts.json, new TextEncoder().encode(`${JSON.stringify(summaryJson(full, opts.lang), null, 2)}\n`), opts.force === true, opts.lang);
  } catch (e) {
    if (e instanceof OutputExistsError) throw new UsageError(ui.fileExists(e.message));
    throw e;
  }
  io.out(`${terminalSummary(full, opts.output, files.length + fileProblems.length, opts.lang)}\n`);
  return hasErrors(full.problems) ? EXIT.problems : EXIT.ok;
}

/**
 * Units by status, then problems: a unit held back for its errors is one excluded unit, and the
 * line that says it was held back is not counted again as an error of its own.
 */
export function terminalSummary(summary: Summary, output: string, files: number, lang: Lang): string {
  const ui = UI[lang];
  const count = (status: string) => summary.units.filter((u) => u.status === status).length;
  const counted = summary.problems.filter((p) => p.rule !== 'consolidate.invalidExcluded');
  const errors = counted.filter((p) => p.severity === 'error').length;
  const units = ui.unitCounts(count('excluded'), count('missing'));
  return [
    ui.consolidatedUnits(count('included'), summary.units.length, output),
    units ? `${units}.` : '',
    ui.summaryLine(errors, counted.length - errors, files),
    counted.length > 0 ? ui.seeChecks(output) : '',
  ]
    .filter(Boolean)
    .join(' ');
}
