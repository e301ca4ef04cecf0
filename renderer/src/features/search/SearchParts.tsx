import { SNIPPET_MARK_END, SNIPPET_MARK_START } from '#common/schemas/document';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The pieces the meeting search (SearchPanel) and the archive search (features/archive) show
 * alike, so both searches look and read the same: the form with its hint, and a hit's
 * place and snippet. Test ids are `<testIdPrefix>-input`, `-submit`, `-hit-page`, `-hit-snippet`.
 */

/** A snippet with its matched words as <mark> elements. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(SNIPPET_MARK_START);
  return (
    <>
      {parts.map((part, i) => {
        if (i === 0) return part;
        const end = part.indexOf(SNIPPET_MARK_END);
        const marked = end < 0 ? part : part.slice(0, end);
        const rest = end < 0 ? '' : part.slice(end + 1);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one snippet never move
          <span key={i}>
            <mark>{marked}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}

/** Props of {@link SearchForm}. */
export interface SearchFormProps {
  /** The section's `useId()`: the heading is `<id>-heading`, the input `<id>-q`. */
  id: string;
  heading: string;
  label: string;
  placeholder: string;
  query: string;
  onQueryChange: (query: string) => void;
  onSubmit: (event: FormEvent) => void;
  testIdPrefix: string;
}

/** The search's heading, its one-field form and the hint on the phrase rules. */
export function SearchForm(props: SearchFormProps) {
  const { t } = useTranslation();
  const { id, testIdPrefix } = props;
  return (
    <>
      <h2 id={`${id}-heading`} className="search-panel__heading">
        {props.heading}
      </h2>
      <search>
        <form className="search-panel__form" onSubmit={props.onSubmit}>
          <label className="visually-hidden" htmlFor={`${id}-q`}>
            {props.label}
          </label>
          <input
            id={`${id}-q`}
            type="search"
            className="search-panel__input"
            value={props.query}
            onChange={(event) => props.onQueryChange(event.target.value)}
            placeholder={props.placeholder}
            maxLength={200}
            autoComplete="off"
            data-testid={`${testIdPrefix}-input`}
          />
          <button type="submit" className="button button--primary" data-testid={`${testIdPrefix}-submit`}>
            {t('search.submit')}
          </button>
        </form>
      </search>
      <p className="search-panel__hint muted">{t('search.hint')}</p>
    </>
  );
}

/** Where a hit is (a page, or the minutes) and its snippet, inside a hit's row or button. */
export function SearchHitText({
  where,
  snippet,
  testIdPrefix,
}: {
  where: string;
  snippet: string;
  testIdPrefix: string;
}) {
  return (
    <>
      <span className="search-hit__page" data-testid={`${testIdPrefix}-hit-page`}>
        {where}
      </span>
      <span className="search-hit__snippet" data-testid={`${testIdPrefix}-hit-snippet`}>
        <Snippet text={snippet} />
      </span>
    </>
  );
}
