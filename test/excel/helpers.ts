import { builtInRegistry } from '../../src/core/builtins';
import type { RawCell } from '../../src/core/values';
import type { SheetData } from '../../src/sheet/grid';
import { ct37FiguresOf, unitRows, type Figure } from '../helpers/units';
import type { FakeExcel, FakeSheet } from './fake-excel';

export const registry = builtInRegistry();
export const ct37 = registry.get('ct37', 1)!;
export const countCodes = ct37.rows.filter((r) => r.kind === 'count').map((r) => r.code);

export const figuresOf = (i: number): Record<string, Figure> => ct37FiguresOf(i, countCodes);

export const metaOf = (i: number) => ({ unit: `Xã số ${i}`, unitCode: `X${String(i).padStart(3, '0')}`, from: '2023-01-01', to: '2023-09-30' });

/** A unit's appendix typed into the workbook by someone (another program's layout, not the add-in's). */
export function seedUnit(fake: FakeExcel, name: string, i: number, figures: Record<string, Figure | string> = figuresOf(i)): FakeSheet {
  return fake.seedSheet(name, unitRows(ct37, metaOf(i), figures, i % 5 === 0 ? { insertNoteAfter: '2.2' } : {}));
}

/**
 * A fake sheet as the core reads it, every column, computed here without the adapter: the
 * reference the adapter's reading (which leaves out columns nobody reads) must agree with.
 */
export function sheetDataOf(sheet: FakeSheet): SheetData {
  const rows: (RawCell | undefined)[][] = [];
  for (const [key, cell] of sheet.cells) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    const formula = cell.formula?.slice(1);
    let raw: RawCell | undefined;
    if (cell.error) raw = { value: String(cell.value), type: 'error' };
    else if (cell.value === '') raw = formula === undefined ? undefined : { value: null };
    else if (typeof cell.value === 'number' && /[dmy]/i.test(cell.numberFormat) && cell.numberFormat !== 'General') raw = { value: cell.value, type: 'date' };
    else raw = { value: cell.value };
    if (raw && formula !== undefined) raw = { ...raw, formula };
    if (raw) (rows[r] ??= [])[c] = raw;
  }
  const state = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' } as const;
  return { name: sheet.name, state: state[sheet.visibility], rows };
}

/** Each cell's fill, by sheet id and address, to compare before and after. */
export function fills(fake: FakeExcel): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const sheet of fake.sheets) for (const [key, cell] of sheet.cells) out.set(`${sheet.id}!${key}`, cell.fill);
  return out;
}

/**
 * The workbook as a user sees it, with sheet ids named and chart names and run ids (@generatedRun)
 * left out: two workbooks that look alike compare equal.
 */
export function userView(fake: FakeExcel): unknown {
  const names = new Map(fake.sheets.map((s) => [s.id, `#${s.name}`]));
  const text = JSON.stringify(fake.snapshot()).replace(/\{fake-\d+\}/g, (id) => names.get(id) ?? id);
  const view = JSON.parse(text) as { sheets: { charts: { name?: string }[]; cells: [string, { value: unknown }][] }[] };
  for (const sheet of view.sheets) {
    for (const chart of sheet.charts) delete chart.name;
    const runRows = new Set(sheet.cells.filter(([key, cell]) => key.endsWith(',0') && cell.value === '@generatedRun').map(([key]) => key.split(',')[0]));
    sheet.cells = sheet.cells.filter(([key]) => !(key.endsWith(',3') && runRows.has(key.split(',')[0])));
  }
  return view;
}

/** Each sheet of the view, by name. */
export function sheetsOf(view: unknown): Map<string, unknown> {
  return new Map((view as { sheets: { name: string }[] }).sheets.map((s) => [s.name, s]));
}

/** Commands after which a failure leaves the workbook in a new state worth testing: every structural one, and every `stride`th. */
const STRUCTURAL = new Set([
  'add',
  'name',
  'delete',
  'activate',
  'select',
  'clear',
  'unmerge',
  'clearValidation',
  'clearConditionalFormats',
  'useStandardHeight',
  'useStandardWidth',
  'unfreeze',
  'deleteChart',
  'chart',
  'reversePlotOrder',
  'formulas',
  'numberFormat',
  'values',
  'merge',
  'freezeRows',
  'rule',
]);

/** PHULUC_EXHAUSTIVE=1: fail at every command of every sync, however many (minutes instead of seconds). */
const EXHAUSTIVE = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.PHULUC_EXHAUSTIVE === '1';

export interface FailurePoint {
  /** 1-based sync of the action */
  readonly sync: number;
  /** 0-based command of that sync; its length means "all applied, the answer lost" */
  readonly command: number;
  readonly of: number;
}

/**
 * Where an action can fail: it runs once on `setup()` to learn its syncs and their commands, then
 * the points are the commands of every sync: all of them when a sync has at most `all` commands
 * (always with PHULUC_EXHAUSTIVE=1); else each structural command and the one after it, and every
 * `stride`th; and the end of each batch (everything applied, the answer lost).
 */
export async function failurePoints(
  setup: () => Promise<{ fake: FakeExcel; act: () => Promise<unknown> }>,
  { all = EXHAUSTIVE ? Infinity : 60, stride = 40 } = {},
): Promise<FailurePoint[]> {
  const { fake, act } = await setup();
  const from = fake.commandLog.length;
  await act();
  const points: FailurePoint[] = [];
  fake.commandLog.slice(from).forEach((labels, i) => {
    const chosen = new Set<number>([labels.length]);
    labels.forEach((label, k) => {
      if (labels.length <= all || k % stride === 0) chosen.add(k);
      if (STRUCTURAL.has(label)) {
        chosen.add(k);
        chosen.add(k + 1);
      }
    });
    for (const command of [...chosen].sort((a, b) => a - b)) points.push({ sync: i + 1, command, of: labels.length });
  });
  return points;
}
