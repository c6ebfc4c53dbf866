#!/usr/bin/env node
/**
 * Runs the production web build (webpack.config.js, exactly as `npm run build:web`, with the
 * PHULUC_PUBLIC_URL and PHULUC_OFFICE_JS of its environment) into the folder given instead of
 * dist-web/. With --summary, writes a small JSON summary of it (for
 * test/build/manifest.test.ts); with --cache, keeps webpack's filesystem cache there so a later
 * build after a small change re-minifies only what changed (the browser tests); the output is the
 * same as without. A separate process: webpack runs as it does from the command line, outside
 * jest's module registry. Exit 0 on success; errors on stderr.
 *
 *   node test/build/build-web.cjs <output folder> [--summary <summary.json>] [--cache <folder>]
 */

const path = require('path');
const fs = require('fs');
const webpack = require('webpack');
const makeConfig = require('../../webpack.config.js');

const [out, ...rest] = process.argv.slice(2);
const option = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const summaryFile = option('--summary');
const cacheDir = option('--cache');
if (!out) {
  console.error('usage: node test/build/build-web.cjs <output folder> [--summary <summary.json>] [--cache <folder>]');
  process.exit(2);
}

const config = makeConfig({}, { mode: 'production' });
if (typeof config.then === 'function') throw new Error('a production build must not wait for certificates');
config.output = { ...config.output, path: path.resolve(out) };
if (cacheDir) {
  config.cache = {
    type: 'filesystem',
    cacheDirectory: path.resolve(cacheDir),
    buildDependencies: { config: [require.resolve('../../webpack.config.js'), __filename] },
    // one cache per set of deployment options: they change the pages and the manifest
    version: JSON.stringify([process.env.PHULUC_PUBLIC_URL ?? '', process.env.PHULUC_OFFICE_JS ?? '']),
  };
}

webpack(config, (err, stats) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  if (summaryFile) {
    const json = stats.toJson({ all: false, entrypoints: true, chunks: true, errors: true, warnings: true });
    const summary = {
      errors: (json.errors || []).map((e) => e.message),
      warnings: (json.warnings || []).map((w) => w.message),
      entrypoints: Object.fromEntries(Object.entries(json.entrypoints || {}).map(([name, ep]) => [name, ep.assets.map((a) => a.name)])),
      chunks: (json.chunks || []).map((c) => ({ names: c.names, files: c.files, initial: c.initial })),
    };
    fs.writeFileSync(summaryFile, JSON.stringify(summary, null, 2));
  }
  if (stats.hasErrors()) console.error(stats.toString({ all: false, errors: true }));
  process.exit(stats.hasErrors() ? 1 : 0);
});
