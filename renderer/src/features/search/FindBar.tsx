import { type RefObject, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindInDocument } from './use-find-in-document';

/** Props of {@link FindBar}. */
export interface FindBarProps {
  find: FindInDocument;
  inputRef?: RefObject<HTMLInputElement | null>;
}

/**
 * "Tìm trong tài liệu": a field, how many places were found and which one is shown, and
 * previous/next. Enter goes to the next place, Shift+Enter to the previous one.
 */
export function FindBar({ find, inputRef }: FindBarProps) {
  const { t } = useTranslation();
  const id = useId();
  const searching = find.status === 'searching';
  const count = find.matches.length;
  const hasQuery = find.query.trim() !== '';
  return (
    <search
      className="find-bar"
      data-testid="find-bar"
      data-searched={find.searched}
      data-status={find.status}
    >
      <label className="visually-hidden" htmlFor={id}>
        {t('search.find.label')}
      </label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        className="find-bar__input"
        value={find.query}
        placeholder={t('search.find.placeholder')}
        onChange={(event) => find.setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          if (event.shiftKey) find.previous();
          else find.next();
        }}
        maxLength={200}
        data-testid="find-input"
      />
      <span className="find-bar__count" role="status" aria-live="polite" data-testid="find-count">
        {!hasQuery
          ? ''
          : count > 0
            ? t('search.find.position', { current: find.current + 1, count })
            : searching
              ? t('search.find.searching')
              : t('search.find.none')}
      </span>
      <button
        type="button"
        className="button"
        onClick={find.previous}
        disabled={count === 0}
        aria-label={t('search.find.previous')}
        title={t('search.find.previous')}
        data-testid="find-previous"
      >
        ↑
      </button>
      <button
        type="button"
        className="button"
        onClick={find.next}
        disabled={count === 0}
        aria-label={t('search.find.next')}
        title={t('search.find.next')}
        data-testid="find-next"
      >
        ↓
      </button>
    </search>
  );
}
