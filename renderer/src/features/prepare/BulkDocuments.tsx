import {
  type DocumentGrants,
  type DocumentKind,
  DocumentKindSchema,
  type MeetingDocument,
} from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { createContext, useContext, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupsOf } from './GrantsEditor';
import { type Failure, FailureMessage, usePrepare } from './prepare-context';

/** The documents ticked in the prepare screen's lists, for setting their type or grants at once. */
export interface DocumentSelection {
  readonly selected: ReadonlySet<string>;
  toggle(documentId: string, on: boolean): void;
}

const SelectionContext = createContext<DocumentSelection | null>(null);

/** Provides the selection to every document row below (rows show a tick box only inside one). */
export const DocumentSelectionProvider = SelectionContext.Provider;

/** The selection the rows tick into, or null where several documents cannot be edited at once. */
export function useDocumentSelection(): DocumentSelection | null {
  return useContext(SelectionContext);
}

/** Props of {@link BulkDocumentsBar}. */
export interface BulkDocumentsBarProps {
  /** The ticked documents, in list order. */
  documents: readonly MeetingDocument[];
  participants: readonly Participant[] | null;
  onDocument: (document: MeetingDocument) => void;
  onClear: () => void;
  /** Grants change who sees what: the screen reloads after them. */
  reload: () => void;
}

type Outcome = { kind: 'done'; message: string } | { kind: 'failed'; failure: Failure; done: number } | null;

/**
 * "Sửa nhiều tài liệu": sets the type, or the grants (phân quyền xem), of every ticked document.
 * Each document is changed by its own command (PATCH /documents/:id, PUT …/grants), so each gets
 * its own audit entry; a failure stops the run and says how many were already changed.
 */
export function BulkDocumentsBar({
  documents,
  participants,
  onDocument,
  onClear,
  reload,
}: BulkDocumentsBarProps) {
  const { t } = useTranslation();
  const { prepareApi, fail } = usePrepare();
  const id = useId();
  const [kind, setKind] = useState<DocumentKind>('to_trinh');
  const [grants, setGrants] = useState<DocumentGrants>({ groups: [], participantIds: [] });
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const count = documents.length;
  const people = (participants ?? []).filter((p) => p.role !== 'secretariat');
  const groups = groupsOf(people);

  /** Runs `change` on each document in turn; stops at the first failure. */
  const forEach = async (change: (document: MeetingDocument) => Promise<void>, done: string) => {
    setBusy(true);
    setOutcome(null);
    let changed = 0;
    try {
      for (const document of documents) {
        await change(document);
        changed++;
      }
      setOutcome({ kind: 'done', message: done });
    } catch (error) {
      const failed = fail(error);
      if (failed) setOutcome({ kind: 'failed', failure: failed, done: changed });
    } finally {
      setBusy(false);
    }
  };

  const setKindOfAll = () =>
    void forEach(
      async (document) => {
        if (document.kind !== kind) onDocument(await prepareApi.updateDocument(document.id, { kind }));
      },
      t('prepare.bulk.kindDone', { count, kind: t(`prepare.kind.${kind}`) }),
    );

  const setGrantsOfAll = () =>
    void forEach(
      async (document) => {
        await prepareApi.putGrants(document.id, grants);
      },
      t('prepare.bulk.grantsDone', { count }),
    ).then(reload);

  const toggle = (list: readonly string[], value: string, on: boolean): string[] =>
    on ? [...new Set([...list, value])] : list.filter((entry) => entry !== value);

  return (
    <section className="prep-bulk" aria-labelledby={`${id}-heading`} data-testid="bulk-documents">
      <div className="prep-bulk__head">
        <h4 id={`${id}-heading`} className="prep-bulk__heading" data-testid="bulk-documents-count">
          {t('prepare.bulk.heading', { count })}
        </h4>
        <button type="button" className="button button--small" onClick={onClear} disabled={busy}>
          {t('prepare.bulk.clear')}
        </button>
      </div>
      <div className="prep-bulk__row">
        <label htmlFor={`${id}-kind`}>{t('prepare.documents.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          data-testid="bulk-kind"
          onChange={(event) => setKind(DocumentKindSchema.parse(event.target.value))}
        >
          {DocumentKindSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`prepare.kind.${option}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={busy}
          onClick={setKindOfAll}
          data-testid="bulk-kind-apply"
        >
          {t('prepare.bulk.kindApply', { count })}
        </button>
      </div>
      <fieldset className="prep-bulk__grants">
        <legend>{t('prepare.bulk.grantsLegend', { count })}</legend>
        <p className="field__hint">{t('prepare.bulk.grantsHint')}</p>
        {groups.length > 0 && (
          <fieldset className="prep-bulk__choices">
            <legend className="visually-hidden">{t('prepare.grants.groups')}</legend>
            {groups.map((group) => (
              <label key={group} className="prep-check">
                <input
                  type="checkbox"
                  data-testid="bulk-grant-group"
                  data-group={group}
                  checked={grants.groups.includes(group)}
                  onChange={(event) =>
                    setGrants({ ...grants, groups: toggle(grants.groups, group, event.target.checked) })
                  }
                />{' '}
                {group}
              </label>
            ))}
          </fieldset>
        )}
        {people.length > 0 && (
          <details>
            <summary>{t('prepare.grants.people')}</summary>
            <fieldset className="prep-bulk__choices">
              <legend className="visually-hidden">{t('prepare.grants.people')}</legend>
              {people.map((person) => (
                <label key={person.id} className="prep-check">
                  <input
                    type="checkbox"
                    data-testid="bulk-grant-person"
                    checked={grants.participantIds.includes(person.id)}
                    onChange={(event) =>
                      setGrants({
                        ...grants,
                        participantIds: toggle(grants.participantIds, person.id, event.target.checked),
                      })
                    }
                  />{' '}
                  {person.name}
                </label>
              ))}
            </fieldset>
          </details>
        )}
        <button
          type="button"
          className="button button--small button--primary"
          disabled={busy}
          onClick={setGrantsOfAll}
          data-testid="bulk-grants-apply"
        >
          {t('prepare.bulk.grantsApply', { count })}
        </button>
      </fieldset>
      {busy && (
        <p className="muted" role="status">
          {t('prepare.bulk.working')}
        </p>
      )}
      {outcome?.kind === 'done' && (
        <p className="notice prep-notice--ok" role="status" data-testid="bulk-documents-done">
          {outcome.message}
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <>
          <p className="alert" role="alert">
            {t('prepare.bulk.stopped', { done: outcome.done, count })}
          </p>
          <FailureMessage failure={outcome.failure} testId="bulk-documents-error" />
        </>
      )}
    </section>
  );
}
