'use strict';
/**
 * Runs the production web build (webpack.config.js, exactly as `npm run build:web`) into the
 * folder given instead of dist-web/, and writes a small JSON summary of it for
 * test/build/manifest.test.ts. A separate process: webpack runs as it does from the command
 * line, outside jest's module registry.
 *
 *   node test/build/build-web.cjs <output folder> <summary.json>
 */

const path = require('path');
const fs = require('fs');
const webpack = require('webpack');
const makeConfig = require('../../webpack.config.js');

const [out, summaryFile] = process.argv.slice(2);
if (!out || !summaryFile) {
  console.error('usage: node test/build/build-web.cjs <output folder> <summary.json>');
  process.exit(2);
}

const config = makeConfig({}, { mode: 'production' });
if (typeof config.then === 'function') throw new Error('a production build must not wait for certificates');
config.output = { ...config.output, path: path.resolve(out) };

webpack(config, (err, stats) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  const json = stats.toJson({ all: false, entrypoints: true, chunks: true, errors: true, warnings: true });
  const summary = {
    errors: (json.errors || []).map((e) => e.message),
    warnings: (json.warnings || []).map((w) => w.message),
    entrypoints: Object.fromEntries(Object.entries(json.entrypoints || {}).map(([name, ep]) => [name, ep.assets.map((a) => a.name)])),
    chunks: (json.chunks || []).map((c) => ({ names: c.names, files: c.files, initial: c.initial })),
  };
  fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  process.exit(stats.hasErrors() ? 1 : 0);
});
