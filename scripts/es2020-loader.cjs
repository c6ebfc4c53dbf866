/**
 * A webpack loader that hands each module to esbuild's transform, so that no chunk carries syntax
 * newer than the webviews Office uses for ExcelApi 1.7 and later run (docs/deploy.md): Chromium
 * (WebView2, Edge, Chrome), Safari / WKWebView 14 on Mac, Firefox for Excel on the web. Applied to
 * the app's TypeScript (which it also compiles: type checking is `npm run typecheck`) and to every
 * .js of node_modules, so a dependency that starts shipping newer syntax is lowered too (and
 * test/build/syntax.test.ts fails if anything newer still gets through).
 *
 * Options: { tsconfigRaw } for TypeScript files (the few compiler options esbuild needs).
 */
'use strict';

const path = require('path');
const esbuild = require('esbuild');

/** What the emitted JavaScript may use: ES2020, and nothing these engines lack. */
const TARGETS = ['es2020', 'chrome80', 'edge80', 'firefox78', 'safari14'];

const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

/**
 * @this {import('webpack').LoaderContext<{ tsconfigRaw?: import('esbuild').TsconfigRaw }>}
 * @param {string} source
 */
function es2020Loader(source) {
  const done = this.async();
  const { tsconfigRaw } = this.getOptions();
  const loader = LOADERS[path.extname(this.resourcePath).toLowerCase()] ?? 'js';
  esbuild
    .transform(source, {
      loader,
      target: TARGETS,
      sourcefile: this.resourcePath,
      sourcemap: this.sourceMap ? 'external' : false,
      // UTF-8 as written: the Vietnamese texts stay readable and no bigger than they are.
      charset: 'utf8',
      ...(tsconfigRaw && (loader === 'ts' || loader === 'tsx') ? { tsconfigRaw } : {}),
    })
    .then(
      (result) => done(null, result.code, result.map ? JSON.parse(result.map) : undefined),
      (error) => done(error),
    );
}

module.exports = es2020Loader;
module.exports.TARGETS = TARGETS;
