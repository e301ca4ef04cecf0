import type { Classification, DocumentGrants } from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Failure, FailureMessage, usePrepare } from './prepare-context';

/** Props of {@link GrantsEditor}. */
export interface GrantsEditorProps {
  documentId: string;
  classification: Classification;
  participants: readonly Participant[] | null;
  onSaved: () => void;
}

/** Distinct, non-empty group names, in the order they first appear. */
export function groupsOf(participants: readonly Participant[]): string[] {
  return [...new Set(participants.map((p) => p.group.trim()).filter((group) => group !== ''))];
}

/**
 * Who may see a document (phân quyền xem): groups and named participants, saved as a whole
 * with PUT /documents/:id/grants. With no grants an ordinary document is open to the whole
 * meeting and a confidential one to the secretariat only; the text under the title says so.
 */
export function GrantsEditor({ documentId, classification, participants, onSaved }: GrantsEditorProps) {
  const { t } = useTranslation();
  const { prepareApi, fail } = usePrepare();
  const id = useId();
  const [grants, setGrants] = useState<DocumentGrants | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let cancelled = false;
    prepareApi.getGrants(documentId).then(
      (loaded) => {
        if (!cancelled) setGrants(loaded);
      },
      (error: unknown) => {
        if (!cancelled) setFailure(fail(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [prepareApi, documentId, fail]);

  if (grants === null) {
    return failure ? <FailureMessage failure={failure} /> : <p className="muted">{t('prepare.loading')}</p>;
  }

  const people = (participants ?? []).filter((p) => p.role !== 'secretariat');
  const groups = groupsOf(people);
  // Groups granted earlier that no participant carries any more stay visible so they can be removed.
  for (const group of grants.groups) if (!groups.includes(group)) groups.push(group);
  const none = grants.groups.length === 0 && grants.participantIds.length === 0;

  const toggle = (list: readonly string[], value: string, on: boolean): string[] =>
    on ? [...new Set([...list, value])] : list.filter((entry) => entry !== value);

  const save = async () => {
    setSaving(true);
    setFailure(null);
    setSaved(false);
    try {
      setGrants(await prepareApi.putGrants(documentId, grants));
      setSaved(true);
      onSaved();
    } catch (error) {
      setFailure(fail(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="prep-grants" data-testid="grants-editor">
      <p className={`prep-grants__rule${none && classification === 'mat' ? ' prep-grants__rule--warn' : ''}`}>
        {none
          ? t(classification === 'mat' ? 'prepare.grants.noneSecret' : 'prepare.grants.noneOrdinary')
          : t('prepare.grants.some')}
      </p>
      {groups.length > 0 && (
        <fieldset className="prep-grants__set">
          <legend>{t('prepare.grants.groups')}</legend>
          {groups.map((group) => (
            <label key={group} className="prep-check">
              <input
                type="checkbox"
                checked={grants.groups.includes(group)}
                onChange={(event) => {
                  setSaved(false);
                  setGrants({ ...grants, groups: toggle(grants.groups, group, event.target.checked) });
                }}
              />
              {group}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset className="prep-grants__set">
        <legend>{t('prepare.grants.people')}</legend>
        {people.length === 0 && <p className="muted">{t('prepare.grants.noPeople')}</p>}
        {people.map((person) => (
          <label key={person.id} className="prep-check">
            <input
              type="checkbox"
              checked={grants.participantIds.includes(person.id)}
              onChange={(event) => {
                setSaved(false);
                setGrants({
                  ...grants,
                  participantIds: toggle(grants.participantIds, person.id, event.target.checked),
                });
              }}
            />
            <span>
              {person.name}
              <span className="muted">
                {' '}
                · {t(`role.${person.role}`)}
                {person.group && ` · ${person.group}`}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {failure && <FailureMessage failure={failure} />}
      <div className="prepare-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={saving}
          aria-describedby={`${id}-status`}
          onClick={() => void save()}
        >
          {saving ? t('prepare.saving') : t('prepare.grants.save')}
        </button>
        <span id={`${id}-status`} role="status" className="prepare-status">
          {saved ? t('prepare.saved') : ''}
        </span>
      </div>
    </div>
  );
}
