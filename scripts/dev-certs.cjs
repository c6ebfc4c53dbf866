'use strict';
/**
 * The https options of the dev server (https://localhost:3000), from office-addin-dev-certs.
 * Checked first: when the certificates are missing or expired this explains how to install them
 * and throws, instead of letting office-addin-dev-certs run `sudo` behind the user's back.
 * Required only when serving over https (npm start, webpack serve): never by a build or a test.
 */

const INSTALL_HELP = `
Chưa có chứng chỉ https cho localhost (hoặc chứng chỉ đã hết hạn).
Cài một lần — cần quyền quản trị (Windows hỏi xác nhận, macOS và Linux hỏi mật khẩu sudo):

    npx office-addin-dev-certs install

rồi chạy lại npm start. Trên Linux, Chromium và Firefox có kho chứng chỉ riêng: nhập thêm
~/.office-addin-dev-certs/ca.crt vào mục Authorities của trình duyệt.
Không cần Excel trên máy (chế độ tệp trong trình duyệt), không cần chứng chỉ:

    npm start -- --http        rồi mở http://localhost:3000/taskpane.html

No https certificate for localhost yet (or it has expired).
Install it once — this needs administrator rights (Windows asks to confirm, macOS and Linux
ask for your sudo password):

    npx office-addin-dev-certs install

then run npm start again. On Linux, Chromium and Firefox keep their own certificate store:
also import ~/.office-addin-dev-certs/ca.crt under the browser's Authorities.
For file mode in a browser (no Excel needed), no certificate is needed:

    npm start -- --http        then open http://localhost:3000/taskpane.html
`;

class CertificatesMissing extends Error {
  constructor(detail) {
    super(detail ? `${INSTALL_HELP}\n(${detail})` : INSTALL_HELP);
    this.name = 'CertificatesMissing';
  }
}

/** @returns {Promise<{ ca: Buffer, cert: Buffer, key: Buffer }>} */
async function httpsServerOptions() {
  const devCerts = require('office-addin-dev-certs');
  let valid;
  try {
    valid = devCerts.verifyCertificates();
  } catch (err) {
    throw new CertificatesMissing(err instanceof Error ? err.message : String(err));
  }
  if (!valid) throw new CertificatesMissing();
  // Installed and valid: this only reads ~/.office-addin-dev-certs/{ca.crt,localhost.crt,localhost.key}.
  return devCerts.getHttpsServerOptions();
}

module.exports = { httpsServerOptions, CertificatesMissing, INSTALL_HELP };
