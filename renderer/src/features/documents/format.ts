/**
 * Number formatting for the distribution panel: transfer rates and time left (sizes are
 * lib/format.ts's). DOM-free (Intl only), unit-tested under Node.
 */
import { numberFormat } from '#common/intl/formats';

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
