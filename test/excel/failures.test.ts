import { UI } from '../../src/core/i18n/ui';
import type { ReportMeta } from '../../src/core/report';
import { createExcelHost, MarksLeftError } from '../../src/excel/host';
import { MARK_COLORS } from '../../src/excel/marks';
import { WorkbookWriteError } from '../../src/excel/outputs';
import { FakeExcel } from './fake-excel';
import { failurePoints, figuresOf, fills, seedUnit, sheetsOf, userView, type FailurePoint } from './helpers';

/**
 * DESIGN §7, "a batch is not a transaction": each action made to fail at every step (every sync,
 * and every command of it, or each structural command and a sample of the rest for the largest
 * batches) leaves the workbook as it was, or says exactly what it holds; and running the action
 * again then gives what it gives without a failure (no "(2)", no sheet left half written).
 */
const province: ReportMeta = { unit: 'Ban Dân vận Tỉnh ủy', unitCode: 'BDV' };
const consolidation = { includeWorkbook: true, files: [], includeInvalid: false, meta: province, lang: 'vi' as const };
let runs = 0;
/** every run's id unique, as in Excel, and predictable */
const options = { runId: () => `run ${++runs}` };
const sections = (text: string) => [{ heading: 'I- KẾT QUẢ', level: 1 as const, paragraphs: [text, 'Đoạn thứ hai.'], withoutData: false }];

/**
 * What an action did when made to fail: the error, and the workbook as the user sees it. (The
 * workbook before is the same for every point: `setup` builds it the same way each time.)
 */
async function failing(setup: () => Promise<{ fake: FakeExcel; act: () => Promise<unknown> }>, point: FailurePoint) {
  const { fake, act } = await setup();
  fake.failAt(point.sync, point.command);
  const error = await act().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { fake, act, error, after: userView(fake) };
}

/** The workbook `setup` builds, as the user sees it. */
const viewOf = async (setup: () => Promise<{ fake: FakeExcel }>): Promise<unknown> => userView((await setup()).fake);

const where = (point: FailurePoint): string => `sync ${point.sync}, command ${point.command}/${point.of}`;

/** Deep equality, compared as JSON first (thousands of workbooks are compared), with jest's diff when they differ. */
function expectSame(at: string, actual: unknown, expected: unknown): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect([at, actual]).toEqual([at, expected]);
}

/** A workbook of units, one user sheet whose formula points at the first, and the action to run on it. */
function unitsWorkbook(n: number): FakeExcel {
  const fake = new FakeExcel();
  for (let i = 0; i < n; i++) seedUnit(fake, `Xã ${i}`, i, figuresOf(i));
  const mine = fake.createSheet('Của tôi');
  mine.type('A1', "='Xã 0'!D10");
  return fake;
}

describe('insert fails at every step: the workbook is as before, and a retry gives the sheet its own name', () => {
  const setup = async () => {
    const fake = unitsWorkbook(1);
    fake.seedSheet('PL SNV', [['của người dùng']]);
    const host = createExcelHost(fake.environment(), options);
    const act = () => host.insert({ templateId: 'ct37', templateVersion: 1, meta: { unit: 'Sở Nội vụ', unitCode: 'SNV' }, lang: 'vi' });
    return { fake, act };
  };
  let success: unknown;
  beforeAll(async () => {
    const { fake, act } = await setup();
    await act();
    success = userView(fake);
  });

  test('every command of every sync', async () => {
    const points = await failurePoints(setup, { all: Infinity });
    expect(points.length).toBeGreaterThan(500);
    const before = await viewOf(setup);
    for (const point of points) {
      const { act, error, after, fake } = await failing(setup, point);
      expect([where(point), error instanceof Error]).toEqual([where(point), true]);
      expectSame(where(point), after, before);
      const message = (error as Error).message;
      if (point.sync > 1) expect([where(point), message]).toEqual([where(point), expect.stringContaining(UI.vi.writeUndone)]);
      else expect([where(point), message]).toEqual([where(point), expect.stringContaining(UI.vi.readFailed('GeneralException'))]);
      const retried = (await act()) as { name: string };
      expect([where(point), retried.name]).toEqual([where(point), 'PL SNV (2)']);
      expectSame(where(point), userView(fake), success);
    }
  });
});

describe('"insert the report into a sheet" fails at every step, the first time and when written again', () => {
  for (const again of [false, true]) {
    const setup = async () => {
      const fake = unitsWorkbook(1);
      const host = createExcelHost(fake.environment(), options);
      if (again) {
        await host.insertNarrative!(sections('Lần một.'), 'vi');
        fake.sheet(UI.vi.narrativeSheet).protected = false;
        fake.sheet('Của tôi').type('A2', `='${UI.vi.narrativeSheet}'!A2`);
      }
      return { fake, act: () => host.insertNarrative!(sections('Lần hai, dài hơn nhiều so với lần một.'), 'vi') };
    };
    test(again ? 'written again: rewritten in place, or said to be partly rewritten' : 'the first time: nothing is left', async () => {
      const ok = await setup();
      await ok.act();
      const success = userView(ok.fake);
      const points = await failurePoints(setup, { all: Infinity });
      const before = await viewOf(setup);
      for (const point of points) {
        const { act, error, after, fake } = await failing(setup, point);
        expect([where(point), error instanceof Error]).toEqual([where(point), true]);
        expectSaid(point, error, before, after, success);
        await act();
        expectSame(where(point), userView(fake), success);
      }
    });
  }
});

/**
 * After a failed write: every sheet not named in the error is as before, every sheet said to be
 * rewritten is as a successful run leaves it, sheets said to be partly rewritten are named in the
 * message, and no sheet was added.
 */
function expectSaid(point: FailurePoint, error: unknown, before: unknown, after: unknown, success: unknown): void {
  const at = where(point);
  const [was, is, done] = [sheetsOf(before), sheetsOf(after), sheetsOf(success)];
  expectSame(at, [...is.keys()], [...was.keys()]);
  expect([at, (after as { activeId: string }).activeId]).toEqual([at, (before as { activeId: string }).activeId]);
  if (!(error instanceof WorkbookWriteError)) {
    // A read that failed: nothing was written.
    expect([at, (error as Error).message]).toEqual([at, expect.stringContaining(UI.vi.readFailed('GeneralException'))]);
    expectSame(at, after, before);
    return;
  }
  expect([at, error.leftBehind]).toEqual([at, []]);
  for (const name of [...error.rewritten, ...error.partial]) expect([at, error.message]).toEqual([at, expect.stringContaining(`"${name}"`)]);
  for (const [name, sheet] of is) {
    if (error.rewritten.includes(name)) expectSame(`${at}, ${name}`, sheet, done.get(name));
    else if (!error.partial.includes(name)) expectSame(`${at}, ${name}`, uncomputed(sheet), uncomputed(was.get(name)));
  }
  if (error.rewritten.length === 0 && error.partial.length === 0) expect([at, error.message]).toEqual([at, expect.stringContaining(UI.vi.writeUndone)]);
}

/** A sheet of a view without the results of formulas that point at other sheets (those follow what they point at). */
function uncomputed(sheet: unknown): unknown {
  const { cells, ...rest } = sheet as { cells: [string, { sheetRefs?: unknown; value?: unknown; error?: unknown }][] };
  return { ...rest, cells: cells.map(([key, cell]) => [key, cell.sheetRefs ? { ...cell, value: undefined, error: undefined } : cell]) };
}

describe('consolidation fails at every step', () => {
  const scenarios = {
    'the first time (new sheets)': async (fake: FakeExcel) => fake,
    'again (the add-in sheets rewritten in place, a user formula pointing at the summary)': async (fake: FakeExcel) => {
      await createExcelHost(fake.environment(), options).consolidate(consolidation);
      fake.sheet('Của tôi').type('A2', `='${UI.vi.summarySheet}'!D20`);
      const unit = fake.sheet('Xã 1');
      unit.type('D20', 777); // a corrected figure: the rewrite changes something
      return fake;
    },
    'again, the charts sheet deleted by the user (rewrites and a new sheet together)': async (fake: FakeExcel) => {
      await createExcelHost(fake.environment(), options).consolidate(consolidation);
      fake.deleteSheet(fake.sheet(UI.vi.chartsSheet));
      return fake;
    },
  };
  for (const [title, prepare] of Object.entries(scenarios)) {
    test(title, async () => {
      const prepared = await prepare(unitsWorkbook(2));
      const setup = async () => {
        const fake = prepared.clone();
        const host = createExcelHost(fake.environment(), options);
        return { fake, act: () => host.consolidate(consolidation) };
      };
      const ok = await setup();
      await ok.act();
      const success = userView(ok.fake);
      const points = await failurePoints(setup);
      const before = await viewOf(setup);
      let said = 0;
      for (const point of points) {
        const { act, error, after, fake } = await failing(setup, point);
        expect([where(point), error instanceof Error]).toEqual([where(point), true]);
        expectSaid(point, error, before, after, success);
        if (error instanceof WorkbookWriteError && error.rewritten.length + error.partial.length > 0) said++;
        // Running it again finishes the job: the same sheets, in place, as a run that never failed.
        await act();
        expectSame(where(point), userView(fake), success);
      }
      if (title.startsWith('again')) expect(said).toBeGreaterThan(0);
    });
  }

  test('a protected sheet of the add-in, or a protected structure: refused before anything is written, and named', async () => {
    const fake = unitsWorkbook(2);
    const host = createExcelHost(fake.environment(), options);
    await host.consolidate(consolidation);
    fake.sheet(UI.vi.problemsSheet).protected = true;
    const before = userView(fake);
    await expect(host.consolidate(consolidation)).rejects.toThrow(UI.vi.sheetsProtected([UI.vi.problemsSheet]));
    expect(userView(fake)).toEqual(before);
    fake.sheet(UI.vi.problemsSheet).protected = false;

    // A protected structure: rewriting in place adds no sheet, so it goes on…
    fake.structureProtected = true;
    await host.consolidate(consolidation);
    // …a sheet to add is refused before anything is written.
    fake.structureProtected = false;
    fake.deleteSheet(fake.sheet(UI.vi.chartsSheet));
    fake.structureProtected = true;
    const locked = userView(fake);
    await expect(host.consolidate(consolidation)).rejects.toThrow(UI.vi.structureProtected);
    await expect(host.insert({ templateId: 'ct37', templateVersion: 1, meta: { unit: 'A' }, lang: 'en' })).rejects.toThrow(UI.en.structureProtected);
    expect(userView(fake)).toEqual(locked);
  });

  test('when undoing fails too, the message names what the workbook may still hold', async () => {
    const fake = unitsWorkbook(2);
    const host = createExcelHost(fake.environment(), options);
    await host.consolidate(consolidation);
    fake.deleteSheet(fake.sheet(UI.vi.chartsSheet));
    const names = new Set(fake.sheets.map((s) => s.name));
    // The write (3rd sync) fails once the new charts sheet is added, and so does the undo's first read.
    fake.failAt(3, 1);
    fake.failAt(4, 0);
    const error = await host.consolidate(consolidation).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkbookWriteError);
    const said = error as WorkbookWriteError;
    expect(said.leftBehind).toEqual(['~phuluc 5', UI.vi.chartsSheet]);
    expect(said.partial).toEqual([UI.vi.summarySheet, UI.vi.breakdownSheet, UI.vi.problemsSheet, UI.vi.unitsSheet]);
    expect(said.message).toContain(UI.vi.undoFailed('GeneralException'));
    expect(said.message).toContain(UI.vi.writeMayRemain(said.leftBehind));
    // What is there beyond the sheets of before is among the sheets named.
    for (const sheet of fake.sheets) if (!names.has(sheet.name)) expect(said.leftBehind).toContain(sheet.name);
  });
});

describe('check fails at every step: the cells left marked are named, and "clear marks" takes them all off', () => {
  /** Units with errors; `recheck`: checked once, then a cell corrected (its mark goes) and another broken. */
  const setup = (recheck: boolean) => async () => {
    const fake = new FakeExcel();
    for (let i = 0; i < 3; i++) seedUnit(fake, `Xã ${i}`, i, { ...figuresOf(i), '1.2': i === 1 ? 3 : 'mười', '3.1.a': 50, '3.1.b': 10 });
    const original = fills(fake);
    const host = createExcelHost(fake.environment(), options);
    if (recheck) {
      await host.check({ scope: 'all', lang: 'vi' });
      fake.sheet('Xã 0').type('D11', 5);
      fake.sheet('Xã 1').type('D12', 'sai');
    }
    return { fake, host, original, act: () => host.check({ scope: 'all', lang: 'vi' }) };
  };
  for (const recheck of [false, true]) {
    test(recheck ? 'a second check (earlier marks taken off, new ones put on)' : 'a first check', async () => {
      const points = await failurePoints(setup(recheck));
      expect(points.length).toBeGreaterThan(10);
      for (const point of points) {
        const { fake, host, original, act } = await setup(recheck)();
        fake.failAt(point.sync, point.command);
        const error = await act().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect([where(point), error instanceof Error]).toEqual([where(point), true]);
        const now = fills(fake);
        const changed = [...now].filter(([key, fill]) => (original.get(key) ?? null) !== fill).map(([key]) => key);
        if (error instanceof MarksLeftError) {
          // Exactly the cells named are marked now; every other cell has its own fill.
          const named = error.marked.map((c) => `${c.sheetId}!${cellKeyOf(c.cell)}`);
          expect([where(point), changed.sort()]).toEqual([where(point), named.sort()]);
          for (const key of changed) expect([where(point), Object.values(MARK_COLORS)]).toEqual([where(point), expect.arrayContaining([now.get(key)])]);
        }
        // "Clear marks" takes every mark off: each cell has its own fill again (none where it could not be read).
        await host.clearMarks!();
        const unknown = new Set(error instanceof MarksLeftError ? error.ownUnknown.map((c) => `${c.sheetId}!${cellKeyOf(c.cell)}`) : []);
        const expected = new Map([...fills(fake)].map(([key]) => [key, unknown.has(key) ? null : (original.get(key) ?? null)]));
        expectSame(where(point), [...fills(fake)], [...expected]);
        expect((await fake.measure(() => host.clearMarks!())).syncs).toBe(0);
        // And a check that does not fail marks as usual.
        await act();
      }
    });
  }

  test('a protected sheet: its problems listed with a warning that names it, nothing painted on it, nothing fails', async () => {
    const fake = new FakeExcel();
    seedUnit(fake, 'Xã 0', 0, { ...figuresOf(0), '1.2': 'mười' });
    seedUnit(fake, 'Xã 1', 1, { ...figuresOf(1), '1.2': 'mười' });
    fake.sheet('Xã 1').protected = true;
    const host = createExcelHost(fake.environment());
    const before = fills(fake);
    const { result, syncs } = await fake.measure(() => host.check({ scope: 'all', lang: 'vi' }));
    expect(syncs).toBeLessThanOrEqual(3);
    const warning = result.problems.find((p) => p.rule === 'sheet.protected')!;
    expect(warning.where.sheet).toBe('Xã 1');
    expect(result.problems.some((p) => p.where.sheet === 'Xã 1' && p.code === '1.2')).toBe(true);
    const lockedId = fake.sheet('Xã 1').id;
    for (const [key, fill] of fills(fake)) if (key.startsWith(lockedId)) expect(fill).toBe(before.get(key) ?? null);
    expect(result.marked).toBeGreaterThan(0);

    // Marks on a sheet protected after the check: the others are cleared, that one is named.
    fake.sheet('Xã 1').protected = false;
    await host.check({ scope: 'all', lang: 'vi' });
    fake.sheet('Xã 0').protected = true;
    await expect(host.clearMarks!()).rejects.toThrow(UI.vi.marksProtected(['Xã 0']));
    fake.sheet('Xã 0').protected = false;
    await host.clearMarks!();
    expect(fills(fake)).toEqual(before);
  });
});

describe('"clear marks" fails at every step: what stays marked is named, and clearing again finishes', () => {
  const setup = async () => {
    const fake = new FakeExcel();
    for (let i = 0; i < 2; i++) seedUnit(fake, `Xã ${i}`, i, { ...figuresOf(i), '1.2': 'mười', '3.1.a': 50, '3.1.b': 10 });
    const original = fills(fake);
    const host = createExcelHost(fake.environment(), options);
    await host.check({ scope: 'all', lang: 'vi' });
    return { fake, host, original, act: () => host.clearMarks!() };
  };
  test('every command of every sync', async () => {
    const points = await failurePoints(setup);
    for (const point of points) {
      const { fake, host, original, act } = await setup();
      fake.failAt(point.sync, point.command);
      const error = await act().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect([where(point), error instanceof Error]).toEqual([where(point), true]);
      const changed = [...fills(fake)].filter(([key, fill]) => (original.get(key) ?? null) !== fill).map(([key]) => key);
      if (error instanceof MarksLeftError)
        expect([where(point), changed.sort()]).toEqual([where(point), error.marked.map((c) => `${c.sheetId}!${cellKeyOf(c.cell)}`).sort()]);
      await host.clearMarks!();
      expectSame(where(point), [...fills(fake)], [...original]);
    }
  });
});

/** "D12" → the fake's "11,3". */
function cellKeyOf(cell: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(cell)!;
  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return `${Number(m[2]) - 1},${col}`;
}
