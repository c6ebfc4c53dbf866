import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Thrown for what the user asked wrongly: exit code 2, the message shown as it is. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class OutputExistsError extends UsageError {}

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
  await fs.writeFile(tmp, data, { flag: 'wx' });
  try {
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
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
