import type { Summary, UnitFlag, UnitLedgerEntry, UnitStatus } from './consolidate';
import { daysBetween } from './dates';
import type { Problem, ProblemRule } from './problems';

/**
 * "Tình hình nộp": who has sent, who is held back and why, who is missing and how late — what a
 * secretariat reads before consolidating, and the list it chases units with. The statuses are the
 * consolidation's own (DESIGN §5): the same files give the same answer here and in the summary.
 */
export interface SubmissionRow {
  readonly unitCode?: string;
  readonly unit?: string;
  readonly status: UnitStatus;
  readonly flags: readonly UnitFlag[];
  readonly reasons: readonly ProblemRule[];
  /** where its report was read (the copy counted, else the first received) */
  readonly file?: string;
  readonly sheet?: string;
  readonly errors: number;
  readonly warnings: number;
  /** for a missing unit, days past the deadline (negative: days left); null when received or no deadline */
  readonly daysLate: number | null;
  /** the roster's other columns for this unit (e-mail, telephone…), in the roster's order */
  readonly contacts: readonly string[];
}

export interface SubmissionStatus {
  readonly deadline?: string;
  readonly today: string;
  /** missing first (most overdue first), then held back, then received; roster order within each */
  readonly rows: readonly SubmissionRow[];
  readonly counts: Readonly<Record<UnitStatus, number>>;
}

const ORDER: Readonly<Record<UnitStatus, number>> = { missing: 0, excluded: 1, included: 2 };

/**
 * The consolidation's ledger as a list to act on. `contactsOf` gives a unit's roster columns
 * (matched by code, else name); `deadline` and `today` are ISO dates.
 */
export function submissionStatus(
  summary: Pick<Summary, 'units' | 'problems'>,
  options: { readonly today: string; readonly deadline?: string; readonly contactsOf?: (unit: UnitLedgerEntry) => readonly string[] },
): SubmissionStatus {
  const { today, deadline } = options;
  const problemsBySource = countProblems(summary.problems);
  const rows = summary.units.map((u, index): SubmissionRow & { index: number } => {
    const found = u.source?.file !== undefined ? problemsBySource.get(sourceKey(u.source.file, u.source.sheet)) : undefined;
    return {
      index,
      ...(u.unitCode !== undefined ? { unitCode: u.unitCode } : {}),
      ...(u.unit !== undefined ? { unit: u.unit } : {}),
      status: u.status,
      flags: u.flags,
      reasons: u.reasons,
      ...(u.source?.file !== undefined ? { file: u.source.file } : {}),
      ...(u.source?.sheet !== undefined ? { sheet: u.source.sheet } : {}),
      // the ledger's own error count for its report; problems of the file besides (unreadable files)
      errors: Math.max(u.errorCount, found?.errors ?? 0),
      warnings: found?.warnings ?? 0,
      daysLate: u.status === 'missing' && deadline ? daysBetween(deadline, today) : null,
      contacts: options.contactsOf?.(u) ?? [],
    };
  });
  rows.sort((a, b) => ORDER[a.status] - ORDER[b.status] || (b.daysLate ?? 0) - (a.daysLate ?? 0) || a.index - b.index);
  const counts = { included: 0, excluded: 0, missing: 0 };
  for (const r of rows) counts[r.status] += 1;
  return { ...(deadline ? { deadline } : {}), today, rows: rows.map(({ index: _index, ...row }) => row), counts };
}

const sourceKey = (file: string, sheet: string | undefined): string => `${file}\u0000${sheet ?? ''}`;

/** Errors and warnings by the file and sheet they are in (a problem of the whole file: by the file alone). */
function countProblems(problems: readonly Problem[]): Map<string, { errors: number; warnings: number }> {
  const out = new Map<string, { errors: number; warnings: number }>();
  const add = (key: string, p: Problem) => {
    const c = out.get(key) ?? { errors: 0, warnings: 0 };
    if (p.severity === 'error') c.errors += 1;
    else c.warnings += 1;
    out.set(key, c);
  };
  for (const p of problems) {
    if (!p.where.file || p.rule.startsWith('consolidate.')) continue;
    add(sourceKey(p.where.file, p.where.sheet), p);
  }
  return out;
}
