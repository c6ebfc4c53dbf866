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
