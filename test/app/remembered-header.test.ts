import { createFileHost, type KeptText } from '../../src/app/file-host';
import { builtInRegistry } from '../../src/core/builtins';

/** A browser's local storage, or one that refuses (site data blocked). */
function memory(): KeptText & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe("file mode keeps the report's header in the browser", () => {
  test('kept, read back, and a damaged or foreign value is as if nothing was kept', async () => {
    const storage = memory();
    const host = createFileHost(builtInRegistry(), storage);
    expect(await host.rememberedHeader()).toBeUndefined();
    await host.rememberHeader({ body: 'Sở Nội vụ', number: '7/BC-SNV' });
    expect(JSON.parse(storage.items.get('phuluc.reportHeader')!)).toEqual({ body: 'Sở Nội vụ', number: '7/BC-SNV' });
    // a new visit: a new host on the same storage
    expect(await createFileHost(builtInRegistry(), storage).rememberedHeader()).toEqual({ body: 'Sở Nội vụ', number: '7/BC-SNV' });
    storage.items.set('phuluc.reportHeader', '{not json');
    expect(await host.rememberedHeader()).toBeUndefined();
  });

  test('without storage (a sandboxed frame), nothing is remembered and nothing fails', async () => {
    const host = createFileHost(builtInRegistry(), undefined);
    await expect(host.rememberHeader({ body: 'X' })).resolves.toBeUndefined();
    expect(await host.rememberedHeader()).toBeUndefined();
  });
});
