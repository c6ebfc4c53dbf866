/**
 * The units the browser tests feed the task pane, and the figures they expect back, computed here
 * from the units' own figures (never by the project's consolidation code). Shared by the tests
 * (Node) and the fake Office host bundled for the page (test/browser/fake-office.ts).
 */
import { builtInRegistry } from '../../src/core/builtins';
import type { Template } from '../../src/core/template';
import { unitRows, type Figure } from '../helpers/units';

export const ct37: Template = builtInRegistry().get('ct37', 1)!;

export interface UnitFixture {
  /** the sheet's name (in a file or in the fake workbook) */
  readonly sheet: string;
  readonly meta: { unit: string; unitCode: string; from: string; to: string };
  readonly figures: Record<string, Figure>;
}

const period = { from: ct37.defaultPeriod!.from, to: ct37.defaultPeriod!.to };

/** File mode: three units' files to consolidate (blank = not reported, x = không áp dụng). */
export const FILE_UNITS: readonly UnitFixture[] = [
  {
    sheet: 'PL AH',
    meta: { unit: 'Xã An Hải', unitCode: 'AH', ...period },
    figures: { '2.1': 3, '2.2': 12, '4.3.a': 400, '4.3.b': 450, '4.4.a': 7, '4.4.b': 9 },
  },
  {
    sheet: 'PL BM',
    meta: { unit: 'Xã Bình Minh', unitCode: 'BM', ...period },
    figures: { '2.1': 2, '2.2': 9, '4.3.a': 350, '4.3.b': 400, '4.4.a': 'x', '4.4.b': 'x' },
  },
  {
    sheet: 'PL CN',
    meta: { unit: 'Xã Cà Ná', unitCode: 'CN', ...period },
    figures: { '2.1': 0, '2.2': null, '4.3.a': 450, '4.3.b': 450, '4.4.a': 4, '4.4.b': 4 },
  },
];

/** File mode, "Kiểm tra": one unit whose complaints resolved (4.3.a) exceed those received (4.3.b). */
export const WRONG_UNIT: UnitFixture = {
  sheet: 'PL TH',
  meta: { unit: 'Xã Tri Hải', unitCode: 'TH', ...period },
  figures: { '2.1': 1, '4.3.a': 140, '4.3.b': 130 },
};

/** Excel mode: the two appendix sheets already in the workbook; the second has 4.3.a > 4.3.b. */
export const EXCEL_UNITS: readonly UnitFixture[] = [
  { sheet: 'PL X001', meta: { unit: 'Xã số 1', unitCode: 'X001', ...period }, figures: { '2.1': 4, '2.2': 10, '4.3.a': 30, '4.3.b': 40 } },
  { sheet: 'PL X002', meta: { unit: 'Xã số 2', unitCode: 'X002', ...period }, figures: { '2.1': 6, '2.2': 'x', '4.3.a': 140, '4.3.b': 130 } },
];
/** What the user types over the wrong figure before consolidating in Excel mode. */
export const EXCEL_FIX = { sheet: 'PL X002', code: '4.3.a', value: 120 } as const;

/** A unit's sheet rows as test/helpers/units.ts lays them out (another program's file). */
export const rowsOf = (u: UnitFixture) => unitRows(ct37, u.meta, u.figures);

/** The 1-based row of an indicator in rowsOf's layout: eight header rows, then the template's rows. */
export function rowOfCode(code: string): number {
  const index = ct37.rows.findIndex((r) => r.code === code);
  if (index < 0) throw new Error(`no row ${code} in ct37`);
  return 8 + index + 1;
}

/** The sum of the units that reported a number (blank and x are not added), and how many did. */
export function expectedSum(units: readonly UnitFixture[], code: string): { sum: number; reported: number } {
  let sum = 0;
  let reported = 0;
  for (const u of units) {
    const f = u.figures[code];
    if (typeof f === 'number') {
      sum += f;
      reported++;
    }
  }
  return { sum, reported };
}

/** Vietnamese number style, written here independently: 1200 → "1.200", 92.3077 → "92,31". */
export function viNumber(value: number, decimals = 2): string {
  const rounded = Math.round(value * 10 ** decimals) / 10 ** decimals;
  const [whole, fraction = ''] = Math.abs(rounded).toFixed(decimals).split('.') as [string, string?];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${rounded < 0 ? '-' : ''}${grouped}${trimmed ? `,${trimmed}` : ''}`;
}

export const labelOf = (code: string): string => ct37.rows.find((r) => r.code === code)!.label.vi;
