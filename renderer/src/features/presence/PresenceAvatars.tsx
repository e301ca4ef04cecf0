import { useTranslation } from 'react-i18next';
import { authorColour, initials } from '../annotations/sharing/author-colour';
import type { PresentReader } from './presence-pages';

/** Avatars shown before the rest are counted. */
const SHOWN = 6;

/** Props of {@link PresenceAvatars}. */
export interface PresenceAvatarsProps {
  readonly readers: readonly PresentReader[];
  /** Goes to a reader's page. */
  onPage(page: number): void;
}

/** "Đang đọc": who else has this document open, each on which page; a click goes to their page. */
export function PresenceAvatars({ readers, onPage }: PresenceAvatarsProps) {
  const { t } = useTranslation();
  if (readers.length === 0) return null;
  return (
    <ul className="presence-avatars" aria-label={t('presence.reading')} data-testid="presence-avatars">
      {readers.slice(0, SHOWN).map((r) => {
        const label = r.page === null ? r.name : t('presence.onPage', { name: r.name, page: r.page });
        return (
          <li key={r.participantId}>
            <button
              type="button"
              className="presence-avatar"
              style={{ background: authorColour(r.participantId) }}
              title={label}
              aria-label={label}
              disabled={r.page === null}
              onClick={() => r.page !== null && onPage(r.page)}
              data-testid="presence-avatar"
              data-participant-id={r.participantId}
              data-page={r.page ?? ''}
            >
              {initials(r.name)}
            </button>
          </li>
        );
      })}
      {readers.length > SHOWN && <li className="presence-avatars__more">+{readers.length - SHOWN}</li>}
    </ul>
  );
}

/** The small marks on a page's thumbnail: who is on that page. */
export function PageReadersMark({ readers }: { readers: readonly PresentReader[] }) {
  const { t } = useTranslation();
  if (readers.length === 0) return null;
  const names = readers.map((r) => r.name).join(', ');
  return (
    <span
      className="presence-page-mark"
      title={t('presence.onThisPage', { names })}
      data-testid="presence-page-mark"
    >
      {readers.slice(0, 3).map((r) => (
        <span
          key={r.participantId}
          className="presence-page-mark__dot"
          style={{ background: authorColour(r.participantId) }}
        />
      ))}
    </span>
  );
}
