import type { Download } from '../app/host';

/** Offers bytes made in the page as a file to save; nothing goes over the network. */
export function saveDownload(download: Download): void {
  const blob = new Blob([download.bytes as BlobPart], { type: download.mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = download.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
