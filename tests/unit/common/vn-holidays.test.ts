import { describe, expect, it } from 'vitest';
import { isVnHoliday, lunarToSolar, vnHolidays } from '#common/time/vn-holidays';
import { addWorkingDays, workingDaysBetween } from '../../../sync-server/store/working-days';

/** Tết Nguyên đán (1st day of the 1st lunar month) as Vietnam's calendar publishes it. */
const TET: Record<number, string> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  // Vietnam (UTC+7) a day before China (UTC+8): the new moon is at 23:07 on 2 February, Hà Nội time.
  2030: '2030-02-02',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
  2036: '2036-01-28',
  2037: '2037-02-15',
  2038: '2038-02-04',
  2039: '2039-01-24',
  2040: '2040-02-12',
};

const days = (year: number, name: string) =>
  vnHolidays(year)
    .filter((h) => h.name === name)
    .map((h) => h.date);

describe('Vietnam’s public holidays', () => {
  it('finds Tết on the published dates, 2020–2040', () => {
    for (const [year, date] of Object.entries(TET)) expect(lunarToSolar(1, 1, Number(year)), year).toBe(date);
  });

  it('finds Giỗ Tổ Hùng Vương (10/3 lunar) on the days it was observed', () => {
    expect(lunarToSolar(10, 3, 2023)).toBe('2023-04-29');
    expect(lunarToSolar(10, 3, 2024)).toBe('2024-04-18');
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    expect(days(2027, 'gio_to_hung_vuong')).toEqual(['2027-04-16']);
  });

  it('gives Tết 2027 (6 February) five days: the eve and the first four days', () => {
    expect(days(2027, 'tet_nguyen_dan')).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
    ]);
    // Saturday 6 and Sunday 7 February are taken on Wednesday 10 and Thursday 11.
    expect(
      vnHolidays(2027)
        .filter((h) => h.name === 'nghi_bu' && h.date < '2027-03-01')
        .map((h) => h.date),
    ).toEqual(['2027-02-10', '2027-02-11']);
  });

  it('keeps 30/4 and 1/5, with a Saturday 1 May taken on Monday', () => {
    expect(isVnHoliday(2027, 4, 30)).toBe(true);
    expect(isVnHoliday(2027, 5, 1)).toBe(true);
    expect(isVnHoliday(2027, 5, 3)).toBe(true);
    expect(isVnHoliday(2027, 5, 4)).toBe(false);
  });

  it('adds the day next to 2/9 the way the government picked it, and compensates a weekend 2/9', () => {
    expect(days(2022, 'quoc_khanh')).toEqual(['2022-09-01', '2022-09-02']);
    expect(days(2024, 'quoc_khanh')).toEqual(['2024-09-02', '2024-09-03']);
    expect(days(2025, 'quoc_khanh')).toEqual(['2025-09-01', '2025-09-02']);
    // 2023: 2/9 on Saturday → 1/9 and 2/9, and Monday 4/9 off in its place.
    expect(days(2023, 'quoc_khanh')).toEqual(['2023-09-01', '2023-09-02']);
    expect(isVnHoliday(2023, 9, 4)).toBe(true);
    expect(isVnHoliday(2023, 9, 5)).toBe(false);
  });

  it('counts working days across Tết without the holidays', () => {
    // Thursday 4 Feb 2027 → Monday 15 Feb: only Friday 12 Feb works (5–11 are off, 13–14 weekend).
    expect(workingDaysBetween(new Date('2027-02-04T02:00:00Z'), new Date('2027-02-15T02:00:00Z'))).toBe(1);
    // A meeting that ended on Thursday 4 Feb 2027: its notice is due on 12, 15, 16, 17, 18 → Thursday 18.
    expect(addWorkingDays(new Date('2027-02-04T09:00:00Z'), 5)).toBe('2027-02-18');
    // An ordinary week: Monday 23 Nov 2026 + 5 working days = Monday 30 Nov.
    expect(addWorkingDays(new Date('2026-11-23T02:00:00Z'), 5)).toBe('2026-11-30');
    // 30/4 and 1/5 2027 (Friday, Saturday + Monday 3/5) inside a range.
    expect(workingDaysBetween(new Date('2027-04-28T02:00:00Z'), new Date('2027-05-06T02:00:00Z'))).toBe(3);
  });
});
