'use strict';
/**
 * The production web build for the browser tests: webpack.config.js in production mode, exactly
 * as `npm run build:web` and test/build/build-web.cjs run it, into the folder given instead of
 * dist-web/. One difference: webpack's filesystem cache (in the cache folder given), so that a
 * later build after a small change re-minifies only what changed. The output is the same as a
 * build without the cache.
 *
 *   node test/browser/build-web.cjs <output folder> <cache folder>
 *
 * A separate process, as test/build/build-web.cjs: webpack runs outside jest's module registry.
 * Exit 0 on success; errors are printed on stderr.
 */

const path = require('path');
const webpack = require('webpack');
const makeConfig = require('../../webpack.config.js');

const [out, cacheDir] = process.argv.slice(2);
if (!out || !cacheDir) {
  console.error('usage: node test/browser/build-web.cjs <output folder> <cache folder>');
  process.exit(2);
}

const config = makeConfig({}, { mode: 'production' });
if (typeof config.then === 'function') throw new Error('a production build must not wait for certificates');
config.output = { ...config.output, path: path.resolve(out) };
config.cache = {
  type: 'filesystem',
  cacheDirectory: path.resolve(cacheDir),
  buildDependencies: { config: [require.resolve('../../webpack.config.js'), __filename] },
};

webpack(config, (err, stats) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  if (stats.hasErrors()) {
    console.error(stats.toString({ all: false, errors: true }));
    process.exit(1);
  }
  process.exit(0);
});
