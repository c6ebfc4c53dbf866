import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Drives the real LibreOffice (headless) for the tests in test/libreoffice: it computes the
 * formulas of written files and re-saves them as a user's program would.
 */

export type TargetFormat = 'xlsx' | 'ods' | 'fods' | 'csv' | 'pdf';

/** UTF-8 (76), comma (44), double quote (34), cells as shown (the default for export). */
export const CSV_EXPORT_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1';

/** The CSV import filter with a column format per column (1 standard, 2 text), e.g. "1/2/2/2/3/2/4/1/5/2". */
export const csvImportFilter = (columnFormats: string): string => `Text - txt - csv (StarCalc):44,34,76,1,${columnFormats}`;

const TIMEOUT_MS = 120_000;

let available: boolean | undefined;

/** Is `soffice` on the PATH (and does it answer)? */
export function sofficeAvailable(): boolean {
  if (available !== undefined) return available;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const found = dirs.some((dir) => {
    try {
      fs.accessSync(path.join(dir, 'soffice'), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) return (available = false);
  try {
    execFileSync('soffice', ['--version'], { timeout: 60_000, stdio: 'ignore' });
    available = true;
  } catch {
    available = false;
  }
  return available;
}

let pdftotextFound: boolean | undefined;

/** Is poppler's `pdftotext` on the PATH (the report tests read LibreOffice's PDF with it)? */
export function pdftotextAvailable(): boolean {
  if (pdftotextFound !== undefined) return pdftotextFound;
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    pdftotextFound = true;
  } catch {
    pdftotextFound = false;
  }
  return pdftotextFound;
}

/**
 * The line a test file prints when it skips for want of soffice. It is also written straight to
 * stderr: jest's default reporter hides the console output of a suite whose tests are all skipped.
 */
export function skipNotice(testFile: string): string {
  const message = `LibreOffice (soffice) not found: skipping ${testFile} (install it: apt-get install -y libreoffice-calc-nogui)`;
  process.stderr.write(`${message}\n`);
  return message;
}

export interface ConvertOptions {
  /** --infilter, e.g. csvImportFilter('1/2/2/2/3/2/4/1/5/2') */
  readonly infilter?: string;
}

const targetArg = (format: TargetFormat): string => (format === 'csv' ? CSV_EXPORT_FILTER : format);

/** A private user profile per call: two LibreOffice processes never fight over one profile's lock. */
function privateProfile(): { url: string; dir: string } {
  const dir = path.join(os.tmpdir(), `lo-profile-${process.pid}-${randomBytes(6).toString('hex')}`);
  return { url: `file://${dir}`, dir };
}

/** Converts several files in one soffice run (one start-up for all); returns the output paths, in order. */
export async function convertMany(inputPaths: readonly string[], format: TargetFormat, outDir: string, options: ConvertOptions = {}): Promise<string[]> {
  if (inputPaths.length === 0) return [];
  const outputs = inputPaths.map((p) => path.join(outDir, `${path.basename(p, path.extname(p))}.${format}`));
  if (new Set(outputs).size !== outputs.length) throw new Error(`two inputs would convert to the same output in ${outDir}`);
  for (const out of outputs) fs.rmSync(out, { force: true });
  const profile = privateProfile();
  const args = [
    '--headless',
    '--norestore',
    '--nologo',
    '--nolockcheck',
    `-env:UserInstallation=${profile.url}`,
    ...(options.infilter ? [`--infilter=${options.infilter}`] : []),
    '--convert-to',
    targetArg(format),
    '--outdir',
    outDir,
    ...inputPaths,
  ];
  try {
    const { stdout, stderr } = await run('soffice', args);
    const missing = outputs.filter((o) => !fs.existsSync(o));
    if (missing.length > 0) {
      throw new Error(`soffice did not write ${missing.join(', ')}\nstdout: ${stdout}\nstderr: ${stderr}`);
    }
  } finally {
    fs.rmSync(profile.dir, { recursive: true, force: true });
  }
  return outputs;
}

/** One file → targetFormat in outDir; returns the output path. */
export async function convert(inputPath: string, format: TargetFormat, outDir: string, options: ConvertOptions = {}): Promise<string> {
  const [out] = await convertMany([inputPath], format, outDir, options);
  return out!;
}

function run(file: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A fresh temporary folder for one test file; remove it with removeTempDir in afterAll. */
export const makeTempDir = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));

export const removeTempDir = (dir: string | undefined): void => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};

/**
 * RFC 4180 CSV → rows of fields (quoted fields may hold commas, quotes and line breaks).
 * Enough for what LibreOffice writes and what the tests write.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** One CSV field, quoted when it must be (or always, when asked). */
export function csvField(value: string, alwaysQuote = false): string {
  return alwaysQuote || /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvLine = (fields: readonly string[], alwaysQuote = false): string => fields.map((f) => csvField(f, alwaysQuote)).join(',');
