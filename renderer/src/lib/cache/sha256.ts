/**
 * SHA-256 with WebCrypto (`crypto.subtle`), present in browsers, Electron renderers and
 * Node ≥ 20 alike, so this module runs under the unit tests too.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of a byte array. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += HEX[byte];
  return out;
}

/** The SHA-256 of `bytes` as 64 lowercase hex digits. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest() wants an ArrayBuffer-backed view; a view over a SharedArrayBuffer is copied.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', view)));
}

/** Joins chunks into one array (one copy). */
export function concatBytes(chunks: readonly Uint8Array[], totalLength?: number): Uint8Array {
  const length = totalLength ?? chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
