import type { RawCell } from '../core/values';
import { decodeOoxml, decodeXml, richText } from './xml-text';
import type { SharedStrings } from './workbook-parts';

/**
 * Cell decoding: the body of one <c> element (its formula, value or inline string) and its type
 * and style → a RawCell. Dates are told by the cell's style or its "d" type.
 */

/** The patterns inside a cell, per namespace prefix (almost always none, sometimes "x:"). */
interface CellPatterns {
  readonly f: RegExp;
  readonly is: RegExp;
  readonly v: RegExp;
}
const cellPatterns = new Map<string, CellPatterns>();
function patternsFor(p: string): CellPatterns {
  let found = cellPatterns.get(p);
  if (!found) {
    found = {
      f: new RegExp(`<${p}f(?:\\s[^>]*)?(?:\\/>|>([\\s\\S]*?)<\\/${p}f>)`),
      is: new RegExp(`<${p}is(?:\\s[^>]*)?>([\\s\\S]*?)<\\/${p}is>`),
      v: new RegExp(`<${p}v(?:\\s[^>]*)?>([\\s\\S]*?)<\\/${p}v>`),
    };
    cellPatterns.set(p, found);
  }
  return found;
}

export function readCell(
  body: string,
  p: string,
  type: string | undefined,
  style: number,
  shared: SharedStrings,
  dateStyles: readonly boolean[],
): RawCell | undefined {
  const patterns = patternsFor(p);
  const f = body.includes(`<${p}f`) ? patterns.f.exec(body) : null;
  const rawValue = (): string | undefined => {
    // <v>…</v> without attributes is how every writer seen writes it; anything else takes the regex.
    const open = `<${p}v>`;
    const at = body.indexOf(open);
    if (at >= 0) {
      const end = body.indexOf(`</${p}v>`, at);
      if (end >= 0) return body.slice(at + open.length, end);
    }
    return patterns.v.exec(body)?.[1];
  };
  const formula = f ? decodeXml(f[1] ?? '') : undefined;
  const withFormula = (cell: RawCell): RawCell => (formula === undefined ? cell : { ...cell, formula });
  if (type === 'inlineStr') {
    const is = patterns.is.exec(body);
    return withFormula({ value: is ? richText(is[1]!) : '' });
  }
  const raw = rawValue();
  if (raw === undefined) return formula === undefined ? undefined : { value: null, formula, uncomputed: true };
  switch (type) {
    case 's': {
      const s = shared.get(Number(raw));
      return withFormula({ value: s ?? '' });
    }
    case 'str':
      return withFormula({ value: decodeOoxml(raw) });
    case 'b':
      return withFormula({ value: raw.trim() === '1' || raw.trim() === 'true' });
    case 'e':
      return withFormula({ value: decodeXml(raw).trim(), type: 'error' });
    case 'd': {
      const ms = Date.parse(decodeXml(raw).trim());
      if (Number.isNaN(ms)) return withFormula({ value: decodeXml(raw) });
      return withFormula({ value: ms / 86400000 + 25569, type: 'date' });
    }
    default: {
      const n = Number(raw.trim());
      if (raw.trim() === '' || Number.isNaN(n)) return withFormula({ value: decodeXml(raw) });
      return withFormula(dateStyles[style] ? { value: n, type: 'date' } : { value: n });
    }
  }
}
