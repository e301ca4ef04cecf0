import type { Annotation } from '#common/schemas/annotation';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { OthersLayer } from './others-layers';

/** Characters of an excerpt in the list. */
const EXCERPT_CHARS = 90;

/** What the list says of an annotation: its quoted or written text, or its kind. */
export function excerptOf(a: Annotation, t: TFunction): string {
  const text =
    a.kind === 'highlight'
      ? a.quotedText
      : a.kind === 'note' || a.kind === 'textbox'
        ? a.text
        : a.kind === 'bookmark'
          ? a.label
          : '';
  const clean = text.replace(/\s+/gu, ' ').trim();
  if (clean === '') return t(`sharing.kind.${a.kind}`);
  return clean.length > EXCERPT_CHARS ? `${clean.slice(0, EXCERPT_CHARS - 1)}…` : clean;
}

/** Props of {@link SharedPanel}. */
export interface SharedPanelProps {
  readonly layers: readonly OthersLayer[];
  readonly hidden: ReadonlySet<string>;
  onToggleHidden(ownerId: string): void;
  /** Shows the annotation: its page, flashed. */
  onJump(annotation: Annotation): void;
  onClose(): void;
}

/**
 * "Ghi chú được chia sẻ": other people's shared annotations of the document, per author in the
 * author's colour, each with its page and an excerpt; a click shows it. Each author can be
 * hidden (the list keeps them, greyed, so they can be shown again).
 */
export function SharedPanel({ layers, hidden, onToggleHidden, onJump, onClose }: SharedPanelProps) {
  const { t } = useTranslation();
  return (
    <aside className="shared-panel" aria-label={t('sharing.panel')} data-testid="ann-panel">
      <header className="shared-panel__head">
        <h3 className="shared-panel__title">{t('sharing.panel')}</h3>
        <button
          type="button"
          className="button button--quiet"
          onClick={onClose}
          data-testid="ann-panel-close"
        >
          {t('sharing.closePanel')}
        </button>
      </header>
      {layers.length === 0 ? (
        <p className="shared-panel__empty">{t('sharing.nobody')}</p>
      ) : (
        <ul className="shared-panel__authors">
          {layers.map((layer) => {
            const off = hidden.has(layer.ownerId);
            return (
              <li
                key={layer.ownerId}
                className={`shared-panel__author${off ? ' shared-panel__author--hidden' : ''}`}
                data-author-id={layer.ownerId}
              >
                <label className="shared-panel__who">
                  <input
                    type="checkbox"
                    checked={!off}
                    onChange={() => onToggleHidden(layer.ownerId)}
                    data-testid="ann-panel-author-visible"
                    aria-label={t('sharing.showAuthor', { name: layer.name })}
                  />
                  <span
                    className="shared-panel__swatch"
                    style={{ background: layer.colour }}
                    aria-hidden="true"
                  />
                  <span className="shared-panel__name">{layer.name}</span>
                  <span className="shared-panel__count">{layer.annotations.length}</span>
                </label>
                <ol className="shared-panel__items">
                  {layer.annotations.map((a) => (
                    <li key={a.id}>
                      <button
                        type="button"
                        className="shared-panel__item"
                        onClick={() => onJump(a)}
                        data-testid="ann-panel-item"
                        data-annotation-id={a.id}
                        data-page={a.page}
                      >
                        <span className="shared-panel__page">{t('sharing.page', { page: a.page })}</span>
                        <span className="shared-panel__excerpt">{excerptOf(a, t)}</span>
                      </button>
                    </li>
                  ))}
                </ol>
              </li>
            );
          })}
        </ul>
      )}
    </aside>
  );
}
