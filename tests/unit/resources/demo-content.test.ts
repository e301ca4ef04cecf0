import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { agendaKeys, DemoMeetingFileSchema } from '../../../sync-server/demo/demo-meeting-schema';
import { renderDemoPdfs } from '../../../sync-server/demo/make-demo-pdfs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const demoDir = join(root, 'resources', 'demo');
const raw: unknown = JSON.parse(readFileSync(join(demoDir, 'demo-meeting.json'), 'utf8'));
const demo = DemoMeetingFileSchema.parse(raw);
const pdfPath = (file: string) => join(demoDir, 'pdfs', file);

describe('demo meeting JSON', () => {
  it('passes the schema', () => {
    const result = DemoMeetingFileSchema.safeParse(raw);
    expect(result.success, result.success ? '' : JSON.stringify(result.error.issues, null, 2)).toBe(true);
  });

  it('describes a regular meeting starting at a +07:00 local time', () => {
    expect(demo.meeting.type).toBe('regular');
    expect(demo.meeting.startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(demo.meeting.body).toBe(demo.meeting.body.toUpperCase());
  });

  it('has 5–8 top-level agenda items with unique keys', () => {
    expect(demo.agenda.length).toBeGreaterThanOrEqual(5);
    expect(demo.agenda.length).toBeLessThanOrEqual(8);
    const keys = agendaKeys(demo.agenda);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has exactly one chair and one secretary, at least 10 delegates, an archivist and guests', () => {
    const count = (role: string) => demo.participants.filter((p) => p.role === role).length;
    expect(count('chair')).toBe(1);
    expect(count('secretary')).toBe(1);
    expect(count('delegate')).toBeGreaterThanOrEqual(10);
    expect(count('archivist')).toBeGreaterThanOrEqual(1);
    expect(count('observer')).toBeGreaterThanOrEqual(1);
    const keys = demo.participants.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('attaches every document to an existing agenda item', () => {
    const keys = new Set(agendaKeys(demo.agenda));
    for (const doc of demo.documents) expect(keys, doc.file).toContain(doc.agendaKey);
  });

  it('grants resolve to participants and groups of the meeting', () => {
    const people = new Set(demo.participants.map((p) => p.key));
    const groups = new Set(demo.participants.map((p) => p.group));
    for (const doc of demo.documents) {
      for (const key of doc.grants?.participants ?? []) expect(people, doc.file).toContain(key);
      for (const group of doc.grants?.groups ?? []) expect(groups, doc.file).toContain(group);
    }
  });

  it('has exactly one "mat" document, not exportable, granted to the chair, the secretary and Thường trực', () => {
    const secret = demo.documents.filter((d) => d.classification === 'mat');
    expect(secret).toHaveLength(1);
    const [doc] = secret;
    expect(doc?.noExport).toBe(true);
    const chair = demo.participants.find((p) => p.role === 'chair');
    const secretary = demo.participants.find((p) => p.role === 'secretary');
    expect(doc?.grants?.participants?.slice().sort()).toEqual([chair?.key, secretary?.key].sort());
    expect(doc?.grants?.groups).toEqual(['Thường trực UBND']);
  });

  it('rejects a document that points at an unknown agenda item', () => {
    const broken = structuredClone(demo);
    const first = broken.documents[0];
    if (first) first.agendaKey = 'item-does-not-exist';
    expect(DemoMeetingFileSchema.safeParse(broken).success).toBe(false);
  });
});

describe('demo PDFs', () => {
  it.each(demo.documents.map((d) => [d.file, d] as const))(
    '%s exists, is a PDF and has pages',
    async (file, doc) => {
      const path = pdfPath(file);
      expect(existsSync(path), `${path} is missing: run npx tsx sync-server/demo/make-demo-pdfs.ts`).toBe(
        true,
      );
      const bytes = readFileSync(path);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
      expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
      expect(pdf.getPageCount()).toBeLessThanOrEqual(12);
      expect(pdf.getTitle()).toBe(doc.title);
      const [width, height] = [pdf.getPage(0).getWidth(), pdf.getPage(0).getHeight()];
      expect(Math.round(width)).toBe(595); // A4
      expect(Math.round(height)).toBe(842);
    },
  );

  it('stay small (the whole set under 2 MB)', () => {
    const total = demo.documents.reduce((sum, d) => sum + readFileSync(pdfPath(d.file)).length, 0);
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });

  it('are up to date: regenerating them gives the same bytes', async () => {
    const fresh = await renderDemoPdfs();
    for (const doc of demo.documents) {
      const same = Buffer.from(fresh.get(doc.file) ?? []).equals(readFileSync(pdfPath(doc.file)));
      expect(same, `${doc.file} is stale: run npx tsx sync-server/demo/make-demo-pdfs.ts`).toBe(true);
    }
  }, 60_000);
});
