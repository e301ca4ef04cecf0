import type { TFunction } from 'i18next';
import { parseDeviceLabel } from '#common/schemas/device-label';

/**
 * A device's label in the reader's language: the kind of client translated ("Trình duyệt ·
 * Windows"), a label of another form as it was written, an empty one as "unnamed device".
 */
export function deviceLabelText(label: string, t: TFunction): string {
  if (label.trim() === '') return t('prepare.access.unnamedDevice');
  const parsed = parseDeviceLabel(label);
  if (parsed.kind === null) return label;
  const kind = t(`prepare.access.deviceKind.${parsed.kind}`);
  return parsed.system === '' ? kind : `${kind} · ${parsed.system}`;
}
