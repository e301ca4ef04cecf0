import { describe, expect, it } from 'vitest';
import { IsoDateTimeSchema } from '#common/schemas/ids';
import { fromLocalInputValue, toLocalInputValue } from '../../../renderer/src/features/prepare/local-time';
import { inTimeZone } from './time-zone';

// Times are read and shown on the meeting's clock, never the device's: every test runs with the
// process (device) zone set to one far from the meeting's, which must change nothing.
const VIETNAM = 'Asia/Ho_Chi_Minh';
const DEVICE = 'America/Los_Angeles';

describe('fromLocalInputValue', () => {
  it('adds the local offset to a datetime-local value (Vietnam, UTC+7)', () => {
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-03-05T08:00', VIETNAM)).toBe('2026-03-05T08:00:00+07:00');
      expect(fromLocalInputValue('2026-12-31T23:59', VIETNAM)).toBe('2026-12-31T23:59:00+07:00');
    });
  });

  it('names the instant the wall clock showed', () => {
    const iso = inTimeZone(DEVICE, () => fromLocalInputValue('2026-03-05T08:00', VIETNAM));
    expect(Date.parse(iso!)).toBe(Date.UTC(2026, 2, 5, 1, 0));
  });

  it('keeps seconds when the input has them', () => {
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-03-05T08:00:30', VIETNAM)).toBe('2026-03-05T08:00:30+07:00');
    });
  });

  it('ignores surrounding spaces', () => {
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('  2026-03-05T08:00 ', VIETNAM)).toBe('2026-03-05T08:00:00+07:00');
    });
  });

  it('writes +00:00 in UTC', () => {
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-03-05T08:00', 'UTC')).toBe('2026-03-05T08:00:00+00:00');
    });
  });

  it('writes offsets with minutes, ahead of and behind UTC', () => {
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-03-05T08:00', 'Asia/Kolkata')).toBe('2026-03-05T08:00:00+05:30');
    });
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-03-05T08:00', 'Asia/Kathmandu')).toBe('2026-03-05T08:00:00+05:45');
    });
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-01-05T08:00', 'America/St_Johns')).toBe('2026-01-05T08:00:00-03:30');
    });
  });

  it('uses the offset in force on that date, not today’s', () => {
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-01-05T08:00', 'America/New_York')).toBe('2026-01-05T08:00:00-05:00');
      expect(fromLocalInputValue('2026-07-05T08:00', 'America/New_York')).toBe('2026-07-05T08:00:00-04:00');
    });
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-07-05T08:00', 'America/St_Johns')).toBe('2026-07-05T08:00:00-02:30');
    });
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2026-01-05T08:00', 'Pacific/Chatham')).toBe('2026-01-05T08:00:00+13:45');
      expect(fromLocalInputValue('2026-07-05T08:00', 'Pacific/Chatham')).toBe('2026-07-05T08:00:00+12:45');
    });
  });

  it('produces what the server accepts as a meeting start', () => {
    for (const zone of [VIETNAM, 'UTC', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham']) {
      const iso = inTimeZone(DEVICE, () => fromLocalInputValue('2026-03-05T08:00', zone));
      expect(IsoDateTimeSchema.safeParse(iso).success, `${zone}: ${iso}`).toBe(true);
    }
  });

  it('accepts 29 February in a leap year only', () => {
    inTimeZone(DEVICE, () => {
      expect(fromLocalInputValue('2024-02-29T08:00', VIETNAM)).toBe('2024-02-29T08:00:00+07:00');
      expect(fromLocalInputValue('2026-02-29T08:00', VIETNAM)).toBeNull();
    });
  });

  it('returns null for a date that does not exist', () => {
    inTimeZone(DEVICE, () => {
      for (const value of [
        '2026-02-30T08:00',
        '2026-04-31T08:00',
        '2026-13-01T08:00',
        '2026-00-10T08:00',
        '2026-03-00T08:00',
      ]) {
        expect(fromLocalInputValue(value, VIETNAM), value).toBeNull();
      }
    });
  });

  it('returns null for anything but a complete local date and time', () => {
    inTimeZone(DEVICE, () => {
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
        expect(fromLocalInputValue(value, VIETNAM), value).toBeNull();
      }
    });
  });
});

describe('the device zone', () => {
  it('changes nothing: 08:00 typed for a meeting in Vietnam is 08:00 in Vietnam on any machine', () => {
    for (const device of ['UTC', 'America/New_York', 'Asia/Kolkata', VIETNAM]) {
      inTimeZone(device, () => {
        expect(fromLocalInputValue('2026-12-10T08:00', VIETNAM), device).toBe('2026-12-10T08:00:00+07:00');
        expect(toLocalInputValue('2026-12-10T01:00:00Z', VIETNAM), device).toBe('2026-12-10T08:00');
      });
    }
  });

  it('returns null for a time the meeting’s clock skips (daylight saving)', () => {
    expect(fromLocalInputValue('2026-03-29T02:30', 'Europe/Paris')).toBeNull();
  });
});

describe('toLocalInputValue', () => {
  it('shows an instant as the local wall clock for a datetime-local input', () => {
    inTimeZone(DEVICE, () => {
      expect(toLocalInputValue('2026-03-05T01:00:00.000Z', VIETNAM)).toBe('2026-03-05T08:00');
      expect(toLocalInputValue('2026-03-05T08:00:00+07:00', VIETNAM)).toBe('2026-03-05T08:00');
    });
  });

  it('moves to the next day and year when the offset crosses midnight', () => {
    inTimeZone(DEVICE, () => {
      expect(toLocalInputValue('2026-12-31T17:30:00Z', VIETNAM)).toBe('2027-01-01T00:30');
    });
  });

  it('shows a time set in another zone in the device zone', () => {
    inTimeZone(DEVICE, () => {
      expect(toLocalInputValue('2026-03-05T08:00:00+07:00', 'America/New_York')).toBe('2026-03-04T20:00');
    });
    inTimeZone(DEVICE, () => {
      expect(toLocalInputValue('2026-03-05T08:00:00+07:00', 'Asia/Kolkata')).toBe('2026-03-05T06:30');
    });
  });

  it('drops the seconds, as the input shows minutes', () => {
    inTimeZone(DEVICE, () => {
      expect(toLocalInputValue('2026-03-05T01:07:59Z', VIETNAM)).toBe('2026-03-05T08:07');
    });
  });

  it('is empty for an unreadable value', () => {
    expect(toLocalInputValue('', VIETNAM)).toBe('');
    expect(toLocalInputValue('not a date', VIETNAM)).toBe('');
    expect(toLocalInputValue('2026-13-45T99:00:00Z', VIETNAM)).toBe('');
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
        const back = inTimeZone(DEVICE, () => fromLocalInputValue(toLocalInputValue(iso, zone), zone));
        expect(back, `${zone} ${iso}`).not.toBeNull();
        expect(Date.parse(back!), `${zone} ${iso}`).toBe(Date.parse(iso));
      }
    }
  });
});

describe('fromLocalInputValue refuses what Date would roll over', () => {
  it('rejects hours, minutes and seconds past their range and two-digit years', () => {
    inTimeZone(DEVICE, () => {
      for (const value of [
        '2026-03-05T24:00',
        '2026-03-05T25:00',
        '2026-03-05T08:60',
        '2026-03-05T08:00:60',
        '2026-02-30T08:00',
        '0099-05-01T08:00',
      ]) {
        expect(fromLocalInputValue(value, VIETNAM), value).toBeNull();
      }
      expect(fromLocalInputValue('2026-03-05T23:59:59', VIETNAM)).toBe('2026-03-05T23:59:59+07:00');
    });
  });
});
