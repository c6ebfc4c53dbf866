import fc from 'fast-check';
import { unzipSync, zipSync } from 'fflate';

/**
 * The ways a real file gets damaged on its way to the secretariat, as fast-check properties, for
 * any zipped format: bytes flipped, cut short or with a slice cut out, entries swapped, renamed,
 * emptied or dropped. `reads` must read the bytes and fail the test if anything throws or runs too long.
 */
export function damagedZipTests(kind: string, validFiles: () => readonly Uint8Array[], reads: (bytes: Uint8Array, what: string) => void, runs: number): void {
  // the valid files are made in the suite's beforeAll: picked when a property runs
  const which = fc.nat();
  const valid = (w: number): Uint8Array => validFiles()[w % validFiles().length]!;

  test(`a valid ${kind} with bytes flipped`, () => {
    const flips = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(which, flips, (w, list) => {
        const bytes = valid(w).slice();
        for (const [at, xor] of list) bytes[Math.floor(at * bytes.length)]! ^= xor;
        reads(bytes, `${list.length} bytes flipped`);
      }),
      { numRuns: runs },
    );
  });

  test(`a valid ${kind} cut short, or with a slice cut out of it`, () => {
    fc.assert(
      fc.property(which, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (w, a, b) => {
        const bytes = valid(w);
        const [from, to] = [Math.floor(Math.min(a, b) * bytes.length), Math.floor(Math.max(a, b) * bytes.length)];
        reads(bytes.slice(0, to), `cut at ${to}`);
        reads(new Uint8Array([...bytes.slice(0, from), ...bytes.slice(to)]), `bytes ${from}–${to} cut out`);
      }),
      { numRuns: Math.ceil(runs / 2) },
    );
  });

  test(`a valid ${kind} with its entries swapped, renamed, emptied or dropped`, () => {
    const edits = fc.array(fc.tuple(fc.constantFrom('swap', 'drop', 'rename', 'empty'), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(which, edits, (w, list) => {
        const entries = Object.entries(unzipSync(valid(w)));
        for (const [edit, i, j] of list) {
          if (entries.length === 0) break;
          const a = i % entries.length;
          const b = j % entries.length;
          if (edit === 'swap') [entries[a]![1], entries[b]![1]] = [entries[b]![1], entries[a]![1]];
          else if (edit === 'drop') entries.splice(a, 1);
          else if (edit === 'rename') entries[a]![0] = entries[b]![0] + (i % 2 ? '' : '.bak');
          else entries[a]![1] = new Uint8Array(0);
        }
        const files: Record<string, Uint8Array> = {};
        for (const [name, data] of entries) if (name !== '__proto__') files[name] = data;
        reads(zipSync(files), list.map((e) => e[0]).join(','));
      }),
      { numRuns: Math.ceil(runs / 2) },
    );
  });
}
