/// <reference types="office-js" />
import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import type { ChartSpec } from '../sheet/charts';
import { a1, COL, type SheetLayout } from '../sheet/grid';
import { freeName, runMarkerRow, sameName } from './generated';
import { ACTION_BYTES, packByBytes } from './payload';
import type { SheetList } from './read-sheets';
import { chartPart, planLeftoverClear, planSheetClear, planSheetWrite, stampText, type SheetFeatures, type WritePart } from './write-sheet';

/**
 * Writing sheets so that a failure never leaves a half-written workbook (DESIGN §7: a batch is
 * not a transaction; Excel applies the queued commands in order until one fails).
 *
 *  - A new sheet is added under a temporary name and given its final name only when its content
 *    is complete: the renames are the last writes. If anything fails, a follow-up batch deletes
 *    every sheet the action added (temporary or already renamed).
 *  - A sheet the add-in made earlier is rewritten in place, never deleted and added again, so the
 *    formulas, charts and links users point at it keep working. Its earlier content goes only
 *    once it is known to be the add-in's (marker rows), and its marker rows stay throughout, so a
 *    rewrite cut short is still recognised and finished by the next run. A stamp one row below
 *    everything marks a rewrite in progress and goes last; with the run id in the new marker row
 *    it tells, after a failure, which sheets were rewritten, which were cut short, which untouched.
 *  - Protected sheets and a protected workbook structure are refused before anything is written.
 *
 * One write batch (more only when the content is larger than one request may carry).
 */

/** A sheet to write: a new one, or one of the add-in's own sheets to rewrite in place. */
export interface SheetToWrite {
  /** with its marker rows (withMarker, the run id last) when it is one of the add-in's sheets */
  readonly layout: SheetLayout;
  /** the final name (a rewrite keeps the sheet's own) */
  readonly name: string;
  readonly charts?: readonly ChartSpec[];
  readonly rewrite?: RewriteTarget;
}

/** What is known of a sheet to rewrite, read before writing (see readRewriteTarget). */
export interface RewriteTarget {
  readonly id: string;
  /** the last row (0-based) holding a value now, or -1 */
  readonly lastRow: number;
  /** its charts, loaded, to delete */
  readonly charts: readonly Excel.Chart[];
}

export interface WriteOptions {
  readonly lang: Lang;
  readonly features: SheetFeatures;
  /** bytes one request may carry */
  readonly budget: number;
  /** this run's id, also written in the marker rows of the add-in's sheets */
  readonly run: string;
  /** the sheet to bring forward at the end (index into the sheets), if visible */
  readonly activate?: number;
  /** what else to queue on that sheet once active (select a cell) */
  readonly then?: (sheet: Excel.Worksheet) => void;
}

/**
 * The last row holding a value and the charts of a sheet to rewrite, queued in a read batch;
 * the result is ready after its sync.
 */
export function readRewriteTarget(sheet: Excel.Worksheet, id: string): () => RewriteTarget {
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load('rowIndex,rowCount');
  sheet.charts.load('items/name');
  // read by the caller after the batch's sync (queued here, read there: the plugin cannot follow that)
  // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/call-sync-after-load
  return () => ({ id, lastRow: used.isNullObject ? -1 : used.rowIndex + used.rowCount - 1, charts: sheet.charts.items });
}

/** What an action that failed has left in the workbook, said in the reader's words. */
export class WorkbookWriteError extends Error {
  constructor(
    message: string,
    /** the add-in's sheets rewritten completely with the new content */
    readonly rewritten: readonly string[],
    /** the add-in's sheets whose rewrite may have been cut short */
    readonly partial: readonly string[],
    /** sheets the action added that may still be there (only when undoing failed too) */
    readonly leftBehind: readonly string[],
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'WorkbookWriteError';
  }
}

/** Refuses, before anything is written, what Excel would refuse halfway: protected sheets and structure. */
export function assertWritable(list: SheetList, sheets: readonly SheetToWrite[], lang: Lang): void {
  const ui = UI[lang];
  const protectedTargets = sheets.flatMap((s) => (s.rewrite && list.sheets.find((e) => e.id === s.rewrite!.id)?.protected ? [s.name] : []));
  if (protectedTargets.length > 0) throw new Error(ui.sheetsProtected(protectedTargets));
  if (list.structureProtected && sheets.some((s) => !s.rewrite)) throw new Error(ui.structureProtected);
}

interface Step {
  readonly bytes: number;
  readonly queue: () => void;
}

/**
 * Writes the sheets (see above) and returns their proxies in order. On failure, undoes what it
 * can in a follow-up batch and throws a WorkbookWriteError saying exactly what the workbook holds.
 */
export async function writeSheets(
  context: Excel.RequestContext,
  list: SheetList,
  sheets: readonly SheetToWrite[],
  options: WriteOptions,
): Promise<Excel.Worksheet[]> {
  assertWritable(list, sheets, options.lang);
  const worksheets = context.workbook.worksheets;
  const taken = [...list.sheets.map((s) => s.name), ...sheets.map((s) => s.name)];
  const temporary = sheets.map((s, i) => {
    if (s.rewrite) return s.name;
    const name = freeName(`~phuluc ${i + 1}`, taken);
    taken.push(name);
    return name;
  });
  const proxies: (Excel.Worksheet | undefined)[] = sheets.map(() => undefined);
  const sheetAt = (i: number): Excel.Worksheet => proxies[i]!;
  const part = (i: number, p: WritePart): Step => ({ bytes: p.bytes, queue: () => p.queue(sheetAt(i)) });
  const contentOf = (i: number): Step[] => [
    ...planSheetWrite(sheets[i]!.layout, { lang: options.lang, features: options.features, partBytes: options.budget / 4 }).map((p) => part(i, p)),
    ...(sheets[i]!.charts ?? []).map((spec) => part(i, chartPart(spec))),
  ];

  const steps: Step[] = [];
  // New sheets first, complete, under temporary names: a failure here leaves the add-in's own sheets untouched.
  sheets.forEach((s, i) => {
    if (s.rewrite) return;
    steps.push({ bytes: ACTION_BYTES, queue: () => void (proxies[i] = worksheets.add(temporary[i])) });
    steps.push(...contentOf(i));
  });
  // Then the rewrites, one sheet after the other, each between its stamp and the stamp's removal.
  sheets.forEach((s, i) => {
    const target = s.rewrite;
    if (!target) return;
    const stamp = stampCell(s.layout, target);
    steps.push({
      bytes: 2 * ACTION_BYTES,
      queue: () => {
        proxies[i] = worksheets.getItem(target.id);
        sheetAt(i).getRange(stamp).values = [[stampText(options.run)]];
      },
    });
    steps.push(part(i, planSheetClear(options.features, target.charts)));
    steps.push(...contentOf(i));
    steps.push(part(i, planLeftoverClear(s.layout, target.lastRow)));
    steps.push({ bytes: ACTION_BYTES, queue: () => sheetAt(i).getRange(stamp).clear('All') });
  });
  // The renames are the last writes: a sheet has its final name only once it is complete.
  steps.push({
    bytes: sheets.length * ACTION_BYTES,
    queue: () =>
      sheets.forEach((s, i) => {
        if (!s.rewrite) sheetAt(i).name = s.name;
        // a template carried by the workbook stays out of the sheet tabs (very hidden: not even in Unhide)
        if (s.layout.hidden) sheetAt(i).visibility = s.layout.hidden === 'veryHidden' ? 'VeryHidden' : 'Hidden';
      }),
  });
  const shown = options.activate === undefined ? undefined : sheets[options.activate];
  const hidden = shown?.rewrite && list.sheets.find((e) => e.id === shown.rewrite!.id)?.visibility !== 'Visible';
  if (options.activate !== undefined && !hidden) {
    const at = options.activate;
    steps.push({
      bytes: 3 * ACTION_BYTES,
      queue: () => {
        sheetAt(at).activate();
        options.then?.(sheetAt(at));
      },
    });
  }

  try {
    for (const group of packByBytes(steps, (step) => step.bytes, options.budget)) {
      for (const step of group) step.queue();
      // one request per group: a write larger than Office's request limit must be split (DESIGN §7)
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    }
  } catch (error) {
    throw await undo(context, list, sheets, temporary, options, error);
  }
  return proxies.map((p) => p!);
}

/** Where a rewrite's stamp goes: column A, one row below both the earlier and the new content. */
const stampCell = (layout: SheetLayout, target: RewriteTarget): string => a1(Math.max(target.lastRow, layout.rows.length - 1) + 2, COL.key);

/**
 * After a failed write: finds out what each sheet holds, deletes the sheets the action added,
 * removes the stamps of cut-short rewrites (they stay recognisable by their marker rows), gives
 * the user back the sheet they were on, and returns the error that says what remains.
 */
async function undo(
  context: Excel.RequestContext,
  list: SheetList,
  sheets: readonly SheetToWrite[],
  temporary: readonly string[],
  options: WriteOptions,
  cause: unknown,
): Promise<WorkbookWriteError> {
  const ui = UI[options.lang];
  const detail = describeError(cause);
  const rewrites = sheets.filter((s) => s.rewrite);
  const added = sheets.flatMap((s, i) => (s.rewrite ? [] : [temporary[i]!, s.name]));
  try {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name,items/id,items/visibility');
    await context.sync();
    const now = worksheets.items;
    const before = new Set(list.sheets.map((s) => s.id));
    const leftover = now.filter((ws) => !before.has(ws.id) && added.some((name) => sameName(name, ws.name)));
    const present = rewrites.filter((s) => now.some((ws) => ws.id === s.rewrite!.id));

    // What each rewrite reached: its stamp still there (cut short), the new run id in (done), or neither (untouched).
    const probes = present.map((s) => {
      const sheet = worksheets.getItem(s.rewrite!.id);
      const stamp = sheet.getRange(stampCell(s.layout, s.rewrite!));
      const run = sheet.getRange(a1(runMarkerRow(s.layout), COL.value));
      stamp.load('values');
      run.load('values');
      return { s, sheet, stamp, run };
    });
    if (probes.length > 0) await context.sync();
    const rewritten: string[] = [];
    const partial: string[] = [];
    for (const { s, sheet, stamp, run } of probes) {
      if (stamp.values[0]?.[0] === stampText(options.run)) {
        partial.push(s.name);
        sheet.getRange(stampCell(s.layout, s.rewrite!)).clear('All');
      } else if (run.values[0]?.[0] === options.run) rewritten.push(s.name);
    }
    for (const ws of leftover) ws.delete();
    const active = now.find((ws) => ws.id === list.activeId);
    if (active && active.visibility === 'Visible') worksheets.getItem(list.activeId).activate();
    await context.sync();

    const said = [ui.writeFailed(detail)];
    if (rewritten.length === 0 && partial.length === 0) said.push(ui.writeUndone);
    if (rewritten.length > 0) said.push(ui.writeRewritten(rewritten));
    if (partial.length > 0) said.push(ui.writePartial(partial));
    if ((rewritten.length > 0 || partial.length > 0) && added.length > 0) said.push(ui.writeNothingAdded);
    return new WorkbookWriteError(said.join(' '), rewritten, partial, [], { cause });
  } catch (undoError) {
    // Not even that worked: say everything the workbook may hold.
    const maybeAdded = [...new Set(added)];
    const maybePartial = rewrites.map((s) => s.name);
    const said = [ui.writeFailed(detail), ui.undoFailed(describeError(undoError))];
    if (maybeAdded.length > 0) said.push(ui.writeMayRemain(maybeAdded));
    if (maybePartial.length > 0) said.push(ui.writePartial(maybePartial));
    return new WorkbookWriteError(said.join(' '), [], maybePartial, maybeAdded, { cause });
  }
}

/** Excel's own words for a failure: its error code, else the message. */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code) return code;
    if (typeof message === 'string' && message) return message;
  }
  return String(error);
}
