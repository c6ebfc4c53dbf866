/**
 * Excel on the web refuses a request, or a response, larger than 5 MB (RichApi.Error with code
 * RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded; "Resource limits and
 * performance optimization for Office Add-ins", section "Excel add-ins"). Writes are estimated
 * before they are queued and split into several syncs only above the budget below; a read, whose
 * size is not known before it is made, is retried in smaller batches when Excel says it was too large.
 */
export const REQUEST_BUDGET_BYTES = 4_000_000;

/** What one queued action costs in a request besides its arguments: its JSON envelope and object path. */
export const ACTION_BYTES = 160;

/** UTF-8 length of a string, without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // a surrogate pair: one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export const jsonBytes = (value: unknown): number => utf8Bytes(JSON.stringify(value) ?? '');

/** Did Excel refuse a batch for its size? Such a batch can be split; any other error is real. */
export function isPayloadTooLarge(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === 'RequestPayloadSizeLimitExceeded' || code === 'ResponsePayloadSizeLimitExceeded';
}

/** Items packed in order into groups whose estimated bytes stay within the budget (an item larger than it goes alone). */
export function packByBytes<T>(items: readonly T[], bytesOf: (item: T) => number, budget = REQUEST_BUDGET_BYTES): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const bytes = bytesOf(item);
    if (current.length > 0 && used + bytes > budget) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
