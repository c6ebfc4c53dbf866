import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import type { ReportMeta } from '../core/report';
import { COL, type LayoutCell, type SheetData, type SheetLayout } from '../sheet/grid';
import { safeSheetName } from '../sheet/layout';
import { keyText } from '../sheet/read';
import { TEXT_FORMAT } from './write-sheet';

/**
 * How the add-in knows the sheets it wrote (the summary and its breakdown, "Kiểm tra", "Đơn vị",
 * "Biểu đồ", the report), so that running the action again rewrites them and nothing else: marker
 * rows under the sheet's content, in the layout's own terms (key in column A, value in column D, so
 * every reader reads them like the metadata rows and ignores them as data):
 *
 *   @generatedBy   phuluc
 *   @generatedAs   summary | breakdown | problems | units | charts | narrative
 *   @generatedFor  the consolidating body (code:… or name:…; empty for the report)
 *   @generatedRun  which run wrote it (tells a finished rewrite from an untouched sheet after a failure)
 *
 * A sheet is rewritten only when it carries the markers for the same part and the same body, and
 * has the very name being written: a user's sheet of that name has no markers and is never
 * touched (the new sheet takes "Tổng hợp (2)"); a copy the user made of an earlier summary has
 * another name and is kept; a district's summary pasted into the province's workbook has another
 * body, so it is read as an input and never rewritten. A summary of the same body is never read as
 * an input of its own consolidation.
 */
export const MARKER_KEYS = { by: '@generatedBy', as: '@generatedAs', for: '@generatedFor', run: '@generatedRun' } as const;
export const MARKER_VALUE = 'phuluc';

export type GeneratedRole = 'summary' | 'breakdown' | 'problems' | 'units' | 'charts' | 'narrative';
/** The sheets a consolidation writes, in this order. */
export const CONSOLIDATION_ROLES: readonly GeneratedRole[] = ['summary', 'breakdown', 'problems', 'units', 'charts'];
const ROLES: readonly GeneratedRole[] = [...CONSOLIDATION_ROLES, 'narrative'];

export interface GeneratedMarker {
  readonly role: GeneratedRole;
  readonly body: string;
}

const normalize = (text: string): string => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');

/** Who consolidates: by code, else by name (as units are told apart, src/core/consolidate unitKey). */
export function bodyKeyOf(meta: ReportMeta): string {
  if (meta.unitCode?.trim()) return `code:${normalize(meta.unitCode)}`;
  if (meta.unit?.trim()) return `name:${normalize(meta.unit)}`;
  return '';
}

/** The layout with the marker rows added under it, after one blank row; the print area stays as it was. */
export function withMarker(layout: SheetLayout, marker: GeneratedMarker, run: string, lang: Lang): SheetLayout {
  const key = (value: string): LayoutCell => ({ value, style: 'key' });
  const text = (value: string): LayoutCell => ({ value, style: 'key', numFmt: TEXT_FORMAT });
  const row = (name: string, value: string, label?: string): (LayoutCell | undefined)[] => {
    const cells: (LayoutCell | undefined)[] = [key(name), label ? key(label) : undefined, undefined, text(value)];
    return cells;
  };
  return {
    ...layout,
    rows: [
      ...layout.rows,
      [],
      row(MARKER_KEYS.by, MARKER_VALUE, UI[lang].generatedBy),
      row(MARKER_KEYS.as, marker.role),
      row(MARKER_KEYS.for, marker.body),
      row(MARKER_KEYS.run, run),
    ],
  };
}

/** The 0-based row of the @generatedRun marker in a layout made by withMarker: its last row. */
export const runMarkerRow = (marked: SheetLayout): number => marked.rows.length - 1;

const MARKER_KEY_SET: ReadonlySet<string> = new Set(Object.values(MARKER_KEYS));

/**
 * The markers a sheet carries, if it is one the add-in wrote. The same markers twice are still
 * the add-in's sheet (mid-rewrite, the new rows are in before the old ones are cleared); markers
 * that disagree are not: such a sheet is no longer one the add-in wrote as it is.
 */
export function markerOf(sheet: SheetData): GeneratedMarker | undefined {
  const found = new Map<string, string>();
  for (const row of sheet.rows) {
    const key = keyText(row?.[COL.key]);
    if (key === undefined || !MARKER_KEY_SET.has(key)) continue;
    const value = keyText(row?.[COL.value]) ?? '';
    if (key === MARKER_KEYS.run) continue; // differs between runs by design
    if (found.has(key) && found.get(key) !== value) return undefined;
    found.set(key, value);
  }
  const role = found.get(MARKER_KEYS.as);
  if (found.get(MARKER_KEYS.by) !== MARKER_VALUE || !ROLES.includes(role as GeneratedRole)) return undefined;
  return { role: role as GeneratedRole, body: found.get(MARKER_KEYS.for) ?? '' };
}

/** "Tổng hợp", "Tổng hợp (2)", "Tổng hợp (3)"… each within Excel's 31 characters. */
export function nameCandidate(base: string, index: number): string {
  const name = safeSheetName(base);
  if (index <= 1) return name;
  const suffix = ` (${index})`;
  return `${name.slice(0, 31 - suffix.length).trimEnd()}${suffix}`;
}

/** Excel compares sheet names without regard to case. */
export const sameName = (a: string, b: string): boolean => a.toLocaleLowerCase('vi') === b.toLocaleLowerCase('vi');

/** The first name of the sequence that no sheet has (`taken` in any case). */
export function freeName(base: string, taken: readonly string[]): string {
  for (let i = 1; ; i++) {
    const name = nameCandidate(base, i);
    if (!taken.some((t) => sameName(t, name))) return name;
  }
}

/** Could this sheet have one of the names the add-in would write for these bases? (Only those are read for markers.) */
export function isNameCandidate(name: string, bases: readonly string[]): boolean {
  const index = Number(/ \((\d+)\)$/.exec(name)?.[1] ?? 1);
  return bases.some((base) => sameName(nameCandidate(base, index), name));
}
