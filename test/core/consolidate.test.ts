import fc from 'fast-check';
import { consolidate, type ConsolidationInput, type RefusedSource, type Summary } from '../../src/core/consolidate';
import { formatProblem } from '../../src/core/i18n/messages';
import { builtInRegistry } from '../../src/core/builtins';
import { defineTemplate, type Template } from '../../src/core/template';
import { validateReport } from '../../src/core/validate';
import { checkWorkbook, consolidationInputs } from '../../src/xlsx/check';
import { writeSummaryXlsx } from '../../src/xlsx/summary';
import { reportOf } from '../helpers/report';

const registry = builtInRegistry();
const templates = registry.list();
const ct37 = registry.get('ct37', 1)!;
const self = registry.get('tu-kiem-tra-dan-chu', 1)!;

type Figures = Record<string, number | string | null>;

function input(
  template: Template,
  code: string,
  figures: Figures,
  extra: { unit?: string; from?: string; to?: string; file?: string } = {},
): ConsolidationInput {
  const report = reportOf(template, figures, {
    unitCode: code,
    unit: extra.unit ?? `Đơn vị ${code}`,
    from: extra.from ?? '2023-01-01',
    to: extra.to ?? '2023-09-30',
  });
  const r = { ...report, source: { file: extra.file ?? `${code}.xlsx`, sheet: 'PL' } };
  return { report: r, problems: validateReport(template, r) };
}

const rules = (s: Summary) => s.problems.map((p) => `${p.severity} ${p.rule}`);

describe('semantics (DESIGN §5), example by example', () => {
  test('counts: sum of the units that reported; blank and x skipped; reporters counted', () => {
    const s = consolidate(templates, [
      input(ct37, 'A', { '1.1': 3, '1.2': 'x' }),
      input(ct37, 'B', { '1.1': 0, '1.2': 'x' }),
      input(ct37, 'C', { '1.1': null }),
    ])!;
    expect(s.rows.get('1.1')).toEqual({ value: 3, reported: 2, notApplicable: 0 });
    expect(s.rows.get('1.2')).toEqual({ value: null, reported: 0, notApplicable: 2 });
    expect(s.rows.get('2.1')).toEqual({ value: null, reported: 0, notApplicable: 0 });
    expect(s.problems).toEqual([]);
  });

  test('ratio rows: ratio of the sums, never the mean of unit ratios', () => {
    const s = consolidate(templates, [input(ct37, 'A', { '4.3.a': 1, '4.3.b': 1 }), input(ct37, 'B', { '4.3.a': 0, '4.3.b': 9 })])!;
    expect(s.rows.get('4.3')!.value).toBeCloseTo(10, 10); // 1/10, not (100% + 0%) / 2
    expect(s.rows.get('4.3')!.reported).toBe(2);
    expect(s.rows.get('3.1')!.value).toBeNull();
  });

  test('percent inputs: mean of the units that reported', () => {
    const s = consolidate(templates, [input(ct37, 'A', { '3.5': 80 }), input(ct37, 'B', { '3.5': 90 }), input(ct37, 'C', { '3.5': null })])!;
    expect(s.rows.get('3.5')).toEqual({ value: 85, reported: 2, notApplicable: 0 });
  });

  test('yes/no: how many Có out of how many answered', () => {
    const s = consolidate(templates, [
      input(self, 'A', { '2.1': 'Có' }),
      input(self, 'B', { '2.1': 'Không' }),
      input(self, 'C', { '2.1': 'có' }),
      input(self, 'D', {}),
    ])!;
    expect(s.rows.get('2.1')).toEqual({ value: 2, reported: 3, notApplicable: 0 });
  });

  test('the same unit twice with identical figures counts once, with a warning', () => {
    const a = input(ct37, 'A', { '1.1': 3 }, { file: 'a.xlsx' });
    const again = input(ct37, 'A', { '1.1': 3 }, { file: 'a (1).xlsx' });
    const s = consolidate(templates, [a, again, input(ct37, 'B', { '1.1': 4 })])!;
    expect(s.rows.get('1.1')!.value).toBe(7);
    expect(rules(s)).toEqual(['warning consolidate.duplicateSame']);
    expect(formatProblem(s.problems[0]!, 'vi')).toContain('a.xlsx');
    // one status per unit: the copy counted is the one pointed at, and the unit is flagged
    expect(s.units.map((u) => [u.unitCode, u.source?.file, u.status, u.flags])).toEqual([
      ['A', 'a (1).xlsx', 'included', ['duplicate']],
      ['B', 'B.xlsx', 'included', []],
    ]);
  });

  test('the same unit twice with different figures: an error, neither copy counted', () => {
    const s = consolidate(templates, [input(ct37, 'A', { '1.1': 3 }), input(ct37, 'a', { '1.1': 5 }, { file: 'other.xlsx' }), input(ct37, 'B', { '1.1': 4 })])!;
    expect(s.rows.get('1.1')!.value).toBe(4);
    expect(rules(s)).toEqual(['error consolidate.duplicateDiffer']);
    expect(s.units.map((u) => [u.unitCode, u.status, u.flags, u.reasons])).toEqual([
      ['A', 'excluded', ['duplicate'], ['consolidate.duplicateDiffer']],
      ['B', 'included', [], []],
    ]);
  });

  test('units are told apart by code, else by name', () => {
    const noCode = (name: string, n: number, file: string): ConsolidationInput => {
      const r = reportOf(ct37, { '1.1': n }, { unit: name });
      return { report: { ...r, source: { file, sheet: 'S' } }, problems: [] };
    };
    const s = consolidate(templates, [noCode('Xã  An Hải', 1, 'a'), noCode('xã an hải', 1, 'b'), noCode('Xã Tri Hải', 2, 'c')])!;
    expect(s.rows.get('1.1')!.value).toBe(3);
    expect(rules(s)).toEqual(['warning consolidate.duplicateSame']);
  });

  test('units with validation errors are left out, unless asked; no cell an error names is ever added', () => {
    const bad = input(ct37, 'A', { '1.1': 5, '1.2': '1.234', '4.3.a': 140, '4.3.b': 130, '4.4.a': 3, '4.4.b': 4 });
    const good = input(ct37, 'B', { '1.1': 1, '1.2': 2, '4.3.a': 10, '4.3.b': 20, '4.4.a': 1, '4.4.b': 1 });
    const out = consolidate(templates, [bad, good])!;
    expect(out.rows.get('1.1')!.value).toBe(1);
    expect(rules(out).filter((r) => r.includes('consolidate'))).toEqual(['error consolidate.invalidExcluded']);
    expect(out.units.find((u) => u.unitCode === 'A')).toMatchObject({ status: 'excluded', reasons: ['value.textNumber', 'rule.le'] });
    const inc = consolidate(templates, [bad, good], { includeInvalid: true })!;
    expect(inc.rows.get('1.1')!.value).toBe(6);
    expect(inc.rows.get('1.2')!.value).toBe(2); // "1.234" is not a figure
    // the broken ≤ rule names both cells: neither 140 nor 130 is added, and the rate stays over one set of units
    expect(inc.rows.get('4.3.a')!.value).toBe(10);
    expect(inc.rows.get('4.3.b')!.value).toBe(20);
    expect(inc.rows.get('4.3')!.value).toBeCloseTo(50, 10);
    expect(inc.rows.get('4.4.a')!.value).toBe(4); // the rest of the unit is added
    expect(rules(inc).filter((r) => r.includes('consolidate'))).toEqual(['warning consolidate.invalidIncluded']);
    const said = formatProblem(inc.problems.find((p) => p.rule === 'consolidate.invalidIncluded')!, 'vi');
    expect(said).toContain('1.2, 4.3.a, 4.3.b');
    expect(said).toContain('các ô khác được cộng');
  });

  test('a ratio is over one set of units: a half-filled pair is an error on the blank side and never mixes sets', () => {
    // The example of issue 9: A 10/10, B 10/blank. Before, the summary said 20/10, 200 %.
    const a = input(ct37, 'A', { '4.3.a': 10, '4.3.b': 10 });
    const b = input(ct37, 'B', { '4.3.a': 10 });
    const half = b.problems.find((p) => p.rule === 'rule.pairIncomplete')!;
    expect(half).toMatchObject({ severity: 'error', code: '4.3.b', codes: ['4.3.a', '4.3.b'] });
    expect(formatProblem(half, 'vi')).toContain('Đã nhập 4.3.a = 10');
    expect(formatProblem(half, 'vi')).toContain('để trống 4.3.b');
    for (const includeInvalid of [false, true]) {
      const s = consolidate(templates, [a, b], { includeInvalid })!;
      expect(s.rows.get('4.3.a')!.value).toBe(10);
      expect(s.rows.get('4.3.b')!.value).toBe(10);
      expect(s.rows.get('4.3')!.value).toBeCloseTo(100, 10);
    }
    // x on one side is as incomplete as blank
    const x = input(ct37, 'C', { '4.3.a': 'x', '4.3.b': 7 });
    expect(x.problems.find((p) => p.rule === 'rule.pairIncomplete')).toMatchObject({ code: '4.3.a' });
    expect(formatProblem(x.problems.find((p) => p.rule === 'rule.pairIncomplete')!, 'en')).toContain('4.3.a (');
  });

  test('another template or version is left out; the majority template wins', () => {
    const s = consolidate(templates, [input(ct37, 'A', { '1.1': 1 }), input(ct37, 'B', { '1.1': 1 }), input(self, 'C', { '1.1': 1, '1.2': 1 })])!;
    expect(s.template).toBe(ct37);
    expect(rules(s)).toEqual(['error consolidate.templateMismatch']);
    expect(s.rows.get('1.1')!.value).toBe(2);
  });

  test('a period unlike the majority is an error for that unit, held back unless included; the majority is the summary’s', () => {
    const units = [input(ct37, 'A', { '1.1': 1 }), input(ct37, 'B', { '1.1': 2 }), input(ct37, 'C', { '1.1': 4 }, { from: '2022-01-01', to: '2022-12-31' })];
    const s = consolidate(templates, units)!;
    expect(rules(s)).toEqual(['error consolidate.periodDiffers', 'error consolidate.invalidExcluded']);
    expect(s.problems[0]!.where).toMatchObject({ file: 'C.xlsx' });
    expect(formatProblem(s.problems[0]!, 'vi')).toContain('(01/01/2022 – 31/12/2022) khác kỳ của bản tổng hợp (01/01/2023 – 30/09/2023)');
    expect(s.meta).toMatchObject({ from: '2023-01-01', to: '2023-09-30' });
    expect(s.rows.get('1.1')!.value).toBe(3);
    expect(s.units.find((u) => u.unitCode === 'C')).toMatchObject({ status: 'excluded', reasons: ['consolidate.periodDiffers'] });
    expect(consolidate(templates, units, { includeInvalid: true })!.rows.get('1.1')!.value).toBe(7);
  });

  test('the period given is the summary’s, whatever most units say; a tie with none given asks for it', () => {
    const units = [input(ct37, 'A', { '1.1': 1 }), input(ct37, 'B', { '1.1': 2 }), input(ct37, 'C', { '1.1': 4 }, { from: '2022-01-01', to: '2022-12-31' })];
    const given = consolidate(templates, units, { period: { from: '2022-01-01', to: '2022-12-31' } })!;
    expect(given.rows.get('1.1')!.value).toBe(4);
    expect(given.meta).toMatchObject({ from: '2022-01-01', to: '2022-12-31' });
    const tie = consolidate(templates, units.slice(1))!;
    expect(rules(tie)).toEqual(['error consolidate.periodTie']);
    expect(formatProblem(tie.problems[0]!, 'vi')).toContain('01/01/2022 – 31/12/2022: 1');
    expect(formatProblem(tie.problems[0]!, 'vi')).toContain('--from');
    expect(tie.meta.from).toBeUndefined();
  });

  test('roster: who is missing and who is not on it', () => {
    const s = consolidate(templates, [input(ct37, 'A', {}), input(ct37, 'Z', {})], {
      roster: [
        { unitCode: 'A', unit: 'Đơn vị A' },
        { unitCode: 'B', unit: 'Đơn vị B' },
      ],
    })!;
    expect(rules(s).sort()).toEqual(['warning consolidate.notInRoster', 'warning consolidate.rosterMissing']);
    expect(s.units.map((u) => [u.unitCode, u.status, u.flags])).toEqual([
      ['A', 'included', []],
      ['B', 'missing', []],
      ['Z', 'included', ['notInRoster']],
    ]);
    expect(formatProblem(s.problems.find((p) => p.rule === 'consolidate.rosterMissing')!, 'en')).toBe(
      'Unit B – Đơn vị B is on the roster but sent no report (no file of this unit was received).',
    );
  });

  test('a unit whose file was refused is excluded with its reasons, never "not submitted"', () => {
    const roster = [{ unitCode: 'A' }, { unitCode: 'B' }, { unitCode: 'C' }, { unitCode: 'D' }];
    const refused = [
      // a sheet whose @template lost its version, but that still says who sent it
      {
        source: { file: 'nop/b.xlsx', sheet: 'PL' },
        meta: { unitCode: 'B' },
        problems: [{ severity: 'error' as const, rule: 'sheet.templateMalformed' as const, where: {}, params: {} }],
      },
      // a file nobody can open, named after its unit
      { source: { file: 'nop/bao-cao_C.xls' }, problems: [{ severity: 'error' as const, rule: 'file.oldXls' as const, where: {}, params: {} }] },
      // and one that names nobody
      { source: { file: 'nop/scan.pdf' }, problems: [{ severity: 'error' as const, rule: 'file.unsupportedType' as const, where: {}, params: {} }] },
    ];
    const s = consolidate(templates, [input(ct37, 'A', {})], { roster, refused })!;
    expect(s.units.map((u) => [u.unitCode ?? u.source?.file, u.status, u.flags, u.reasons])).toEqual([
      ['A', 'included', [], []],
      ['B', 'excluded', [], ['sheet.templateMalformed']],
      ['C', 'excluded', ['unreadable'], ['file.oldXls']],
      ['D', 'missing', [], []],
      ['nop/scan.pdf', 'excluded', ['notInRoster', 'unreadable'], ['file.unsupportedType']],
    ]);
    expect(s.problems.filter((p) => p.rule === 'consolidate.rosterMissing')).toHaveLength(1);
  });

  test('nothing to consolidate is an error, not a throw', () => {
    const s = consolidate(templates, [input(ct37, 'A', { '1.1': -1 })])!;
    expect(s.included).toEqual([]);
    expect(rules(s)).toContain('error consolidate.nothing');
    expect(consolidate(templates, [])).toBeUndefined();
  });
});

// ---------- properties ----------

const figure = fc.oneof({ weight: 6, arbitrary: fc.nat(500) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant('x') });
const countCodes = ct37.rows.filter((r) => r.kind === 'count').map((r) => r.code);

const ratioPairs = ct37.rows.filter((r) => r.kind === 'ratio').map((r) => r.ratio!);

/** Valid units: resolved never above received, each ratio pair filled on both sides or neither, so every unit is included. */
const unitFigures = fc.record(Object.fromEntries(countCodes.map((c) => [c, figure]))).chain((f) =>
  fc.integer({ min: 0, max: 100 }).map((pct) => {
    const out: Figures = { ...f, '3.5': pct };
    for (const row of ct37.rows) {
      const le = row.rules.find((r) => r.type === 'le');
      if (
        le &&
        le.type === 'le' &&
        typeof out[row.code] === 'number' &&
        typeof out[le.other] === 'number' &&
        (out[row.code] as number) > (out[le.other] as number)
      ) {
        out[row.code] = out[le.other] as number;
      }
      const ge = row.rules.find((r) => r.type === 'ge');
      if (
        ge &&
        ge.type === 'ge' &&
        typeof out[row.code] === 'number' &&
        typeof out[ge.other] === 'number' &&
        (out[row.code] as number) < (out[ge.other] as number)
      ) {
        out[row.code] = out[ge.other] as number;
      }
    }
    for (const { numerator, denominator } of ratioPairs) {
      const [n, d] = [out[numerator], out[denominator]];
      if (typeof n === 'number' && typeof d !== 'number') out[numerator] = d ?? null;
      if (typeof d === 'number' && typeof n !== 'number') out[denominator] = n ?? null;
    }
    return out;
  }),
);
const units = fc.array(unitFigures, { minLength: 1, maxLength: 12 }).map((list) => list.map((f, i) => input(ct37, `U${String(i).padStart(3, '0')}`, f)));

/** The totals as DESIGN §5 defines them, computed here from the figures and nothing else. */
function expectedTotals(inputs: ConsolidationInput[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const numbers = (code: string) =>
    inputs
      .map((i) => i.report.values.get(code))
      .filter((v) => v?.kind === 'number')
      .map((v) => (v as { value: number }).value);
  for (const row of ct37.rows) {
    if (row.kind === 'count') {
      const n = numbers(row.code);
      out.set(row.code, n.length ? n.reduce((a, b) => a + b, 0) : null);
    } else if (row.kind === 'percent') {
      const n = numbers(row.code);
      out.set(row.code, n.length ? n.reduce((a, b) => a + b, 0) / n.length : null);
    }
  }
  for (const row of ct37.rows) {
    if (row.kind !== 'ratio') continue;
    const num = out.get(row.ratio!.numerator);
    const den = out.get(row.ratio!.denominator);
    out.set(row.code, num == null || den == null || den === 0 ? null : (num / den) * 100);
  }
  return out;
}

const valuesOf = (s: Summary) => new Map([...s.rows].filter(([c]) => ct37.byCode.get(c)!.kind !== 'heading').map(([c, a]) => [c, a.value]));

function expectSameValues(actual: Map<string, number | null>, expected: Map<string, number | null>): void {
  for (const [code, want] of expected) {
    const got = actual.get(code);
    if (want === null || got === null || got === undefined) expect([code, got]).toEqual([code, want]);
    else expect(Math.abs(got - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
  }
}

describe('one set of units per ratio (fast-check)', () => {
  // Each side of a pair: a number, blank, x or text; numerators often above their denominators.
  const side = fc.oneof(
    { weight: 5, arbitrary: fc.nat(300) },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant('x') },
    { weight: 1, arbitrary: fc.constant('1.234') },
  );
  const pairFigures = fc.record(
    Object.fromEntries(
      ratioPairs.flatMap((p) => [
        [p.numerator, side],
        [p.denominator, side],
      ]),
    ),
  );
  const mixedUnits = fc
    .array(pairFigures, { minLength: 1, maxLength: 15 })
    .map((list) => list.map((f, i) => input(ct37, `M${String(i).padStart(3, '0')}`, f as Figures)));

  test('with and without --include-invalid, every ratio is Σnumerator / Σdenominator × 100 over exactly the units that reported both, and never above 100 %', () => {
    fc.assert(
      fc.property(mixedUnits, fc.boolean(), (inputs, includeInvalid) => {
        const s = consolidate(templates, inputs, { includeInvalid });
        const num = (v: unknown): v is number => typeof v === 'number';
        const figuresOf = (i: ConsolidationInput, code: string) => {
          const v = i.report.values.get(code);
          return v?.kind === 'number' ? v.value : v?.kind === 'na' ? 'x' : v?.kind === 'text' ? v.text : null;
        };
        // Independently of the engine: a pair counts when both sides are numbers and resolved ≤ received.
        const pairOk = (i: ConsolidationInput, p: (typeof ratioPairs)[number]) => {
          const [n, d] = [figuresOf(i, p.numerator), figuresOf(i, p.denominator)];
          return num(n) && num(d) && n <= d;
        };
        const pairSilent = (i: ConsolidationInput, p: (typeof ratioPairs)[number]) =>
          [figuresOf(i, p.numerator), figuresOf(i, p.denominator)].every((v) => v === null || v === 'x');
        const valid = (i: ConsolidationInput) => ratioPairs.every((p) => pairOk(i, p) || pairSilent(i, p));
        const counted = inputs.filter((i) => includeInvalid || valid(i));
        if (counted.length === 0) {
          expect(s?.included ?? []).toHaveLength(0);
          return;
        }
        expect(s!.included.map((u) => u.report.meta.unitCode).sort()).toEqual(counted.map((i) => i.report.meta.unitCode).sort());
        for (const p of ratioPairs) {
          const set = counted.filter((i) => pairOk(i, p));
          const sum = (code: string) => (set.length ? set.reduce((a, i) => a + (figuresOf(i, code) as number), 0) : null);
          const [n, d] = [sum(p.numerator), sum(p.denominator)];
          const ratioCode = ct37.rows.find((r) => r.ratio === p)!.code;
          // the summary's two count rows are over the same set, so its live formula shows the same rate
          expect([p.numerator, s!.rows.get(p.numerator)!.value]).toEqual([p.numerator, n]);
          expect([p.denominator, s!.rows.get(p.denominator)!.value]).toEqual([p.denominator, d]);
          const rate = s!.rows.get(ratioCode)!.value;
          if (n === null || d === null || d === 0) expect(rate).toBeNull();
          else {
            expect(rate).toBeCloseTo((n / d) * 100, 9);
            expect(rate!).toBeLessThanOrEqual(100);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a rate the template allows past 100 % is still over one set of units', () => {
    const t = defineTemplate({
      id: 'vuot',
      version: 1,
      title: { vi: 'Vượt' },
      rows: [
        { code: 'n', kind: 'count', label: { vi: 'Thực hiện' } },
        { code: 'd', kind: 'count', label: { vi: 'Kế hoạch' } },
        { code: 'r', kind: 'ratio', label: { vi: 'Tỷ lệ so với kế hoạch' }, ratio: { numerator: 'n', denominator: 'd', mayExceed100: true } },
      ],
    });
    const s = consolidate([t], [input(t, 'A', { n: 150, d: 100 }), input(t, 'B', { n: 50 }), input(t, 'C', { n: 30, d: 20 })], { includeInvalid: true })!;
    expect(s.rows.get('n')!.value).toBe(180);
    expect(s.rows.get('d')!.value).toBe(120);
    expect(s.rows.get('r')!.value).toBeCloseTo(150, 10);
  });
});

describe('laws of consolidation (fast-check)', () => {
  test('the total is the sum of the parts, ratios are ratios of sums, means are means', () => {
    fc.assert(
      fc.property(units, (inputs) => {
        const s = consolidate(templates, inputs)!;
        expect(s.included).toHaveLength(inputs.length);
        expectSameValues(valuesOf(s), expectedTotals(inputs));
      }),
      { numRuns: 150 },
    );
  });

  test('order does not matter', () => {
    fc.assert(
      fc.property(
        units.chain((u) => fc.tuple(fc.constant(u), fc.shuffledSubarray(u, { minLength: u.length, maxLength: u.length }))),
        ([inputs, shuffled]) => {
          const a = consolidate(templates, inputs)!;
          const b = consolidate(templates, shuffled)!;
          expect(valuesOf(b)).toEqual(valuesOf(a));
          expect(b.included.map((u) => u.key)).toEqual(a.included.map((u) => u.key));
        },
      ),
      { numRuns: 100 },
    );
  });

  test('consolidating two summaries equals consolidating their leaves', async () => {
    await fc.assert(
      fc.asyncProperty(
        units.filter((u) => u.length >= 2),
        fc.nat(),
        async (inputs, cut) => {
          const at = 1 + (cut % (inputs.length - 1));
          const summaries: ConsolidationInput[] = [];
          for (const [i, part] of [inputs.slice(0, at), inputs.slice(at)].entries()) {
            const s = consolidate(templates, part, { meta: { unit: `Khối ${i}`, unitCode: `K${i}` } })!;
            const file = `khoi-${i}.xlsx`;
            const found = consolidationInputs(checkWorkbook(await writeSummaryXlsx(s), file, registry));
            expect(found.problems).toEqual([]);
            summaries.push(...found.inputs);
          }
          const fromSummaries = consolidate(templates, summaries)!;
          const fromLeaves = consolidate(templates, inputs)!;
          expect(fromSummaries.problems).toEqual([]);
          expectSameValues(valuesOf(fromSummaries), valuesOf(fromLeaves));
          expect(fromSummaries.included.map((u) => u.key)).toEqual(fromLeaves.included.map((u) => u.key));
        },
      ),
      { numRuns: 15 },
    );
  }, 120000);

  test('a summary plus one of its own leaves reports the double count and counts it once', async () => {
    const leaves = [input(ct37, 'A', { '1.1': 3 }), input(ct37, 'B', { '1.1': 4 })];
    const summary = consolidate(templates, leaves)!;
    const found = consolidationInputs(checkWorkbook(await writeSummaryXlsx(summary), 'tong-hop.xlsx', registry));
    const again = consolidate(templates, [...found.inputs, leaves[0]!])!;
    expect(again.rows.get('1.1')!.value).toBe(7);
    expect(rules(again)).toEqual(['warning consolidate.doubleCounted']);
    expect(formatProblem(again.problems[0]!, 'vi')).toContain('tong-hop.xlsx');
    // the same leaf with other figures is held back, not summed twice
    const changed = consolidate(templates, [...found.inputs, input(ct37, 'A', { '1.1': 9 })])!;
    expect(changed.rows.get('1.1')!.value).toBe(4);
    expect(rules(changed)).toEqual(['error consolidate.duplicateDiffer']);
  });
});

describe('statuses (fast-check)', () => {
  const codes = ['U0', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7'];
  const refusal = (rule: 'file.oldXls' | 'sheet.templateUnknown') => [{ severity: 'error' as const, rule, where: {}, params: {} }];
  // What a secretariat receives: good reports, copies with other figures, reports with errors or of
  // another period, sheets refused but naming their unit, files refused and named after it.
  const arrival = fc.record({
    code: fc.constantFrom(...codes),
    kind: fc.constantFrom('good', 'otherFigures', 'invalid', 'otherPeriod', 'refusedSheet', 'refusedFile'),
  });
  const scenario = fc.record({
    arrivals: fc.array(arrival, { maxLength: 14 }),
    roster: fc.subarray(codes),
    includeInvalid: fc.boolean(),
  });

  test('every unit has exactly one status, and a unit that sent anything is never "missing"', () => {
    fc.assert(
      fc.property(scenario, ({ arrivals, roster, includeInvalid }) => {
        const inputs: ConsolidationInput[] = [];
        const refused: RefusedSource[] = [];
        arrivals.forEach(({ code, kind }, i) => {
          const file = `nop/${i}-${code}.xlsx`;
          if (kind === 'refusedSheet') refused.push({ source: { file, sheet: 'PL' }, meta: { unitCode: code }, problems: refusal('sheet.templateUnknown') });
          else if (kind === 'refusedFile') refused.push({ source: { file: `nop/bao-cao_${code}.xls` }, problems: refusal('file.oldXls') });
          else {
            const figures: Figures = { '1.1': kind === 'otherFigures' ? 100 + i : 5, ...(kind === 'invalid' ? { '4.3.a': 9, '4.3.b': 3 } : {}) };
            inputs.push(input(ct37, code, figures, { file, ...(kind === 'otherPeriod' ? { from: '2020-01-01', to: '2020-12-31' } : {}) }));
          }
        });
        // an anchor unit of the common period, so the majority period is known
        inputs.push(input(ct37, 'ANCHOR', { '1.1': 1 }), input(ct37, 'ANCHOR2', { '1.1': 1 }));
        const s = consolidate(templates, inputs, { roster: roster.map((unitCode) => ({ unitCode })), refused, includeInvalid })!;
        const sent = new Set([...arrivals.map((a) => (a.kind !== 'refusedFile' || roster.includes(a.code) ? a.code : undefined))].filter(Boolean));
        const byCode = new Map<string, string[]>();
        for (const u of s.units) if (u.unitCode) byCode.set(u.unitCode, [...(byCode.get(u.unitCode) ?? []), u.status]);
        for (const [code, statuses] of byCode) expect([code, statuses.length]).toEqual([code, 1]);
        for (const code of sent) expect([code, byCode.get(code!)?.[0]]).toEqual([code, expect.stringMatching(/^(included|excluded)$/)]);
        for (const code of roster) expect(byCode.has(code)).toBe(true);
        for (const code of roster.filter((c) => !sent.has(c))) expect([code, byCode.get(code)]).toEqual([code, ['missing']]);
        // what is in the totals is exactly the units called included
        expect(s.included.map((u) => u.report.meta.unitCode).sort()).toEqual(
          s.units
            .filter((u) => u.status === 'included')
            .map((u) => u.unitCode)
            .sort(),
        );
        for (const u of s.units) expect(u.status === 'excluded' ? u.reasons.length > 0 : u.reasons.length === 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
