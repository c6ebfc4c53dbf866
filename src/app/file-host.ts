import { builtInRegistry } from '../core/builtins';
import { MisuseError } from '../core/errors';
import { withCarrier } from '../sheet/carrier';
import { withCarriedTemplates } from './carried';
import { PANE } from '../core/i18n/pane';
import type { Problem } from '../core/problems';
import type { TemplateRegistry } from '../core/registry';
import { consolidateSources, type SourceInputs } from './consolidate';
import {
  rememberedHeaderOf,
  XLSX_MIME,
  type AppHost,
  type CheckRequest,
  type CheckResult,
  type ConsolidateRequest,
  type ConsolidateResult,
  type InsertRequest,
  type InsertResult,
  type PickedFile,
  type RememberedHeader,
  type StatusRequest,
  type StatusResult,
} from './host';
import { narrativeInputOf, previousFiguresFrom, type NarrativeInput } from './narrative';
import { parseRosterBytes } from './roster';
import { statusResultOf } from './status';

/**
 * File mode: the task pane in a plain browser, outside Office, on files the user picks. Nothing
 * leaves the browser. The .xlsx code is loaded only when a file is read or written.
 */
export function createFileHost(registry: TemplateRegistry = builtInRegistry(), storage: KeptText | undefined = browserStorage()): AppHost {
  const xlsx = () => import('./xlsx-module');
  /** What this browser keeps under a key, as JSON: undefined when nothing is kept or it is not JSON (another program's key, a hand edit). */
  const readKept = (key: string): unknown => {
    const kept = storage?.getItem(key);
    if (!kept) return undefined;
    try {
      return JSON.parse(kept) as unknown;
    } catch {
      return undefined;
    }
  };
  /** The same period before, from a picked file. */
  const previousOf = async (file: PickedFile) => previousFiguresFrom(await checkPicked(file), registry);
  /** A picked workbook read and checked, with the template it carries if it carries one. */
  const checkPicked = async (file: PickedFile) => {
    const { checkWorkbook } = await xlsx();
    return withCarriedTemplates((define) => checkWorkbook(file.bytes, file.name, registry, undefined, define));
  };
  return {
    mode: 'file',
    limitations: [],
    canDownload: true,

    async rememberedHeader(): Promise<RememberedHeader | undefined> {
      return rememberedHeaderOf(readKept(HEADER_KEY));
    },

    async rememberHeader(header: RememberedHeader): Promise<void> {
      storage?.setItem(HEADER_KEY, JSON.stringify(header));
    },

    async rememberedTemplates(): Promise<readonly unknown[]> {
      const value = readKept(TEMPLATES_KEY);
      return Array.isArray(value) ? (value as unknown[]) : [];
    },

    async rememberTemplates(templates: readonly unknown[]): Promise<void> {
      storage?.setItem(TEMPLATES_KEY, JSON.stringify(templates));
    },

    async narrativeInput(request): Promise<NarrativeInput> {
      if (!request.file) return { meta: {}, problems: [] };
      const earlier = request.previous ? await previousOf(request.previous) : undefined;
      const read = narrativeInputOf(await checkPicked(request.file), registry, earlier?.previous);
      return earlier ? { ...read, problems: [...earlier.problems, ...read.problems] } : read;
    },

    async insert(request: InsertRequest): Promise<InsertResult> {
      const template = request.template ?? registry.get(request.templateId, request.templateVersion);
      if (!template) throw new MisuseError(`unknown template ${request.templateId}@${request.templateVersion}`);
      const { layoutUnitSheet, writeXlsx } = await xlsx();
      const layout = layoutUnitSheet(template, request.meta, { lang: request.lang });
      const base = [template.id, request.meta.unitCode ?? request.meta.unit].filter(Boolean).join('-');
      const fileName = `${safeFileName(base)}.xlsx`;
      return { name: fileName, download: { fileName, mimeType: XLSX_MIME, bytes: await writeXlsx(withCarrier([layout], template), { lang: request.lang }) } };
    },

    async check(request: CheckRequest): Promise<CheckResult> {
      const problems: Problem[] = [];
      let sheets = 0;
      for (const file of request.files ?? []) {
        const checked = await checkPicked(file);
        problems.push(...checked.problems);
        sheets += checked.sheets.length;
      }
      return { problems, sheets, marked: 0 };
    },

    async status(request: StatusRequest): Promise<StatusResult> {
      const roster = await parseRosterBytes(request.roster.bytes, request.roster.name);
      if (!roster.entries) return { contactHeaders: [], problems: roster.problems };
      const { consolidationInputs } = await xlsx();
      const sources = [];
      for (const file of request.files) sources.push(consolidationInputs(await checkPicked(file)));
      return statusResultOf(registry, sources, { ...roster, entries: roster.entries }, request);
    },

    async consolidate(request: ConsolidateRequest, onProgress?: (done: number, total: number) => void): Promise<ConsolidateResult> {
      const { consolidationInputs, writeSummaryXlsx } = await xlsx();
      // A roster that cannot be read is a problem, as in every host: the units are still consolidated.
      const roster = request.roster ? await parseRosterBytes(request.roster.bytes, request.roster.name) : undefined;
      const earlier = request.previous ? await previousOf(request.previous) : undefined;
      const sources: SourceInputs[] = [{ inputs: [], problems: [...(roster?.problems ?? []), ...(earlier?.problems ?? [])] }];
      for (const [i, file] of request.files.entries()) {
        sources.push(consolidationInputs(await checkPicked(file)));
        onProgress?.(i + 1, request.files.length);
        // let the progress bar paint between files
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      const outcome = consolidateSources(registry, sources, {
        includeInvalid: request.includeInvalid,
        ...(roster?.entries ? { roster: roster.entries } : {}),
        ...(request.period ? { period: request.period } : {}),
        ...(earlier?.previous ? { previous: earlier.previous } : {}),
        meta: request.meta,
      });
      if (!outcome.summary) return { problems: outcome.problems };
      const fileName = `${safeFileName(['tong-hop', outcome.summary.template.id, request.meta.unitCode].filter(Boolean).join('-'))}.xlsx`;
      const bytes = await writeSummaryXlsx(outcome.summary, request.lang, { how: PANE[request.lang].problemHow });
      return { summary: outcome.summary, problems: outcome.problems, name: fileName, download: { fileName, mimeType: XLSX_MIME, bytes } };
    },
  };
}

/** A file name every system accepts, Vietnamese letters kept. */
export function safeFileName(text: string): string {
  return (
    text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex -- control characters are what a file name must not hold
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
      .replace(/\s+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 80) || 'phu-luc'
  );
}

/** Where file mode keeps the report's header between visits. */
export interface KeptText {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
const HEADER_KEY = 'phuluc.reportHeader';
const TEMPLATES_KEY = 'phuluc.templates';

/**
 * The browser's local storage, where the page may use it: a sandboxed frame or a browser that
 * blocks site data refuses it (SecurityError), and then file mode simply remembers nothing.
 */
function browserStorage(): KeptText | undefined {
  try {
    // read through globalThis: this module is also compiled for Node (the command line), which has none
    const storage = (globalThis as { localStorage?: KeptText }).localStorage;
    if (!storage) return undefined;
    return {
      getItem: (key) => {
        try {
          return storage.getItem(key);
        } catch {
          return null; // site data blocked since: nothing kept
        }
      },
      setItem: (key, value) => {
        try {
          storage.setItem(key, value);
        } catch {
          // full or blocked: the header is not remembered, and the report is written all the same
        }
      },
    };
  } catch {
    return undefined;
  }
}
