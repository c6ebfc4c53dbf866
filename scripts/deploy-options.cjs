/**
 * Where the built add-in will live, and where its pages take Office.js from (docs/deploy.md):
 *
 *   PHULUC_PUBLIC_URL=https://server/folder   dist-web/manifest.xml names that address everywhere
 *                                             manifest.xml names https://localhost:3000 (unset:
 *                                             the localhost manifest, as `npm start` serves it)
 *   PHULUC_OFFICE_JS=self (default) | cdn     Office.js from dist-web/office-js/ (networks that
 *                                             reach no CDN), or from Microsoft's CDN (required by
 *                                             AppSource); the pages' Content-Security-Policy
 *                                             allows the CDN only in the cdn mode
 *
 * Read by webpack.config.js; a wrong value stops the build with a message in Vietnamese and English.
 */
'use strict';

const LOCAL_ORIGIN = 'https://localhost:3000';
const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_SELF = 'office-js/office.js';

/** A wrong option: the message says what to write instead, so no stack trace follows it. */
class DeployOptionError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}
DeployOptionError.prototype.name = 'DeployOptionError';

/**
 * The public address, normalised without a trailing slash (https://server or https://server/folder).
 * @param {string} raw
 * @returns {string}
 */
function parsePublicUrl(raw) {
  const value = raw.trim();
  const refuse = (vi, en) => {
    throw new DeployOptionError(
      `PHULUC_PUBLIC_URL="${raw}": ${vi} / ${en}.\n  Ví dụ / example: PHULUC_PUBLIC_URL=https://phuluc.example.gov.vn/addin npm run build`,
    );
  };
  let url;
  try {
    url = new URL(value);
  } catch {
    return refuse('không phải một địa chỉ web', 'not a web address');
  }
  if (url.protocol !== 'https:') refuse('Office chỉ nạp phần bổ trợ qua https', 'Office loads add-ins over https only');
  if (url.username || url.password) refuse('không được chứa tên người dùng hay mật khẩu', 'must not carry a user name or password');
  if (/[?#]/.test(value)) refuse('không được có phần ?… hay #…', 'must not have a ?… or #… part');
  // Letters, digits and - . _ ~ % / only: the address goes into XML attributes and URLs as it is.
  if (!/^\/[A-Za-z0-9\-._~%/]*$/.test(url.pathname) || /\/\//.test(url.pathname) || /[\s"'<>&\\]/.test(value)) {
    refuse('thư mục chỉ gồm chữ không dấu, số và - . _ ~ /', 'the folder may hold only letters, digits and - . _ ~ /');
  }
  if (/\.(html?|xml|aspx?|php|js)$/i.test(url.pathname))
    refuse(
      'cần địa chỉ của thư mục đặt các tệp của dist-web/, không phải của một trang',
      "give the address of the folder that serves dist-web/'s files, not of a page",
    );
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * @param {string | undefined} raw
 * @returns {'self' | 'cdn'}
 */
function parseOfficeJs(raw) {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'self') return 'self';
  if (value === 'cdn') return 'cdn';
  throw new DeployOptionError(`PHULUC_OFFICE_JS="${raw}": chỉ nhận self (mặc định) hoặc cdn / only self (the default) or cdn.`);
}

/**
 * @param {Record<string, string | undefined>} env
 * @returns {{ publicUrl: string, officeJs: 'self' | 'cdn', officeJsSrc: string, scriptSources: string[] }}
 */
function deployOptions(env = process.env) {
  const publicUrl = env.PHULUC_PUBLIC_URL && env.PHULUC_PUBLIC_URL.trim() !== '' ? parsePublicUrl(env.PHULUC_PUBLIC_URL) : LOCAL_ORIGIN;
  const officeJs = parseOfficeJs(env.PHULUC_OFFICE_JS);
  return {
    publicUrl,
    officeJs,
    officeJsSrc: officeJs === 'cdn' ? OFFICE_JS_CDN : OFFICE_JS_SELF,
    // CSP script-src: this site, and the CDN's origin only when Office.js comes from it
    scriptSources: officeJs === 'cdn' ? ["'self'", new URL(OFFICE_JS_CDN).origin] : ["'self'"],
  };
}

/**
 * manifest.xml with every https://localhost:3000 address moved to publicUrl. Its comments (which
 * speak of localhost) give way to one that says where the file came from. Unchanged for localhost.
 * @param {string} xml
 * @param {string} publicUrl
 * @returns {string}
 */
function manifestFor(xml, publicUrl) {
  if (publicUrl === LOCAL_ORIGIN) return xml;
  const moved = xml
    .replace(/<!--[\s\S]*?-->\s*/g, '')
    .split(`"${LOCAL_ORIGIN}`)
    .join(`"${publicUrl}`)
    .replace(/^(<\?xml[^>]*\?>\s*)/, `$1<!-- Phụ lục: manifest.xml built for ${publicUrl} (PHULUC_PUBLIC_URL, docs/deploy.md). -->\n`);
  if (moved.includes('localhost')) throw new Error(`manifest.xml names localhost outside an attribute value: ${LOCAL_ORIGIN} could not be replaced everywhere`);
  return moved;
}

module.exports = { LOCAL_ORIGIN, OFFICE_JS_CDN, OFFICE_JS_SELF, DeployOptionError, parsePublicUrl, parseOfficeJs, deployOptions, manifestFor };
