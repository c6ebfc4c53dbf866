import { templateKey, type Template } from './model';
import { MisuseError } from './errors';

/** The templates an engine knows, by id and version. Built-ins plus any a user loads. */
export class TemplateRegistry {
  private readonly byKey = new Map<string, Template>();

  constructor(templates: Iterable<Template> = []) {
    for (const t of templates) this.add(t);
  }

  add(template: Template): void {
    const key = templateKey(template);
    if (this.byKey.has(key)) throw new MisuseError(`template ${key} is already registered`);
    this.byKey.set(key, template);
  }

  get(id: string, version: number): Template | undefined {
    return this.byKey.get(templateKey({ id, version }));
  }

  /** Versions known for an id, newest last. */
  versionsOf(id: string): number[] {
    return [...this.byKey.values()]
      .filter((t) => t.id === id)
      .map((t) => t.version)
      .sort((a, b) => a - b);
  }

  list(): Template[] {
    return [...this.byKey.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  }

  /** Latest version of an id. */
  latest(id: string): Template | undefined {
    const versions = this.versionsOf(id);
    const newest = versions[versions.length - 1];
    return newest === undefined ? undefined : this.get(id, newest);
  }
}
