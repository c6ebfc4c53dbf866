import type { ReadLimits } from '../../src/xlsx/read';
import type { readWorkbook as ReadWorkbook } from '../../src/xlsx/workbook';
import { buildCorpus } from '../hostile/corpus';

/**
 * The command line inflates with Node's zlib, the pane with fflate: every file of the hostile
 * corpus (zip bombs honest and lying, damaged streams, huge declared sizes) must read the same.
 * Each read in fresh modules: the reader's cache of parts shared between files must not make
 * the second read differ from the first.
 */
function readWith(inflater: 'zlib' | 'fflate', bytes: Uint8Array, limits?: ReadLimits): ReturnType<typeof ReadWorkbook> {
  let result: ReturnType<typeof ReadWorkbook> | undefined;
  jest.isolateModules(() => {
    if (inflater === 'zlib') (require('../../src/cli/zlib') as typeof import('../../src/cli/zlib')).useNodeZlib();
    const { readWorkbook } = require('../../src/xlsx/workbook') as typeof import('../../src/xlsx/workbook');
    result = readWorkbook(bytes, limits, 'appendix');
  });
  return result!;
}

describe("Node's zlib and fflate read every hostile file alike", () => {
  const corpus = buildCorpus();

  test.each(corpus.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(readWith('zlib', c.bytes)).toEqual(readWith('fflate', c.bytes));
  });

  test('a budget smaller than the stream: refused, whichever inflater', () => {
    const bomb = corpus.find((c) => c.name === 'bomb-lying.xlsx')!;
    const limits = { maxPartBytes: 10_000, maxTotalBytes: 20_000 };
    const portable = readWith('fflate', bomb.bytes, limits);
    expect(portable).toMatchObject({ ok: false, rule: 'file.tooLarge' });
    expect(readWith('zlib', bomb.bytes, limits)).toEqual(portable);
  });
});
