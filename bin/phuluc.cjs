#!/usr/bin/env node
'use strict';
// The command line is compiled to dist/ by "npm ci" (the prepare script) or "npm run build:cli".
const path = require('node:path');
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
// `phuluc validate … | head`: once the reader has gone, nobody reads the rest; stop quietly, as Unix tools do.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
cli.runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    // A bug, not a user mistake: say so plainly, with the detail for a bug report.
    process.stderr.write(`phuluc: lỗi nội bộ / internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 3;
  },
);
