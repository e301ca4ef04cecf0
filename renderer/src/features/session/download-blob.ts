/**
 * Saves bytes the app fetched (with its bearer token, which a plain link cannot carry) as a
 * file: an object URL on a temporary link, released right after the click.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next task: the download has started by then.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
