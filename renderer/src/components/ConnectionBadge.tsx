import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../lib/connection';

/** Props of {@link ConnectionBadge}. */
export interface ConnectionBadgeProps {
  state: ConnectionState;
}

/**
 * Always-visible connection state. Colour is never the only signal (projectors wash colours
 * out, and some people cannot tell red from green): the badge also has a word and a shape.
 */
export function ConnectionBadge({ state }: ConnectionBadgeProps) {
  const { t } = useTranslation();
  return (
    <output
      className={`connection-badge connection-badge--${state}`}
      data-testid="connection-badge"
      data-state={state}
      title={t(`connection.detail.${state}`)}
      aria-live="polite"
      aria-label={`${t('connection.label')}: ${t(`connection.${state}`)}`}
    >
      <span className="connection-badge__dot" aria-hidden="true" />
      {t(`connection.${state}`)}
    </output>
  );
}
