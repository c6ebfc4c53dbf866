import type { RowKind } from './model';
import type { RowInput, TemplateInput } from './template';

/**
 * A draft template from the appendix ("phụ lục") as plans write it in text: the user starts from
 * the draft and corrects it, instead of typing the template's JSON by hand. Pure: no I/O.
 *
 * The grammar, line by line (bullets "-", "+", "*", "•" are taken off first, "**" emphasis too):
 *   "1." "4.1." "4.1" "I." "II-" "a)"     numbered heading → heading row, code = the number
 *                                        (under a Roman section "II.1"; "a)" under 4 is "4.a")
 *   "X:....." "X..... đơn vị"              → count (the word(s) after the blank are its unit)
 *   "X (cuộc): ....."                      → count with unit cuộc
 *   "X:.....%"                             → percent typed by the unit
 *   "Tỷ lệ X:.....%"                       → ratio N with its counts N.a (tử số) and N.b (mẫu số)
 *   "X: .....đơn/.....đơn, đạt.....%"      → counts N.a, N.b and the ratio N (ct37's 4.3.a/4.3.b/4.3)
 *   "X (lượt/lượt người): ....."           → two counts, the second ≥ the first when its unit
 *                                           extends the first's (lượt → lượt người)
 *   "X (Có/Không)"                         → yes/no
 *   "A: X.....; Y....."                    → one row per segment; A is said before each label
 *   "trong đó X:....."                     → count with a rule `le` against its parent (the last
 *                                           count above it, of the same unit when there is one)
 *   "* Cấp tỉnh:" (no blank, ends in ":")  → a group: said before the labels below it
 *   "A<tab>B<tab>C"                        → table header cells, one count each
 * A numbered data line takes its code from its number; an unnumbered one is numbered under the
 * current heading (4.2 → 4.2.1, 4.2.2 …), skipping codes the text gives elsewhere. Lines before
 * the first heading give the title and, from "(Kèm theo …)", the source. What is left is returned
 * with its line number, never dropped.
 */

export interface Uninterpreted {
  /** 1-based, in the text given (plus options.firstLine − 1) */
  readonly line: number;
  readonly text: string;
}

export interface DraftStats {
  /** non-empty lines read */
  readonly lines: number;
  readonly interpreted: number;
  readonly uninterpreted: number;
  readonly rows: number;
  readonly kinds: Partial<Record<RowKind, number>>;
  /** codes the text gave twice, renamed to stay unique */
  readonly renamed: readonly { line: number; from: string; to: string }[];
}

export interface Draft {
  readonly template: TemplateInput;
  readonly uninterpreted: Uninterpreted[];
  readonly stats: DraftStats;
}

export interface DraftOptions {
  id?: string;
  title?: string;
  /** the line number, in the whole file, of the text's first line (default 1) */
  firstLine?: number;
}

export const DEFAULT_DRAFT_TITLE = 'Phụ lục (bản nháp)';
export const DEFAULT_DRAFT_ID = 'ban-nhap';

// A blank to fill in: "....." "…" "____" ". . . ."
const BLANK_SOURCE = '(?:[.…_](?:[ ]?[.…_])+|…)';
const BLANK = new RegExp(BLANK_SOURCE);
const BLANKS = new RegExp(BLANK_SOURCE, 'g');
const HOLE = '\u0001';
const YESNO = /[([]?\s*[☐□]?\s*có\s*[☐□]?\s*\/\s*[☐□]?\s*không\s*[)\]]?/iu;
const TWO_UNITS = /\(\s*([^()/\d]{1,20}?)\s*\/\s*([^()/\d]{1,20}?)\s*\)/u;
const TRONG_DO = /^trong\s+đó\s*[:,]?\s*/iu;
const RATE_LABEL = /^t[ỷỉ]\s+lệ(?=\s|$)/iu;
const APPENDIX_MARK = /^PHỤ\s+LỤC(?:\s+(?:SỐ\s+)?[0-9IVXLC]+[a-z]?)?\s*[:.]?$/iu;

/** Where the appendix starts in a whole plan: the line "PHỤ LỤC", or the whole text. */
export function appendixText(fullPlanText: string): { text: string; firstLine: number; found: boolean } {
  const lines = fullPlanText.split(/\r\n|\r|\n/);
  const at = lines.findIndex((l) => APPENDIX_MARK.test(stripEmphasis(l.normalize('NFC')).trim()));
  if (at < 0) return { text: fullPlanText, firstLine: 1, found: false };
  return { text: lines.slice(at).join('\n'), firstLine: at + 1, found: true };
}

type Numbering = { kind: 'arabic' | 'roman' | 'letter'; value: string };

interface Lexed {
  readonly line: number;
  readonly text: string;
  readonly body: string;
  readonly numbering?: Numbering;
  /** the code the numbering gives, in its context */
  code?: string;
  level?: 1 | 2;
}

const stripEmphasis = (s: string): string => s.replace(/\*+/g, '');

function lex(raw: string, line: number): Lexed {
  let s = raw
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .trim();
  const text = s;
  s = s.replace(/^(?:[-+*•–—●○▪◦·]\s*)+/u, '');
  s = stripEmphasis(s).trim();
  let numbering: Numbering | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,3}(?:\.\d{1,3})+)\.?(?=\s|[^\d\s.])\s*/u.exec(s))) numbering = { kind: 'arabic', value: m[1]! };
  else if ((m = /^(\d{1,3})[.)](?!\d)\s*/u.exec(s))) numbering = { kind: 'arabic', value: m[1]! };
  else if ((m = /^([IVXL]{1,5})\s*[.)\-–]\s+/u.exec(s))) numbering = { kind: 'roman', value: m[1]! };
  else if ((m = /^([a-zđ])[).]\s+/u.exec(s))) numbering = { kind: 'letter', value: m[1] === 'đ' ? 'dd' : m[1]! };
  const body = (m && numbering ? s.slice(m[0].length) : s).trim();
  return numbering ? { line, text, body, numbering } : { line, text, body };
}

/** Codes and levels of numbered lines, in their context (Roman section, arabic parent). */
function number(lines: Lexed[]): void {
  let roman: string | undefined;
  let arabic: string | undefined;
  for (const l of lines) {
    const n = l.numbering;
    if (!n) continue;
    if (n.kind === 'roman') {
      roman = n.value;
      arabic = undefined;
      l.code = n.value;
      l.level = 1;
    } else if (n.kind === 'arabic') {
      l.code = roman ? `${roman}.${n.value}` : n.value;
      l.level = !roman && !n.value.includes('.') ? 1 : 2;
      arabic = l.code;
    } else {
      const parent = arabic ?? roman;
      l.code = parent ? `${parent}.${n.value}` : n.value;
      l.level = 2;
    }
  }
}

type Parsed =
  | { type: 'count'; label: string; unit?: string }
  | { type: 'counts2'; label: string; units: [string, string] }
  | { type: 'percent'; label: string }
  | { type: 'yesno'; label: string }
  | { type: 'ratio'; label: string; units: [string | undefined, string | undefined]; computed: boolean };

const tidyLabel = (s: string): string =>
  s
    .replace(BLANKS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:;,.\-–—]+|[\s:;,.\-–—?!]+$/gu, '')
    .trim();

const tidyUnit = (s: string | undefined): string | undefined => {
  const u = (s ?? '')
    .replace(/[\s.;,:?!]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return u && u.split(' ').length <= 4 && !/[\d%()/]/.test(u) ? u : undefined;
};

/** One segment: "label: value", the value made of blanks, units, "/", "đạt", "%". */
function parseSegment(segment: string): { parsed: Parsed; prefix?: string } | undefined {
  const seg = segment.trim();
  const yn = YESNO.exec(seg);
  if (yn && /\S/.test(seg.slice(0, yn.index))) {
    const rest = `${seg.slice(0, yn.index)} ${seg.slice(yn.index + yn[0].length)}`;
    if (!/[\p{L}\d]/u.test(seg.slice(yn.index + yn[0].length).replace(BLANKS, ''))) return { parsed: { type: 'yesno', label: tidyLabel(rest) } };
  }
  const first = BLANK.exec(seg);
  if (!first) return undefined;
  let head = seg.slice(0, first.index);
  let value = seg.slice(first.index);
  const colon = head.lastIndexOf(':');
  // "khiếu nại:đơn/.....đơn": what follows the colon is part of the value (a unit, a "/")
  if (colon >= 0 && /^\s*(?:[^\s()/:]{1,20}\s*\/)?\s*$/u.test(head.slice(colon + 1))) {
    value = head.slice(colon + 1) + value;
    head = head.slice(0, colon);
  }
  let prefix: string | undefined;
  const inner = head.lastIndexOf(':');
  if (inner >= 0) {
    prefix = tidyLabel(head.slice(0, inner)) || undefined;
    head = head.slice(inner + 1);
  }
  const v = value
    .replace(BLANKS, HOLE)
    .replace(/[\s;,?!:.]+$/u, '')
    .trim();
  const label = tidyLabel(head);
  const H = HOLE;
  let m: RegExpExecArray | null;
  const done = (parsed: Parsed) => (prefix ? { parsed, prefix } : { parsed });
  if (new RegExp(`^${H}\\s*%$`, 'u').test(v)) {
    return done(RATE_LABEL.test(label) ? { type: 'ratio', label, units: [undefined, undefined], computed: true } : { type: 'percent', label });
  }
  if ((m = new RegExp(`^${H}\\s*([^${H}\\d%/()]{0,40})$`, 'u').exec(v))) {
    const two = TWO_UNITS.exec(label);
    if (two && !m[1]!.trim()) {
      const units: [string, string] = [tidyUnit(two[1]) ?? two[1]!.trim(), tidyUnit(two[2]) ?? two[2]!.trim()];
      return done({ type: 'counts2', label: tidyLabel(label.replace(TWO_UNITS, ' ')), units });
    }
    let unit = tidyUnit(m[1]);
    let text = label;
    const paren = /\(([^()]{1,30})\)$/u.exec(label);
    if (!unit && paren && tidyUnit(paren[1]) && paren[1]!.trim().split(/\s+/).length <= 3) {
      unit = tidyUnit(paren[1]);
      text = tidyLabel(label.slice(0, paren.index));
    }
    if (m[1]!.trim() && !unit) return undefined;
    return done(unit ? { type: 'count', label: text, unit } : { type: 'count', label: text });
  }
  m = new RegExp(
    `^(${H})?\\s*([^${H}\\d%/]*?)\\s*/\\s*${H}\\s*([^${H}\\d%/,;]*?)\\s*(?:[,;]?\\s*(?:đạt|bằng|chiếm|tỷ lệ|tỉ lệ|=)?\\s*${H}\\s*(%))?$`,
    'iu',
  ).exec(v);
  if (m && (m[1] || m[2]!.trim())) {
    return done({ type: 'ratio', label, units: [tidyUnit(m[2]) ?? tidyUnit(m[3]), tidyUnit(m[3]) ?? tidyUnit(m[2])], computed: m[4] !== undefined });
  }
  return undefined;
}

const nonEmpty = (label: string, code: string): string => label || `Chỉ tiêu ${code}`;

/** Draft a template from an appendix's text. Pure; the result passes templateSchema when it has rows. */
export function draftTemplate(text: string, options: DraftOptions = {}): Draft {
  const offset = (options.firstLine ?? 1) - 1;
  const lines = text.split(/\r\n|\r|\n/).map((raw, i) => lex(raw, i + 1 + offset));
  number(lines);
  const explicit = new Set(lines.flatMap((l) => (l.code ? [l.code] : [])));
  const used = new Set<string>();
  const rows: RowInput[] = [];
  const uninterpreted: Uninterpreted[] = [];
  const renamed: { line: number; from: string; to: string }[] = [];
  const counters = new Map<string, number>();

  let heading: string | undefined;
  let group: string | undefined;
  /** counts above that a "trong đó" can belong to, latest last (reset at each heading) */
  let parents: { code: string; unit?: string }[] = [];
  let started = false;
  const titleLines: string[] = [];
  let titleClosed = false;
  let source: string[] | undefined;
  let sourceOpen = false;
  let nonEmptyLines = 0;

  const unique = (code: string, line: number): string => {
    let c = code;
    for (let k = 2; used.has(c); k++) c = `${code}-${k}`;
    if (c !== code) renamed.push({ line, from: code, to: c });
    used.add(c);
    return c;
  };
  /** the next free code under the current heading */
  const nextCode = (): string => {
    const key = heading ?? '';
    let n = counters.get(key) ?? 0;
    let c: string;
    do {
      n += 1;
      c = heading ? `${heading}.${n}` : String(n);
    } while (explicit.has(c) || used.has(c));
    counters.set(key, n);
    return c;
  };
  const labelled = (...parts: (string | undefined)[]): string => parts.filter((p) => p && p.trim()).join(' — ');

  /** Rows of one parsed segment at `code`; `fresh` gives further codes when one is not enough. */
  const emit = (p: Parsed, code: string, fresh: () => string, line: number, sub: boolean, prefix: string | undefined): void => {
    const label = (l: string): string => labelled(group, prefix, sub ? (l ? `Trong đó: ${l}` : 'Trong đó') : l);
    const parentFor = (unit: string | undefined): string | undefined =>
      (unit ? [...parents].reverse().find((q) => q.unit === unit) : undefined)?.code ?? parents[parents.length - 1]?.code;
    const count = (c: string, l: string, unit: string | undefined, extra: Partial<RowInput> = {}): RowInput => {
      const row: RowInput = { code: c, kind: 'count', label: { vi: nonEmpty(l, c) } };
      if (unit) row.unit = { vi: unit };
      const rules: NonNullable<RowInput['rules']> = [...(extra.rules ?? [])];
      if (sub) {
        const parent = parentFor(unit);
        if (parent) rules.push({ type: 'le', other: parent });
      }
      if (rules.length) row.rules = rules;
      return row;
    };
    const add = (row: RowInput, asParent: boolean, unit?: string): void => {
      rows.push(row);
      if (asParent && !sub) parents.push(unit ? { code: row.code, unit } : { code: row.code });
    };
    switch (p.type) {
      case 'count': {
        const c = unique(code, line);
        add(count(c, label(p.label), p.unit), true, p.unit);
        break;
      }
      case 'counts2': {
        const a = unique(code, line);
        const b = unique(fresh(), line);
        const [ua, ub] = p.units;
        const rules = ub.startsWith(`${ua} `) ? [{ type: 'ge' as const, other: a }] : [];
        const rowA = count(a, `${label(p.label)}: số ${ua}`, ua);
        const rowB = count(b, `${label(p.label)}: số ${ub}`, ub, { rules });
        add(rowA, true, ua);
        add(rowB, true, ub);
        break;
      }
      case 'percent': {
        const c = unique(code, line);
        add({ code: c, kind: 'percent', label: { vi: nonEmpty(label(p.label), c) }, unit: { vi: '%' } }, false);
        break;
      }
      case 'yesno': {
        const c = unique(code, line);
        add({ code: c, kind: 'yesno', label: { vi: nonEmpty(label(p.label), c) }, unit: { vi: 'có/không' } }, false);
        break;
      }
      case 'ratio': {
        const numerator = unique(`${code}.a`, line);
        const denominator = unique(`${code}.b`, line);
        const l = nonEmpty(label(p.label), code);
        const [un, ud] = p.units;
        const rowN = count(numerator, `${l} — tử số`, un, { rules: [{ type: 'le', other: denominator }] });
        const rowD = count(denominator, `${l} — mẫu số`, ud);
        add(rowN, false);
        add(rowD, true, ud);
        if (p.computed) {
          const c = unique(code, line);
          rows.push({ code: c, kind: 'ratio', label: { vi: l }, unit: { vi: '%' }, ratio: { numerator, denominator } });
        }
        break;
      }
    }
  };

  /** The segments of a line that could not be read: the whole line when none could. */
  const report = (l: Lexed, result: { failed: string[]; read: number }): void => {
    if (!result.failed.length) return;
    if (!result.read) uninterpreted.push({ line: l.line, text: l.text });
    else for (const f of result.failed) uninterpreted.push({ line: l.line, text: f });
  };

  /** A line with blanks: one segment per ";". */
  const dataLine = (l: Lexed, body: string, code: string | undefined): { failed: string[]; read: number } => {
    const failed: string[] = [];
    let prefix: string | undefined;
    let k = 0;
    const segments = body
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s && /[\p{L}\d…_]|\.\./u.test(s));
    for (const segment of segments) {
      const sub = TRONG_DO.test(segment);
      const rest = sub ? segment.replace(TRONG_DO, '') : segment;
      const got = parseSegment(rest);
      if (!got) {
        failed.push(segment);
        continue;
      }
      if (got.prefix !== undefined) prefix = got.prefix;
      let fresh: () => string;
      let at: string;
      if (code) {
        let j = 0;
        const base = k === 0 ? code : `${code}.${k}`;
        at = base;
        fresh = () => `${base}.${++j}`;
        if (got.parsed.type === 'counts2') {
          at = `${base}.1`;
          j = 1;
        }
      } else {
        at = nextCode();
        fresh = nextCode;
      }
      emit(got.parsed, at, fresh, l.line, sub, sub ? undefined : prefix);
      k += 1;
    }
    return { failed, read: k };
  };

  for (const l of lines) {
    if (!l.text) {
      if (titleLines.length) titleClosed = true;
      continue;
    }
    nonEmptyLines += 1;
    const body = l.body;
    if (APPENDIX_MARK.test(body)) continue;
    const hasBlank = BLANK.test(body) || YESNO.test(body);

    if (!started && !l.numbering && !hasBlank) {
      if (sourceOpen || /^\(?\s*(?:ban\s+hành\s+)?kèm\s+theo\b/iu.test(body)) {
        (source ??= []).push(body);
        sourceOpen = !body.includes(')');
        continue;
      }
      if (!titleClosed && !source) {
        titleLines.push(body);
        continue;
      }
    }

    if (l.numbering && l.code) {
      started = true;
      group = undefined;
      const headingText = body.replace(/[\s:.]+$/u, '');
      if (!hasBlank) {
        const code = unique(l.code, l.line);
        rows.push({ code, kind: 'heading', label: { vi: nonEmpty(tidyLabel(headingText), code) }, level: l.level ?? 2 });
        heading = code;
        group = undefined;
        parents = [];
        continue;
      }
      report(l, dataLine(l, body, l.code));
      continue;
    }

    if (hasBlank) {
      started = true;
      report(l, dataLine(l, body, undefined));
      continue;
    }

    const cells = body
      .split('\t')
      .map((c) => tidyLabel(c))
      .filter(Boolean);
    if (cells.length >= 2) {
      started = true;
      for (const cell of cells) emit({ type: 'count', label: cell }, nextCode(), nextCode, l.line, false, undefined);
      continue;
    }

    if (/:\s*$/.test(body) && body.length <= 120) {
      started = true;
      group = tidyLabel(body) || undefined;
      continue;
    }

    uninterpreted.push({ line: l.line, text: l.text });
  }

  const found = options.title?.trim() || tidyLabel(titleLines.join(' '));
  const title = found || DEFAULT_DRAFT_TITLE;
  const template: TemplateInput = {
    id: options.id ?? (slug(found) || DEFAULT_DRAFT_ID),
    version: 1,
    title: { vi: title },
    ...(source ? { source: { vi: tidyLabel(source.join(' ').replace(/^\(|\)$/g, '')) } } : {}),
    rows,
  };
  const kinds: Partial<Record<RowKind, number>> = {};
  for (const r of rows) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  return {
    template,
    uninterpreted,
    stats: {
      lines: nonEmptyLines,
      interpreted: nonEmptyLines - new Set(uninterpreted.map((u) => u.line)).size,
      uninterpreted: uninterpreted.length,
      rows: rows.length,
      kinds,
      renamed,
    },
  };
}

/** "Kết quả thực hiện Chỉ thị 37" → "ket-qua-thuc-hien-chi-thi-37" (at most six words). */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 6)
    .join('-');
}

export interface DraftScore {
  readonly right: number;
  readonly total: number;
  /** the reference's rows the draft does not get right, and what the draft has at that code */
  readonly wrong: readonly { code: string; expected: string; got: string }[];
}

/**
 * How much of a reference template a draft gets right: a reference row is right when the draft
 * has a row with the same code, the same kind and, for a ratio, the same numerator and denominator.
 */
export function scoreDraft(
  draft: { rows: readonly Pick<RowInput, 'code' | 'kind' | 'ratio'>[] },
  reference: { rows: readonly Pick<RowInput, 'code' | 'kind' | 'ratio'>[] },
): DraftScore {
  const byCode = new Map(draft.rows.map((r) => [r.code, r]));
  const describe = (r: Pick<RowInput, 'kind' | 'ratio'> | undefined): string =>
    !r ? '—' : r.kind === 'ratio' ? `ratio ${r.ratio?.numerator}/${r.ratio?.denominator}` : r.kind;
  const wrong: { code: string; expected: string; got: string }[] = [];
  let right = 0;
  for (const want of reference.rows) {
    const got = byCode.get(want.code);
    const ok =
      got !== undefined &&
      got.kind === want.kind &&
      (want.kind !== 'ratio' || (got.ratio?.numerator === want.ratio?.numerator && got.ratio?.denominator === want.ratio?.denominator));
    if (ok) right += 1;
    else wrong.push({ code: want.code, expected: describe(want), got: describe(got) });
  }
  return { right, total: reference.rows.length, wrong };
}
