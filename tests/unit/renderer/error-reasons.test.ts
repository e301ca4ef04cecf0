import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_KINDS, deviceLabelOf, parseDeviceLabel } from '#common/schemas/device-label';
import {
  CONTENT_KINDS,
  CSV_FIELDS,
  ERROR_REASONS,
  type ErrorReason,
  isKnownReason,
  PUBLISH_WARNING_PARAMS,
} from '#common/schemas/error-reasons';
import { SECURITY_MARKING, watermarkText } from '../../../renderer/src/features/documents/watermark';
import { LANGUAGES, type Language, resources } from '../../../renderer/src/i18n';
import { deviceLabelText } from '../../../renderer/src/lib/device-label';
import { formatLimitBytes, translatePublishWarning, translateReason } from '../../../renderer/src/lib/errors';
import { placeholders, raw, translators } from './i18n-fixture';

/**
 * Checks that `path` is a non-empty message in every language whose placeholders are exactly
 * `params`: a placeholder the server does not send would show as nothing, a parameter the
 * message leaves out would drop what the user needs (the real upload limit, the line).
 */
function problemsOf(path: string, params: readonly string[]): string[] {
  const problems: string[] = [];
  for (const language of LANGUAGES) {
    const text = raw(language, path);
    if (typeof text !== 'string' || text.trim() === '') {
      problems.push(`${language}: ${path} has no message`);
      continue;
    }
    const found = placeholders(text);
    const expected = [...params].sort();
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      problems.push(`${language}: ${path} uses {${found.join(', ')}} but is sent {${expected.join(', ')}}`);
    }
  }
  return problems;
}

describe('every reason and publish warning has a message in every language, with the params the server sends', () => {
  it('walks every reason of the shared table', () => {
    const reasons = Object.keys(ERROR_REASONS);
    expect(reasons).toEqual(expect.arrayContaining(['not_pdf', 'file_too_large', 'csv_windows_1258']));
    const problems = Object.entries(ERROR_REASONS).flatMap(([reason, params]) =>
      problemsOf(`reasons.${reason}`, Object.keys(params)),
    );
    expect(problems).toEqual([]);
  });

  it('keeps no message for a reason that no longer exists', () => {
    for (const language of LANGUAGES) {
      const stale = Object.keys(resources[language].translation.reasons).filter(
        (key) => !Object.hasOwn(ERROR_REASONS, key),
      );
      expect(stale, language).toEqual([]);
    }
  });

  it('walks every publish warning', () => {
    const problems = Object.entries(PUBLISH_WARNING_PARAMS).flatMap(([code, params]) =>
      problemsOf(`prepare.publish.warnings.${code}`, Object.keys(params)),
    );
    expect(problems).toEqual([]);
  });

  it('translates every value a translated parameter can take, and every device kind', () => {
    const problems = [
      ...CONTENT_KINDS.flatMap((kind) => problemsOf(`reasonValues.contentKind.${kind}`, [])),
      ...CSV_FIELDS.flatMap((field) => problemsOf(`reasonValues.csvField.${field}`, [])),
      ...DEVICE_KINDS.flatMap((kind) => problemsOf(`prepare.access.deviceKind.${kind}`, [])),
    ];
    expect(problems).toEqual([]);
  });

  it('says different things in the two languages', () => {
    const same = Object.keys(ERROR_REASONS).filter(
      (reason) => raw('vi', `reasons.${reason}`) === raw('en', `reasons.${reason}`),
    );
    expect(same).toEqual([]);
  });
});

describe('translateReason', () => {
  let t: Record<Language, TFunction>;

  beforeAll(async () => {
    t = await translators();
  });

  it('states the server’s real upload limit, not the default', () => {
    const tooLarge = { reason: 'file_too_large', params: { limitBytes: 10 * 1024 * 1024 } } as const;
    const vi = translateReason(tooLarge, t.vi, 'vi');
    const en = translateReason(tooLarge, t.en, 'en');
    expect(vi).toContain('(10 MB)');
    expect(en).toContain('(10 MB)');
    expect(`${vi} ${en}`).not.toContain('200');
    expect(formatLimitBytes(1.5 * 1024 * 1024, 'vi')).toBe('1,5 MB');
    expect(formatLimitBytes(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
    expect(formatLimitBytes(200 * 1024 * 1024, 'en')).toBe('200 MB');
  });

  it('words a non-PDF upload and a CSV line in Vietnamese, with translated values', () => {
    expect(translateReason({ reason: 'not_pdf', params: { contentKind: 'png' } }, t.vi, 'vi')).toBe(
      'Đây không phải tệp PDF: nội dung tệp là ảnh PNG.',
    );
    expect(translateReason({ reason: 'csv_field_empty', params: { field: 'name' } }, t.vi, 'vi')).toBe(
      'Chưa ghi “Họ và tên”.',
    );
    expect(translateReason({ reason: 'csv_field_empty', params: { field: 'name' } }, t.en, 'en')).toBe(
      '“Họ và tên (full name)” is empty.',
    );
    expect(
      translateReason({ reason: 'office_conversion_timeout', params: { limitMs: 120_000 } }, t.vi, 'vi'),
    ).toContain('120 giây');
  });

  it('words every reason with sample parameters without leaving a placeholder or key', () => {
    const sample = (kind: string): string | number =>
      kind === 'contentKind' ? 'zip' : kind === 'csvField' ? 'role' : kind === 'text' ? 'x' : 3;
    for (const language of LANGUAGES) {
      for (const [reason, spec] of Object.entries(ERROR_REASONS)) {
        const params = Object.fromEntries(Object.entries(spec).map(([name, kind]) => [name, sample(kind)]));
        expect(isKnownReason(reason, params)).toBe(true);
        const text = translateReason({ reason: reason as ErrorReason, params }, t[language], language);
        expect(text, `${language} ${reason}`).not.toMatch(/\{\{|reasons\.|reasonValues\./);
      }
    }
  });

  it('refuses a reason it does not know, or one missing a parameter', () => {
    expect(isKnownReason('from_a_newer_server', {})).toBe(false);
    expect(isKnownReason('file_too_large', {})).toBe(false);
    expect(isKnownReason('file_too_large', { limitBytes: '10' })).toBe(false);
    expect(isKnownReason('not_pdf', { contentKind: 'banana' })).toBe(false);
    expect(isKnownReason('toString', {})).toBe(false);
  });

  it('words a late publication with its numbers, and an older server’s warning without them', () => {
    const warning = { code: 'late_publication', message: 'x', params: { days: 2, required: 5 } } as const;
    expect(translatePublishWarning(warning, t.vi, 'vi', { required: 5 })).toBe(
      'Công bố muộn: chỉ còn 2 ngày làm việc trước cuộc họp, trong khi quy định là ít nhất 5 ngày.',
    );
    expect(
      translatePublishWarning({ code: 'late_publication', message: 'x' }, t.en, 'en', { required: 5 }),
    ).toBe('Late publication: fewer than 5 working days before the meeting.');
  });
});

describe('the security marking stays MẬT in every language', () => {
  it('in the watermark and on every confidential tag', () => {
    expect(SECURITY_MARKING).toBe('MẬT');
    expect(watermarkText('Nguyễn Văn An')).toBe('MẬT · Nguyễn Văn An');
    for (const language of LANGUAGES) {
      for (const key of ['documents.confidential', 'agenda.confidential']) {
        expect(String(raw(language, key)), `${language} ${key}`).toMatch(/^MẬT\b/u);
      }
    }
  });
});

describe('device labels', () => {
  let t: Record<Language, TFunction>;

  beforeAll(async () => {
    t = await translators();
  });

  it('are made without words of any language', () => {
    expect(deviceLabelOf('Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0')).toBe('browser · Linux');
    expect(deviceLabelOf('Mozilla/5.0 (Windows NT 10.0) paperless-room/1.0 Electron/33.0')).toBe(
      'desktop · Windows',
    );
    expect(deviceLabelOf('curl/8.0')).toBe('browser');
  });

  it('are shown in the reader’s language, older English labels too', () => {
    expect(deviceLabelText('browser · Windows', t.vi)).toBe('Trình duyệt · Windows');
    expect(deviceLabelText('desktop · macOS', t.en)).toBe('Desktop app · macOS');
    expect(deviceLabelText('Desktop app · Linux x86_64', t.vi)).toBe('Ứng dụng máy tính · Linux x86_64');
    expect(deviceLabelText('Laptop 07', t.vi)).toBe('Laptop 07');
    expect(deviceLabelText('', t.vi)).toBe('Thiết bị không tên');
    expect(parseDeviceLabel('browser')).toEqual({ kind: 'browser', system: '' });
  });
});
