import { z } from 'zod';
import { ClassificationSchema, DocumentKindSchema } from '#common/schemas/document';
import { MeetingTypeSchema } from '#common/schemas/meeting';
import { RoleSchema } from '#common/schemas/roles';

/**
 * Shape of `resources/demo/demo-meeting.json`, the demo meeting the room server can seed
 * ("Phiên họp thường kỳ … của Ủy ban nhân dân tỉnh …"). Entities refer to each other by
 * `key`, not by database id: the seeder assigns ids. Keys also satisfy the id alphabet
 * (`[A-Za-z0-9_-]`), so a seeder may reuse them as ids if it wants to.
 */

/** Lower-case ASCII slug, 6–64 characters: "item-2-1", "p-chu-tich". */
export const DemoKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{5,63}$/, 'key must be 6–64 characters of a–z, 0–9 or -');

/** File name of a PDF inside `resources/demo/pdfs/`. */
export const DemoFileNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*\.pdf$/, 'file must be a lower-case slug ending in .pdf');

/** ISO 8601 local time with an explicit offset, e.g. "2026-11-26T08:00:00+07:00". */
const OffsetDateTimeSchema = z.iso.datetime({ offset: true });

const title = z.string().trim().min(1).max(300);

export const DemoMeetingInfoSchema = z.strictObject({
  title,
  /** Issuing body in capitals, e.g. "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN". */
  body: z.string().trim().min(1).max(300),
  type: MeetingTypeSchema,
  startsAt: OffsetDateTimeSchema,
  place: z.string().trim().min(1).max(300),
});
export type DemoMeetingInfo = z.infer<typeof DemoMeetingInfoSchema>;

const agendaFields = {
  key: DemoKeySchema,
  title,
  /** Người trình bày, e.g. "Giám đốc Sở Tài chính". */
  presenter: z.string().trim().min(1).max(200),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  description: z.string().trim().min(1).max(5000),
};

export const DemoSubAgendaItemSchema = z.strictObject(agendaFields);
export type DemoSubAgendaItem = z.infer<typeof DemoSubAgendaItemSchema>;

/** A top-level agenda item (nội dung) with optional sub-items, one level deep. */
export const DemoAgendaItemSchema = z.strictObject({
  ...agendaFields,
  children: z.array(DemoSubAgendaItemSchema).min(1).optional(),
});
export type DemoAgendaItem = z.infer<typeof DemoAgendaItemSchema>;

export const DemoParticipantSchema = z.strictObject({
  key: DemoKeySchema,
  name: z.string().trim().min(1).max(200),
  /** Chức vụ, e.g. "Phó Chủ tịch UBND tỉnh". */
  position: z.string().trim().min(1).max(200),
  /** Đơn vị, e.g. "Sở Tài chính". */
  unit: z.string().trim().min(1).max(200),
  role: RoleSchema,
  /** Nhóm, e.g. "Thường trực UBND", "Thành viên UBND", "Khách mời". */
  group: z.string().trim().min(1).max(100),
});
export type DemoParticipant = z.infer<typeof DemoParticipantSchema>;

export const DemoGrantsSchema = z
  .strictObject({
    participants: z.array(DemoKeySchema).min(1).optional(),
    groups: z.array(z.string().trim().min(1).max(100)).min(1).optional(),
  })
  .refine((g) => g.participants !== undefined || g.groups !== undefined, {
    message: 'grants must name at least one participant or group',
  });
export type DemoGrants = z.infer<typeof DemoGrantsSchema>;

export const DemoDocumentSchema = z
  .strictObject({
    file: DemoFileNameSchema,
    title,
    kind: DocumentKindSchema,
    classification: ClassificationSchema,
    agendaKey: DemoKeySchema,
    /** Forbid download and print (always true for classified documents). */
    noExport: z.boolean(),
    /** Who may open a classified document; only allowed on "mat" documents. */
    grants: DemoGrantsSchema.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.classification === 'mat') {
      if (!d.grants)
        ctx.addIssue({ code: 'custom', path: ['grants'], message: 'a "mat" document needs grants' });
      if (!d.noExport) {
        ctx.addIssue({ code: 'custom', path: ['noExport'], message: 'a "mat" document must set noExport' });
      }
    } else if (d.grants) {
      ctx.addIssue({ code: 'custom', path: ['grants'], message: 'grants apply to "mat" documents only' });
    }
  });
export type DemoDocument = z.infer<typeof DemoDocumentSchema>;

/** Every agenda key, top-level items first, then their children in order. */
export function agendaKeys(agenda: readonly DemoAgendaItem[]): string[] {
  return agenda.flatMap((item) => [item.key, ...(item.children ?? []).map((c) => c.key)]);
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dups = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) dups.add(v);
    seen.add(v);
  }
  return [...dups];
}

export const DemoMeetingFileSchema = z
  .strictObject({
    meeting: DemoMeetingInfoSchema,
    agenda: z.array(DemoAgendaItemSchema).min(1),
    participants: z.array(DemoParticipantSchema).min(1),
    documents: z.array(DemoDocumentSchema),
  })
  .superRefine((f, ctx) => {
    const itemKeys = agendaKeys(f.agenda);
    for (const key of duplicates(itemKeys)) {
      ctx.addIssue({ code: 'custom', path: ['agenda'], message: `duplicate agenda key "${key}"` });
    }
    const personKeys = f.participants.map((p) => p.key);
    for (const key of duplicates(personKeys)) {
      ctx.addIssue({ code: 'custom', path: ['participants'], message: `duplicate participant key "${key}"` });
    }
    for (const file of duplicates(f.documents.map((d) => d.file))) {
      ctx.addIssue({ code: 'custom', path: ['documents'], message: `duplicate document file "${file}"` });
    }
    f.agenda.forEach((item, i) => {
      const children = (item.children ?? []).reduce((sum, c) => sum + c.durationMinutes, 0);
      if (children > item.durationMinutes) {
        ctx.addIssue({
          code: 'custom',
          path: ['agenda', i, 'durationMinutes'],
          message: `sub-items of "${item.key}" take ${children} min, more than the item's ${item.durationMinutes}`,
        });
      }
    });
    const items = new Set(itemKeys);
    const people = new Set(personKeys);
    const groups = new Set(f.participants.map((p) => p.group));
    f.documents.forEach((d, i) => {
      if (!items.has(d.agendaKey)) {
        ctx.addIssue({
          code: 'custom',
          path: ['documents', i, 'agendaKey'],
          message: `unknown agenda key "${d.agendaKey}"`,
        });
      }
      for (const key of d.grants?.participants ?? []) {
        if (!people.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['documents', i, 'grants', 'participants'],
            message: `unknown participant key "${key}"`,
          });
        }
      }
      for (const group of d.grants?.groups ?? []) {
        if (!groups.has(group)) {
          ctx.addIssue({
            code: 'custom',
            path: ['documents', i, 'grants', 'groups'],
            message: `no participant is in group "${group}"`,
          });
        }
      }
    });
  });
export type DemoMeetingFile = z.infer<typeof DemoMeetingFileSchema>;
