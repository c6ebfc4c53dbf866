/**
 * The fake Office host (test/browser/fake-office.ts) as one IIFE script for the page, bundled by
 * esbuild with Buffer.byteLength shimmed for the browser, and served in place of
 * office-js/office.js.
 */
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { FakeOfficeOptions } from './fake-office';

export async function bundleFakeOffice(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'fake-office.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    inject: [path.join(__dirname, 'buffer-shim.ts')],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The page gets the fake for office-js/office.js, with these options, from its next navigation on. */
export async function useFakeOffice(page: Page, script: string, options: FakeOfficeOptions = {}): Promise<void> {
  await page.addInitScript((o) => {
    (window as unknown as { __fakeOfficeOptions: FakeOfficeOptions }).__fakeOfficeOptions = o;
  }, options);
  await page.route('**/office-js/office.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: script }));
}

/** The address Office gives the task pane: the SourceLocation with its _host_Info (Excel on Windows). */
export function asOfficeLoadsIt(origin: string, locale = 'vi-VN'): string {
  return `${origin}/taskpane.html?_host_Info=Excel$Win32$16.01$${locale}$$$$0`;
}
