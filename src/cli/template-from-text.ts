import { promises as fs } from 'node:fs';
import { appendixText, draftTemplate, type Draft } from '../core/from-text';
import type { Lang } from '../core/model';
import { templateSchema } from '../core/template';
import { UI } from '../core/i18n/ui';
import { fileReason, OutputExistsError, UsageError, writeAtomically } from './files';
import { MisuseError } from '../core/errors';
import { TEMPLATE_FROM_TEXT } from '../core/i18n/template-messages';
import { EXIT, type Io } from './io';

export interface TemplateFromTextOptions {
  /** where the draft JSON goes; without it, the JSON is printed on stdout */
  output?: string;
  /** the draft's id (default: from its title) */
  id?: string;
  force?: boolean;
  lang: Lang;
  /** print {output, template?, uninterpreted, stats} as JSON */
  json?: boolean;
}

/**
 * phuluc template from-text FILE [-o draft.json] [--id ID] [--force] [--json]: a draft template
 * from the appendix of a plan in plain text. Exit 0 when every line was understood, 1 when the
 * draft leaves lines out (they are listed), 2 for a usage error (UsageError, as the other commands).
 */
export async function templateFromTextCommand(file: string, opts: TemplateFromTextOptions, io: Io): Promise<number> {
  const t = TEMPLATE_FROM_TEXT[opts.lang];
  if (opts.id !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(opts.id)) throw new UsageError(t.badId(opts.id));
  if (opts.output !== undefined && !/\.json$/i.test(opts.output)) throw new UsageError(t.notJson(opts.output));
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    throw new UsageError(t.unreadable(file, fileReason(e, opts.lang)));
  }
  if (bytes.includes(0)) throw new UsageError(t.notText(file));
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const part = appendixText(text);
  const draft: Draft = draftTemplate(part.text, { ...(opts.id ? { id: opts.id } : {}), firstLine: part.firstLine });
  if (!draft.template.rows.length) throw new UsageError(t.nothing(file));
  const checked = templateSchema.safeParse(draft.template);
  if (!checked.success) {
    // a draft that the schema refuses is a bug of the parser, not the user's
    throw new MisuseError(`draft template is not valid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const json = `${JSON.stringify(draft.template, null, 2)}\n`;
  if (opts.output !== undefined) {
    try {
      await writeAtomically(opts.output, new TextEncoder().encode(json), opts.force === true, opts.lang);
    } catch (e) {
      if (e instanceof OutputExistsError) throw new UsageError(UI[opts.lang].fileExists(opts.output));
      throw e;
    }
  }
  if (opts.json) {
    io.out(
      `${JSON.stringify(
        {
          output: opts.output ?? null,
          ...(opts.output === undefined ? { template: draft.template } : {}),
          appendixFound: part.found,
          uninterpreted: draft.uninterpreted,
          stats: draft.stats,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    // without -o the JSON is the output (for a pipe); what is said goes to stderr
    const say = opts.output === undefined ? io.err : io.out;
    if (opts.output === undefined) io.out(json);
    else say(`${t.written(opts.output, draft.template.rows.length)}\n`);
    if (!part.found) say(`${t.whole}\n`);
    if (draft.uninterpreted.length) {
      say(`${t.left(draft.uninterpreted.length)}\n`);
      for (const u of draft.uninterpreted) say(`${t.line(u.line, u.text)}\n`);
    }
  }
  return draft.uninterpreted.length ? EXIT.problems : EXIT.ok;
}
