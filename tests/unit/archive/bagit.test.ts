import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuditRow, entryHash, GENESIS_HASH } from '../../../sync-server/audit/audit-log';
import { AUDIT_HEAD_PATH, AUDIT_LOG_PATH, auditLine } from '../../../sync-server/archive/audit-chain-file';
import {
  BagPathError,
  decodeManifestPath,
  encodeManifestPath,
  normalizeBagPath,
  parseManifestLine,
} from '../../../sync-server/archive/bagit/bag-paths';
import { parseBagInfo, verifyBag } from '../../../sync-server/archive/bagit/bag-verifier';
import { type BagInfoField, type BagSource, BagWriter } from '../../../sync-server/archive/bagit/bag-writer';
import { ZipReader } from '../../../sync-server/archive/bagit/zip-reader';
import { describeProblem, verifyMeetingPackage } from '../../../sync-server/archive/package-verifier';

/**
 * The BagIt writer and verifier (RFC 8493) on bags made here: a round trip, the RFC's details
 * (tag files, manifest lines `sha256sum -c` reads, NFC and percent-encoded paths, Payload-Oxum),
 * and tampering after the fact — a flipped byte, a removed file, an added file, a forged audit
 * entry — each of which verify must name.
 */

const dir = mkdtempSync(join(tmpdir(), 'bagit-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let serial = 0;
const tmpZip = () => join(dir, `bag-${++serial}.zip`);

const AT = new Date('2026-11-20T03:00:00.000Z');
const BAG = 'meeting-test';

/** Bytes that do not compress, so a stored entry is as large as its content. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

async function* streamed(bytes: Uint8Array, chunk: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += chunk) yield bytes.slice(at, at + chunk);
}

async function writeBag(
  files: readonly (readonly [string, BagSource])[],
  info: readonly BagInfoField[] = [],
): Promise<string> {
  const path = tmpZip();
  const writer = new BagWriter(createWriteStream(path), { bagName: BAG, baggingDate: AT });
  await writer.start();
  for (const [name, source] of files) await writer.addPayload(name, source);
  await writer.finish([['Source-Organization', 'UBND tỉnh Thái Nguyên'], ...info]);
  return path;
}

/** The zip's files by name (small test bags only). */
function entries(zipPath: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(readFileSync(zipPath)));
}

function rezip(files: Record<string, Uint8Array>): string {
  const path = tmpZip();
  writeFileSync(path, zipSync(files));
  return path;
}

const pdf = noise(700_000, 7);
const text = 'Biên bản kỳ họp\n';
const nfdName = 'tài liệu/tờ trình.json'.normalize('NFD');

describe('BagIt paths', () => {
  it('percent-encodes only CR, LF and % in manifest paths, and decodes them back', () => {
    expect(encodeManifestPath('data/a%b\nc\rd e')).toBe('data/a%25b%0Ac%0Dd e');
    expect(decodeManifestPath('data/a%25b%0Ac%0Dd%20e')).toBe('data/a%b\nc\rd%20e');
    const line = parseManifestLine(`${'A'.repeat(64)}  data/x%25y`);
    expect(line).toEqual({ sha256: 'a'.repeat(64), path: 'data/x%y' });
  });

  it('refuses paths that leave the bag, and writes names in NFC', () => {
    for (const bad of ['../x', '/abs', 'a//b', 'a/./b', 'a\\b', '']) {
      expect(() => normalizeBagPath(bad)).toThrow(BagPathError);
    }
    expect(normalizeBagPath(nfdName)).toBe('tài liệu/tờ trình.json'.normalize('NFC'));
  });
});

describe('BagIt writer and verifier', () => {
  it('writes a bag our verifier accepts, with the tag files RFC 8493 asks for', async () => {
    const zip = await writeBag([
      ['documents/1-to-trinh/v1.pdf', pdf],
      ['documents/1-to-trinh/v2.pdf', streamed(pdf.subarray(0, 300_001), 65_536)],
      ['records/notes.txt', text],
      [nfdName, '{"a":1}\n'],
      ['records/50%.txt', 'percent\n'],
    ]);
    const result = await verifyBag(zip);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);

    const files = entries(zip);
    const names = Object.keys(files);
    expect(names.every((n) => n.startsWith(`${BAG}/`))).toBe(true);
    expect(strFromU8(files[`${BAG}/bagit.txt`]!)).toBe(
      'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n',
    );

    const payloadBytes = pdf.length + 300_001 + Buffer.byteLength(text) + 8 + 8;
    const info = parseBagInfo(strFromU8(files[`${BAG}/bag-info.txt`]!));
    expect(info).toContainEqual(['Payload-Oxum', `${payloadBytes}.5`]);
    expect(info).toContainEqual(['Bagging-Date', '2026-11-20']);
    expect(info).toContainEqual(['Source-Organization', 'UBND tỉnh Thái Nguyên']);

    const manifest = strFromU8(files[`${BAG}/manifest-sha256.txt`]!);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(manifest).toContain(`${sha(pdf)}  data/documents/1-to-trinh/v1.pdf\n`);
    expect(manifest).toContain(`${sha(pdf.subarray(0, 300_001))}  data/documents/1-to-trinh/v2.pdf\n`);
    expect(manifest).toContain('  data/records/50%25.txt\n');
    const nfc = `data/${nfdName.normalize('NFC')}`;
    expect(manifest).toContain(`  ${nfc}\n`);
    expect(names).toContain(`${BAG}/${nfc}`);

    const tagLines = strFromU8(files[`${BAG}/tagmanifest-sha256.txt`]!).trim().split('\n');
    expect(tagLines.map((l) => l.split('  ')[1]).sort()).toEqual([
      'bag-info.txt',
      'bagit.txt',
      'manifest-sha256.txt',
    ]);
    for (const line of tagLines) {
      const [hash, name] = line.split('  ');
      expect(sha(files[`${BAG}/${name}`]!)).toBe(hash);
    }
  });

  it('writes manifests that sha256sum -c accepts on the unzipped bag', async () => {
    const zip = await writeBag([
      ['documents/1-to-trinh/v1.pdf', pdf],
      ['records/ghi-chú.txt', text],
    ]);
    const out = mkdtempSync(join(dir, 'unzipped-'));
    const unzip = spawnSync('unzip', ['-q', zip, '-d', out], { encoding: 'utf8' });
    expect(unzip.status, unzip.stderr).toBe(0);
    for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
      const check = spawnSync('sha256sum', ['-c', '--strict', manifest], {
        cwd: join(out, BAG),
        encoding: 'utf8',
      });
      expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
    }
  });

  it('reads a stored entry streamed with a data descriptor, whatever bytes it holds', async () => {
    // The data-descriptor signature inside a stored file's bytes must not end it early.
    const tricky = new Uint8Array([...noise(1000, 3), 0x50, 0x4b, 0x07, 0x08, ...noise(1000, 4)]);
    const zip = await writeBag([['documents/x.pdf', tricky]]);
    const reader = await ZipReader.open(zip);
    try {
      const entry = reader.entries.find((e) => e.name.endsWith('/data/documents/x.pdf'))!;
      expect(entry.method).toBe(0);
      const parts: Buffer[] = [];
      for await (const c of await reader.stream(entry)) parts.push(c as Buffer);
      expect(new Uint8Array(Buffer.concat(parts))).toEqual(tricky);
    } finally {
      await reader.close();
    }
  });

  it('names a payload file with a flipped byte (hash mismatch)', async () => {
    const zip = await writeBag([
      ['documents/1-to-trinh/v1.pdf', pdf],
      ['records/notes.txt', text],
    ]);
    // Flip one byte inside the stored PDF, in the zip file itself.
    const reader = await ZipReader.open(zip);
    const entry = reader.entries.find((e) => e.name.endsWith('v1.pdf'))!;
    await reader.close();
    const bytes = readFileSync(zip);
    const at = entry.localHeaderOffset + 30 + Buffer.byteLength(entry.name) + 1000;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(zip, bytes);

    const result = await verifyBag(zip);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'hash-mismatch', path: 'data/documents/1-to-trinh/v1.pdf' }),
    ]);
  });

  it('names a removed payload file (and the Payload-Oxum it breaks)', async () => {
    const files = entries(
      await writeBag([
        ['a.txt', 'a\n'],
        ['b/c.txt', 'c\n'],
      ]),
    );
    delete files[`${BAG}/data/b/c.txt`];
    const result = await verifyBag(rezip(files));
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['missing-file', 'data/b/c.txt'],
      ['bad-payload-oxum', 'bag-info.txt'],
    ]);
  });

  it('names an added payload file', async () => {
    const files = entries(await writeBag([['a.txt', 'a\n']]));
    files[`${BAG}/data/added.pdf`] = new TextEncoder().encode('%PDF-1.7 added');
    const result = await verifyBag(rezip(files));
    expect(result.problems.map((p) => [p.code, p.path])).toContainEqual(['extra-file', 'data/added.pdf']);
    expect(result.problems.map((p) => p.code)).toContain('bad-payload-oxum');
  });

  it('names a tag file changed after the tag manifest was written', async () => {
    const files = entries(await writeBag([['a.txt', 'a\n']]));
    const info = strFromU8(files[`${BAG}/bag-info.txt`]!);
    files[`${BAG}/bag-info.txt`] = new TextEncoder().encode(info.replace('Thái Nguyên', 'Hà Nội'));
    const result = await verifyBag(rezip(files));
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['bad-tag-manifest', 'bag-info.txt']]);
  });

  it('keeps a line break in a bag-info value from forging another label', async () => {
    const zip = await writeBag([['a.txt', 'a\n']], [['External-Description', 'dòng 1\nPayload-Oxum: 1.1']]);
    const info = parseBagInfo(strFromU8(entries(zip)[`${BAG}/bag-info.txt`]!));
    expect(info.filter(([l]) => l === 'Payload-Oxum')).toHaveLength(1);
    expect(info).toContainEqual(['External-Description', 'dòng 1\nPayload-Oxum: 1.1']);
    expect((await verifyBag(zip)).ok).toBe(true);
  });

  it('reports a file that is not a zip as unreadable', async () => {
    const path = tmpZip();
    writeFileSync(path, 'not a zip');
    const result = await verifyBag(path);
    expect(result.problems.map((p) => p.code)).toEqual(['unreadable']);
  });
});

describe('the audit chain inside a package', () => {
  const MEETING = 'm1';

  /** A chain of `n` entries, as the server hashes them; entries 3 belong to another meeting. */
  function chain(n: number): AuditRow[] {
    const rows: AuditRow[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const row = {
        seq,
        at: `2026-11-20T03:00:0${seq}.000Z`,
        actor_id: 'p1',
        action: 'meeting.update',
        meeting_id: seq === 3 ? 'other-meeting' : MEETING,
        payload: JSON.stringify({ n: seq, title: 'Kỳ họp' }),
        prev_hash: prev,
      };
      const hash = entryHash(row);
      rows.push({ ...row, hash });
      prev = hash;
    }
    return rows;
  }

  async function packageWith(lines: string, head: AuditRow): Promise<string> {
    return writeBag(
      [
        ['documents/1-a/v1.pdf', pdf.subarray(0, 5000)],
        [AUDIT_LOG_PATH, lines],
        [AUDIT_HEAD_PATH, JSON.stringify({ seq: head.seq, hash: head.hash })],
      ],
      [['Audit-Chain-Head', `${head.seq} ${head.hash}`]],
    );
  }

  it('re-walks an intact chain, another meeting’s entry redacted', async () => {
    const rows = chain(5);
    const lines = rows.map((r) => auditLine(r, MEETING)).join('');
    expect(lines.split('\n')[2]).not.toContain('Kỳ họp');
    const result = await verifyMeetingPackage(await packageWith(lines, rows[4]!));
    expect(result.problems).toEqual([]);
    expect(result.auditEntries).toBe(5);
    expect(result.auditHead).toEqual({ seq: 5, hash: rows[4]!.hash });
  });

  it('names the first bad entry of a forged row, even with every manifest recomputed', async () => {
    const rows = chain(6);
    const forged = rows.map((r) =>
      r.seq === 4 ? { ...r, payload: JSON.stringify({ n: 4, title: 'Giả mạo' }) } : r,
    );
    // The forger rewrites the bag around the forged log, so every manifest and the oxum agree.
    const zip = await packageWith(forged.map((r) => auditLine(r, MEETING)).join(''), rows[5]!);
    expect((await verifyBag(zip)).ok).toBe(true);
    const result = await verifyMeetingPackage(zip);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'audit-chain-broken', path: `data/${AUDIT_LOG_PATH}`, seq: 4 }),
    ]);
    const message = describeProblem(result.problems[0]!);
    expect(message.en).toContain('first bad entry 4');
    expect(message.vi).toContain('số 4');
  });

  it('names a re-hashed forgery by the entry whose link it breaks, and a removed entry', async () => {
    const rows = chain(6);
    const edited = { ...rows[1]!, payload: '{"n":2}' };
    const rehashed = { ...edited, hash: entryHash(edited) };
    const lines = rows.map((r) => auditLine(r.seq === 2 ? rehashed : r, MEETING)).join('');
    const result = await verifyMeetingPackage(await packageWith(lines, rows[5]!));
    expect(result.problems).toEqual([expect.objectContaining({ code: 'audit-chain-broken', seq: 3 })]);

    const gap = rows
      .filter((r) => r.seq !== 5)
      .map((r) => auditLine(r, MEETING))
      .join('');
    const cut = await verifyMeetingPackage(await packageWith(gap, rows[5]!));
    expect(cut.problems).toEqual([expect.objectContaining({ code: 'audit-chain-broken', seq: 6 })]);
  });

  it('names a chain cut short of the head bag-info.txt states', async () => {
    const rows = chain(5);
    const lines = rows
      .slice(0, 4)
      .map((r) => auditLine(r, MEETING))
      .join('');
    const result = await verifyMeetingPackage(await packageWith(lines, rows[4]!));
    expect(result.problems).toEqual([expect.objectContaining({ code: 'audit-head-mismatch' })]);
  });
});
