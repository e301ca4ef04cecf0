/**
 * Decryption of a PDF's streams with the empty user password — the only encrypted PDFs the room
 * accepts, since pdf.js refuses the others — so that an encrypted stream can be measured like
 * any other. Follows pdf.js's CipherTransformFactory (src/core/crypto.js): the Standard
 * security handler, RC4 (V1, V2), AES-128 (V4, AESV2) and AES-256 (V5, revisions 5 and 6).
 */
import { createCipheriv, createDecipheriv, createHash, type Decipheriv } from 'node:crypto';
import type { ByteSource } from './pdf-decoders';
import { asInt, asName, PdfDict, PdfString, type PdfValue } from './pdf-objects';

const PASSWORD_PADDING = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08, 0x2e, 0x2e,
  0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

type Method = 'none' | 'rc4' | 'aes128' | 'aes256';

/** A file key that opens a document's streams, and how they are encrypted. */
export interface StreamKey {
  readonly fileKey: Uint8Array;
  readonly method: Method;
}

const md5 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** RC4 (Node's OpenSSL 3 does not offer it without the legacy provider). */
class Rc4 {
  readonly #s = new Uint8Array(256);
  #i = 0;
  #j = 0;
  constructor(key: Uint8Array) {
    const s = this.#s;
    for (let i = 0; i < 256; i++) s[i] = i;
    for (let i = 0, j = 0; i < 256; i++) {
      j = (j + s[i]! + key[i % key.length]!) & 0xff;
      const t = s[i]!;
      s[i] = s[j]!;
      s[j] = t;
    }
  }
  process(data: Uint8Array): Uint8Array {
    const s = this.#s;
    const out = new Uint8Array(data.length);
    let i = this.#i;
    let j = this.#j;
    for (let k = 0; k < data.length; k++) {
      i = (i + 1) & 0xff;
      j = (j + s[i]!) & 0xff;
      const t = s[i]!;
      s[i] = s[j]!;
      s[j] = t;
      out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 0xff]!;
    }
    this.#i = i;
    this.#j = j;
    return out;
  }
}

const bytesOf = (v: PdfValue | undefined): Uint8Array =>
  v instanceof PdfString ? v.bytes : new Uint8Array(0);

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function aes(
  mode: 'encrypt' | 'decrypt',
  bits: 128 | 256,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
) {
  const c =
    mode === 'encrypt'
      ? createCipheriv(`aes-${bits}-cbc`, key, iv)
      : createDecipheriv(`aes-${bits}-cbc`, key, iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** ISO 32000-2 algorithm 2.B (revision 6), as pdf.js's PDF20._hash. */
function hashR6(password: Uint8Array, input: Uint8Array, userBytes: Uint8Array): Uint8Array {
  let k = new Uint8Array(createHash('sha256').update(input).digest());
  let e = new Uint8Array([0]);
  for (let i = 0; i < 64 || e.at(-1)! > i - 32; i++) {
    const block = new Uint8Array(password.length + k.length + userBytes.length);
    block.set(password, 0);
    block.set(k, password.length);
    block.set(userBytes, password.length + k.length);
    const k1 = new Uint8Array(block.length * 64);
    for (let j = 0; j < 64; j++) k1.set(block, j * block.length);
    e = aes('encrypt', 128, k.subarray(0, 16), k.subarray(16, 32), k1);
    let sum = 0;
    for (let j = 0; j < 16; j++) sum += e[j]!;
    const alg = ['sha256', 'sha384', 'sha512'][sum % 3]!;
    k = new Uint8Array(createHash(alg).update(e).digest());
  }
  return k.subarray(0, 32);
}

/**
 * The file key for the empty user password, or null when the document needs a real password
 * (pdf.js refuses those) or uses an encryption pdf.js does not read.
 */
export function emptyPasswordKey(
  encrypt: PdfDict,
  fileId: Uint8Array,
  resolve: (v: PdfValue | undefined) => PdfValue | undefined,
): StreamKey | null {
  const get = (k: string): PdfValue | undefined => resolve(encrypt.get(k));
  if (asName(get('Filter')) !== 'Standard') return null;
  const v = asInt(get('V'));
  if (v !== 1 && v !== 2 && v !== 4 && v !== 5) return null;
  const r = asInt(get('R')) ?? 0;
  const o = bytesOf(get('O'));
  const u = bytesOf(get('U'));

  // The method for streams: V4/V5 name a crypt filter (/StmF) in /CF.
  let method: Method = 'rc4';
  let cfLength: number | undefined;
  if (v >= 4) {
    const cf = resolve(get('CF'));
    const stmf = asName(get('StmF')) ?? 'Identity';
    const filter = cf instanceof PdfDict ? resolve(cf.get(stmf)) : undefined;
    const cfm = filter instanceof PdfDict ? asName(resolve(filter.get('CFM'))) : undefined;
    method = cfm === 'V2' ? 'rc4' : cfm === 'AESV2' ? 'aes128' : cfm === 'AESV3' ? 'aes256' : 'none';
    if (filter instanceof PdfDict) cfLength = asInt(resolve(filter.get('Length')));
  }

  if (v === 5) {
    const validationSalt = u.subarray(32, 40);
    const keySalt = u.subarray(40, 48);
    const empty = new Uint8Array(0);
    const hash = (input: Uint8Array): Uint8Array =>
      r === 6 ? hashR6(empty, input, empty) : new Uint8Array(createHash('sha256').update(input).digest());
    if (!equal(hash(validationSalt), u.subarray(0, 32))) return null;
    const ue = bytesOf(get('UE'));
    if (ue.length < 32) return null;
    const fileKey = aes('decrypt', 256, hash(keySalt), new Uint8Array(16), ue.subarray(0, 32));
    return { fileKey, method };
  }

  let keyBits = asInt(get('Length')) ?? 0;
  if (!keyBits) {
    const fromFilter = cfLength || 128;
    keyBits = v <= 3 ? 40 : fromFilter < 40 ? fromFilter << 3 : fromFilter;
  }
  if (keyBits < 40 || keyBits % 8 !== 0) return null;
  const keyBytes = keyBits >> 3;
  const p = asInt(get('P')) ?? 0;
  const encryptMetadata = !(v === 4 && get('EncryptMetadata') === false);
  const pBytes = Uint8Array.from([p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, (p >>> 24) & 0xff]);
  const parts = [PASSWORD_PADDING, o.subarray(0, 32), pBytes, fileId];
  if (r >= 4 && !encryptMetadata) parts.push(Uint8Array.from([0xff, 0xff, 0xff, 0xff]));
  let hash = md5(...parts);
  if (r >= 3) for (let i = 0; i < 50; i++) hash = md5(hash.subarray(0, keyBytes));
  let fileKey = hash.subarray(0, keyBytes);

  // Check it against /U, as pdf.js does (a key that does not check out means a password is needed).
  let check: Uint8Array;
  if (r >= 3) {
    check = new Rc4(fileKey).process(md5(PASSWORD_PADDING, fileId));
    for (let j = 1; j <= 19; j++) check = new Rc4(fileKey.map((b) => b ^ j)).process(check);
  } else {
    check = new Rc4(fileKey).process(PASSWORD_PADDING);
  }
  const userCheck = u.subarray(0, 32);
  if (!check.every((b, k) => userCheck[k] === b)) return null;
  if (v === 4 && fileKey.length < 16) {
    const padded = new Uint8Array(16);
    padded.set(fileKey);
    fileKey = padded;
  }
  return { fileKey, method: v < 4 ? 'rc4' : method };
}

/** The key of one object's stream (algorithm 1). */
function objectKey(fileKey: Uint8Array, num: number, gen: number, aesSalt: boolean): Uint8Array {
  const extra = [num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, gen & 0xff, (gen >> 8) & 0xff];
  if (aesSalt) extra.push(0x73, 0x41, 0x6c, 0x54);
  return md5(fileKey, Uint8Array.from(extra)).subarray(0, Math.min(fileKey.length + 5, 16));
}

/** The stream of object `num gen` decrypted with `key`. */
export function decryptingSource(source: ByteSource, key: StreamKey, num: number, gen: number): ByteSource {
  switch (key.method) {
    case 'none':
      return source;
    case 'rc4': {
      const rc4 = new Rc4(objectKey(key.fileKey, num, gen, false));
      return {
        read: () => {
          const c = source.read();
          return c ? rc4.process(c) : null;
        },
      };
    }
    case 'aes128':
    case 'aes256':
      return new AesCbcSource(
        source,
        key.method === 'aes128' ? objectKey(key.fileKey, num, gen, true) : key.fileKey,
        key.method === 'aes128' ? 128 : 256,
      );
  }
}

/** AES-CBC with the IV in the first 16 bytes, as PDF encrypts streams; padding is left in (it only adds bytes). */
class AesCbcSource implements ByteSource {
  #decipher: Decipheriv | null = null;
  #iv = new Uint8Array(0);
  #ended = false;
  constructor(
    private readonly source: ByteSource,
    private readonly key: Uint8Array,
    private readonly bits: 128 | 256,
  ) {}
  read(): Uint8Array | null {
    while (!this.#ended) {
      let c = this.source.read();
      if (!c) {
        this.#ended = true;
        return null;
      }
      if (!this.#decipher) {
        const need = 16 - this.#iv.length;
        this.#iv = Uint8Array.from([...this.#iv, ...c.subarray(0, need)]);
        c = c.subarray(need);
        if (this.#iv.length < 16) continue;
        this.#decipher = createDecipheriv(`aes-${this.bits}-cbc`, this.key, this.#iv);
        this.#decipher.setAutoPadding(false);
      }
      const out = this.#decipher.update(c);
      if (out.length > 0) return new Uint8Array(out.buffer, out.byteOffset, out.length);
    }
    return null;
  }
}
