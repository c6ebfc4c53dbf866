import { UI } from '../../src/core/i18n/ui';
import type { ReportMeta } from '../../src/core/report';
import { createExcelHost } from '../../src/excel/host';
import { WorkbookWriteError } from '../../src/excel/outputs';
import { FakeExcel } from './fake-excel';
import { failurePoints, figuresOf, seedUnit, sheetsOf, userView, type FailurePoint } from './helpers';

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
