import { createHash } from 'node:crypto';
import { parseManifestLine } from './bag-paths';
import { type ZipEntry, ZipReader } from './zip-reader';

/** What can be wrong with a bag, each named with the file it concerns. */
export type BagProblemCode =
  /** Not a zip, or a zip this reader cannot open. */
  | 'unreadable'
  /** Not laid out as one bag: files outside one top folder, or no `bagit.txt`. */
  | 'not-a-bag'
  /** `bagit.txt` does not declare BagIt 1.0 in UTF-8. */
  | 'bad-declaration'
  /** A line of a manifest that is not `hash  path`. */
  | 'bad-manifest-line'
  /** A manifest names a file the bag does not hold. */
  | 'missing-file'
  /** The bag holds a payload file no manifest names, or a file twice. */
  | 'extra-file'
  /** A payload file's SHA-256 is not the one its manifest line states. */
  | 'hash-mismatch'
  /** `Payload-Oxum` is absent or does not match the payload's octets and file count. */
  | 'bad-payload-oxum'
  /** A tag file is absent from the tag manifest or does not match its line there. */
  | 'bad-tag-manifest'
  /** A check a caller added on one payload file (the audit chain) failed. */
  | 'payload-check';

export interface BagProblem {
  readonly code: BagProblemCode;
  /** The file concerned, relative to the bag's base folder (`data/…`, `manifest-sha256.txt`). */
  readonly path: string | null;
  /** Details in English, for the log and the command line. */
  readonly detail: string;
}

/** A check run on one payload file's bytes as they stream past, e.g. re-walking the audit chain. */
export interface PayloadInspector {
  update(chunk: Uint8Array): void;
  /** Problems found, described in English; empty when the file passes. */
  finish(): string[];
}

export interface BagVerification {
  readonly ok: boolean;
  readonly problems: readonly BagProblem[];
  /** `bag-info.txt` as label/value pairs (continuation lines joined); empty when it is missing. */
  readonly bagInfo: readonly (readonly [string, string])[];
  readonly payloadFiles: number;
  readonly payloadBytes: number;
}

/** Tag files are read whole (they hold a line per file): more than this is not a bag we wrote. */
const TAG_FILE_LIMIT = 64 * 1024 * 1024;
const REQUIRED_TAGS = ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'tagmanifest-sha256.txt'];

/**
 * Verifies a zipped bag in one pass over its entries, one entry streaming at a time: every
 * payload file is hashed and held against `manifest-sha256.txt`, every tag file against
 * `tagmanifest-sha256.txt`, and the payload's size and count against `Payload-Oxum`. Every
 * problem is reported, not only the first. `inspect` adds checks on named payload files.
 */
export async function verifyBag(
  zipPath: string,
  inspect: Readonly<Record<string, () => PayloadInspector>> = {},
): Promise<BagVerification> {
  const problems: BagProblem[] = [];
  const fail = (code: BagProblemCode, path: string | null, detail: string) =>
    problems.push({ code, path, detail });
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(zipPath);
  } catch (err) {
    fail('unreadable', null, err instanceof Error ? err.message : String(err));
    return { ok: false, problems, bagInfo: [], payloadFiles: 0, payloadBytes: 0 };
  }
  try {
    const files = zip.entries.filter((e) => !e.name.endsWith('/'));
    const roots = new Set(files.map((e) => e.name.split('/')[0]));
    const root = roots.size === 1 ? ([...roots][0] ?? null) : null;
    if (root === null || files.some((e) => !e.name.includes('/'))) {
      fail('not-a-bag', null, 'a bag zip holds exactly one top folder');
      return { ok: false, problems, bagInfo: [], payloadFiles: 0, payloadBytes: 0 };
    }
    const byPath = new Map<string, ZipEntry>();
    for (const e of files) {
      const path = e.name.slice(root.length + 1);
      if (byPath.has(path)) fail('extra-file', path, 'the zip holds this file twice');
      else byPath.set(path, e);
    }
    for (const tag of REQUIRED_TAGS) {
      if (!byPath.has(tag))
        fail(tag === 'bagit.txt' ? 'not-a-bag' : 'missing-file', tag, 'required tag file');
    }

    const hashes = new Map<string, string>();
    const tagText = new Map<string, string>();
    let payloadFiles = 0;
    let payloadBytes = 0;
    const inspected: { path: string; inspector: PayloadInspector }[] = [];
    for (const [path, entry] of byPath) {
      const isPayload = path.startsWith('data/');
      const inspector = isPayload ? inspect[path]?.() : undefined;
      if (inspector) inspected.push({ path, inspector });
      const hash = createHash('sha256');
      const keep: Buffer[] | null = isPayload ? null : [];
      let bytes = 0;
      try {
        for await (const chunk of await zip.stream(entry)) {
          const b = chunk as Buffer;
          hash.update(b);
          bytes += b.length;
          inspector?.update(b);
          if (keep && bytes <= TAG_FILE_LIMIT) keep.push(b);
        }
      } catch (err) {
        fail('unreadable', path, err instanceof Error ? err.message : String(err));
        continue;
      }
      hashes.set(path, hash.digest('hex'));
      if (isPayload) {
        payloadFiles++;
        payloadBytes += bytes;
      } else if (keep && bytes <= TAG_FILE_LIMIT) {
        tagText.set(path, Buffer.concat(keep).toString('utf8'));
      }
    }

    const declaration = tagText.get('bagit.txt');
    if (
      declaration !== undefined &&
      !(
        /^BagIt-Version: 1\.0\r?$/m.test(declaration) &&
        /^Tag-File-Character-Encoding: UTF-8\r?$/m.test(declaration)
      )
    ) {
      fail(
        'bad-declaration',
        'bagit.txt',
        'expected "BagIt-Version: 1.0" and "Tag-File-Character-Encoding: UTF-8"',
      );
    }

    const manifest = readManifest(tagText.get('manifest-sha256.txt'), 'manifest-sha256.txt', fail);
    for (const [path, expected] of manifest) {
      if (!path.startsWith('data/')) {
        fail('bad-manifest-line', 'manifest-sha256.txt', `names a file outside data/: ${path}`);
      } else if (!byPath.has(path)) {
        fail('missing-file', path, 'named in manifest-sha256.txt but not in the bag');
      } else {
        const actual = hashes.get(path);
        if (actual !== undefined && actual !== expected) {
          fail('hash-mismatch', path, `sha256 is ${actual}, manifest-sha256.txt says ${expected}`);
        }
      }
    }
    for (const path of byPath.keys()) {
      if (path.startsWith('data/') && !manifest.has(path)) {
        fail('extra-file', path, 'in the bag but not named in manifest-sha256.txt');
      }
    }

    const tagManifest = readManifest(tagText.get('tagmanifest-sha256.txt'), 'tagmanifest-sha256.txt', fail);
    if (tagText.has('tagmanifest-sha256.txt')) {
      for (const [path, expected] of tagManifest) {
        if (path.startsWith('data/') || path === 'tagmanifest-sha256.txt') {
          fail('bad-tag-manifest', path, 'tagmanifest-sha256.txt lists a file that is not a tag file');
        } else if (!byPath.has(path)) {
          fail('missing-file', path, 'named in tagmanifest-sha256.txt but not in the bag');
        } else if (hashes.get(path) !== undefined && hashes.get(path) !== expected) {
          fail(
            'bad-tag-manifest',
            path,
            `sha256 is ${hashes.get(path)}, tagmanifest-sha256.txt says ${expected}`,
          );
        }
      }
      for (const path of byPath.keys()) {
        if (!path.startsWith('data/') && path !== 'tagmanifest-sha256.txt' && !tagManifest.has(path)) {
          fail('bad-tag-manifest', path, 'a tag file not listed in tagmanifest-sha256.txt');
        }
      }
    }

    const bagInfo = parseBagInfo(tagText.get('bag-info.txt') ?? '');
    if (tagText.has('bag-info.txt')) {
      const oxum = bagInfo.find(([label]) => label === 'Payload-Oxum')?.[1];
      const actual = `${payloadBytes}.${payloadFiles}`;
      if (oxum !== actual) {
        fail(
          'bad-payload-oxum',
          'bag-info.txt',
          `Payload-Oxum is ${oxum ?? '(absent)'}, the payload is ${actual}`,
        );
      }
    }

    for (const { path, inspector } of inspected) {
      for (const detail of inspector.finish()) fail('payload-check', path, detail);
    }
    return { ok: problems.length === 0, problems, bagInfo, payloadFiles, payloadBytes };
  } finally {
    await zip.close();
  }
}

function readManifest(
  text: string | undefined,
  name: string,
  fail: (code: BagProblemCode, path: string | null, detail: string) => void,
): Map<string, string> {
  const out = new Map<string, string>();
  if (text === undefined) return out;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const parsed = parseManifestLine(line);
    if (!parsed) fail('bad-manifest-line', name, `line ${i + 1} is not "sha256  path"`);
    else if (out.has(parsed.path))
      fail('bad-manifest-line', name, `line ${i + 1} names ${parsed.path} again`);
    else out.set(parsed.path, parsed.sha256);
  }
  return out;
}

/** `Label: value` lines; a line starting with whitespace continues the value before it. */
export function parseBagInfo(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const last = out.at(-1);
    if (/^\s/.test(line) && last) {
      last[1] = `${last[1]}\n${line.trimStart()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}
