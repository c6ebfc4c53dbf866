import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';

/** Thrown for what the user asked wrongly: exit code 2, the message shown as it is. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class OutputExistsError extends UsageError {}

/** An output that the system refuses to write (no such folder, no permission, disk full): exit 2, nothing left behind. */
export class OutputWriteError extends UsageError {}

const WRITE_HINTS = new Map([
  ['ENOENT', 'thư mục không tồn tại / the folder does not exist'],
  ['ENOTDIR', 'thư mục không tồn tại / the folder does not exist'],
  ['EACCES', 'không có quyền ghi / no permission to write'],
  ['EPERM', 'không có quyền ghi / no permission to write'],
  ['EROFS', 'ổ đĩa chỉ đọc / read-only disk'],
  ['ENOSPC', 'ổ đĩa đầy / the disk is full'],
  ['EISDIR', 'đó là một thư mục / it is a folder'],
]);

function writeError(target: string, e: unknown): OutputWriteError | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  return new OutputWriteError(`không ghi được ${target} / cannot write ${target}: ${WRITE_HINTS.get(code) ?? code}`);
}

/** Refuses, before any work, an output whose folder does not exist or cannot be written. */
export async function checkOutputFolder(target: string): Promise<void> {
  try {
    const dir = path.dirname(path.resolve(target));
    if (!(await fs.stat(dir)).isDirectory()) throw Object.assign(new Error(dir), { code: 'ENOTDIR' });
    await fs.access(dir, fsConstants.W_OK);
  } catch (e) {
    throw writeError(target, e) ?? e;
  }
}

/** Lock files that Excel (~$Book.xlsx) and LibreOffice (.~lock.Book.xlsx#) leave beside open files. */
const isLockFile = (name: string): boolean => name.startsWith('~$') || name.startsWith('.~lock.');

/** Files and folders → the .xlsx files they name, folders walked, in a stable order. */
export async function collectXlsx(paths: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) files.push(...(await walk(p)));
    else files.push(p);
  }
  return { files, missing };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && /\.xlsx$/i.test(e.name) && !isLockFile(e.name)) out.push(full);
  }
  return out;
}

/**
 * Write a file so that a reader never sees half of it: a temporary file beside it, then a link
 * (refuses to replace an existing file) or, with force, a rename over it.
 */
export async function writeAtomically(target: string, data: Uint8Array, force: boolean): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Inside the try: a write that fails half way (a full disk) leaves no temporary file either.
    await fs.writeFile(tmp, data, { flag: 'wx' });
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
    throw writeError(target, e) ?? e;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
