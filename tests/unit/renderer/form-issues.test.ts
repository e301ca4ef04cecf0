/**
 * Forms check with the shared request schemas; every kind of zod issue becomes a message
 * beside its field, in Vietnamese and in English, and so do the issues of a refused request.
 */
import type { TFunction } from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { JoinRequestSchema } from '#common/schemas/api';
import { DocumentGrantsSchema, UpdateDocumentRequestSchema } from '#common/schemas/document';
import {
  CreateAgendaItemRequestSchema,
  CreateMeetingRequestSchema,
  UpdateAgendaItemRequestSchema,
  UpdateMeetingRequestSchema,
} from '#common/schemas/meeting';
import { CreateParticipantRequestSchema } from '#common/schemas/participant';
import type { Language } from '../../../renderer/src/i18n';
import { ApiRequestError, createPrepareApi } from '../../../renderer/src/lib/api';
import {
  type FieldIssues,
  ISSUE_KINDS,
  type IssueKind,
  issuesFor,
  issuesFromApi,
  maxLengthOf,
  numberFromInput,
  rangeOf,
  translateIssue,
} from '../../../renderer/src/lib/form-issues';
import { translators } from './i18n-fixture';

const NOW = '2026-11-20T08:00:00+07:00';

let t: Record<Language, TFunction>;

beforeAll(async () => {
  t = await translators();
});

/** The messages of a check, by field, in one language. */
function shown(issues: FieldIssues, language: Language): Record<string, string> {
  return Object.fromEntries(
    Object.entries(issues).map(([path, issue]) => [path, translateIssue(issue, t[language])]),
  );
}

/** One issue kind: a value that breaks a schema that way, and what each language says. */
interface KindCase {
  kind: IssueKind;
  schema: z.ZodType;
  value: unknown;
  path: string;
  vi: string;
  en: string;
}

const cases: KindCase[] = [
  {
    kind: 'required',
    schema: CreateMeetingRequestSchema,
    value: { title: '   ', startsAt: NOW },
    path: 'title',
    vi: 'Không được để trống.',
    en: 'This field is required.',
  },
  {
    kind: 'required',
    schema: CreateMeetingRequestSchema,
    value: { title: 'Giao ban' },
    path: 'startsAt',
    vi: 'Không được để trống.',
    en: 'This field is required.',
  },
  {
    kind: 'tooLong',
    schema: CreateMeetingRequestSchema,
    value: { title: 'x'.repeat(301), startsAt: NOW },
    path: 'title',
    vi: 'Tối đa 300 ký tự.',
    en: 'At most 300 characters.',
  },
  {
    kind: 'tooLong',
    schema: CreateParticipantRequestSchema,
    value: { name: 'An', role: 'delegate', group: 'g'.repeat(101) },
    path: 'group',
    vi: 'Tối đa 100 ký tự.',
    en: 'At most 100 characters.',
  },
  {
    kind: 'tooLong',
    schema: z.object({ initial: z.string().max(1) }),
    value: { initial: 'AB' },
    path: 'initial',
    vi: 'Tối đa 1 ký tự.',
    en: 'At most 1 character.',
  },
  {
    kind: 'tooShort',
    schema: z.object({ code: z.string().min(8) }),
    value: { code: 'ABC' },
    path: 'code',
    vi: 'Cần ít nhất 8 ký tự.',
    en: 'At least 8 characters.',
  },
  {
    kind: 'tooBig',
    schema: UpdateMeetingRequestSchema,
    value: { leadTimeWorkingDays: 31 },
    path: 'leadTimeWorkingDays',
    vi: 'Không được lớn hơn 30.',
    en: 'Must be at most 30.',
  },
  {
    kind: 'tooBig',
    schema: UpdateAgendaItemRequestSchema,
    value: { durationMinutes: 24 * 60 + 1 },
    path: 'durationMinutes',
    vi: 'Không được lớn hơn 1440.',
    en: 'Must be at most 1440.',
  },
  {
    kind: 'tooSmall',
    schema: UpdateMeetingRequestSchema,
    value: { leadTimeWorkingDays: -1 },
    path: 'leadTimeWorkingDays',
    vi: 'Không được nhỏ hơn 0.',
    en: 'Must be at least 0.',
  },
  {
    kind: 'tooMany',
    schema: DocumentGrantsSchema,
    value: { participantIds: [], groups: Array.from({ length: 201 }, (_, i) => `Nhóm ${i}`) },
    path: 'groups',
    vi: 'Chọn tối đa 200 mục.',
    en: 'Choose at most 200 items.',
  },
  {
    kind: 'tooFew',
    schema: z.object({ ids: z.array(z.string()).min(2) }),
    value: { ids: ['a'] },
    path: 'ids',
    vi: 'Chọn ít nhất 2 mục.',
    en: 'Choose at least 2 items.',
  },
  {
    kind: 'notNumber',
    schema: UpdateMeetingRequestSchema,
    value: { leadTimeWorkingDays: numberFromInput('') },
    path: 'leadTimeWorkingDays',
    vi: 'Hãy nhập một số.',
    en: 'Enter a number.',
  },
  {
    kind: 'notInteger',
    schema: UpdateAgendaItemRequestSchema,
    value: { durationMinutes: numberFromInput('7.5') },
    path: 'durationMinutes',
    vi: 'Hãy nhập một số nguyên.',
    en: 'Enter a whole number.',
  },
  {
    kind: 'datetime',
    schema: CreateMeetingRequestSchema,
    value: { title: 'Giao ban', startsAt: '2026-11-20T08:' },
    path: 'startsAt',
    vi: 'Hãy nhập đầy đủ, đúng ngày và giờ.',
    en: 'Enter a complete, valid date and time.',
  },
  {
    kind: 'format',
    schema: CreateAgendaItemRequestSchema,
    value: { parentId: 'not an id', title: 'Khai mạc' },
    path: 'parentId',
    vi: 'Không đúng định dạng.',
    en: 'This is not in the expected format.',
  },
  {
    kind: 'choice',
    schema: CreateMeetingRequestSchema,
    value: { title: 'Giao ban', startsAt: NOW, type: 'party' },
    path: 'type',
    vi: 'Hãy chọn một giá trị trong danh sách.',
    en: 'Choose one of the listed values.',
  },
  {
    kind: 'choice',
    schema: UpdateDocumentRequestSchema,
    value: { classification: 'tuyet_mat' },
    path: 'classification',
    vi: 'Hãy chọn một giá trị trong danh sách.',
    en: 'Choose one of the listed values.',
  },
  {
    kind: 'nothingToChange',
    schema: UpdateMeetingRequestSchema,
    value: {},
    path: '',
    vi: 'Chưa có gì thay đổi để lưu.',
    en: 'Nothing has changed, so there is nothing to save.',
  },
  {
    kind: 'nothingToChange',
    schema: UpdateDocumentRequestSchema,
    value: {},
    path: '',
    vi: 'Chưa có gì thay đổi để lưu.',
    en: 'Nothing has changed, so there is nothing to save.',
  },
  {
    kind: 'invalid',
    schema: JoinRequestSchema,
    value: { code: 'ABCD-EFGH', extra: true },
    path: '',
    vi: 'Giá trị không hợp lệ.',
    en: 'This value is not valid.',
  },
];

describe('issuesFor: every kind of zod issue, beside its field, in both languages', () => {
  for (const testCase of cases) {
    it(`${testCase.kind} at "${testCase.path}"`, () => {
      const issues = issuesFor(testCase.schema, testCase.value);
      expect(issues[testCase.path]?.kind).toBe(testCase.kind);
      expect(shown(issues, 'vi')[testCase.path]).toBe(testCase.vi);
      expect(shown(issues, 'en')[testCase.path]).toBe(testCase.en);
    });
  }

  it('covers every issue kind the helper knows (the server’s is below)', () => {
    const covered = new Set<IssueKind>([...cases.map((testCase) => testCase.kind), 'server']);
    expect([...covered].sort()).toEqual([...ISSUE_KINDS].sort());
  });

  it('finds nothing in a value the server would accept, and one message per field otherwise', () => {
    expect(issuesFor(CreateMeetingRequestSchema, { title: 'Giao ban', startsAt: NOW })).toEqual({});
    const issues = issuesFor(CreateMeetingRequestSchema, { title: '', startsAt: '', place: 'p'.repeat(301) });
    expect(Object.keys(issues).sort()).toEqual(['place', 'startsAt', 'title']);
  });
});

describe('issuesFromApi: a refused request’s issues beside their fields', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the server’s issue with its own words, in a translated frame', () => {
    const issues = issuesFromApi([
      { path: 'title', message: 'already used by another meeting' },
      { path: 'title', message: 'a second issue on the same field is not repeated' },
    ]);
    expect(Object.keys(issues)).toEqual(['title']);
    expect(shown(issues, 'vi').title).toBe(
      'Máy chủ không chấp nhận giá trị này: already used by another meeting',
    );
    expect(shown(issues, 'en').title).toBe(
      'The server did not accept this value: already used by another meeting',
    );
  });

  it('translates exactly a request the API client refused before sending it', async () => {
    const fetchMock = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchMock);
    const error = await createPrepareApi('http://room.local', 't'.repeat(43))
      .updateMeeting('meeting-1', { place: 'p'.repeat(301) })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiRequestError);
    const issues = issuesFromApi((error as ApiRequestError).issues);
    expect(shown(issues, 'vi')).toEqual({ place: 'Tối đa 300 ký tự.' });
    expect(shown(issues, 'en')).toEqual({ place: 'At most 300 characters.' });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('limits for input attributes are read from the schema', () => {
  it('maxLengthOf sees through optional and default', () => {
    expect(maxLengthOf(UpdateMeetingRequestSchema.shape.title)).toBe(300);
    expect(maxLengthOf(CreateMeetingRequestSchema.shape.body)).toBe(300);
    expect(maxLengthOf(CreateParticipantRequestSchema.shape.group)).toBe(100);
    expect(maxLengthOf(UpdateAgendaItemRequestSchema.shape.description)).toBe(5000);
    expect(maxLengthOf(UpdateMeetingRequestSchema.shape.leadTimeWorkingDays)).toBeUndefined();
  });

  it('rangeOf gives the bounds of a number field', () => {
    expect(rangeOf(UpdateMeetingRequestSchema.shape.leadTimeWorkingDays)).toEqual({ min: 0, max: 30 });
    expect(rangeOf(CreateAgendaItemRequestSchema.shape.durationMinutes)).toEqual({ min: 0, max: 1440 });
    expect(rangeOf(UpdateMeetingRequestSchema.shape.title)).toEqual({});
  });
});

describe('every issue kind is translated in both languages', () => {
  it('has a message for each kind, singular and plural', () => {
    for (const language of ['vi', 'en'] as const) {
      for (const kind of ISSUE_KINDS) {
        for (const count of [1, 2]) {
          const values = { count, maximum: count, minimum: count, message: 'm' };
          const text = translateIssue({ kind, values }, t[language]);
          expect(text, `${language}: ${kind} (count ${count})`).not.toBe(`form.issue.${kind}`);
          expect(text.trim(), `${language}: ${kind}`).not.toBe('');
        }
      }
    }
  });
});
