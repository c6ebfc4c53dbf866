import { defineTemplate, templateSchema, ROW_KINDS, AGGREGATIONS } from './template';
import type { TemplateDefiner } from './model';
import { templateMessage, templatePlace } from './i18n/template-messages';

/**
 * A user's template checked whole: every problem of the schema and of its logic, each with the
 * JSON path it is at ("rows[12].ratio.denominator"), a rule and its parameters. The words are not
 * here: src/core/i18n/template-messages.ts says each rule in Vietnamese and English, so that the
 * command line, the authoring sheet and any later host say the same thing. zod's English is kept
 * only as the parameter of the fallback rule `schema`.
 */

export type TemplateIssueParam = string | number;
export interface TemplateIssue {
  /** rows[12].ratio.denominator; "" is the whole file */
  readonly path: string;
  readonly rule: TemplateIssueRule;
  readonly params: Readonly<Record<string, TemplateIssueParam>>;
}

export type TemplateIssueRule =
  | 'json.parse'
  | 'type'
  | 'missing'
  | 'kind.unknown'
  | 'aggregation.unknown'
  | 'enum'
  | 'level.heading'
  | 'level.section'
  | 'rule.type'
  | 'text.empty'
  | 'rows.empty'
  | 'list.empty'
  | 'version.invalid'
  | 'number.tooSmall'
  | 'keys.unknown'
  | 'id.format'
  | 'code.format'
  | 'date.format'
  | 'format'
  | 'code.duplicate'
  | 'ref.unknown'
  | 'ref.kind'
  | 'ratio.missing'
  | 'ratio.notRatio'
  | 'heading.extra'
  | 'min.aboveMax'
  | 'rules.notNumeric'
  | 'sentence.unknownCode'
  | 'sentence.brackets'
  | 'period.order'
  | 'sum.cycle'
  | 'schema';

type Segment = string | number;

/** ['rows', 12, 'ratio', 'denominator'] → "rows[12].ratio.denominator". */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** "rows[12].ratio.denominator" → ['rows', 12, 'ratio', 'denominator']. */
export function parsePath(text: string): Segment[] {
  const out: Segment[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** The JSON text of a template: parsed, or the one issue of where it does not parse (line and column, from 1). */
export function parseTemplateText(text: string): { ok: true; value: unknown } | { ok: false; issue: TemplateIssue } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    const detail = (e as Error).message;
    let line: number;
    let column: number;
    const lc = /line (\d+) column (\d+)/.exec(detail);
    if (lc) {
      line = Number(lc[1]);
      column = Number(lc[2]);
    } else {
      const pos = /position (\d+)/.exec(detail);
      const at = pos ? Number(pos[1]) : body.length;
      const before = body.slice(0, at).split(/\r\n|\r|\n/);
      line = before.length;
      column = before[before.length - 1]!.length + 1;
    }
    return { ok: false, issue: { path: '', rule: 'json.parse', params: { line, column, detail } } };
  }
}

/** Every problem of a template given as JSON text: a parse error, or what checkTemplate finds. */
export function checkTemplateText(text: string): TemplateIssue[] {
  const parsed = parseTemplateText(text);
  return parsed.ok ? checkTemplate(parsed.value) : [parsed.issue];
}

const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  template: ['id', 'version', 'title', 'source', 'defaultPeriod', 'rows', 'report'],
  row: ['code', 'kind', 'label', 'unit', 'level', 'aggregation', 'min', 'max', 'required', 'ratio', 'rules'],
  localized: ['vi', 'en'],
  period: ['from', 'to'],
  ratio: ['numerator', 'denominator', 'mayExceed100'],
  report: ['subject', 'sections'],
  section: ['heading', 'level', 'sentences'],
  sentence: ['text', 'noData'],
  le: ['type', 'other', 'severity'],
  ge: ['type', 'other', 'severity'],
  sum: ['type', 'parts', 'severity'],
  zeroWhenNo: ['type', 'when', 'severity'],
};

/** Every problem of a template, in the order of the file: none when defineTemplate accepts it and it has no cycle of sums. */
export function checkTemplate(input: unknown): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const parsed = templateSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(fromZod(issue, input));
    // zod runs the schema's cross-row refinement only on a template without other faults: the
    // references are checked here too, on whatever is well-formed, so one fault does not hide them
    if (!parsed.error.issues.some((i) => i.code === 'custom')) issues.push(...crossReferences(input));
  }
  issues.push(...unknownKeys(input));
  issues.push(...sumCycles(input));
  // one message per place and rule; in the order of the paths as they appear in the file
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}|${i.rule}|${JSON.stringify(i.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: string;
  readonly origin?: string;
  readonly format?: string;
  readonly minimum?: number | bigint;
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly note?: string;
}

const at = (input: unknown, path: readonly PropertyKey[]): unknown => {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
};

/** A value as a message quotes it: short, and its JSON type when not a scalar. */
function shown(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v.length > 60 ? `${v.slice(0, 57)}…` : v;
  const json = JSON.stringify(v) ?? typeof v;
  return json.length > 60 ? `${json.slice(0, 57)}…` : json;
}

/** The JSON type of a value, by the names the messages translate. */
export function jsonType(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'number';
  return typeof v;
}

function fromZod(issue: ZodIssueLike, input: unknown): TemplateIssue {
  const segs = issue.path.filter((p): p is Segment => typeof p === 'string' || typeof p === 'number');
  const path = pathText(segs);
  const last = segs[segs.length - 1];
  const value = at(input, segs);
  const mk = (rule: TemplateIssueRule, params: Record<string, TemplateIssueParam> = {}): TemplateIssue => ({ path, rule, params });
  const isRow = segs[0] === 'rows' && typeof segs[1] === 'number';
  switch (issue.code) {
    case 'invalid_type': {
      if (last === 'version') return mk('version.invalid', { value: shown(value) });
      if (value === undefined) return mk('missing', { field: String(last ?? '') });
      return mk('type', { expected: issue.expected ?? '?', received: jsonType(value), value: shown(value) });
    }
    case 'invalid_value':
    case 'invalid_enum_value': {
      const options = (issue.values ?? issue.options ?? []).map(String).join(', ');
      if (isRow && last === 'kind' && segs.length === 3) return mk('kind.unknown', { value: shown(value), options: ROW_KINDS.join(', ') });
      if (isRow && last === 'aggregation') return mk('aggregation.unknown', { value: shown(value), options: AGGREGATIONS.join(', ') });
      return mk('enum', { value: shown(value), options });
    }
    case 'invalid_union': {
      if (issue.note === 'No matching discriminator' || last === 'type') {
        return mk('rule.type', { value: shown(value), options: (issue.options ?? ['le', 'ge', 'sum', 'zeroWhenNo']).map(String).join(', ') });
      }
      if (last === 'level') return segs[0] === 'report' ? mk('level.section', { value: shown(value) }) : mk('level.heading', { value: shown(value) });
      return mk('schema', { message: issue.message });
    }
    case 'too_small': {
      if (last === 'version') return mk('version.invalid', { value: shown(value) });
      if (issue.origin === 'string') return mk('text.empty');
      if (issue.origin === 'array') return last === 'rows' && segs.length === 1 ? mk('rows.empty') : mk('list.empty');
      return mk('number.tooSmall', { minimum: Number(issue.minimum ?? 0), value: shown(value) });
    }
    case 'unrecognized_keys':
      return mk('keys.unknown', { keys: (issue.keys ?? []).join(', ') });
    case 'invalid_format':
    case 'invalid_string': {
      if (path === 'id') return mk('id.format', { value: shown(value) });
      if (segs[0] === 'defaultPeriod') return mk('date.format', { value: shown(value) });
      if (/regex|^a code/.test(`${issue.format ?? ''}`) && /code is letters/.test(issue.message)) return mk('code.format', { value: shown(value) });
      return mk('format', { value: shown(value) });
    }
    case 'custom':
      return fromCustom(issue.message, path, segs);
    default:
      return mk('schema', { message: issue.message });
  }
}

/** The schema's own refinements (src/core/template.ts) are recognised by their English words. */
function fromCustom(message: string, path: string, segs: readonly Segment[]): TemplateIssue {
  const mk = (rule: TemplateIssueRule, params: Record<string, TemplateIssueParam> = {}): TemplateIssue => ({ path, rule, params });
  let m: RegExpExecArray | null;
  if ((m = /^duplicate code (.*)$/.exec(message))) return mk('code.duplicate', { code: m[1]! });
  if ((m = /^unknown row \{(.*)\}$/.exec(message))) return mk('sentence.unknownCode', { code: m[1]! });
  if ((m = /^unknown row (.*)$/.exec(message))) return mk('ref.unknown', { code: m[1]! });
  if ((m = /^row (.*) is (\w+), expected (.*)$/.exec(message))) return mk('ref.kind', { code: m[1]!, kind: m[2]!, expected: m[3]!.split(' or ').join(', ') });
  if (message === 'a ratio row needs numerator and denominator') return mk('ratio.missing');
  if (message === 'only ratio rows have a ratio') return mk('ratio.notRatio');
  if (message === 'a heading has no unit and no rules') return mk('heading.extra');
  if (message === 'min is above max') return mk('min.aboveMax');
  if ((m = /^rules apply to numeric rows, not (\w+)$/.exec(message))) return mk('rules.notNumeric', { kind: m[1]! });
  if (message === 'unbalanced [ ]') return mk('sentence.brackets');
  if (message === 'from is after to' && segs[0] === 'defaultPeriod') return mk('period.order');
  return mk('schema', { message });
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys the schema does not know (zod drops them quietly): most often a misspelt one ("reqired"). */
function unknownKeys(input: unknown): TemplateIssue[] {
  const out: TemplateIssue[] = [];
  const check = (v: unknown, kind: string, path: Segment[]): void => {
    if (!isObject(v)) return;
    const known = KNOWN_KEYS[kind];
    if (!known) return;
    const extra = Object.keys(v).filter((k) => !known.includes(k));
    if (extra.length > 0) out.push({ path: pathText(path), rule: 'keys.unknown', params: { keys: extra.join(', ') } });
  };
  const localized = (v: unknown, path: Segment[]): void => check(v, 'localized', path);
  if (!isObject(input)) return out;
  check(input, 'template', []);
  localized(input.title, ['title']);
  localized(input.source, ['source']);
  check(input.defaultPeriod, 'period', ['defaultPeriod']);
  if (Array.isArray(input.rows)) {
    input.rows.forEach((row, i) => {
      check(row, 'row', ['rows', i]);
      if (!isObject(row)) return;
      localized(row.label, ['rows', i, 'label']);
      localized(row.unit, ['rows', i, 'unit']);
      check(row.ratio, 'ratio', ['rows', i, 'ratio']);
      if (Array.isArray(row.rules)) {
        row.rules.forEach((rule, j) => {
          if (isObject(rule) && typeof rule.type === 'string' && KNOWN_KEYS[rule.type] && ['le', 'ge', 'sum', 'zeroWhenNo'].includes(rule.type)) {
            check(rule, rule.type, ['rows', i, 'rules', j]);
          }
        });
      }
    });
  }
  if (isObject(input.report)) {
    check(input.report, 'report', ['report']);
    localized(input.report.subject, ['report', 'subject']);
    if (Array.isArray(input.report.sections)) {
      input.report.sections.forEach((s, i) => {
        check(s, 'section', ['report', 'sections', i]);
        if (!isObject(s)) return;
        localized(s.heading, ['report', 'sections', i, 'heading']);
        if (Array.isArray(s.sentences)) {
          s.sentences.forEach((t, j) => {
            check(t, 'sentence', ['report', 'sections', i, 'sentences', j]);
            if (!isObject(t)) return;
            localized(t.text, ['report', 'sections', i, 'sentences', j, 'text']);
            localized(t.noData, ['report', 'sections', i, 'sentences', j, 'noData']);
          });
        }
      });
    }
  }
  return out;
}

/**
 * A total that is, through its parts, a part of itself: A = sum(B, C) and C = sum(A). No set of
 * figures can satisfy such rules but all zeros, and a consolidation would check them in circles.
 * Read from whatever of the rows is well-formed, so it is found alongside other problems.
 */
function sumCycles(input: unknown): TemplateIssue[] {
  if (!isObject(input) || !Array.isArray(input.rows)) return [];
  const edges = new Map<string, { to: string; path: Segment[] }[]>();
  const firstIndex = new Map<string, number>();
  input.rows.forEach((row, i) => {
    if (!isObject(row) || typeof row.code !== 'string' || !Array.isArray(row.rules)) return;
    if (!firstIndex.has(row.code)) firstIndex.set(row.code, i);
    row.rules.forEach((rule, j) => {
      if (!isObject(rule) || rule.type !== 'sum' || !Array.isArray(rule.parts)) return;
      for (const part of rule.parts) {
        if (typeof part !== 'string') continue;
        const list = edges.get(row.code as string) ?? [];
        list.push({ to: part, path: ['rows', i, 'rules', j] });
        edges.set(row.code as string, list);
      }
    });
  });
  const out: TemplateIssue[] = [];
  const reported = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: { code: string; path?: Segment[] }[] = [];
  const visit = (code: string): void => {
    state.set(code, 'open');
    stack.push({ code });
    for (const edge of edges.get(code) ?? []) {
      stack[stack.length - 1]!.path = edge.path;
      const s = state.get(edge.to);
      if (s === 'open') {
        const from = stack.findIndex((e) => e.code === edge.to);
        const cycle = stack.slice(from);
        const key = [...cycle.map((e) => e.code)].sort().join('\u0000');
        if (!reported.has(key)) {
          reported.add(key);
          // said at the sum rule of the cycle's first row in the file
          const first = cycle.reduce((a, b) => ((firstIndex.get(a.code) ?? 0) <= (firstIndex.get(b.code) ?? 0) ? a : b));
          const startAt = cycle.indexOf(first);
          const ordered = [...cycle.slice(startAt), ...cycle.slice(0, startAt)].map((e) => e.code);
          out.push({ path: pathText(first.path!), rule: 'sum.cycle', params: { cycle: [...ordered, ordered[0]].join(' → ') } });
        }
      } else if (s === undefined) {
        visit(edge.to);
      }
    }
    stack.pop();
    state.set(code, 'done');
  };
  for (const code of edges.keys()) if (!state.has(code)) visit(code);
  return out;
}

const NUMERIC = ['count', 'number', 'percent'];

/** The schema's references (src/core/template.ts superRefine), read from a template that is not well-formed elsewhere. */
function crossReferences(input: unknown): TemplateIssue[] {
  if (!isObject(input) || !Array.isArray(input.rows)) return [];
  const out: TemplateIssue[] = [];
  const kindOf = new Map<string, unknown>();
  input.rows.forEach((row, i) => {
    if (!isObject(row) || typeof row.code !== 'string') return;
    if (kindOf.has(row.code)) out.push({ path: pathText(['rows', i, 'code']), rule: 'code.duplicate', params: { code: row.code } });
    kindOf.set(row.code, row.kind);
  });
  const refersTo = (path: Segment[], ref: unknown, kinds: readonly string[]): void => {
    if (typeof ref !== 'string') return;
    if (!kindOf.has(ref)) out.push({ path: pathText(path), rule: 'ref.unknown', params: { code: ref } });
    else {
      const kind = kindOf.get(ref);
      // a kind that is itself wrong is said where it is, not again here
      if (typeof kind === 'string' && (ROW_KINDS as readonly string[]).includes(kind) && !kinds.includes(kind)) {
        out.push({ path: pathText(path), rule: 'ref.kind', params: { code: ref, kind, expected: kinds.join(', ') } });
      }
    }
  };
  input.rows.forEach((row, i) => {
    if (!isObject(row)) return;
    if (isObject(row.ratio)) {
      refersTo(['rows', i, 'ratio', 'numerator'], row.ratio.numerator, NUMERIC);
      refersTo(['rows', i, 'ratio', 'denominator'], row.ratio.denominator, NUMERIC);
    }
    if (!Array.isArray(row.rules)) return;
    row.rules.forEach((rule, j) => {
      if (!isObject(rule)) return;
      if (rule.type === 'le' || rule.type === 'ge') refersTo(['rows', i, 'rules', j, 'other'], rule.other, NUMERIC);
      if (rule.type === 'sum' && Array.isArray(rule.parts)) rule.parts.forEach((part, k) => refersTo(['rows', i, 'rules', j, 'parts', k], part, NUMERIC));
      if (rule.type === 'zeroWhenNo') refersTo(['rows', i, 'rules', j, 'when'], rule.when, ['yesno']);
    });
  });
  if (isObject(input.report) && Array.isArray(input.report.sections)) {
    input.report.sections.forEach((section, i) => {
      if (!isObject(section) || !Array.isArray(section.sentences)) return;
      section.sentences.forEach((sentence, j) => {
        if (!isObject(sentence) || !isObject(sentence.text)) return;
        for (const lang of ['vi', 'en'] as const) {
          const text = sentence.text[lang];
          if (typeof text !== 'string') continue;
          const path = pathText(['report', 'sections', i, 'sentences', j, 'text', lang]);
          for (const m of text.matchAll(/\{([^}]*)\}/g)) {
            if (!kindOf.has(m[1]!) || kindOf.get(m[1]!) === 'heading') out.push({ path, rule: 'sentence.unknownCode', params: { code: m[1]! } });
          }
          if ((text.match(/\[/g) ?? []).length !== (text.match(/\]/g) ?? []).length) out.push({ path, rule: 'sentence.brackets', params: {} });
        }
      });
    });
  }
  return out;
}

/**
 * The schema as a TemplateDefiner, for templates carried by workbooks or loaded in the pane:
 * valid → the template; not → every issue in the reader's words, a problem rather than a throw.
 */
export const defineCarried: TemplateDefiner = (input) => {
  const issues = checkTemplate(input);
  if (issues.length === 0) return { template: defineTemplate(input) };
  const say = (lang: 'vi' | 'en') => issues.map((i) => `${templatePlace(i.path, lang)}: ${templateMessage(i, lang)}`).join('; ');
  return { issues: { vi: say('vi'), en: say('en') } };
};
