/**
 * Paths as a BagIt manifest writes them (RFC 8493 §2.1.3): relative to the bag's base directory,
 * `/` between parts, Unicode NFC, and only CR, LF and `%` percent-encoded, so a manifest line can
 * never be split or misread. `sha256sum -c` reads the same lines unchanged for every path that
 * holds none of those three characters.
 */

/** Why a path cannot go into a bag. */
export class BagPathError extends Error {
  override readonly name = 'BagPathError';
}

/** Checks a payload or tag path (relative, no `.`/`..` parts, no backslash, not empty) and returns it in NFC. */
export function normalizeBagPath(path: string): string {
  const nfc = path.normalize('NFC');
  const parts = nfc.split('/');
  if (
    nfc.length === 0 ||
    nfc.includes('\\') ||
    nfc.includes('\0') ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new BagPathError(`not a relative bag path: ${JSON.stringify(path)}`);
  }
  return nfc;
}

/** The path as a manifest line writes it. */
export function encodeManifestPath(path: string): string {
  return path.replaceAll('%', '%25').replaceAll('\n', '%0A').replaceAll('\r', '%0D');
}

/** The path a manifest line names (the reverse of {@link encodeManifestPath}; other escapes stay as written). */
export function decodeManifestPath(encoded: string): string {
  return encoded.replace(/%(0A|0D|25)/gi, (_m, code: string) =>
    code === '25' ? '%' : code.toUpperCase() === '0A' ? '\n' : '\r',
  );
}

/** One manifest line: the hash, two spaces (what `sha256sum` writes and reads) and the encoded path. */
export function manifestLine(sha256: string, path: string): string {
  return `${sha256}  ${encodeManifestPath(path)}\n`;
}

/** A parsed manifest line, or null for a line that is not `hash<whitespace>path`. */
export function parseManifestLine(line: string): { sha256: string; path: string } | null {
  const m = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
  if (!m) return null;
  return { sha256: (m[1] ?? '').toLowerCase(), path: decodeManifestPath(m[2] ?? '').normalize('NFC') };
}
