import { zipSync } from 'fflate';

/** Files → one .zip, each stored as it is (workbooks are compressed already), dated alike so the same set gives the same bytes. */
export function zipFiles(files: readonly { readonly name: string; readonly bytes: Uint8Array }[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
  for (const f of files) entries[f.name] = [f.bytes, { level: 0, mtime: new Date(Date.UTC(2020, 0, 1)) }];
  return zipSync(entries);
}
