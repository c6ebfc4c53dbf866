import { constants as zlibConstants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { usePlatformInflate, type RawInflate } from '../xlsx/zip';

/**
 * Node's zlib for the readers and the summary writer: native DEFLATE, several times faster than
 * JavaScript's once a run reads thousands of files (docs/performance.md).
 */
const nodeInflateRaw: RawInflate = (data, maxOutput, sizeHint) => {
  try {
    // one output buffer of the claimed size where the claim is sane, instead of 16 KB pieces joined
    const chunkSize = Math.min(Math.max(sizeHint + 1, 16 * 1024), Math.max(maxOutput, 64), 8 * 1024 * 1024);
    return inflateRawSync(data, { maxOutputLength: Math.max(maxOutput, 1), chunkSize });
  } catch (e) {
    // past the budget: the same answer as the careful JavaScript inflater gives
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw e;
  }
};

/** The readers of this process inflate with zlib from now on. */
export function useNodeZlib(): void {
  usePlatformInflate(nodeInflateRaw);
}

/** Each chunk compressed on its own, ending in a sync flush, the last one finished: pieces of one valid stream. */
export const deflateChunk = (chunk: Uint8Array, final: boolean): Uint8Array =>
  deflateRawSync(chunk, { level: 1, finishFlush: final ? zlibConstants.Z_FINISH : zlibConstants.Z_SYNC_FLUSH });
