/**
 * Vietnam's public holidays (ngày nghỉ lễ, tết) as the Labour Code 2019 (45/2019/QH14)
 * art. 112 gives them, for counting working days (document lead times, the conclusion
 * notice's 5 working days):
 * - Tết Dương lịch: 1 January;
 * - Tết Âm lịch (Nguyên đán): 5 days. The government fixes the exact days each year; this
 *   table follows the usual span, the last day of the old lunar year and the first four
 *   days of the new one;
 * - Giỗ Tổ Hùng Vương: the 10th day of the 3rd lunar month;
 * - Chiến thắng 30 April and Quốc tế lao động 1 May;
 * - Quốc khánh: 2 September and the day before or after it. The government picks that day
 *   each year so the holiday joins a weekend (2022: 1/9, 2023: 1/9, 2024: 3/9, 2025: 1/9);
 *   the rule below gives the same days: the day after when 2/9 is a Sunday, Monday or
 *   Thursday, else the day before;
 * - art. 112(3): a holiday on a Saturday or Sunday is taken on the next working day.
 * Not modelled: the swapped working days (làm bù) the government sometimes announces, and
 * holidays outside 2000–2099 (the lunar conversion is only checked for that range).
 *
 * Lunar dates come from Hồ Ngọc Đức's conversion (astronomical new moons and solar terms
 * computed for UTC+7, the Vietnamese calendar: it differs from China's in some years); the
 * unit tests check it against the published Tết dates 2020–2040.
 */

const VN_TZ = 7;
const { PI, floor, sin } = Math;

/** Julian day number of a Gregorian date. */
function jdFromDate(day: number, month: number, year: number): number {
  const a = floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return day + floor((153 * m + 2) / 5) + 365 * y + floor(y / 4) - floor(y / 100) + floor(y / 400) - 32045;
}

/** Gregorian date of a Julian day number. */
function jdToDate(jd: number): { year: number; month: number; day: number } {
  const a = jd + 32044;
  const b = floor((4 * a + 3) / 146097);
  const c = a - floor((b * 146097) / 4);
  const d = floor((4 * c + 3) / 1461);
  const e = c - floor((1461 * d) / 4);
  const m = floor((5 * e + 2) / 153);
  return {
    day: e - floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * floor(m / 10),
    year: b * 100 + d - 4800 + floor(m / 10),
  };
}

/** Julian date of the k-th new moon after 1900-01-01 (Meeus, reduced terms). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let c1 = (0.1734 - 0.000393 * T) * sin(M * dr) + 0.0021 * sin(2 * dr * M);
  c1 = c1 - 0.4068 * sin(Mpr * dr) + 0.0161 * sin(dr * 2 * Mpr);
  c1 -= 0.0004 * sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * sin(dr * 2 * F) - 0.0051 * sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * sin(dr * (M - Mpr)) + 0.0004 * sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * sin(dr * (2 * F - M)) - 0.0006 * sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * sin(dr * (2 * F - Mpr)) + 0.0005 * sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Day number (local midnight-based) of the k-th new moon in Vietnam. */
function newMoonDay(k: number): number {
  return floor(newMoon(k) + 0.5 + VN_TZ / 24);
}

/** Sun's longitude sector (0–11, 30° each) at the start of a local day. */
function sunLongitudeSector(dayNumber: number): number {
  const T = (dayNumber - 0.5 - VN_TZ / 24 - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * sin(dr * 2 * M) + 0.00029 * sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= PI * 2 * floor(L / (PI * 2));
  return floor((L / PI) * 6);
}

/** Day number of the start of the 11th lunar month (the one holding the winter solstice) of `year`. */
function lunarMonth11(year: number): number {
  const off = jdFromDate(31, 12, year) - 2415021;
  const k = floor(off / 29.530588853);
  const nm = newMoonDay(k);
  return sunLongitudeSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

function leapMonthOffset(a11: number): number {
  const k = floor((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** Julian day number of a (non-leap) lunar date in Vietnam's calendar. */
function lunarToJd(lunarDay: number, lunarMonth: number, lunarYear: number): number {
  const a11 = lunarMonth < 11 ? lunarMonth11(lunarYear - 1) : lunarMonth11(lunarYear);
  const b11 = lunarMonth < 11 ? lunarMonth11(lunarYear) : lunarMonth11(lunarYear + 1);
  const k = floor(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365 && off >= leapMonthOffset(a11)) off += 1;
  return newMoonDay(k + off) + lunarDay - 1;
}

/** A calendar date as "YYYY-MM-DD". */
export type IsoDay = string;

const iso = (d: { year: number; month: number; day: number }): IsoDay =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The Gregorian date of a lunar date (not in a leap month) of Vietnam's calendar. */
export function lunarToSolar(lunarDay: number, lunarMonth: number, lunarYear: number): IsoDay {
  return iso(jdToDate(lunarToJd(lunarDay, lunarMonth, lunarYear)));
}

/** Why a day is off. */
export type HolidayName =
  | 'tet_duong_lich'
  | 'tet_nguyen_dan'
  | 'gio_to_hung_vuong'
  | 'giai_phong_mien_nam'
  | 'quoc_te_lao_dong'
  | 'quoc_khanh'
  | 'nghi_bu';

export interface Holiday {
  date: IsoDay;
  name: HolidayName;
}

/** 0 = Sunday … 6 = Saturday, of a Julian day number. */
const weekdayOf = (jd: number) => (jd + 1) % 7;
const isWeekend = (jd: number) => weekdayOf(jd) === 0 || weekdayOf(jd) === 6;

const cache = new Map<number, readonly Holiday[]>();

/** The year's days off (holidays and their compensatory days), in date order. */
export function vnHolidays(year: number): readonly Holiday[] {
  const cached = cache.get(year);
  if (cached) return cached;
  const days: { jd: number; name: HolidayName }[] = [];
  const add = (jd: number, name: HolidayName) => days.push({ jd, name });

  add(jdFromDate(1, 1, year), 'tet_duong_lich');
  const tet = lunarToJd(1, 1, year);
  for (let d = -1; d <= 3; d++) add(tet + d, 'tet_nguyen_dan');
  add(lunarToJd(10, 3, year), 'gio_to_hung_vuong');
  add(jdFromDate(30, 4, year), 'giai_phong_mien_nam');
  add(jdFromDate(1, 5, year), 'quoc_te_lao_dong');
  const national = jdFromDate(2, 9, year);
  add(national, 'quoc_khanh');
  const after = [0, 1, 4].includes(weekdayOf(national));
  add(national + (after ? 1 : -1), 'quoc_khanh');

  // Art. 112(3): each holiday on a weekend moves to the next day that is neither a weekend
  // nor already off, in date order so two weekend holidays get two different days.
  const off = new Set(days.map((d) => d.jd));
  const compensations: number[] = [];
  for (const d of [...days].sort((a, b) => a.jd - b.jd)) {
    if (!isWeekend(d.jd)) continue;
    let day = d.jd + 1;
    while (isWeekend(day) || off.has(day)) day++;
    off.add(day);
    compensations.push(day);
  }
  for (const jd of compensations) add(jd, 'nghi_bu');

  const out = days
    .sort((a, b) => a.jd - b.jd)
    .map((d) => ({ date: iso(jdToDate(d.jd)), name: d.name }))
    // Tết's eve can fall in the previous calendar year's end only in theory; keep the year's own days.
    .filter((h) => h.date.startsWith(`${year}-`));
  cache.set(year, out);
  return out;
}

/** Whether a calendar date is a public holiday or a compensatory day off. */
export function isVnHoliday(year: number, month: number, day: number): boolean {
  const date = iso({ year, month, day });
  return vnHolidays(year).some((h) => h.date === date);
}
