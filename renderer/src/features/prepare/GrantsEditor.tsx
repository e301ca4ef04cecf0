import { type Classification, type DocumentGrants, DocumentGrantsSchema } from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/FieldError';
import { type FieldIssues, hasIssues, type IssueMessage, issuesFor } from '../../lib/form-issues';
import { type Failure, FailureMessage, failureIssues, usePrepare } from './prepare-context';

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

/** The first problem about a list of the grants (`groups`, `groups.3`), if any. */
function issueOfList(issues: FieldIssues, list: 'groups' | 'participantIds'): IssueMessage | undefined {
  const path = Object.keys(issues).find((key) => key === list || key.startsWith(`${list}.`));
  return path === undefined ? undefined : issues[path];
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
  const [errors, setErrors] = useState<FieldIssues>({});

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
    setSaved(false);
    // The same schema the server replaces the grants with (at most so many people and groups).
    const problems = issuesFor(DocumentGrantsSchema, grants);
    setErrors(problems);
    if (hasIssues(problems)) return;
    setSaving(true);
    setFailure(null);
    try {
      setGrants(await prepareApi.putGrants(documentId, grants));
      setSaved(true);
      onSaved();
    } catch (error) {
      const failed = fail(error);
      setFailure(failed);
      setErrors(failureIssues(failed));
    } finally {
      setSaving(false);
    }
  };
  const groupsIssue = issueOfList(errors, 'groups');
  const peopleIssue = issueOfList(errors, 'participantIds');

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
          <FieldError id={`${id}-groups-error`} issue={groupsIssue} />
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
        <FieldError id={`${id}-people-error`} issue={peopleIssue} />
      </fieldset>
      {failure && (
        <FailureMessage
          failure={failure}
          fields={failure.issues
            .map((issue) => issue.path)
            .filter((path) => /^(groups|participantIds)\b/.test(path))}
        />
      )}
      <FieldError id={`${id}-form-error`} issue={errors['']} />
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
