/**
 * The label a device joins with, so the secretariat can tell devices apart in a participant's
 * device list. It is stored once and read in whatever language the reader's UI has, so it holds
 * no words of any language: `<kind> · <system>`, where the kind is one of {@link DEVICE_KINDS}
 * (the client translates it) and the system is a proper name (Windows, macOS, Linux…).
 * Labels stored before this form ("Browser · Win32", "Desktop app · Linux x86_64") are read
 * the same way; anything else is shown as it is.
 */

/** What kind of client a device runs; translated on display. */
export const DEVICE_KINDS = ['desktop', 'browser'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** A device label as read: the kind when the label names one, and the rest as written. */
export interface ParsedDeviceLabel {
  readonly kind: DeviceKind | null;
  readonly system: string;
}

const SEPARATOR = ' · ';

/** The English words older clients wrote for each kind. */
const LEGACY_KINDS: Readonly<Record<string, DeviceKind>> = {
  'Desktop app': 'desktop',
  Browser: 'browser',
};

/** The operating system a user agent names, as a proper name; '' when it names none we know. */
export function systemOfUserAgent(userAgent: string): string {
  if (/Android/i.test(userAgent)) return 'Android';
  if (/iPhone|iPad|iPod/i.test(userAgent)) return 'iOS';
  if (/Windows/i.test(userAgent)) return 'Windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'macOS';
  if (/CrOS/i.test(userAgent)) return 'ChromeOS';
  if (/Linux|X11/i.test(userAgent)) return 'Linux';
  return '';
}

/** The label of a device from its user agent: `desktop · Windows`, `browser · Linux`, `browser`. */
export function deviceLabelOf(userAgent: string): string {
  const kind: DeviceKind = /\bElectron\//.test(userAgent) ? 'desktop' : 'browser';
  const system = systemOfUserAgent(userAgent);
  return system === '' ? kind : `${kind}${SEPARATOR}${system}`;
}

/** Reads a stored label (see the module comment). */
export function parseDeviceLabel(label: string): ParsedDeviceLabel {
  const at = label.indexOf(SEPARATOR);
  const head = at < 0 ? label : label.slice(0, at);
  const rest = at < 0 ? '' : label.slice(at + SEPARATOR.length);
  const kind = (DEVICE_KINDS as readonly string[]).includes(head)
    ? (head as DeviceKind)
    : (LEGACY_KINDS[head] ?? null);
  return kind === null ? { kind: null, system: label } : { kind, system: rest };
}
