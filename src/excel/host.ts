/// <reference types="office-js" />
import { withCarriedTemplates } from '../app/carried';
import { MisuseError } from '../core/errors';
import { carrierFor } from '../sheet/carrier';
import { consolidateSources, type SourceInputs } from '../app/consolidate';
import {
  rememberedHeaderOf,
  type AppHost,
  type CheckRequest,
  type CheckResult,
  type ConsolidateRequest,
  type ConsolidateResult,
  type InsertRequest,
  type InsertResult,
  type NarrativeRequest,
  type PickedFile,
  type RememberedHeader,
  type StatusRequest,
  type StatusResult,
} from '../app/host';
import { narrativeInputOf, previousFiguresFrom, type NarrativeInput } from '../app/narrative';
import { parseRosterBytes } from '../app/roster';
import { statusResultOf } from '../app/status';
import { builtInRegistry } from '../core/builtins';
import { PANE } from '../core/i18n/pane';
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
import {
  bodyKeyOf,
  CONSOLIDATION_ROLES,
  freeName,
  isNameCandidate,
  markerOf,
  nameCandidate,
  sameName,
  withMarker,
  type GeneratedMarker,
  type GeneratedRole,
} from './generated';
import { markTargets, queueMarking, queueRestore, reconcileMarks, remainingMarks, unconfirmedMarks, type CellRef, type MarkMemory } from './marks';
import { describeError, readRewriteTarget, WorkbookWriteError, writeSheets, type RewriteTarget, type SheetToWrite } from './outputs';
import { REQUEST_BUDGET_BYTES } from './payload';
import { appendixWhole, queueSheetList, readSheets, type SheetEntry, type SheetList, type SheetTarget } from './read-sheets';
import type { SheetFeatures } from './write-sheet';

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
  /** the id of each run that writes the add-in's own sheets (a fixed one makes tests repeatable) */
  readonly runId?: () => string;
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
/** The add-in setting that holds the report's header details. */
const HEADER_SETTING = 'phuluc.reportHeader';
/** The add-in setting that holds the templates loaded in the pane. */
const TEMPLATES_SETTING = 'phuluc.templates';
export const OPTIONAL_SETS = { dataValidation: '1.8', pageLayout: '1.9' } as const;

/** The AppHost inside Excel (DESIGN §7: one Excel.run per action, a bounded number of syncs whatever the workbook holds). */
export function createExcelHost(env: ExcelEnvironment, options: ExcelHostOptions = {}): AppHost {
  const registry = options.registry ?? builtInRegistry();
  // The add-in's settings kept in the workbook (ExcelApi 1.4): each workbook remembers its own. One sync each way.
  const readSetting = (key: string): Promise<unknown> =>
    env.run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject(key);
      setting.load('value');
      await context.sync();
      return setting.isNullObject ? undefined : (setting.value as unknown);
    });
  const writeSetting = (key: string, value: unknown): Promise<void> =>
    env.run(async (context) => {
      context.workbook.settings.add(key, value);
      await context.sync();
    });
  /** Two round trips: the list of sheets, then every appendix and breakdown whole (the others' key windows). */
  const readWorkbookSheets = async (context: Excel.RequestContext) => {
    const listed = queueSheetList(context, ui.thisWorkbook);
    await context.sync();
    const list = listed();
    remember(list);
    const data = await readSheets(context, targetsOf(context, list.sheets), (sheet) =>
      isAppendixSheet(sheet) || isBreakdownSheet(sheet) ? 'whole' : 'windows',
    );
    return { list, data };
  };
  /** The same period before, from a picked file (the .xlsx reader loads only when one is picked). */
  const previousFromFile = async (file: PickedFile) => {
    const { checkWorkbook } = await import('../app/xlsx-module');
    return previousFiguresFrom(await withCarriedTemplates((define) => checkWorkbook(file.bytes, file.name, registry, undefined, define)), registry);
  };
  const budget = options.requestBudget ?? REQUEST_BUDGET_BYTES;
  const hostLang = options.lang ?? 'vi';
  const ui = UI[hostLang];
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

  /**
   * One Excel.run. Excel's own errors that reach here came from reading (every write says what it
   * left behind itself), so nothing was changed: said so in the reader's words, Excel's code kept.
   */
  const run = async <T>(batch: (context: Excel.RequestContext) => Promise<T>, lang: Lang = hostLang): Promise<T> => {
    if (!supported) throw new Error(ui.excelTooOld);
    try {
      return await env.run(batch);
    } catch (error) {
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      if (typeof code === 'string' && !(error instanceof WorkbookWriteError) && !(error instanceof MarksLeftError))
        throw new Error(UI[lang].readFailed(code), { cause: error });
      throw error;
    }
  };
  const remember = (list: SheetList): void => {
    seen = { file: list.file, visibility: new Map(list.sheets.map((s) => [s.name.toLocaleLowerCase('vi'), s.visibility])) };
  };
  const targetsOf = (context: Excel.RequestContext, entries: readonly SheetEntry[]): SheetTarget[] =>
    entries.map((entry) => ({ entry, sheet: context.workbook.worksheets.getItem(entry.id) }));

  const newRun = options.runId ?? ((): string => `${new Date().toISOString()} ${Math.random().toString(36).slice(2, 8)}`);
  const writing = (lang: Lang) => ({ lang, features, budget, run: newRun() });

  /**
   * The add-in's own sheets of these roles into the workbook, each rewriting in place the sheet the
   * add-in made earlier for the same part and body (its markers read beforehand), or on the first
   * free name.
   */
  const planOwnSheets = (
    list: SheetList,
    markers: ReadonlyMap<string, GeneratedMarker | undefined>,
    targets: ReadonlyMap<string, () => RewriteTarget>,
    sheets: readonly { role: GeneratedRole; layout: SheetLayout; charts?: readonly ChartSpec[] }[],
    body: string,
  ): SheetToWrite[] => {
    const remaining = [...list.sheets];
    return sheets.map(({ role, layout, charts }) => {
      for (let k = 1; ; k++) {
        const name = nameCandidate(layout.name, k);
        const existing = remaining.find((s) => sameName(s.name, name));
        if (!existing) return { layout, name, ...(charts ? { charts } : {}) };
        const marker = markers.get(existing.id);
        const target = targets.get(existing.id);
        if (marker?.role === role && marker.body === body && target) {
          remaining.splice(remaining.indexOf(existing), 1);
          return { layout, name: existing.name, rewrite: target(), ...(charts ? { charts } : {}) };
        }
      }
    });
  };

  /**
   * After a batch that gave back or painted marks failed: what each touched cell shows now, the
   * memory brought in line with it, and the error that names the cells still marked.
   */
  const marksLeft = async (
    context: Excel.RequestContext,
    touched: readonly CellRef[],
    sheets: ReadonlyMap<string, Excel.Worksheet>,
    nameOf: (id: string) => string,
    cause: unknown,
    lang: Lang,
  ): Promise<Error> => {
    const texts = UI[lang];
    try {
      await reconcileMarks(context, marks, touched, sheets);
    } catch (again) {
      return new Error(`${texts.marksFailed(describeError(cause))} ${texts.marksUnknown(describeError(again))}`, { cause });
    }
    const { marked, ownUnknown } = remainingMarks(marks, new Set(touched.map((t) => t.sheetId)));
    const where = (cells: readonly CellRef[]): string => cellList(cells, nameOf);
    const said = [texts.marksFailed(describeError(cause))];
    said.push(marked.length === 0 ? texts.marksNoneLeft : texts.marksLeft(marked.length, where(marked)));
    if (ownUnknown.length > 0) said.push(texts.marksOwnUnknown(where(ownUnknown)));
    return new MarksLeftError(said.join(' '), marked, ownUnknown, { cause });
  };

  return {
    mode: 'excel',
    limitations,
    canDownload: env.canDownload ?? true,

    async rememberedHeader(): Promise<RememberedHeader | undefined> {
      return rememberedHeaderOf(await readSetting(HEADER_SETTING));
    },

    async rememberHeader(header: RememberedHeader): Promise<void> {
      await writeSetting(HEADER_SETTING, header);
    },

    async rememberedTemplates(): Promise<readonly unknown[]> {
      const value = await readSetting(TEMPLATES_SETTING);
      return Array.isArray(value) ? (value as unknown[]) : [];
    },

    async rememberTemplates(templates: readonly unknown[]): Promise<void> {
      await writeSetting(TEMPLATES_SETTING, templates);
    },

    async insert(request: InsertRequest): Promise<InsertResult> {
      const template = request.template ?? registry.get(request.templateId, request.templateVersion);
      if (!template) throw new MisuseError(`unknown template ${request.templateId}@${request.templateVersion}`);
      const layout = layoutUnitSheet(template, request.meta, { lang: request.lang });
      // a user's template goes into the workbook with the sheet, unless it is there already
      const carried = carrierFor(template);
      // Two round trips: the names (a new sheet never takes a user's: "PL SNV (2)"), then the sheet, complete, then named.
      return run(async (context) => {
        const listed = queueSheetList(context, UI[request.lang].thisWorkbook);
        await context.sync();
        const list = listed();
        const names = list.sheets.map((s) => s.name);
        const name = freeName(layout.name, names);
        const then = (sheet: Excel.Worksheet): void => sheet.getRange(a1(layout.freezeRows, COL.value)).select();
        const carrier = carried && !names.some((n) => n.startsWith(carried.name)) ? [{ layout: carried, name: freeName(carried.name, [...names, name]) }] : [];
        await writeSheets(context, list, [{ layout, name }, ...carrier], { ...writing(request.lang), activate: 0, then });
        return { name };
      }, request.lang);
    },

    async insertNarrative(sections: readonly NarrativeSection[], lang: Lang): Promise<{ name: string }> {
      const base = layoutNarrative(sections, UI[lang].narrativeSheet);
      return run(async (context) => {
        const listed = queueSheetList(context, UI[lang].thisWorkbook);
        await context.sync();
        const list = listed();
        // The report written earlier is rewritten in place (formulas pointing at it keep working).
        const candidates = list.sheets.filter((s) => isNameCandidate(s.name, [base.name]));
        const targets = new Map<string, () => RewriteTarget>();
        const data = await readSheets(
          context,
          targetsOf(context, candidates),
          () => 'keysAndValues',
          (t) => void targets.set(t.entry.id, readRewriteTarget(t.sheet, t.entry.id)),
        );
        const markers = new Map(data.map((sheet, i) => [candidates[i]!.id, markerOf(sheet)]));
        const job = writing(lang);
        const planned = planOwnSheets(
          list,
          markers,
          targets,
          [{ role: 'narrative', layout: withMarker(base, { role: 'narrative', body: '' }, job.run, lang) }],
          '',
        );
        await writeSheets(context, list, planned, { ...job, activate: 0 });
        return { name: planned[0]!.name };
      }, lang);
    },

    async check(request: CheckRequest): Promise<CheckResult> {
      if (request.scope === 'files') throw new MisuseError('the Excel host checks sheets of this workbook; files are checked in file mode');
      return run(async (context) => {
        const listed = queueSheetList(context, UI[request.lang].thisWorkbook);
        await context.sync();
        const list = listed();
        remember(list);
        const entries = request.scope === 'active' ? list.sheets.filter((s) => s.id === list.activeId) : list.sheets;
        const targets = targetsOf(context, entries);
        const data = await readSheets(context, targets, appendixWhole);
        const checked = await withCarriedTemplates((define) => checkSheets(data, list.file, registry, false, define));

        // Marks: the checked sheets' old marks go, the new ones come, in one batch. A protected
        // sheet is never painted (Excel would refuse halfway): its problems are listed and it is named.
        const sheets = new Map(targets.map((t) => [t.entry.id, t.sheet]));
        const idOf = new Map(entries.map((e) => [e.name, e.id]));
        const locked = new Set(entries.filter((e) => e.protected).map((e) => e.id));
        const allTargets = markTargets(checked.problems, (name) => idOf.get(name));
        const lockedProblems = entries
          .filter((e) => locked.has(e.id))
          .flatMap((e) => {
            const count = allTargets.filter((t) => t.sheetId === e.id).length;
            return count > 0 ? [problem('warning', 'sheet.protected', { file: list.file, sheet: e.name }, { sheet: e.name, count })] : [];
          });
        const problems = [...lockedProblems, ...checked.problems];
        const open = entries.filter((e) => !locked.has(e.id)).map((e) => e.id);
        const targetsToMark = allTargets.filter((t) => !locked.has(t.sheetId));
        const openSheets = new Map([...sheets].filter(([id]) => !locked.has(id)));
        // Marks a failed batch left unconfirmed are settled first (rare: one more round trip).
        await reconcileMarks(context, marks, unconfirmedMarks(marks, open), openSheets);
        let marked = 0;
        if (open.some((id) => marks.has(id)) || targetsToMark.length > 0) {
          const queued = queueMarking(marks, open, targetsToMark, openSheets);
          try {
            await context.sync();
          } catch (error) {
            const nameOf = (id: string): string => entries.find((e) => e.id === id)?.name ?? id;
            throw await marksLeft(context, queued.touched, openSheets, nameOf, error, request.lang);
          }
          marked = queued.confirm();
        }
        return { problems, sheets: checked.sheets.length, marked };
      }, request.lang);
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
        worksheets.load('items/id,items/name,items/protection/protected');
        await context.sync();
        // Sheets deleted since the check have taken their marks with them; protected ones keep theirs, and are named.
        const existing = new Map(worksheets.items.map((ws) => [ws.id, ws]));
        for (const id of [...marks.keys()]) if (!existing.has(id)) marks.delete(id);
        const locked = worksheets.items.filter((ws) => ws.protection.protected && marks.has(ws.id));
        const open = new Map([...existing].filter(([id]) => !locked.some((ws) => ws.id === id)));
        await reconcileMarks(context, marks, unconfirmedMarks(marks, open.keys()), open);
        const restore = new Map([...marks].filter(([id]) => open.has(id)));
        if (restore.size > 0) {
          const touched = queueRestore(restore, open);
          try {
            await context.sync();
          } catch (error) {
            const nameOf = (id: string): string => worksheets.items.find((ws) => ws.id === id)?.name ?? id;
            throw await marksLeft(context, touched, open, nameOf, error, hostLang);
          }
          for (const id of restore.keys()) marks.delete(id);
        }
        if (locked.length > 0) throw new Error(ui.marksProtected(locked.map((ws) => ws.name)));
      });
    },

    async consolidate(request: ConsolidateRequest, onProgress?: (done: number, total: number) => void): Promise<ConsolidateResult> {
      const lang = request.lang;
      const rosterRead = request.roster ? await parseRosterBytes(request.roster.bytes, request.roster.name) : undefined;
      const earlier = request.previous ? await previousFromFile(request.previous) : undefined;
      const total = request.files.length + (request.includeWorkbook ? 1 : 0);
      let done = 0;
      const body = bodyKeyOf(request.meta);
      const bases = {
        summary: UI[lang].summarySheet,
        breakdown: UI[lang].breakdownSheet,
        problems: UI[lang].problemsSheet,
        units: UI[lang].unitsSheet,
        charts: UI[lang].chartsSheet,
      };

      return run(async (context) => {
        const listed = queueSheetList(context, UI[lang].thisWorkbook);
        await context.sync();
        const list = listed();
        remember(list);

        // This workbook's appendices (when asked) and the sheets that may be an earlier summary to rewrite.
        const candidate = (name: string): boolean => isNameCandidate(name, Object.values(bases));
        const entries = list.sheets.filter((s) => request.includeWorkbook || candidate(s.name));
        const targets = new Map<string, () => RewriteTarget>();
        const readTarget = (t: SheetTarget): void => void (candidate(t.entry.name) && targets.set(t.entry.id, readRewriteTarget(t.sheet, t.entry.id)));
        // An earlier "Kiểm tra" may be long: its marker rows are in A and D, the only columns needed of it.
        // A summary's per-unit breakdown (its key row in column A) is read whole, like an appendix.
        const data = await readSheets(
          context,
          targetsOf(context, entries),
          (sheet) => (isAppendixSheet(sheet) || isBreakdownSheet(sheet) ? 'whole' : candidate(sheet.name) ? 'keysAndValues' : 'windows'),
          readTarget,
        );
        const markers = new Map(data.map((sheet, i) => [entries[i]!.id, markerOf(sheet)]));

        const sources: SourceInputs[] = [{ inputs: [], problems: [...(rosterRead?.problems ?? []), ...(earlier?.problems ?? [])] }];
        if (request.includeWorkbook) {
          // The add-in's own summary for the same body is its output, not an input.
          const own = (i: number): boolean => {
            const marker = markers.get(entries[i]!.id);
            return (marker?.role === 'summary' || marker?.role === 'breakdown') && marker.body === body;
          };
          sources.push(
            consolidationInputs(
              await withCarriedTemplates((define) =>
                checkSheets(
                  data.filter((_, i) => !own(i)),
                  list.file,
                  registry,
                  false,
                  define,
                ),
              ),
            ),
          );
          onProgress?.(++done, total);
        }
        if (request.files.length > 0) {
          const { checkWorkbook } = await import('../app/xlsx-module');
          for (const file of request.files) {
            sources.push(consolidationInputs(await withCarriedTemplates((define) => checkWorkbook(file.bytes, file.name, registry, undefined, define))));
            onProgress?.(++done, total);
            await paint();
          }
        }
        const outcome = consolidateSources(registry, sources, {
          includeInvalid: request.includeInvalid,
          ...(earlier?.previous ? { previous: earlier.previous } : {}),
          ...(rosterRead?.entries ? { roster: rosterRead.entries } : {}),
          ...(request.period ? { period: request.period } : {}),
          meta: request.meta,
        });
        if (!outcome.summary) return { problems: outcome.problems };

        const charted = layoutCharts(outcome.summary, lang);
        const laid = layoutSummary(outcome.summary, lang, PANE[lang].problemHow);
        // Excel takes whole ranges: the lazy rows of the breakdown and the list of units are made here.
        const layouts = [laid.summary, laid.breakdown, laid.problems, laid.units, charted.layout].map(materialize);
        const job = writing(lang);
        const own = CONSOLIDATION_ROLES.map((role, i) => ({
          role,
          layout: withMarker(layouts[i]!, { role, body }, job.run, lang),
          ...(role === 'charts' ? { charts: charted.charts } : {}),
        }));
        const planned = planOwnSheets(list, markers, targets, own, body);
        // The summary names its breakdown sheet: the name it really has, "Chi tiết đơn vị (2)" if need be.
        const [summarySheet, breakdownSheet] = [planned[CONSOLIDATION_ROLES.indexOf('summary')]!, planned[CONSOLIDATION_ROLES.indexOf('breakdown')]!];
        const named = planned.map((p) => (p === summarySheet ? { ...p, layout: withBreakdownName(p.layout, breakdownSheet.name) } : p));
        await writeSheets(context, list, named, { ...job, activate: CONSOLIDATION_ROLES.indexOf('summary') });
        return { summary: outcome.summary, problems: outcome.problems, name: summarySheet.name };
      }, lang);
    },

    async status(request: StatusRequest): Promise<StatusResult> {
      const roster = await parseRosterBytes(request.roster.bytes, request.roster.name);
      if (!roster.entries) return { contactHeaders: [], problems: roster.problems };
      const sources: SourceInputs[] = [];
      if (request.includeWorkbook) {
        // one batch to list the sheets, one to read them: as a check of every appendix sheet does
        sources.push(
          await run(async (context) => {
            const { list, data } = await readWorkbookSheets(context);
            // the add-in's own summary is its output, not a unit's report
            const own = data.filter((sheet) => markerOf(sheet)?.role !== 'summary' && markerOf(sheet)?.role !== 'breakdown');
            return consolidationInputs(await withCarriedTemplates((define) => checkSheets(own, list.file, registry, false, define)));
          }),
        );
      }
      if (request.files.length > 0) {
        const { checkWorkbook } = await import('../app/xlsx-module');
        for (const file of request.files)
          sources.push(consolidationInputs(await withCarriedTemplates((define) => checkWorkbook(file.bytes, file.name, registry, undefined, define))));
      }
      return statusResultOf(registry, sources, { ...roster, entries: roster.entries }, request);
    },

    async narrativeInput(request: NarrativeRequest): Promise<NarrativeInput> {
      const earlier = request.previous ? await previousFromFile(request.previous) : undefined;
      const withEarlier = (read: NarrativeInput): NarrativeInput => (earlier ? { ...read, problems: [...earlier.problems, ...read.problems] } : read);
      if (request.file) {
        const picked = request.file;
        const { checkWorkbook } = await import('../app/xlsx-module');
        return withEarlier(
          narrativeInputOf(
            await withCarriedTemplates((define) => checkWorkbook(picked.bytes, picked.name, registry, undefined, define)),
            registry,
            earlier?.previous,
          ),
        );
      }
      return run(async (context) => {
        const { list, data } = await readWorkbookSheets(context);
        // The add-in's summary if there is one, else the active sheet; a summary's units are on its breakdown.
        const summary = data.find((sheet) => markerOf(sheet)?.role === 'summary' && isAppendixSheet(sheet));
        const active = data[list.sheets.findIndex((s) => s.id === list.activeId)];
        const chosen = summary ?? active;
        return withEarlier(
          narrativeInputOf(
            await withCarriedTemplates((define) =>
              checkSheets(chosen ? [chosen, ...data.filter((s) => s !== chosen && isBreakdownSheet(s))] : [], list.file, registry, false, define),
            ),
            registry,
            earlier?.previous,
          ),
        );
      });
    },
  };
}

/** Lets the task pane paint its progress between files. */
const paint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** What a check or "clear marks" that failed has left marked, said in the reader's words. */
export class MarksLeftError extends Error {
  constructor(
    message: string,
    /** the cells still showing a mark (clear marks removes them) */
    readonly marked: readonly CellRef[],
    /** among them, those whose own fill was lost with the failed batch (cleared to no fill) */
    readonly ownUnknown: readonly CellRef[],
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'MarksLeftError';
  }
}

/** "Xã 1!D12, D15; Xã 2!D9", at most 40 cells then "…". */
function cellList(cells: readonly CellRef[], nameOf: (id: string) => string): string {
  const bySheet = new Map<string, string[]>();
  for (const { sheetId, cell } of cells.slice(0, 40)) {
    const list = bySheet.get(sheetId) ?? [];
    list.push(cell);
    bySheet.set(sheetId, list);
  }
  const said = [...bySheet].map(([id, list]) => `${nameOf(id)}!${list.join(', ')}`).join('; ');
  return cells.length > 40 ? `${said}; …` : said;
}
