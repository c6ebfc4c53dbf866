#!/usr/bin/env node
/**
 * npm start: the add-in on https://localhost:3000 (webpack dev server, development build).
 *
 *   npm start                  https, certificates from office-addin-dev-certs; on Windows and
 *                              macOS also sideloads manifest.xml into desktop Excel
 *   npm start -- --http        plain http on localhost:3000, no certificate: file mode in a browser
 *   npm start -- --no-sideload https only, never opens desktop Excel
 *
 * office-addin-debugging (the sideloading tool) is not a dependency — its native keytar module
 * does not build everywhere — so it is fetched by npx, only on Windows and macOS.
 */
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const MANIFEST = 'manifest.xml';
const USAGE = `Cách dùng / usage: npm start [-- --http] [-- --no-sideload]

  (không gì)      https://localhost:3000; Windows, macOS: mở Excel và nạp phần bổ trợ
  --http          http://localhost:3000, không cần chứng chỉ: chế độ tệp trong trình duyệt
  --no-sideload   không mở Excel trên máy

  (nothing)       https://localhost:3000; Windows, macOS: opens Excel with the add-in loaded
  --http          http://localhost:3000, no certificate needed: file mode in a browser
  --no-sideload   do not open desktop Excel`;

/** @param {string[]} argv */
function parseArgs(argv) {
  const options = { http: false, sideload: true, help: false };
  for (const arg of argv) {
    if (arg === '--http') options.http = true;
    else if (arg === '--no-sideload') options.sideload = false;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`Tham số không hợp lệ / unknown option: ${arg}\n\n${USAGE}`);
  }
  return options;
}

/**
 * office-addin-* tools may send usage data. From office-addin-usage-data 3 on they send nothing;
 * older versions (which npx may have cached) read ~/office-addin-usage-data.json, the file that
 * `office-addin-usage-data off` writes. Write "off" there unless the user already chose; never
 * overwrite a file that cannot be read.
 * @returns {'off' | 'on' | 'unreadable'}
 */
function usageDataOff(home = os.homedir()) {
  const file = path.join(home, 'office-addin-usage-data.json');
  const group = 'office-addin-usage-data';
  let data = {};
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (!(err && err.code === 'ENOENT')) return 'unreadable';
  }
  if (!data || typeof data !== 'object') return 'unreadable';
  const instances = data.usageDataInstances && typeof data.usageDataInstances === 'object' ? data.usageDataInstances : {};
  const level = instances[group] && instances[group].usageDataLevel;
  if (level === 'on' || level === 'off') return level;
  instances[group] = { ...(instances[group] || {}), usageDataLevel: 'off' };
  fs.writeFileSync(file, JSON.stringify({ ...data, usageDataInstances: instances }, null, 2));
  return 'off';
}

function webInstructions(origin, http) {
  const manifest = path.join(ROOT, MANIFEST);
  if (http) {
    return `
Chế độ tệp (không cần Excel): ${origin}/taskpane.html
  Excel (trên máy hay trên web) chỉ nạp phần bổ trợ qua https: chạy npm start không có --http.
File mode (no Excel needed): ${origin}/taskpane.html
  Excel (desktop or on the web) loads add-ins over https only: run npm start without --http.
`;
  }
  return `
Excel trên web (Microsoft 365, trình duyệt): mở một sổ làm việc, rồi
  Trang đầu (Home) → Phần bổ trợ (Add-ins) → Thêm phần bổ trợ (More add-ins)
  → Tải lên Phần bổ trợ của tôi (Upload My Add-in), hoặc Chèn (Insert) → Phần bổ trợ → Tải lên,
  và chọn tệp ${manifest}
  Nút "Phụ lục" hiện trên thẻ Trang đầu. Trình duyệt phải tin chứng chỉ của localhost.
Chế độ tệp (không cần Excel): ${origin}/taskpane.html

Excel on the web (Microsoft 365, in a browser): open a workbook, then
  Home → Add-ins → More add-ins → Upload My Add-in (or Insert → Add-ins → Upload)
  and choose ${manifest}
  The "Phụ lục" button appears on the Home tab. The browser must trust the localhost certificate.
File mode (no Excel needed): ${origin}/taskpane.html
`;
}

function npx(args, options = {}) {
  // npx is npx.cmd on Windows: it needs a shell there.
  return {
    command: process.platform === 'win32' ? 'npx.cmd' : 'npx',
    args: ['--yes', ...args],
    options: { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32', ...options },
  };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }

  const desktop = (process.platform === 'win32' || process.platform === 'darwin') && !options.http && options.sideload;
  if (!options.http) {
    // https: office-addin-dev-certs (and office-addin-debugging on Windows, macOS) are used.
    const level = usageDataOff();
    if (level === 'on') console.log('(office-addin-usage-data: bạn đã bật gửi dữ liệu sử dụng / you turned usage data on: kept)');
    if (level === 'unreadable') console.log('(~/office-addin-usage-data.json: không đọc được, giữ nguyên / unreadable, left as is)');
  }

  const webpack = require('webpack');
  const WebpackDevServer = require('webpack-dev-server');
  const makeConfig = require(path.join(ROOT, 'webpack.config.js'));
  const { CertificatesMissing } = require('./dev-certs.cjs');

  let config;
  try {
    config = await makeConfig({ WEBPACK_SERVE: true, http: options.http }, { mode: 'development' });
  } catch (err) {
    if (err instanceof CertificatesMissing) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }

  const origin = `${options.http ? 'http' : 'https'}://localhost:${makeConfig.PORT}`;
  const compiler = webpack(config);
  const server = new WebpackDevServer(config.devServer, compiler);
  const firstBuild = new Promise((resolve) => compiler.hooks.done.tap('phuluc-start', (stats) => resolve(stats)));

  try {
    await server.start();
  } catch (err) {
    if (err && err.code === 'EADDRINUSE') {
      console.error(`Cổng ${makeConfig.PORT} đang bận (npm start đang chạy ở cửa sổ khác?). / Port ${makeConfig.PORT} is in use (npm start already running?).`);
      process.exit(1);
    }
    throw err;
  }

  const stats = await firstBuild;
  await new Promise((resolve) => setImmediate(resolve)); // after the dev server's own report of the build
  if (stats.hasErrors()) console.error('\nBản dựng có lỗi (xem trên) / the build has errors (see above); đang theo dõi thay đổi / watching for changes.');
  console.log(`\nPhụ lục: ${origin}/taskpane.html  (Ctrl+C để dừng / to stop)`);

  let sideloaded = false;
  const stop = async () => {
    if (sideloaded) {
      const s = npx(['office-addin-debugging', 'stop', MANIFEST]);
      spawnSync(s.command, s.args, s.options);
      sideloaded = false;
    }
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  if (desktop) {
    console.log(
      '\nNạp phần bổ trợ vào Excel trên máy / sideloading into desktop Excel: npx --yes office-addin-debugging start manifest.xml desktop --app excel',
    );
    const s = npx(['office-addin-debugging', 'start', MANIFEST, 'desktop', '--app', 'excel']);
    const child = spawn(s.command, s.args, s.options);
    sideloaded = true;
    child.on('exit', (code) => {
      if (code !== 0) {
        console.error(`office-addin-debugging: mã thoát / exit code ${code}. Nạp tay / load it by hand:${webInstructions(origin, false)}`);
      }
    });
  } else {
    if (options.http && (process.platform === 'win32' || process.platform === 'darwin')) {
      console.log('\n(--http: Excel trên máy cần https, nên không mở Excel / desktop Excel needs https, so it is not opened.)');
    }
    console.log(webInstructions(origin, options.http));
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
  });
}

module.exports = { main, parseArgs, usageDataOff, USAGE };
