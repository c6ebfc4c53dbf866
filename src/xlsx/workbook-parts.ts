import { isDateFormatCode } from '../core/numfmt';
import { attr, decodeXml, richText } from './xml-text';

/**
 * The workbook's own parts, read as text: relationships (which part is where), shared strings,
 * the styles that show dates, and the list of sheets in workbook.xml.
 */

function resolvePath(baseDir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (baseDir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Relationship id → the part it targets (external targets left out). */
export function relationshipMap(xml: string, baseDir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\s([^>]*?)\/?>/g)) {
    const id = attr(m[1]!, 'Id');
    const target = attr(m[1]!, 'Target');
    if (id && target && attr(m[1]!, 'TargetMode') !== 'External') map.set(id, resolvePath(baseDir, decodeXml(target)));
  }
  return map;
}

/** The parts targeted by relationships of a type. */
export function relTargets(xml: string, baseDir: string, type: RegExp): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\s([^>]*?)\/?>/g)) {
    const t = attr(m[1]!, 'Type');
    const target = attr(m[1]!, 'Target');
    if (t && target && type.test(t)) out.push(resolvePath(baseDir, decodeXml(target)));
  }
  return out;
}

/**
 * The shared strings part, each item decoded when a cell asks for it: a unit file shares every
 * label of the form, and a report needs only its keys and a few values.
 */
export class SharedStrings {
  private readonly bodies: string[] = [];
  private readonly decoded = new Map<number, string>();

  constructor(xml: string) {
    for (const m of xml.matchAll(/<(?:\w+:)?si(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g)) this.bodies.push(m[1] ?? '');
  }

  get(index: number): string | undefined {
    const body = this.bodies[index];
    if (body === undefined) return undefined;
    let text = this.decoded.get(index);
    if (text === undefined) {
      text = richText(body);
      this.decoded.set(index, text);
    }
    return text;
  }
}

// Built-in number formats that are dates or times.
export const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/** Which cell style indexes (the "s" of a cell) show a date. */
export function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\s([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1]!, 'numFmtId'));
    const code = attr(m[1]!, 'formatCode');
    if (Number.isFinite(id) && code !== undefined) custom.set(id, decodeXml(code));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1]!, 'numFmtId') ?? 0);
    const code = custom.get(id);
    out.push(code !== undefined ? isDateFormatCode(code) : BUILTIN_DATE_FORMATS.has(id));
  }
  return out;
}

/** Does the workbook count its dates from 1904 (old Mac Excel)? */
export const isDate1904 = (workbookXml: string): boolean => /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml);

export interface SheetEntry {
  /** the name as written, entities decoded (not clipped) */
  readonly name: string;
  readonly state: 'visible' | 'hidden' | 'veryHidden';
  /** the worksheet part, when its relationship names one */
  readonly path: string | undefined;
}

/** The sheets workbook.xml lists, in order, with the part each one's relationship targets. */
export function sheetList(workbookXml: string, rels: ReadonlyMap<string, string>): SheetEntry[] {
  const out: SheetEntry[] = [];
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
    const attrs = m[1]!;
    const relId = /\s(?:[A-Za-z_][\w.-]*:)id=["']([^"']*)["']/.exec(` ${attrs}`)?.[1];
    const state = attr(attrs, 'state');
    out.push({
      name: decodeXml(attr(attrs, 'name') ?? ''),
      state: state === 'hidden' ? 'hidden' : state === 'veryHidden' ? 'veryHidden' : 'visible',
      path: relId ? rels.get(relId) : undefined,
    });
  }
  return out;
}
