#!/usr/bin/env node
/**
 * Draws the add-in's icons (assets/icon-16.png … icon-128.png): a blue rounded square with a
 * white table — a header row and a grid, the shape of an appendix. Pixel by pixel, written as
 * PNG with zlib, no image library. The PNGs are committed; run this only to regenerate them:
 *
 *   node scripts/make-icons.cjs
 *
 * The same input always gives the same bytes (for one zlib version).
 */
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80, 128];
const BLUE = [0x0f, 0x6c, 0xbd]; // Fluent UI brand blue
const WHITE = [0xff, 0xff, 0xff];
const SAMPLES = 8; // anti-aliasing of the rounded corners: SAMPLES × SAMPLES per pixel

/** An RGBA image of size × size, transparent. */
function image(size) {
  return { size, data: new Uint8Array(size * size * 4) };
}

/** Paints pixel (x, y) with color at coverage 0…1 over what is there (source-over). */
function blend(img, x, y, color, coverage) {
  if (coverage <= 0 || x < 0 || y < 0 || x >= img.size || y >= img.size) return;
  const i = (y * img.size + x) * 4;
  const d = img.data;
  const srcA = coverage;
  const dstA = d[i + 3] / 255;
  const outA = srcA + dstA * (1 - srcA);
  for (let c = 0; c < 3; c++) {
    const out = (color[c] * srcA + d[i + c] * dstA * (1 - srcA)) / outA;
    d[i + c] = Math.round(out);
  }
  d[i + 3] = Math.round(outA * 255);
}

/** Whether point (px, py) lies in the rounded rectangle [x0, x1) × [y0, y1) with corner radius r. */
function inRoundedRect(px, py, x0, y0, x1, y1, r) {
  if (px < x0 || px >= x1 || py < y0 || py >= y1) return false;
  const cx = px < x0 + r ? x0 + r : px > x1 - r ? x1 - r : px;
  const cy = py < y0 + r ? y0 + r : py > y1 - r ? y1 - r : py;
  const dx = px - cx;
  const dy = py - cy;
  return dx * dx + dy * dy <= r * r;
}

function fillRoundedRect(img, x0, y0, x1, y1, r, color) {
  for (let y = 0; y < img.size; y++) {
    for (let x = 0; x < img.size; x++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (inRoundedRect(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES, x0, y0, x1, y1, r)) hits++;
        }
      }
      blend(img, x, y, color, hits / (SAMPLES * SAMPLES));
    }
  }
}

/** Whole pixels [x0, x1) × [y0, y1): the grid is drawn on the pixel grid so it stays crisp. */
function fillRect(img, x0, y0, x1, y1, color) {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) blend(img, x, y, color, 1);
}

/** Where the lines go between cells in [from, to): cells weighted by weights, lines w wide. */
function separators(from, to, w, weights) {
  const free = to - from - w * (weights.length - 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const out = [];
  let used = 0;
  let acc = 0;
  for (let k = 0; k < weights.length - 1; k++) {
    acc += weights[k];
    const cell = Math.round((free * acc) / total) - used;
    used += cell;
    out.push(from + used + k * w);
  }
  return out;
}

function drawIcon(size) {
  const img = image(size);
  const margin = size >= 32 ? Math.round(size / 32) : 0;
  fillRoundedRect(img, margin, margin, size - margin, size - margin, size * 0.2, BLUE);

  // The table: outline, a filled header row, a label column and two value columns, three rows.
  const inset = Math.round(size * 0.2);
  const x0 = inset;
  const x1 = size - inset; // exclusive
  const y0 = inset;
  const y1 = size - inset;
  const w = size < 32 ? 1 : Math.round(size / 20); // line width
  const header = Math.max(w + 1, Math.round((y1 - y0) * 0.26));

  fillRect(img, x0, y0, x1, y0 + header, WHITE); // header row
  fillRect(img, x0, y1 - w, x1, y1, WHITE); // bottom
  fillRect(img, x0, y0, x0 + w, y1, WHITE); // left
  fillRect(img, x1 - w, y0, x1, y1, WHITE); // right
  // The space inside is shared out evenly between rows (and columns), the lines between them w wide.
  const rows = size >= 32 ? 3 : 2;
  for (const y of separators(y0 + header, y1 - w, w, Array(rows).fill(1))) fillRect(img, x0, y, x1, y + w, WHITE);
  // columns: the label column is wider, then the values (as in the appendix: label … value)
  const cols = size >= 32 ? [1.6, 1, 1] : [1, 1];
  for (const x of separators(x0 + w, x1 - w, w, cols)) fillRect(img, x, y0 + header, x + w, y1, WHITE);
  return img;
}

// ---- PNG ------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(img) {
  const { size, data } = img;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(data.buffer, y * size * 4, size * 4).copy(raw, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function main() {
  const out = path.join(__dirname, '..', 'assets');
  fs.mkdirSync(out, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(out, `icon-${size}.png`);
    const png = encodePng(drawIcon(size));
    fs.writeFileSync(file, png);
    console.log(`${path.relative(process.cwd(), file)}  ${size}×${size}  ${png.length} bytes`);
  }
}

if (require.main === module) main();

module.exports = { drawIcon, encodePng, SIZES };
