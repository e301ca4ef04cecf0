import { describe, expect, it } from 'vitest';
import { dateTimeFormat, localeOf, numberFormat } from '#common/intl/formats';

describe('cached Intl formats', () => {
  it('maps the UI languages to their Intl locales and passes other tags through', () => {
    expect(localeOf('vi')).toBe('vi-VN');
    expect(localeOf('en')).toBe('en-GB');
    expect(localeOf('fr-FR')).toBe('fr-FR');
  });

  it('makes a formatter once per language and options', () => {
    const a = numberFormat('vi', { maximumFractionDigits: 1 });
    expect(numberFormat('vi', { maximumFractionDigits: 1 })).toBe(a);
    expect(numberFormat('en', { maximumFractionDigits: 1 })).not.toBe(a);
    expect(numberFormat('vi', { maximumFractionDigits: 2 })).not.toBe(a);
    const d = dateTimeFormat('vi', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit' });
    expect(dateTimeFormat('vi', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit' })).toBe(d);
    expect(dateTimeFormat('vi', { timeZone: 'UTC', hour: '2-digit' })).not.toBe(d);
  });

  it('formats exactly as a new Intl formatter of the same locale and options would', () => {
    const options: Intl.NumberFormatOptions = { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 };
    for (const language of ['vi', 'en']) {
      const fresh = new Intl.NumberFormat(localeOf(language), options);
      for (const value of [0, 1.25, 1234.5, 1_000_000]) {
        expect(numberFormat(language, options).format(value)).toBe(fresh.format(value));
      }
    }
    expect(numberFormat('vi').format(1234.5)).toBe('1.234,5');
    const when = new Date('2026-12-03T01:02:00Z');
    const dateOptions: Intl.DateTimeFormatOptions = {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    };
    expect(dateTimeFormat('vi', dateOptions).format(when)).toBe(
      new Intl.DateTimeFormat('vi-VN', dateOptions).format(when),
    );
    expect(dateTimeFormat('en', dateOptions).format(when)).toBe('08:02');
  });
});
