import { isBuiltIn } from '../core/builtins';
import { templateJson, templateKey, type Template } from '../core/model';
import type { SheetData, SheetLayout } from './grid';

/**
 * A template that is not built in travels inside the workbooks made from it: its JSON in column A
 * of a very hidden sheet, under the key row `@templateJson | id@version`, so that anyone can check
 * or consolidate such a file without the JSON at hand. Read back, it is validated by the same
 * schema as a `--template-file` (the caller brings the schema: it is loaded only when needed).
 */
export const CARRIER_KEY = '@templateJson';
export const CARRIER_SHEET = '_phuluc_mau';
/** Excel refuses a cell of more than 32,767 characters: the JSON is cut into pieces below that. */
const PIECE = 30_000;
/** A template of a few hundred rows is tens of KB; beyond this it is not read (a hostile file). */
export const MAX_CARRIED_CHARS = 1_000_000;

/** The very hidden sheet that carries a template: the key row, then the JSON in pieces. */
export function layoutCarrier(template: Template, json: string): SheetLayout {
  const rows = [[{ value: CARRIER_KEY }, { value: templateKey(template) }]];
  for (let at = 0; at < json.length; at += PIECE) rows.push([{ value: json.slice(at, at + PIECE) }]);
  return {
    name: CARRIER_SHEET,
    columns: [{ width: 20 }, { width: 20 }],
    rows,
    freezeRows: 0,
    headerRow: 0,
    merges: [],
    printArea: 'A1:B1',
    rowHeights: new Map(),
    rowOf: new Map(),
    hidden: 'veryHidden',
  };
}

/** A template carried by a sheet, as found: its JSON text (the id@version beside the key is for people; the JSON says it). */
export interface CarriedTemplate {
  readonly sheet: string;
  readonly json: string;
  /** the pieces add up to more than MAX_CARRIED_CHARS */
  readonly tooLarge: boolean;
}

/** The carrier sheets of a workbook, found by their key row (whatever the sheet is called). */
export function findCarriedTemplates(sheets: readonly SheetData[]): CarriedTemplate[] {
  const out: CarriedTemplate[] = [];
  for (const sheet of sheets) {
    const first = sheet.rows[0];
    if (first?.[0]?.value !== CARRIER_KEY) continue;
    let json = '';
    let tooLarge = false;
    for (let r = 1; r < sheet.rows.length; r++) {
      const piece = sheet.rows[r]?.[0]?.value;
      if (typeof piece !== 'string') break;
      if (json.length + piece.length > MAX_CARRIED_CHARS) {
        tooLarge = true;
        break;
      }
      json += piece;
    }
    out.push({ sheet: sheet.name, json, tooLarge });
  }
  return out;
}

/** The sheet that carries a template, or none for a built-in one (every reader knows those). */
export function carrierFor(template: Template): SheetLayout | undefined {
  return isBuiltIn(template) ? undefined : layoutCarrier(template, templateJson(template));
}

/** A unit's sheets, with the template carried along when it is not one of the built-in ones. */
export function withCarrier(sheets: readonly SheetLayout[], template: Template): SheetLayout[] {
  const carrier = carrierFor(template);
  return carrier ? [...sheets, carrier] : [...sheets];
}
