import { createExcelHost } from '../../src/excel/host';
import { FakeExcel } from './fake-excel';

const hostOf = (fake: FakeExcel) => createExcelHost({ run: (batch) => fake.run(batch), isSetSupported: (n, v) => fake.isSetSupported(n, v) });

describe("the report's header, kept in the workbook", () => {
  test('kept in the add-in settings of this workbook and read back, one batch of one sync each', async () => {
    const fake = new FakeExcel();
    const host = hostOf(fake);
    expect(await host.rememberedHeader()).toBeUndefined();
    const header = { body: 'Ban Dân vận Huyện ủy', parentBody: 'Tỉnh ủy Ninh Thuận', place: 'Phan Rang', number: '15/BC-BDV', party: true };
    const syncs = fake.syncs;
    await host.rememberHeader(header);
    expect(fake.syncs - syncs).toBe(1);
    expect(fake.settings.get('phuluc.reportHeader')).toEqual(header);
    const before = fake.syncs;
    expect(await host.rememberedHeader()).toEqual(header);
    expect(fake.syncs - before).toBe(1);
    // another workbook remembers nothing of it
    expect(await hostOf(new FakeExcel()).rememberedHeader()).toBeUndefined();
  });

  test('what another program stored under the key is taken only as far as it is a header', async () => {
    const fake = new FakeExcel();
    fake.settings.set('phuluc.reportHeader', { body: 42, place: 'Huế', number: '  ', party: 'yes', extra: { deep: true } });
    expect(await hostOf(fake).rememberedHeader()).toEqual({ place: 'Huế' });
    fake.settings.set('phuluc.reportHeader', 'not an object');
    expect(await hostOf(fake).rememberedHeader()).toBeUndefined();
  });
});
