/**
 * Injected by esbuild into the fake Office host for the page (test/browser/fake-office.ts): the
 * fake Excel counts request sizes with Buffer.byteLength, which a browser does not have.
 */
const encoder = new TextEncoder();
export const Buffer = { byteLength: (text: string): number => encoder.encode(text).length };
