import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { resources } from '../../../renderer/src/i18n';
import { formatDateTime, formatDuration } from '../../../renderer/src/lib/format';
import { inTimeZone } from './time-zone';

const VIETNAM = 'Asia/Ho_Chi_Minh';

describe('formatDateTime', () => {
  // 08:00 on Monday 5 January 2026 in Vietnam.
  const MEETING_START = '2026-01-05T01:00:00.000Z';

  it('writes Vietnamese with the weekday, day before month, and the 24-hour local time', () => {
    const text = inTimeZone('Asia/Ho_Chi_Minh', () => formatDateTime(MEETING_START, 'vi', VIETNAM));
    expect(text).toContain('Thứ Hai');
    expect(text).toContain('05/01/2026');
    expect(text).toContain('08:00');
  });

  it('writes English the British way: day before month, 24-hour clock', () => {
    const text = inTimeZone('Asia/Ho_Chi_Minh', () => formatDateTime(MEETING_START, 'en', VIETNAM));
    expect(text).toContain('Monday');
    expect(text).toContain('05/01/2026');
    expect(text).toContain('08:00');
    expect(text).not.toMatch(/AM|PM/i);
  });

  it('shows the instant on the meeting’s clock, whatever the device zone', () => {
    const text = inTimeZone('America/New_York', () => formatDateTime(MEETING_START, 'en', VIETNAM));
    expect(text).toContain('Monday');
    expect(text).toContain('05/01/2026');
    expect(text).toContain('08:00');
  });

  it('names the zone of a meeting held outside Vietnam', () => {
    const text = inTimeZone('Asia/Ho_Chi_Minh', () =>
      formatDateTime(MEETING_START, 'en', 'America/New_York'),
    );
    expect(text).toContain('Sunday');
    expect(text).toContain('04/01/2026');
    expect(text).toContain('20:00');
    expect(text).toMatch(/EST|GMT-5/);
  });

  it('passes another language tag through to Intl', () => {
    const text = inTimeZone('Asia/Ho_Chi_Minh', () => formatDateTime(MEETING_START, 'de', VIETNAM));
    expect(text).toContain('Montag');
    expect(text).toContain('05.01.2026');
  });

  it('returns an unreadable value as it is', () => {
    expect(formatDateTime('not a date', 'vi', VIETNAM)).toBe('not a date');
    expect(formatDateTime('', 'en', VIETNAM)).toBe('');
  });
});

describe('formatDuration', () => {
  let en: TFunction;
  let vi: TFunction;

  beforeAll(async () => {
    // The app's own strings, in an i18next instance of the test's own (the app's initI18n
    // touches localStorage and the document).
    const make = async (lng: 'en' | 'vi'): Promise<TFunction> => {
      const instance = i18next.createInstance();
      return instance.init({
        resources,
        lng,
        fallbackLng: 'vi',
        interpolation: { escapeValue: false },
      });
    };
    en = await make('en');
    vi = await make('vi');
  });

  it('shows minutes alone below an hour', () => {
    expect(formatDuration(45, en)).toBe('45 minutes');
    expect(formatDuration(1, en)).toBe('1 minute');
    expect(formatDuration(0, en)).toBe('0 minutes');
    expect(formatDuration(45, vi)).toBe('45 phút');
  });

  it('shows whole hours alone', () => {
    expect(formatDuration(60, en)).toBe('1 hour');
    expect(formatDuration(180, en)).toBe('3 hours');
    expect(formatDuration(120, vi)).toBe('2 giờ');
  });

  it('shows hours and minutes together', () => {
    expect(formatDuration(90, en)).toBe('1 hour 30 minutes');
    expect(formatDuration(121, en)).toBe('2 hours 1 minute');
    expect(formatDuration(90, vi)).toBe('1 giờ 30 phút');
    expect(formatDuration(24 * 60 - 1, vi)).toBe('23 giờ 59 phút');
  });
});
