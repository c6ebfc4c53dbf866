import { promises as fs } from 'node:fs';
import { withCarriedTemplates } from '../app/carried';
import { previousFiguresFrom } from '../app/narrative';
import { parseRosterBytes, type RosterReading } from '../app/roster';
import { UI } from '../core/i18n/ui';
import type { Lang } from '../core/model';
import { problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import { checkWorkbook } from '../xlsx/check';
import { fileReason, UsageError } from './files';

/**
 * The files a command names besides its inputs — the roster, the same period before — read as
 * every host reads them. Apart from files.ts so that `--version` and `--help` load none of it.
 */

/**
 * The roster named on the command line, read as every host reads one: a file that cannot be read
 * is the roster's problem (consolidate.rosterUnreadable, as for a roster that holds no units), not
 * a usage error; each command then decides whether it can go on without one.
 */
export async function rosterFromFile(file: string, lang: Lang): Promise<RosterReading> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    return { problems: [problem('error', 'consolidate.rosterUnreadable', { file }, { reason: fileReason(e, lang) })] };
  }
  return parseRosterBytes(bytes, file);
}

/** `--previous FILE`: the figures of the same period before, read as the readers read any workbook. */
export async function previousFromFile(file: string, registry: TemplateRegistry, lang: Lang): Promise<ReturnType<typeof previousFiguresFrom>> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new UsageError(UI[lang].optionFile('--previous', file, fileReason(e, lang)));
  }
  return previousFiguresFrom(await withCarriedTemplates((define) => checkWorkbook(bytes, file, registry, undefined, define)), registry);
}
