// The web build: the task pane and the ribbon's function file, into dist-web/ (the command line is
// compiled by tsc: npm run build:cli). `npm run build` = production build; `npm start`
// (scripts/start.cjs) serves the development build on https://localhost:3000.
//
//   dist-web/taskpane.html      the task pane (and file mode in a plain browser)
//   dist-web/commands.html      the FunctionFile the manifest names (Office.onReady only)
//   dist-web/help.html          the SupportUrl / "learn more" page
//   dist-web/manifest.xml       the manifest, naming PHULUC_PUBLIC_URL (else https://localhost:3000)
//   dist-web/assets/*.png       the icons
//   dist-web/webview-guard.*.js the ES5 guard every page runs first (src/guard/webview-guard.js)
//   dist-web/office-js/         @microsoft/office-js/dist, whole: office.js loads its host and
//                               locale files from beside itself, so nothing comes from a CDN
//                               (absent with PHULUC_OFFICE_JS=cdn: Microsoft's CDN then)
//
// Every chunk is ES2020 at most, node_modules included (scripts/es2020-loader.cjs; tested by
// test/build/syntax.test.ts). The deployment options are read by scripts/deploy-options.cjs.
// Certificates are asked for only when serving over https (webpack serve / npm start), never by
// a build or a test.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const OUTPUT = path.resolve(__dirname, 'dist-web');
const PORT = 3000;
const ES2020_LOADER = require.resolve('./scripts/es2020-loader.cjs');
const OFFICE_JS = path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist');
const GUARD_SOURCE = path.join(__dirname, 'src', 'guard', 'webview-guard.js');
const { deployOptions, manifestFor } = require('./scripts/deploy-options.cjs');

/** The guard's file name; in production with its content's hash, as the bundles have, for caches. */
function guardFileName(production) {
  if (!production) return 'webview-guard.js';
  const hash = crypto.createHash('sha256').update(fs.readFileSync(GUARD_SOURCE)).digest('hex').slice(0, 8);
  return `webview-guard.${hash}.js`;
}

/**
 * @param {Record<string, unknown>} env  webpack-cli's --env (WEBPACK_SERVE, http, production…)
 * @param {{ mode?: 'production' | 'development' | 'none' }} argv  webpack-cli's arguments (--mode)
 * @returns {import('webpack').Configuration | Promise<import('webpack').Configuration>}
 */
function config(env = {}, argv = {}) {
  const mode =
    argv.mode || (env.production ? 'production' : env.development ? 'development' : process.env.NODE_ENV === 'development' ? 'development' : 'production');
  const production = mode === 'production';
  // `npm start` serves the localhost manifest whatever PHULUC_PUBLIC_URL says; a build takes it.
  const deploy = deployOptions(env.WEBPACK_SERVE ? { ...process.env, PHULUC_PUBLIC_URL: '' } : process.env);
  const guardFile = guardFileName(production);
  // What the pages' templates fill in: the scripts before the bundles, and the CSP that allows them.
  const pageParameters = { guardSrc: guardFile, officeJsSrc: deploy.officeJsSrc, scriptSrc: deploy.scriptSources.join(' ') };

  /** @type {import('webpack').Configuration} */
  const result = {
    mode,
    context: __dirname,
    // webpack's own runtime code, and the minifier's output (terser's ecma), at most ES2020 too.
    target: ['web', 'es2020'],
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/commands/commands.ts',
    },
    output: {
      path: OUTPUT,
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      clean: true,
    },
    // No eval-based source maps: the pages' Content-Security-Policy has no 'unsafe-eval'.
    devtool: production ? 'source-map' : 'cheap-module-source-map',
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
      // webpack takes exceljs's "browser" field (dist/exceljs.min.js, self-contained).
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // Types are checked by `npm run typecheck` (tsc -p tsconfig.web.json); here only compiled,
          // file by file (tsconfig's isolatedModules), with tsconfig.web.json's semantics.
          use: { loader: ES2020_LOADER, options: { tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', useDefineForClassFields: true } } } },
        },
        {
          // Every dependency too: Fluent UI's tabster ships class static blocks (ES2022).
          test: /\.[cm]?js$/,
          include: /[\\/]node_modules[\\/]/,
          use: { loader: ES2020_LOADER },
        },
      ],
    },
    optimization: {
      // Chunk file names that say what is inside (src_app_xlsx-module_ts…), not numbers.
      chunkIds: 'named',
      splitChunks: {
        chunks: 'all',
        cacheGroups: {
          default: false,
          defaultVendors: false,
          // What the app loads with import() (the .xlsx and .docx code) stays out of the start-up
          // chunks: exceljs and docx in chunks of their own, the rest of the lazily loaded code
          // (src/xlsx, src/docx, fflate) in the chunk of the import() that asks for it.
          exceljs: { test: /[\\/]node_modules[\\/]exceljs[\\/]/, name: 'exceljs', chunks: 'async', priority: 30, enforce: true },
          docx: { test: /[\\/]node_modules[\\/]docx[\\/]/, name: 'docx', chunks: 'async', priority: 30, enforce: true },
          // The start-up libraries (React, Fluent UI, zod…) apart from the app's own code.
          vendors: { test: /[\\/]node_modules[\\/]/, name: 'vendors', chunks: (chunk) => chunk.name === 'taskpane', priority: 10, enforce: true },
        },
      },
    },
    // The budget is in gzip (≤ 250 KB of start-up JavaScript, docs/DESIGN.md §8) and is measured by
    // test/build/manifest.test.ts; webpack's own hints count raw bytes and the copied office.js.
    performance: { hints: false },
    // npm start: errors, warnings and one line per build, not the list of office.js's files.
    stats: production ? 'normal' : 'minimal',
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        templateParameters: pageParameters,
        chunks: ['taskpane'],
        inject: 'body',
        scriptLoading: 'defer',
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/commands/commands.html',
        templateParameters: pageParameters,
        chunks: ['commands'],
        inject: 'body',
        scriptLoading: 'defer',
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'manifest.xml', to: 'manifest.xml', transform: (content) => manifestFor(content.toString('utf8'), deploy.publicUrl) },
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'src/commands/help.html', to: 'help.html' },
          // ES5 as written: the minimizer (ES2020 output) must not touch it (info.minimized).
          { from: GUARD_SOURCE, to: guardFile, info: { minimized: true } },
          // Copied as is: already minified, so the minimizer leaves it alone (info.minimized).
          ...(deploy.officeJs === 'self' ? [{ from: OFFICE_JS, to: 'office-js', info: { minimized: true } }] : []),
        ],
      }),
    ],
    devServer: {
      host: 'localhost',
      port: PORT,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
      hot: true,
      client: { overlay: { errors: true, warnings: false } },
      server: env.http ? 'http' : 'https',
    },
  };

  if (env.WEBPACK_SERVE && !env.http) {
    // `webpack serve` over https: the dev certificates of office-addin-dev-certs (checked first,
    // so a missing certificate is explained, never installed behind the user's back).
    return require('./scripts/dev-certs.cjs')
      .httpsServerOptions()
      .then((options) => ({ ...result, devServer: { ...result.devServer, server: { type: 'https', options } } }));
  }
  return result;
}

module.exports = config;
module.exports.OUTPUT = OUTPUT;
module.exports.PORT = PORT;
