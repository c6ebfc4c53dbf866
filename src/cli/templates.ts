import { localize, templateKey, type Lang } from '../core/model';
import { loadRegistry } from './common';
import { EXIT, type Io } from './io';

/** The templates known: built in and from --template-file, as text or JSON. */
export async function templatesCommand(opts: { json?: boolean; lang: Lang; templateFile?: string[] }, io: Io): Promise<number> {
  const registry = await loadRegistry(opts.templateFile, opts.lang);
  const list = registry.list();
  if (opts.json) {
    io.out(
      `${JSON.stringify(
        list.map((t) => ({ id: t.id, version: t.version, title: localize(t.title, opts.lang) })),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const t of list) io.out(`${templateKey(t).padEnd(26)} ${localize(t.title, opts.lang)}\n`);
  }
  return EXIT.ok;
}
