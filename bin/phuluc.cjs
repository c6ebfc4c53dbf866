#!/usr/bin/env node
'use strict';
// The command line is compiled to dist/ by "npm ci" (the prepare script) or "npm run build:cli".
const path = require('node:path');
const { Worker: Thread, isMainThread } = require('node:worker_threads');

/**
 * Commands that read a stream of files run in a worker thread with a small heap: a young
 * generation of 12 MiB instead of the 32 MiB V8 grows to under the allocation rate of reading
 * ten thousand files, and an old generation capped at 1 GiB, under which V8 grows it by about
 * than 2× its live data (4× without a cap). Consolidating 10,000 files then peaks at 1.2× the
 * memory of 1,000 instead of 1.4× (docs/performance.md), for about 20 ms of start-up.
 */
const READS_FILES = new Set(['consolidate', 'validate', 'status']);
const HEAP = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 1024 };

// `phuluc validate … | head`: once the reader has gone, nobody reads the rest; stop quietly, as Unix tools do.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const internalError = (e) => {
  // A bug, not a user mistake: say so plainly, with the detail for a bug report.
  process.stderr.write(`phuluc: lỗi nội bộ / internal error: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 3;
};

if (isMainThread && READS_FILES.has(process.argv[2]) && process.env.PHULUC_IN_PROCESS !== '1') {
  const worker = new Thread(__filename, {
    argv: process.argv.slice(2),
    workerData: { stderrIsTTY: process.stderr.isTTY === true },
    resourceLimits: HEAP,
  });
  worker.on('error', (e) => {
    if (e && e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      process.stderr.write(
        `phuluc: hết bộ nhớ (giới hạn ${HEAP.maxOldGenerationSizeMb} MiB); chạy lại với PHULUC_IN_PROCESS=1 để dùng giới hạn của Node / ` +
          `out of memory (limit ${HEAP.maxOldGenerationSizeMb} MiB); run again with PHULUC_IN_PROCESS=1 to use Node's own limit\n`,
      );
      process.exitCode = 3;
    } else internalError(e);
  });
  worker.on('exit', (code) => {
    if (process.exitCode === undefined) process.exitCode = code;
  });
} else {
  const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
  let cli;
  try {
    cli = require(entry);
  } catch (e) {
    if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(entry)) {
      process.stderr.write('phuluc: not built yet; run "npm run build:cli" (npm ci does it).\n');
      process.exit(2);
    }
    throw e;
  }
  cli.runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  }, internalError);
}
