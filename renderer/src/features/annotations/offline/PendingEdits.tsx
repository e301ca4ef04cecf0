import { useTranslation } from 'react-i18next';
import { useAnnotations } from '../AnnotationTools';

/**
 * "3 thay đổi chưa gửi": the user's annotation edits the room server has not received yet
 * (lib/yjs/pending-edits.ts). They are kept on the device, so the badge reassures rather than
 * warns; it is hidden (count 0) once the layers are synced again.
 */
export function PendingEdits() {
  const { t } = useTranslation();
  const count = useAnnotations()?.snapshot.pending ?? 0;
  return (
    <output
      className="ann-pending"
      data-testid="ann-pending"
      data-count={count}
      hidden={count === 0}
      title={t('annotations.pendingHint')}
    >
      {t('annotations.pending', { count })}
    </output>
  );
}
