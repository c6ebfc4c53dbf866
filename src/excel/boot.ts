/// <reference types="office-js" />
import type { AppHost } from '../app/host';
import type { Lang } from '../core/model';
import type { ExcelEnvironment } from './host';

/**
 * The task pane's start-up inside Office. Two questions, in order:
 *
 * 1. Before Office.js answers: does Office host this page? `officeHostHint` reads what Office gives
 *    a page it opens, in the places office.js itself reads (its `_retrieveHostInfo`): the
 *    `_host_Info` query parameter Office adds to the SourceLocation URL (Windows, Mac, Excel on the
 *    web), the copy office.js keeps in sessionStorage (`hostInfoValue`, for a page reloaded inside
 *    the pane), `window.name` and the `_xdm_Info` of Excel on the web's iframe, and the objects the
 *    desktop hosts inject (`window.external.GetHostInfo`/`GetContext` on Windows,
 *    `webkit.messageHandlers.Agave` on Mac).
 * 2. `connectExcel`: inside Office, wait for Office.onReady however long a cold start takes (the
 *    page shows its progress meanwhile); in a plain browser, give Office.js a short while to say
 *    otherwise, then file mode.
 */

/** What the page can see of its host before Office.js answers (all read from `window` by `pageEnvironment`). */
export interface PageEnvironment {
  readonly search: string;
  readonly hash: string;
  readonly windowName: string;
  /** sessionStorage's `hostInfoValue`, null when absent or when storage cannot be read */
  readonly sessionHostInfo: string | null;
  readonly external: unknown;
  readonly webkit: unknown;
}

export type HostHintSource = 'query' | 'session' | 'window-name' | 'xdm' | 'external' | 'webkit';

/** Office hosts this page: where that was seen, and what the host said of itself when it said it. */
export interface OfficeHostHint {
  readonly source: HostHintSource;
  /** `_host_Info` fields, lower case as office.js reads them ("excel", "win32" / "web" / "mac", "vi-vn"); "" when unknown */
  readonly host: string;
  readonly platform: string;
  readonly locale: string;
}

/** Office hosts this page (and what it said of itself), or undefined: a plain browser. */
export function officeHostHint(page: PageEnvironment): OfficeHostHint | undefined {
  const query = queryValue(page.search, '_host_Info');
  if (query) return { source: 'query', ...parseHostInfo(query) };
  if (page.sessionHostInfo) return { source: 'session', ...parseHostInfo(page.sessionHostInfo) };
  const named = windowNameInfo(page.windowName);
  if (named?.hostInfo) return { source: 'window-name', ...parseHostInfo(named.hostInfo) };
  if (named?.xdmInfo || queryValue(page.search, '_xdm_Info') || page.hash.includes('_xdm_Info=')) return { source: 'xdm', host: '', platform: '', locale: '' };
  if (hasMember(page.external, 'GetHostInfo') || hasMember(page.external, 'GetContext')) return { source: 'external', host: '', platform: '', locale: '' };
  const handlers = isObject(page.webkit) ? page.webkit['messageHandlers'] : undefined;
  if (hasMember(handlers, 'Agave')) return { source: 'webkit', host: '', platform: '', locale: '' };
  return undefined;
}

/** This page's PageEnvironment; never throws (a sandboxed frame may refuse sessionStorage). */
export function pageEnvironment(): PageEnvironment {
  let sessionHostInfo: string | null = null;
  try {
    sessionHostInfo = window.sessionStorage.getItem('hostInfoValue');
  } catch {
    sessionHostInfo = null; // storage refused: the other signs still count
  }
  const globals = window as unknown as { external?: unknown; webkit?: unknown };
  return { search: location.search, hash: location.hash, windowName: window.name, sessionHostInfo, external: globals.external, webkit: globals.webkit };
}

/**
 * The pane's language before Office.js answers: `?lang=vi|en` when the page's address says it,
 * else Office's locale, else the first of the browser's languages that is Vietnamese or English,
 * else Vietnamese.
 */
export function startLanguage(hint: OfficeHostHint | undefined, search: string, browserLanguages: readonly string[] = []): Lang {
  const asked = queryValue(search, 'lang');
  if (asked === 'vi' || asked === 'en') return asked;
  if (hint?.locale) return hint.locale.startsWith('vi') ? 'vi' : 'en';
  for (const language of browserLanguages) {
    const tag = language.toLowerCase();
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en')) return 'en';
  }
  return 'vi';
}

/** A dark background (Office's dark and black themes): its relative luminance below one half. */
export function isDarkColor(color: string | undefined): boolean {
  const hex = /^#?([0-9a-f]{6})$/i.exec(color?.trim() ?? '')?.[1];
  if (!hex) return false;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5;
}

export interface ConnectOptions {
  /** Office hosts the page (officeHostHint said so): wait for Office.onReady as long as it takes */
  readonly insideOffice: boolean;
  /** a plain browser: how long Office.js may take to answer before the page starts in file mode */
  readonly plainBrowserMs: number;
}

export interface ExcelConnection {
  readonly host: AppHost;
  readonly lang: Lang;
  /** Office's theme is dark (or black): the pane follows it */
  readonly dark: boolean;
}

/**
 * The Excel host when the page runs in Excel, undefined everywhere else (a plain browser, another
 * Office application, an Office.js that failed to load or failed), and then the page starts in
 * file mode. Inside Office it waits for Office.onReady without a time limit: a cold start of
 * Excel, Excel on the web or a slow link can take many seconds, and file mode inside Excel would
 * be wrong. Never throws.
 */
export async function connectExcel(options: ConnectOptions): Promise<ExcelConnection | undefined> {
  try {
    if (typeof Office === 'undefined') return undefined;
    const ready = Office.onReady();
    const info = options.insideOffice ? await ready : await withTimeout(ready, options.plainBrowserMs);
    if (!info || info.host !== Office.HostType.Excel) return undefined;
    const lang: Lang = Office.context.displayLanguage?.toLowerCase().startsWith('vi') ? 'vi' : 'en';
    const dark = isDarkColor(Office.context.officeTheme?.bodyBackgroundColor);
    // The Excel host (layout, checks, consolidation) loads only inside Excel: file mode does not pay for it.
    const { createExcelHost } = await import('./host');
    return { host: createExcelHost(officeEnvironment(info.platform), { lang }), lang, dark };
  } catch {
    // Deliberately no rethrow: an Office.js that misbehaves must not keep file mode from starting.
    return undefined;
  }
}

/** The real Excel behind the ExcelEnvironment the host is written against. */
function officeEnvironment(platform: Office.PlatformType | null | undefined): ExcelEnvironment {
  return {
    run: (batch) => Excel.run(batch),
    isSetSupported: (name, version) => {
      try {
        return Office.context.requirements.isSetSupported(name, version);
      } catch {
        return false; // a host that cannot even answer has nothing newer than the minimum
      }
    },
    // Excel on Mac and on iPad cannot save a file the task pane offers.
    canDownload: platform !== Office.PlatformType.Mac && platform !== Office.PlatformType.iOS,
  };
}

/** `host$platform$version$locale$…` (or `|`-separated, as office.js also accepts), lower case. */
function parseHostInfo(raw: string): { host: string; platform: string; locale: string } {
  let value = raw;
  try {
    value = decodeURIComponent(raw);
  } catch {
    value = raw; // not percent-encoded after all: read it as it is
  }
  let parts = value.split('$');
  if (parts.length < 3) parts = value.split('|');
  const field = (i: number) => (parts[i] ?? '').toLowerCase();
  return { host: field(0), platform: field(1), locale: field(3) };
}

/** A query parameter's raw value, as office.js reads it (up to the next & or #). */
function queryValue(search: string, name: string): string | undefined {
  const match = new RegExp(`[?&]${name}=([^&#]*)`).exec(search);
  return match?.[1] || undefined;
}

/** window.name as office.js writes it on Excel on the web: JSON with hostInfo and xdmInfo. */
function windowNameInfo(windowName: string): { hostInfo?: string; xdmInfo?: string } | undefined {
  if (!windowName.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(windowName);
    if (!isObject(parsed)) return undefined;
    const text = (key: string) => (typeof parsed[key] === 'string' && parsed[key] !== '' ? parsed[key] : undefined);
    return { hostInfo: text('hostInfo'), xdmInfo: text('xdmInfo') };
  } catch {
    return undefined; // some other page's window.name: not Office's
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function hasMember(value: unknown, name: string): boolean {
  return isObject(value) && value[name] !== undefined && value[name] !== null;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
