/// <reference types="office-js" />
import { consolidateSources, type SourceInputs } from '../app/consolidate';
import type { AppHost, CheckRequest, CheckResult, ConsolidateRequest, ConsolidateResult, InsertRequest, InsertResult, PickedFile } from '../app/host';
import { narrativeInputOf, type NarrativeInput } from '../app/narrative';
import { parseRoster, RosterError } from '../app/roster';
import { builtInRegistry } from '../core/builtins';
import type { RosterEntry } from '../core/consolidate';
import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import { problem, type Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import { checkSheets, consolidationInputs } from '../sheet/check';
import { COL, a1, materialize, type SheetLayout } from '../sheet/grid';
import { layoutUnitSheet } from '../sheet/layout';
import { isAppendixSheet, isBreakdownSheet } from '../sheet/read';
import { layoutSummary, withBreakdownName } from '../sheet/summary';
import { layoutCharts, type ChartSpec } from '../sheet/charts';
import { layoutNarrative } from '../sheet/narrative-sheet';
import type { NarrativeSection } from '../core/narrative';
import { bodyKeyOf, freeName, isNameCandidate, markerOf, nameCandidate, ROLES, sameName, withMarker, type GeneratedMarker } from './generated';
import { markTargets, queueMarks, queueRestore, type MarkMemory } from './marks';
import { ACTION_BYTES, packByBytes, REQUEST_BUDGET_BYTES } from './payload';
import { appendixWhole, queueSheetList, readSheets, type SheetEntry, type SheetList, type SheetTarget } from './read-sheets';
import { planSheetWrite, type SheetFeatures } from './write-sheet';

/**
 * Where the Excel host runs: `Excel.run` and the requirement-set check in Office, a fake in tests.
 */
export interface ExcelEnvironment {
  readonly run: <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;
  readonly isSetSupported: (name: string, version: string) => boolean;
  /** can the task pane hand the user a file to save (not in Excel on Mac or iPad) */
  readonly canDownload?: boolean;
}

export interface ExcelHostOptions {
  /** the language of the host's own texts (limitations, sheet texts come with each request) */
  readonly lang?: Lang;
  readonly registry?: TemplateRegistry;
  /** bytes one request may carry before a write is split; below Excel on the web's 5 MB by default */
  readonly requestBudget?: number;
}

/**
 * Requirement sets. The minimum is ExcelApi 1.7: Worksheet.freezePanes and Workbook.name (1.7),
 * getUsedRange(valuesOnly), Range.getIntersectionOrNullObject and worksheets.getItemOrNullObject
 * (1.4), Range.merge and format.columnWidth/rowHeight (1.2); Excel 2019 and every later Excel has
 * it. Newer parts are used only where the host has them, and otherwise listed as limitations:
 * data validation on input cells (ExcelApi 1.8; Excel 2019 has it) and the print set-up (ExcelApi
 * 1.9; Excel 2019 lacks it, Excel 2021, Microsoft 365 and Excel on the web have it).
 */
export const MINIMUM_SET = { name: 'ExcelApi', version: '1.7' } as const;
export const OPTIONAL_SETS = { dataValidation: '1.8', pageLayout: '1.9' } as const;

/** The AppHost inside Excel (DESIGN §7: one Excel.run per action, a bounded number of syncs whatever the workbook holds). */
export function createExcelHost(env: ExcelEnvironment, options: ExcelHostOptions = {}): AppHost {
  const registry = options.registry ?? builtInRegistry();
  const budget = options.requestBudget ?? REQUEST_BUDGET_BYTES;
  const ui = UI[options.lang ?? 'vi'];
  const supported = env.isSetSupported(MINIMUM_SET.name, MINIMUM_SET.version);
  const features: SheetFeatures = {
    dataValidation: supported && env.isSetSupported('ExcelApi', OPTIONAL_SETS.dataValidation),
    pageLayout: supported && env.isSetSupported('ExcelApi', OPTIONAL_SETS.pageLayout),
  };
  const limitations = !supported
    ? [ui.excelLimitTooOld]
    : [...(features.dataValidation ? [] : [ui.excelLimitValidation]), ...(features.pageLayout ? [] : [ui.excelLimitPrint])];

  const marks: MarkMemory = new Map();
  /** what the last read saw, so a problem can be found again without reading the workbook */
  let seen: { file: string; visibility: Map<string, SheetEntry['visibility']> } | undefined;

  const run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    if (!supported) throw new Error(ui.excelTooOld);
    return await env.run(batch);
  };
  const remember = (list: SheetList): void => {
    seen = { file: list.file, visibility: new Map(list.sheets.map((s) => [s.name.toLocaleLowerCase('vi'), s.visibility])) };
  };
  const targetsOf = (context: Excel.RequestContext, entries: readonly SheetEntry[]): SheetTarget[] =>
    entries.map((entry) => ({ entry, sheet: context.workbook.worksheets.getItem(entry.id) }));

  /**
   * A new sheet holding a layout, active, in 2 round trips: the names (a new sheet never takes a
   * user's: "PL SNV (2)" when "PL SNV" is taken), then everything else.
   */
  const addNewSheet = async (context: Excel.RequestContext, layout: SheetLayout, lang: Lang, then?: (sheet: Excel.Worksheet) => void): Promise<string> => {
    const worksheets = context.workbook.worksheets;
    worksheets.load('items/name');
    await context.sync();
    const name = freeName(layout.name, worksheets.items.map((ws) => ws.name));
    let sheet: Excel.Worksheet | undefined;
    await queueInBatches(context, budget, [
      { bytes: ACTION_BYTES, queue: () => void (sheet = worksheets.add(name)) },
      ...planSheetWrite(layout, { lang, features, partBytes: budget / 4 }).map((part) => ({ bytes: part.bytes, queue: () => part.queue(sheet!) })),
      {
        bytes: 3 * ACTION_BYTES,
        queue: () => {
          sheet!.activate();
          then?.(sheet!);
        },
      },
    ]);
    return name;
  };

  return {
    mode: 'excel',
    limitations,
    canDownload: env.canDownload ?? true,

    async insert(request: InsertRequest): Promise<InsertResult> {
      const template = registry.get(request.templateId, request.templateVersion);
      if (!template) throw new Error(`unknown template ${request.templateId}@${request.templateVersion}`);
      const layout = layoutUnitSheet(template, request.meta, { lang: request.lang });
      return await run(async (context) => ({
        name: await addNewSheet(context, layout, request.lang, (sheet) => sheet.getRange(a1(layout.freezeRows, COL.value)).select()),
      }));
    },

    async insertNarrative(sections: readonly NarrativeSection[], lang: Lang): Promise<{ name: string }> {
      const layout = layoutNarrative(sections, UI[lang].narrativeSheet);
      return await run(async (context) => ({ name: await addNewSheet(context, layout, lang) }));
    },

    async check(request: CheckRequest): Promise<CheckResult> {
      if (request.scope === 'files') throw new Error('the Excel host checks sheets of this workbook; files are checked in file mode');
      return await run(async (context) => {
        const listed = queueSheetList(context, UI[request.lang].thisWorkbook);
        await context.sync();
        const list = listed();
        remember(list);
        const entries = request.scope === 'active' ? list.sheets.filter((s) => s.id === list.activeId) : list.sheets;
        const targets = targetsOf(context, entries);
        const data = await readSheets(context, targets, appendixWhole);
        const checked = checkSheets(data, list.file, registry);

        // Marks: the checked sheets' old marks go, the new ones come, in one batch.
        const sheets = new Map(targets.map((t) => [t.entry.id, t.sheet]));
        const idOf = new Map(entries.map((e) => [e.name, e.id]));
        const stale = new Map([...marks].filter(([id]) => sheets.has(id)));
        const targetsToMark = markTargets(checked.problems, (name) => idOf.get(name));
        let marked = 0;
        if (stale.size > 0 || targetsToMark.length > 0) {
          queueRestore(stale, sheets);
          const fillsRead = queueMarks(targetsToMark, sheets);
          await context.sync();
          // Only now, with Excel done: the old marks are gone and the new ones are on.
          for (const id of stale.keys()) marks.delete(id);
          for (const [id, cells] of fillsRead()) {
            marks.set(id, cells);
            marked += cells.size;
          }
        }
        return { problems: checked.problems, sheets: checked.sheets.length, marked };
      });
    },

    async selectProblem(p: Problem): Promise<void> {
      const { sheet: name, cell, file } = p.where;
      // Problems of picked files, or without a sheet, have nothing to select in this workbook.
      if (name === undefined || (file !== undefined && seen !== undefined && file !== seen.file)) return;
      const visibility = seen?.visibility.get(name.toLocaleLowerCase('vi'));
      if (visibility !== undefined && visibility !== 'Visible') throw new Error(ui.sheetHidden(name));
      await run(async (context) => {
        const sheet = context.workbook.worksheets.getItem(name);
        sheet.activate();
        if (cell !== undefined) sheet.getRange(cell).select();
        try {
          await context.sync();
        } catch (error) {
          if ((error as { code?: unknown }).code === 'ItemNotFound') throw new Error(ui.sheetMissing(name), { cause: error });
          throw error;
        }
      });
    },

    async clearMarks(): Promise<void> {
      if (marks.size === 0) return;
      await run(async (context) => {
        const worksheets = context.workbook.worksheets;
        worksheets.load('items/id');
        await context.sync();
        // Sheets deleted since the check have taken their marks with them.
        const existing = new Map(worksheets.items.map((ws) => [ws.id, ws]));
        const restore = new Map([...marks].filter(([id]) => existing.has(id)));
        if (restore.size > 0) {
          queueRestore(restore, existing);
          await context.sync();
        }
        marks.clear();
      });
    },

    async consolidate(request: ConsolidateRequest, onProgress?: (done: number, total: number) => void): Promise<ConsolidateResult> {
      const lang = request.lang;
      const rosterRead = readRoster(request.roster);
      const total = request.files.length + (request.includeWorkbook ? 1 : 0);
      let done = 0;
      const body = bodyKeyOf(request.meta);
      const bases = { summary: UI[lang].summarySheet, breakdown: UI[lang].breakdownSheet, problems: UI[lang].problemsSheet, units: UI[lang].unitsSheet, charts: UI[lang].chartsSheet };

      return await run(async (context) => {
        const listed = queueSheetList(context, UI[lang].thisWorkbook);
        await context.sync();
        const list = listed();
        remember(list);

        // This workbook's appendices (when asked) and the sheets that may be an earlier summary to replace.
        const candidate = (name: string): boolean => isNameCandidate(name, Object.values(bases));
        const entries = list.sheets.filter((s) => request.includeWorkbook || candidate(s.name));
        // An earlier "Kiểm tra" may be long: its marker rows are in A and D, the only columns needed of it.
        // A summary's per-unit breakdown (its key row in column A) is read whole, like an appendix.
        const data = await readSheets(context, targetsOf(context, entries), (sheet) =>
          isAppendixSheet(sheet) || isBreakdownSheet(sheet) ? 'whole' : candidate(sheet.name) ? 'keysAndValues' : 'windows',
        );
        const markers = new Map(data.map((sheet, i) => [entries[i]!.id, markerOf(sheet)]));

        const sources: SourceInputs[] = [{ inputs: [], problems: rosterRead.problems }];
        if (request.includeWorkbook) {
          // The add-in's own summary for the same body is its output, not an input.
          const own = (i: number): boolean => {
            const marker = markers.get(entries[i]!.id);
            return (marker?.role === 'summary' || marker?.role === 'breakdown') && marker.body === body;
          };
          sources.push(consolidationInputs(checkSheets(data.filter((_, i) => !own(i)), list.file, registry)));
          onProgress?.(++done, total);
        }
        if (request.files.length > 0) {
          const { checkWorkbook } = await import('../app/xlsx-module');
          for (const file of request.files) {
            sources.push(consolidationInputs(checkWorkbook(file.bytes, file.name, registry)));
            onProgress?.(++done, total);
            await paint();
          }
        }
        const outcome = consolidateSources(registry, sources, {
          includeInvalid: request.includeInvalid,
          ...(rosterRead.roster ? { roster: rosterRead.roster } : {}),
          ...(request.period ? { period: request.period } : {}),
          meta: request.meta,
        });
        if (!outcome.summary) return { problems: outcome.problems };

        const charted = layoutCharts(outcome.summary, lang);
        const laid = layoutSummary(outcome.summary, lang);
        // Excel takes whole ranges: the lazy rows of the breakdown and the list of units are made here.
        const layouts = [laid.summary, laid.breakdown, laid.problems, laid.units, charted.layout].map(materialize);
        const names = await writeOutputs(context, list, markers, layouts, { body, lang, features, budget, charts: charted.charts });
        return { summary: outcome.summary, problems: outcome.problems, name: names[0]! };
      });
    },

    async narrativeInput(request: { file?: PickedFile }): Promise<NarrativeInput> {
      if (request.file) {
        const { checkWorkbook } = await import('../app/xlsx-module');
        return narrativeInputOf(checkWorkbook(request.file.bytes, request.file.name, registry), registry);
      }
      return await run(async (context) => {
        const listed = queueSheetList(context, ui.thisWorkbook);
        await context.sync();
        const list = listed();
        remember(list);
        const data = await readSheets(context, targetsOf(context, list.sheets), (sheet) => (isAppendixSheet(sheet) || isBreakdownSheet(sheet) ? 'whole' : 'windows'));
        // The add-in's summary if there is one, else the active sheet; a summary's units are on its breakdown.
        const summary = data.find((sheet) => markerOf(sheet)?.role === 'summary' && isAppendixSheet(sheet));
        const active = data[list.sheets.findIndex((s) => s.id === list.activeId)];
        const chosen = summary ?? active;
        return narrativeInputOf(checkSheets(chosen ? [chosen, ...data.filter((s) => s !== chosen && isBreakdownSheet(s))] : [], list.file, registry), registry);
      });
    },
  };
}

function readRoster(text: string | undefined): { roster?: RosterEntry[]; problems: Problem[] } {
  if (!text) return { problems: [] };
  try {
    return { roster: parseRoster(text), problems: [] };
  } catch (error) {
    // A roster that cannot be read is bad data: said as a problem, the units are still consolidated.
    if (error instanceof RosterError) return { problems: [problem('error', 'consolidate.rosterUnreadable', {}, { reason: error.message })] };
    throw error;
  }
}

/** Lets the task pane paint its progress between files. */
const paint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

interface QueuedStep {
  readonly bytes: number;
  readonly queue: () => void;
}

/**
 * Queues the steps in order and syncs once, or, when their estimated size exceeds what one
 * request may carry, once per group of steps that fits.
 */
async function queueInBatches(context: Excel.RequestContext, budget: number, steps: readonly QueuedStep[]): Promise<void> {
  for (const group of packByBytes(steps, (step) => step.bytes, budget)) {
    for (const step of group) step.queue();
    await context.sync();
  }
}

/**
 * The summary's three sheets into the workbook: each replaces the add-in's earlier one of the same
 * part and body, or takes the first free name. New sheets are added under temporary names before
 * the old ones go (Excel keeps at least one visible sheet), then renamed.
 */
async function writeOutputs(
  context: Excel.RequestContext,
  list: SheetList,
  markers: ReadonlyMap<string, GeneratedMarker | undefined>,
  layouts: readonly SheetLayout[],
  { body, lang, features, budget, charts }: { body: string; lang: Lang; features: SheetFeatures; budget: number; charts: readonly ChartSpec[] },
): Promise<string[]> {
  const remaining = [...list.sheets];
  const plans = ROLES.map((role, i) => {
    const layout = layouts[i]!;
    for (let k = 1; ; k++) {
      const name = nameCandidate(layout.name, k);
      const existing = remaining.find((s) => sameName(s.name, name));
      if (!existing) return { role, layout, name, replaces: undefined };
      const marker = markers.get(existing.id);
      if (marker?.role === role && marker.body === body) {
        remaining.splice(remaining.indexOf(existing), 1);
        return { role, layout, name, replaces: existing };
      }
    }
  });
  // The summary names its breakdown sheet: the name it really gets, "Chi tiết đơn vị (2)" if need be.
  const breakdownName = plans.find((p) => p.role === 'breakdown')?.name;
  for (const plan of plans) if (plan.role === 'summary' && breakdownName) plan.layout = withBreakdownName(plan.layout, breakdownName);
  const taken = [...list.sheets.map((s) => s.name), ...plans.map((p) => p.name)];
  const temporary = plans.map((_, i) => freeName(`~phuluc ${i + 1}`, taken));

  const worksheets = context.workbook.worksheets;
  const added: Excel.Worksheet[] = [];
  const steps: QueuedStep[] = [
    {
      bytes: plans.length * 4 * ACTION_BYTES,
      queue: () => {
        plans.forEach((_, i) => added.push(worksheets.add(temporary[i]!)));
        for (const plan of plans) if (plan.replaces) worksheets.getItem(plan.replaces.id).delete();
        plans.forEach((plan, i) => (added[i]!.name = plan.name));
      },
    },
  ];
  plans.forEach((plan, i) => {
    const layout = withMarker(plan.layout, { role: plan.role, body }, lang);
    for (const part of planSheetWrite(layout, { lang, features, partBytes: budget / 4 })) steps.push({ bytes: part.bytes, queue: () => part.queue(added[i]!) });
  });
  // One bar chart per ratio row, over the sorted rates on the charts sheet, in the same request.
  // Excel draws a bar chart's first category at the bottom and the rows are highest first, so the
  // category axis is reversed (ChartAxis.reversePlotOrder: ExcelApi 1.7, the add-in's minimum).
  const chartSheet = ROLES.indexOf('charts');
  for (const spec of charts) {
    steps.push({
      bytes: 5 * ACTION_BYTES,
      queue: () => {
        const sheet = added[chartSheet]!;
        const chart = sheet.charts.add('BarClustered', sheet.getRange(spec.data), 'Columns');
        chart.title.text = spec.title;
        chart.axes.categoryAxis.reversePlotOrder = true;
        chart.setPosition(spec.from, spec.to);
      },
    });
  }
  steps.push({ bytes: ACTION_BYTES, queue: () => added[0]!.activate() });
  await queueInBatches(context, budget, steps);
  return plans.map((p) => p.name);
}

