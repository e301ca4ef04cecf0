import { describe, expect, it } from 'vitest';
import { IsoDateTimeSchema } from '#common/schemas/ids';
import { fromLocalInputValue, toLocalInputValue } from '../../../renderer/src/features/prepare/local-time';
import { inTimeZone } from './time-zone';

// The module has no zone parameter: it reads the device zone through Date's local-time
// methods, so each test sets the process zone (process.env.TZ) around its calls.
const VIETNAM = 'Asia/Ho_Chi_Minh';

describe('fromLocalInputValue', () => {
  it('adds the local offset to a datetime-local value (Vietnam, UTC+7)', () => {
    inTimeZone(VIETNAM, () => {
      expect(fromLocalInputValue('2026-03-05T08:00')).toBe('2026-03-05T08:00:00+07:00');
      expect(fromLocalInputValue('2026-12-31T23:59')).toBe('2026-12-31T23:59:00+07:00');
    });
  });

  it('names the instant the wall clock showed', () => {
    const iso = inTimeZone(VIETNAM, () => fromLocalInputValue('2026-03-05T08:00'));
    expect(Date.parse(iso!)).toBe(Date.UTC(2026, 2, 5, 1, 0));
  });

  it('keeps seconds when the input has them', () => {
    inTimeZone(VIETNAM, () => {
      expect(fromLocalInputValue('2026-03-05T08:00:30')).toBe('2026-03-05T08:00:30+07:00');
    });
  });

  it('ignores surrounding spaces', () => {
    inTimeZone(VIETNAM, () => {
      expect(fromLocalInputValue('  2026-03-05T08:00 ')).toBe('2026-03-05T08:00:00+07:00');
    });
  });

  it('writes +00:00 in UTC', () => {
    inTimeZone('UTC', () => {
      expect(fromLocalInputValue('2026-03-05T08:00')).toBe('2026-03-05T08:00:00+00:00');
    });
  });

  it('writes offsets with minutes, ahead of and behind UTC', () => {
    inTimeZone('Asia/Kolkata', () => {
      expect(fromLocalInputValue('2026-03-05T08:00')).toBe('2026-03-05T08:00:00+05:30');
    });
    inTimeZone('Asia/Kathmandu', () => {
      expect(fromLocalInputValue('2026-03-05T08:00')).toBe('2026-03-05T08:00:00+05:45');
    });
    inTimeZone('America/St_Johns', () => {
      expect(fromLocalInputValue('2026-01-05T08:00')).toBe('2026-01-05T08:00:00-03:30');
    });
  });

  it('uses the offset in force on that date, not today’s', () => {
    inTimeZone('America/New_York', () => {
      expect(fromLocalInputValue('2026-01-05T08:00')).toBe('2026-01-05T08:00:00-05:00');
      expect(fromLocalInputValue('2026-07-05T08:00')).toBe('2026-07-05T08:00:00-04:00');
    });
    inTimeZone('America/St_Johns', () => {
      expect(fromLocalInputValue('2026-07-05T08:00')).toBe('2026-07-05T08:00:00-02:30');
    });
    inTimeZone('Pacific/Chatham', () => {
      expect(fromLocalInputValue('2026-01-05T08:00')).toBe('2026-01-05T08:00:00+13:45');
      expect(fromLocalInputValue('2026-07-05T08:00')).toBe('2026-07-05T08:00:00+12:45');
    });
  });

  it('produces what the server accepts as a meeting start', () => {
    for (const zone of [VIETNAM, 'UTC', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham']) {
      const iso = inTimeZone(zone, () => fromLocalInputValue('2026-03-05T08:00'));
      expect(IsoDateTimeSchema.safeParse(iso).success, `${zone}: ${iso}`).toBe(true);
    }
  });

  it('accepts 29 February in a leap year only', () => {
    inTimeZone(VIETNAM, () => {
      expect(fromLocalInputValue('2024-02-29T08:00')).toBe('2024-02-29T08:00:00+07:00');
      expect(fromLocalInputValue('2026-02-29T08:00')).toBeNull();
    });
  });

  it('returns null for a date that does not exist', () => {
    inTimeZone(VIETNAM, () => {
      for (const value of [
        '2026-02-30T08:00',
        '2026-04-31T08:00',
        '2026-13-01T08:00',
        '2026-00-10T08:00',
        '2026-03-00T08:00',
      ]) {
        expect(fromLocalInputValue(value), value).toBeNull();
      }
    });
  });

  it('returns null for anything but a complete local date and time', () => {
    inTimeZone(VIETNAM, () => {
      for (const value of [
        '',
        'abc',
        '2026-03-05',
        '08:00',
        '2026-03-05 08:00',
        '2026-03-05T8:00',
        '26-03-05T08:00',
        '05/03/2026 08:00',
        '2026-03-05T08:00Z',
        '2026-03-05T08:00+07:00',
      ]) {
        expect(fromLocalInputValue(value), value).toBeNull();
      }
    });
  });
});

describe('toLocalInputValue', () => {
  it('shows an instant as the local wall clock for a datetime-local input', () => {
    inTimeZone(VIETNAM, () => {
      expect(toLocalInputValue('2026-03-05T01:00:00.000Z')).toBe('2026-03-05T08:00');
      expect(toLocalInputValue('2026-03-05T08:00:00+07:00')).toBe('2026-03-05T08:00');
    });
  });

  it('moves to the next day and year when the offset crosses midnight', () => {
    inTimeZone(VIETNAM, () => {
      expect(toLocalInputValue('2026-12-31T17:30:00Z')).toBe('2027-01-01T00:30');
    });
  });

  it('shows a time set in another zone in the device zone', () => {
    inTimeZone('America/New_York', () => {
      expect(toLocalInputValue('2026-03-05T08:00:00+07:00')).toBe('2026-03-04T20:00');
    });
    inTimeZone('Asia/Kolkata', () => {
      expect(toLocalInputValue('2026-03-05T08:00:00+07:00')).toBe('2026-03-05T06:30');
    });
  });

  it('drops the seconds, as the input shows minutes', () => {
    inTimeZone(VIETNAM, () => {
      expect(toLocalInputValue('2026-03-05T01:07:59Z')).toBe('2026-03-05T08:07');
    });
  });

  it('is empty for an unreadable value', () => {
    expect(toLocalInputValue('')).toBe('');
    expect(toLocalInputValue('not a date')).toBe('');
    expect(toLocalInputValue('2026-13-45T99:00:00Z')).toBe('');
  });
});

describe('editing a meeting time (toLocalInputValue, then fromLocalInputValue)', () => {
  it('keeps the instant the server sent', () => {
    for (const zone of [VIETNAM, 'America/New_York', 'Asia/Kathmandu', 'UTC']) {
      for (const iso of [
        '2026-03-05T01:00:00.000Z',
        '2026-07-20T13:45:00.000Z',
        '2026-12-31T17:30:00.000Z',
      ]) {
        const back = inTimeZone(zone, () => fromLocalInputValue(toLocalInputValue(iso)));
        expect(back, `${zone} ${iso}`).not.toBeNull();
        expect(Date.parse(back!), `${zone} ${iso}`).toBe(Date.parse(iso));
      }
    }
  });
});

describe('fromLocalInputValue refuses what Date would roll over', () => {
  it('rejects hours, minutes and seconds past their range and two-digit years', () => {
    inTimeZone(VIETNAM, () => {
      for (const value of [
        '2026-03-05T24:00',
        '2026-03-05T25:00',
        '2026-03-05T08:60',
        '2026-03-05T08:00:60',
        '2026-02-30T08:00',
        '0099-05-01T08:00',
      ]) {
        expect(fromLocalInputValue(value), value).toBeNull();
      }
      expect(fromLocalInputValue('2026-03-05T23:59:59')).toBe('2026-03-05T23:59:59+07:00');
    });
  });
});
