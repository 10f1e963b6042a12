// Files of the Event tools screen: base64 both ways (the rescue file crosses IPC as text) and a download
// through a Blob and an <a download>, which both Electron and a browser save without any extra permission.

/** Bytes to base64, in slices so that a large file does not overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Saves `blob` as `fileName` through the browser's download. */
export function download(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // After the click has started the download: revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** receipt-ES100_102048-2026-11-30-2026-11-30.csv: no character a file system refuses. */
export function receiptFileName(posCode: string, from: string, to: string): string {
  return `receipt-${posCode.replace(/[^A-Za-z0-9-]+/g, '_')}-${from}-${to}.csv`;
}

/** Today as YYYY-MM-DD on this laptop's calendar. */
export function todayIso(now: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
