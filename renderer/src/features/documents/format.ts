/**
 * Number formatting for the distribution panel: sizes, transfer rates, time left. DOM-free
 * (Intl only), unit-tested under Node.
 */
import { numberFormat } from '#common/intl/formats';

const UNITS = [
  { unit: 'byte', size: 1 },
  { unit: 'kilobyte', size: 1_000 },
  { unit: 'megabyte', size: 1_000_000 },
  { unit: 'gigabyte', size: 1_000_000_000 },
] as const;

/** "1,2 MB" / "1.2 MB": decimal units, as file managers and network tools show sizes. */
export function formatBytes(bytes: number, language: string): string {
  const value = Math.max(0, bytes);
  let chosen: (typeof UNITS)[number] = UNITS[0];
  for (const candidate of UNITS) if (value >= candidate.size) chosen = candidate;
  const amount = value / chosen.size;
  return numberFormat(language, {
    style: 'unit',
    unit: chosen.unit,
    unitDisplay: 'short',
    maximumFractionDigits: chosen.unit === 'byte' || amount >= 100 ? 0 : 1,
  }).format(amount);
}

/** "2,4 MB/s": a transfer rate in megabytes per second (always MB, so it reads at a glance). */
export function formatRate(bytesPerSecond: number, language: string): string {
  const megabytes = Math.max(0, bytesPerSecond) / 1_000_000;
  return numberFormat(language, {
    style: 'unit',
    unit: 'megabyte-per-second',
    unitDisplay: 'short',
    maximumFractionDigits: megabytes >= 10 ? 0 : 1,
    minimumFractionDigits: megabytes >= 10 ? 0 : 1,
  }).format(megabytes);
}

/** Minutes and seconds of a time left, for "còn khoảng 2 phút 5 giây". */
export function splitSeconds(seconds: number): { minutes: number; seconds: number } {
  const whole = Math.max(0, Math.ceil(seconds));
  return { minutes: Math.floor(whole / 60), seconds: whole % 60 };
}
