import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs, writeSync } from 'node:fs';
import path from 'node:path';
import { problem, type Problem } from '../core/problems';
import type { Lang, Localized } from '../core/model';
import { UI } from '../core/i18n/ui';

/** Thrown for what the user asked wrongly: exit code 2, the message shown as it is (already in the command's --lang, from UI). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class OutputExistsError extends UsageError {}

/** An output that the system refuses to write (no such folder, no permission, disk full): exit 2, nothing left behind. */
export class OutputWriteError extends UsageError {}

/** Why the system refused a read or a write, in words where the code is known. */
export const fileReason = (e: unknown, lang: Lang, how: 'read' | 'write' = 'read'): string => {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return String(e);
  return (how === 'read' ? UI[lang].readReason : UI[lang].writeReason)[code] ?? code;
};

function writeError(target: string, e: unknown, lang: Lang): OutputWriteError | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  return new OutputWriteError(UI[lang].cannotWrite(target, fileReason(e, lang, 'write')));
}

/** Refuses, before any work, an output whose folder does not exist or cannot be written. */
export async function checkOutputFolder(target: string, lang: Lang): Promise<void> {
  try {
    const dir = path.dirname(path.resolve(target));
    if (!(await fs.stat(dir)).isDirectory()) throw Object.assign(new Error(dir), { code: 'ENOTDIR' });
    await fs.access(dir, fsConstants.W_OK);
  } catch (e) {
    throw writeError(target, e, lang) ?? e;
  }
}

/**
 * What a folder walk passes by without a word: the lock files Excel (~$Book.xlsx) and LibreOffice
 * (.~lock.Book.xlsx#) leave beside open files, hidden files, and what Windows and macOS leave in folders.
 */
const isSystemFile = (name: string): boolean => name.startsWith('~$') || name.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(name);

/** Workbooks the readers take (by content; the name only decides what a folder walk picks up). */
const READABLE = /\.(xlsx|xlsm|ods)$/i;
/** Spreadsheets of other kinds: likely a unit's report in the wrong format, so an error. */
const OTHER_SPREADSHEET = /\.(xls|xlsb|xlt|xltx|xltm|csv|tsv|fods|ots|et|ett|numbers|dbf|wk[1-4s])$/i;

export interface CollectedFiles {
  /** the workbooks to read, in a stable order */
  readonly files: string[];
  /** paths that do not exist, and files in folders that no reader takes */
  readonly problems: Problem[];
}

/**
 * Files and folders → the workbooks they name, folders walked, in a stable order. A file named on
 * the command line is read whatever its name; in a folder, every other file is reported, never
 * skipped silently.
 */
export async function collectWorkbooks(paths: readonly string[], skip: ReadonlySet<string> = new Set()): Promise<CollectedFiles> {
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch {
      problems.push(problem('error', 'file.notFound', { file: p }, { path: p }));
      continue;
    }
    if (stat.isDirectory()) await walk(p, skip, files, problems);
    else files.push(p);
  }
  return { files, problems };
}

async function walk(dir: string, skip: ReadonlySet<string>, files: string[], problems: Problem[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (isSystemFile(e.name) || skip.has(path.resolve(full))) continue;
    if (e.isDirectory()) await walk(full, skip, files, problems);
    else if (!e.isFile()) continue;
    else if (READABLE.test(e.name)) files.push(full);
    else {
      const ext = /\.[^.]+$/.exec(e.name)?.[0].toLowerCase() ?? e.name;
      problems.push(problem(OTHER_SPREADSHEET.test(e.name) ? 'error' : 'warning', 'file.unsupportedType', { file: full }, { ext }));
    }
  }
}

/** Why the system refused to read a file, as a problem in the reader's language. */
export function readFailure(file: string, e: unknown): Problem {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return problem('error', 'file.notFound', { file }, { path: file });
  const reason: Localized = { vi: fileReason(e, 'vi'), en: fileReason(e, 'en') };
  return problem('error', 'file.unreadable', { file }, { reason });
}

/** What is written: the bytes, or a producer that hands the bytes to `write` piece by piece. */
export type FileContent = Uint8Array | ((write: (chunk: Uint8Array) => void) => Promise<void>);

/**
 * Write a file so that a reader never sees half of it: a temporary file beside it, then a link
 * (refuses to replace an existing file) or, with force, a rename over it.
 */
export async function writeAtomically(target: string, content: FileContent, force: boolean, lang: Lang): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Inside the try: a write that fails half way (a full disk) leaves no temporary file either.
    if (content instanceof Uint8Array) await fs.writeFile(tmp, content, { flag: 'wx' });
    else {
      const handle = await fs.open(tmp, 'wx');
      try {
        // each piece straight to the file, synchronously: the producer is a synchronous zip stream
        await content((chunk) => {
          for (let at = 0; at < chunk.length; ) at += writeSync(handle.fd, chunk, at);
        });
      } finally {
        await handle.close();
      }
    }
    if (force) {
      await fs.rename(tmp, target);
      return;
    }
    try {
      await fs.link(tmp, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new OutputExistsError(target);
      throw e;
    }
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw writeError(target, e, lang) ?? e;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** Whether something is at this path (a file, a folder, a link): never throws. */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    // no such path, or one that cannot be looked at: either way, nothing to overwrite there
    return false;
  }
}
