/// <reference types="office-js" />
import type { AppHost } from '../app/host';
import type { Lang } from '../core/model';
import type { ExcelEnvironment } from './host';

/**
 * The task pane's start-up inside Office: the Excel host when the page runs in Excel, undefined
 * everywhere else (a plain browser, another Office application, an Office.js that never answers),
 * and then the page starts in file mode. Never throws: whatever Office.js does, file mode starts.
 */
export async function connectExcel(timeoutMs: number): Promise<{ host: AppHost; lang: Lang } | undefined> {
  try {
    if (typeof Office === 'undefined') return undefined;
    const info = await withTimeout(Office.onReady(), timeoutMs);
    if (!info || info.host !== Office.HostType.Excel) return undefined;
    const lang: Lang = Office.context.displayLanguage?.toLowerCase().startsWith('vi') ? 'vi' : 'en';
    // The Excel host (layout, checks, consolidation) loads only inside Excel: file mode does not pay for it.
    const { createExcelHost } = await import('./host');
    return { host: createExcelHost(officeEnvironment(info.platform), { lang }), lang };
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
        reject(error);
      },
    );
  });
}
