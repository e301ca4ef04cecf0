import {
  CreateParticipantRequestSchema,
  type ImportDuplicate,
  type ImportDuplicatesMode,
  type Participant,
  UpdateParticipantRequestSchema,
} from '#common/schemas/participant';
import { type Role, RoleSchema } from '#common/schemas/roles';
import {
  type FormEvent,
  Fragment,
  type KeyboardEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/FieldError';
import { type FieldIssues, fieldAria, hasIssues, issuesFor, maxLengthOf } from '../../lib/form-issues';
import { CodeValidityNotice } from './CodeValidityNotice';
import { ROLE_ORDER } from './format';
import { groupsOf } from './GrantsEditor';
import { ImportDuplicatesDialog } from './ImportDuplicatesDialog';
import { ParticipantAccess } from './ParticipantAccess';
import { type Failure, FailureMessage, failureIssues, usePrepare } from './prepare-context';
import { useBusyAction } from './use-busy-action';

/** Props of {@link ParticipantsPanel}. */
export interface ParticipantsPanelProps {
  participants: readonly Participant[] | null;
  loadFailure: Failure | null;
  onParticipants: (participants: Participant[]) => void;
  onRetry: () => void;
}

interface PersonValues {
  name: string;
  position: string;
  unit: string;
  role: Role;
  group: string;
}

const EMPTY_PERSON: PersonValues = { name: '', position: '', unit: '', role: 'delegate', group: '' };

/** The person as the create and update requests carry them (trimmed, as sent). */
const personRequestOf = (values: PersonValues) => ({
  name: values.name.trim(),
  position: values.position.trim(),
  unit: values.unit.trim(),
  role: values.role,
  group: values.group.trim(),
});

/** The fields a problem can be shown beside (the request's names). */
const PERSON_FIELDS = ['name', 'position', 'unit', 'role', 'group'] as const;
type PersonField = (typeof PERSON_FIELDS)[number];

/** Typing aids read from the request schema (the schema itself is the rule). */
const LIMITS = {
  name: maxLengthOf(CreateParticipantRequestSchema.shape.name),
  position: maxLengthOf(CreateParticipantRequestSchema.shape.position),
  unit: maxLengthOf(CreateParticipantRequestSchema.shape.unit),
  group: maxLengthOf(CreateParticipantRequestSchema.shape.group),
};

/** A sample import file; the BOM makes spreadsheet programs open it as UTF-8. */
const SAMPLE_CSV = [
  'Họ và tên,Chức vụ,Đơn vị,Vai trò,Nhóm',
  'Nguyễn Văn An,Chủ tịch UBND tỉnh,UBND tỉnh,chủ tọa,Thường trực',
  'Trần Thị Bình,Chánh Văn phòng,Văn phòng UBND tỉnh,thư ký,Thường trực',
  'Lê Văn Cường,Giám đốc,Sở Tài chính,đại biểu,Thành viên',
  'Phạm Thị Dung,Phó Giám đốc,Sở Kế hoạch và Đầu tư,người dự thính,Khách mời',
].join('\r\n');

/** Starts a download of a blob under a file name; the caller revokes the URL when done with it. */
function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** A file whose people partly repeat the list: imported only once the secretariat chooses. */
interface PendingImport {
  file: File;
  rows: number;
  duplicates: readonly ImportDuplicate[];
}

/**
 * Thành phần tham dự: the participants of the meeting, added by hand or imported from CSV,
 * filtered by group, each with a join code and their devices; and the printable join sheet.
 */
export function ParticipantsPanel({
  participants,
  loadFailure,
  onParticipants,
  onRetry,
}: ParticipantsPanelProps) {
  const { t } = useTranslation();
  const { prepareApi, meetingId, fail } = usePrepare();
  const id = useId();
  const [filter, setFilter] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [newPerson, setNewPerson] = useState<PersonValues>(EMPTY_PERSON);
  const [addIssues, setAddIssues] = useState<FieldIssues>({});
  const { busy, setBusy, failure, run } = useBusyAction();
  const [editing, setEditing] = useState<{ id: string; values: PersonValues; issues: FieldIssues } | null>(
    null,
  );
  const [openAccess, setOpenAccess] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [importResult, setImportResult] = useState<
    { kind: 'ok'; count: number; skipped: number } | { kind: 'failed'; failure: Failure } | null
  >(null);
  const [pendingImport, setPendingImport] = useState<PendingImport | null>(null);
  /** Read out after a move ("moved to 2"), for people who do not see the list change. */
  const [moveAnnouncement, setMoveAnnouncement] = useState('');
  /** The row to focus once the list has been redrawn (after a keyboard move). */
  const [focusAfterMove, setFocusAfterMove] = useState<string | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [sheetUrl, setSheetUrl] = useState<string | null>(null);
  const sheetUrlRef = useRef<string | null>(null);

  // The join sheet's object URL holds the PDF in memory: release it when replaced or on leaving.
  useEffect(() => {
    const previous = sheetUrlRef.current;
    sheetUrlRef.current = sheetUrl;
    if (previous && previous !== sheetUrl) URL.revokeObjectURL(previous);
  }, [sheetUrl]);
  useEffect(
    () => () => {
      if (sheetUrlRef.current) URL.revokeObjectURL(sheetUrlRef.current);
    },
    [],
  );

  // Protocol order, as the server keeps it (the order set or imported), never by name.
  const list = useMemo(() => participants ?? [], [participants]);
  const groups = useMemo(() => groupsOf(list), [list]);
  const shown = filter === null ? list : list.filter((person) => person.group.trim() === filter);

  const add = (event: FormEvent) => {
    event.preventDefault();
    const request = personRequestOf(newPerson);
    const problems = issuesFor(CreateParticipantRequestSchema, request);
    setAddIssues(problems);
    if (hasIssues(problems)) return;
    void run('add', async () => {
      const created = await prepareApi.createParticipant(meetingId, request);
      onParticipants([...(participants ?? []), created]);
      // Keep the group for the next person of a batch; a meeting has one chair and one secretary.
      const nextRole =
        newPerson.role === 'chair' || newPerson.role === 'secretary' ? 'delegate' : newPerson.role;
      setNewPerson({ ...EMPTY_PERSON, role: nextRole, group: newPerson.group });
    }).then((failed) => setAddIssues(failureIssues(failed)));
  };

  const saveEdit = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    const { id: personId, values } = editing;
    const request = personRequestOf(values);
    const problems = issuesFor(UpdateParticipantRequestSchema, request);
    setEditing({ ...editing, issues: problems });
    if (hasIssues(problems)) return;
    void run(personId, async () => {
      const updated = await prepareApi.updateParticipant(personId, request);
      onParticipants((participants ?? []).map((p) => (p.id === updated.id ? updated : p)));
      setEditing(null);
    }).then((failed) => {
      if (failed) setEditing((current) => current && { ...current, issues: failureIssues(failed) });
    });
  };

  /** Sends the file; with `ask`, a file that repeats people imports nothing and opens the question. */
  const importCsv = (file: File, duplicates: ImportDuplicatesMode = 'ask') => {
    setImportResult(null);
    void (async () => {
      setBusy('import');
      try {
        const answer = await prepareApi.importParticipants(meetingId, file, duplicates);
        const repeated = answer.duplicates ?? [];
        if (answer.needsDecision) {
          setPendingImport({ file, rows: answer.rows ?? repeated.length, duplicates: repeated });
          return;
        }
        setPendingImport(null);
        onParticipants([...(participants ?? []), ...answer.created]);
        setImportResult({
          kind: 'ok',
          count: answer.created.length,
          skipped: duplicates === 'skip' ? repeated.length : 0,
        });
      } catch (error) {
        setPendingImport(null);
        const failed = fail(error);
        if (failed) setImportResult({ kind: 'failed', failure: failed });
      } finally {
        setBusy(null);
      }
    })();
  };

  // After a keyboard move, focus stays on the moved row (the list was redrawn under it).
  useLayoutEffect(() => {
    if (focusAfterMove === null) return;
    const row = tableRef.current?.querySelector<HTMLElement>(
      `tr[data-participant-id="${CSS.escape(focusAfterMove)}"]`,
    );
    row?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove]);

  /**
   * Moves a person one place up or down among the people shown (with a group filter, next to
   * the neighbour in that group); the server keeps the order and answers the whole list.
   */
  const move = (person: Participant, direction: -1 | 1, refocus: boolean) => {
    const at = shown.findIndex((p) => p.id === person.id);
    const neighbour = shown[at + direction];
    if (!neighbour) return;
    const index = list.findIndex((p) => p.id === neighbour.id);
    setMoveAnnouncement('');
    void run(`move-${person.id}`, async () => {
      const reordered = await prepareApi.moveParticipant(person.id, index);
      onParticipants(reordered);
      const place = (
        filter === null ? reordered : reordered.filter((p) => p.group.trim() === filter)
      ).findIndex((p) => p.id === person.id);
      setMoveAnnouncement(t('prepare.participants.moved', { name: person.name, number: place + 1 }));
      if (refocus) setFocusAfterMove(person.id);
    });
  };

  /** Alt+↑ / Alt+↓ on a focused row moves the person, as on the agenda; ↑ / ↓ go to the next row. */
  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, person: Participant) => {
    if (event.target !== event.currentTarget) return;
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    const direction = event.key === 'ArrowUp' ? -1 : 1;
    event.preventDefault();
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      move(person, direction, true);
      return;
    }
    const at = shown.findIndex((p) => p.id === person.id);
    const next = shown[at + direction];
    if (next) setFocusAfterMove(next.id);
  };

  const joinSheet = () =>
    void run('sheet', async () => {
      const blob = await prepareApi.joinSheet(
        meetingId,
        shown.map((person) => person.id),
      );
      const url = URL.createObjectURL(blob);
      setSheetUrl(url);
      download(url, t('prepare.participants.sheetFileName'));
    });

  const sampleCsv = () => {
    const url = URL.createObjectURL(new Blob(['\uFEFF', SAMPLE_CSV], { type: 'text/csv;charset=utf-8' }));
    download(url, t('prepare.participants.sampleFileName'));
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const personFields = (
    values: PersonValues,
    issues: FieldIssues,
    onChange: (values: PersonValues) => void,
    prefix: string,
    testPrefix: string,
  ) => {
    /** A text field of the person, with its problem (if any) under it. */
    const text = (
      field: Exclude<PersonField, 'role'>,
      extra: { list?: string; placeholder?: string } = {},
    ) => (
      <div className="field">
        <label htmlFor={`${prefix}-${field}`}>{t(`prepare.participants.${field}`)}</label>
        <input
          id={`${prefix}-${field}`}
          data-testid={`${testPrefix}-${field}`}
          value={values[field]}
          maxLength={LIMITS[field]}
          {...fieldAria(issues[field], `${prefix}-${field}-error`)}
          {...extra}
          onChange={(event) => onChange({ ...values, [field]: event.target.value })}
        />
        <FieldError
          id={`${prefix}-${field}-error`}
          issue={issues[field]}
          testId={`${testPrefix}-${field}-error`}
        />
      </div>
    );
    return (
      <>
        {text('name')}
        {text('position')}
        {text('unit')}
        <div className="field">
          <label htmlFor={`${prefix}-role`}>{t('prepare.participants.role')}</label>
          <select
            id={`${prefix}-role`}
            data-testid={`${testPrefix}-role`}
            value={values.role}
            {...fieldAria(issues.role, `${prefix}-role-error`)}
            onChange={(event) => onChange({ ...values, role: RoleSchema.parse(event.target.value) })}
          >
            {ROLE_ORDER.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
          <FieldError id={`${prefix}-role-error`} issue={issues.role} testId={`${testPrefix}-role-error`} />
        </div>
        {text('group', { list: `${id}-groups`, placeholder: t('prepare.participants.groupPlaceholder') })}
      </>
    );
  };

  return (
    <div className="prep-people">
      <datalist id={`${id}-groups`}>
        {[...new Set([...groups, 'Thường trực', 'Thành viên', 'Khách mời'])].map((group) => (
          <option key={group} value={group} />
        ))}
      </datalist>

      <div className="prep-toolbar">
        <button
          type="button"
          className="button button--primary"
          data-testid="participant-add-open"
          aria-expanded={adding}
          onClick={() => setAdding(!adding)}
        >
          + {t('prepare.participants.add')}
        </button>
        <input
          id={`${id}-csv`}
          className="visually-hidden prep-file-input"
          type="file"
          accept=".csv,text/csv"
          data-testid="participants-import-input"
          disabled={busy === 'import'}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) importCsv(file);
          }}
        />
        <label htmlFor={`${id}-csv`} className="button prep-file-label" aria-describedby={`${id}-csv-help`}>
          {busy === 'import' ? t('prepare.participants.importing') : t('prepare.participants.import')}
        </label>
        <button type="button" className="button" onClick={sampleCsv}>
          {t('prepare.participants.sample')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="join-sheet"
          disabled={busy === 'sheet' || shown.length === 0}
          onClick={joinSheet}
        >
          {busy === 'sheet'
            ? t('prepare.participants.sheetBusy')
            : t('prepare.participants.sheet', { count: shown.length })}
        </button>
        {sheetUrl && (
          <a
            className="prep-toolbar__link"
            href={sheetUrl}
            download={t('prepare.participants.sheetFileName')}
            data-testid="join-sheet-link"
          >
            {t('prepare.participants.sheetAgain')}
          </a>
        )}
      </div>

      <CodeValidityNotice />
      <p className="field__hint prep-people__hint">{t('prepare.participants.importHint')}</p>
      <details className="prep-help prep-help--details" id={`${id}-csv-help`}>
        <summary>{t('prepare.participants.importHelpTitle')}</summary>
        <p>{t('prepare.participants.importHelpColumns')}</p>
        <p>{t('prepare.participants.importHelpRoles')}</p>
        <p>{t('prepare.participants.importHelpEncoding')}</p>
        <p>{t('prepare.participants.sheetHelp')}</p>
      </details>

      {importResult?.kind === 'ok' && (
        <p className="notice prep-notice--ok" role="status" data-testid="participants-import-result">
          {t('prepare.participants.imported', { count: importResult.count })}
          {importResult.skipped > 0 &&
            ` ${t('prepare.participants.duplicates.skipped', { count: importResult.skipped })}`}
        </p>
      )}
      {pendingImport && (
        <ImportDuplicatesDialog
          fileName={pendingImport.file.name}
          rowCount={pendingImport.rows}
          duplicates={pendingImport.duplicates}
          busy={busy === 'import'}
          onSkip={() => importCsv(pendingImport.file, 'skip')}
          onImportAnyway={() => importCsv(pendingImport.file, 'import')}
          onCancel={() => setPendingImport(null)}
        />
      )}
      <p className="visually-hidden" role="status" data-testid="participants-move-status">
        {moveAnnouncement}
      </p>
      {importResult?.kind === 'failed' && (
        <FailureMessage
          failure={importResult.failure}
          message={
            importResult.failure.code === 'validation_failed'
              ? t('prepare.participants.importFailed')
              : t(`errors.${importResult.failure.code}`)
          }
          testId="participants-import-error"
        />
      )}

      {adding && (
        <form
          className="prepare-card prep-person-form"
          data-testid="participant-form"
          onSubmit={add}
          noValidate
        >
          <h4 className="prepare-card__heading">{t('prepare.participants.addHeading')}</h4>
          <div className="prepare-grid prepare-grid--5">
            {personFields(newPerson, addIssues, setNewPerson, `${id}-new`, 'participant-new')}
          </div>
          <div className="prepare-actions">
            <button
              type="submit"
              className="button button--primary"
              data-testid="participant-add"
              disabled={busy === 'add'}
            >
              {t('prepare.participants.addSubmit')}
            </button>
            <button type="button" className="button" onClick={() => setAdding(false)}>
              {t('prepare.close')}
            </button>
          </div>
        </form>
      )}

      {failure && <FailureMessage failure={failure} testId="participants-error" fields={PERSON_FIELDS} />}
      {loadFailure && (
        <div className="alert alert--with-action" role="alert">
          <span>
            {t('prepare.participants.loadFailed')} {t(`errors.${loadFailure.code}`)}
          </span>
          <button type="button" className="button" onClick={onRetry}>
            {t('agenda.retry')}
          </button>
        </div>
      )}

      {groups.length > 0 && (
        <fieldset className="prep-chips">
          <legend className="visually-hidden">{t('prepare.participants.filterLabel')}</legend>
          <button
            type="button"
            className="prep-chip"
            aria-pressed={filter === null}
            data-testid="group-chip"
            onClick={() => setFilter(null)}
          >
            {t('prepare.participants.allGroups', { count: list.length })}
          </button>
          {groups.map((group) => (
            <button
              key={group}
              type="button"
              className="prep-chip"
              aria-pressed={filter === group}
              data-testid="group-chip"
              data-group={group}
              onClick={() => setFilter(filter === group ? null : group)}
            >
              {group} ({list.filter((person) => person.group.trim() === group).length})
            </button>
          ))}
        </fieldset>
      )}

      {participants === null && !loadFailure && <p className="muted">{t('prepare.loading')}</p>}
      {participants !== null && list.length === 0 && (
        <p className="muted" data-testid="participants-empty">
          {t('prepare.participants.empty')}
        </p>
      )}

      {shown.length > 0 && (
        <div className="prep-table-wrap">
          <table ref={tableRef} className="prep-table" data-testid="participants-table">
            <caption className="visually-hidden">
              {t('prepare.participants.caption')} {t('prepare.participants.orderHelp')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('prepare.participants.number')}</th>
                <th scope="col">{t('prepare.participants.name')}</th>
                <th scope="col">{t('prepare.participants.position')}</th>
                <th scope="col">{t('prepare.participants.unit')}</th>
                <th scope="col">{t('prepare.participants.role')}</th>
                <th scope="col">{t('prepare.participants.group')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('prepare.participants.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((person, index) => (
                <Fragment key={person.id}>
                  {editing?.id === person.id ? (
                    <tr
                      className="prep-table__edit"
                      data-testid="participant-row"
                      data-participant-id={person.id}
                    >
                      <td colSpan={7}>
                        <form onSubmit={saveEdit} className="prep-person-form" noValidate>
                          <div className="prepare-grid prepare-grid--5">
                            {personFields(
                              editing.values,
                              editing.issues,
                              (values) => setEditing({ ...editing, values }),
                              `${id}-${person.id}`,
                              'participant-edit',
                            )}
                          </div>
                          <div className="prepare-actions">
                            <button
                              type="submit"
                              className="button button--primary button--small"
                              data-testid="participant-edit-save"
                              disabled={busy === person.id}
                            >
                              {t('prepare.save')}
                            </button>
                            <button
                              type="button"
                              className="button button--small"
                              onClick={() => setEditing(null)}
                            >
                              {t('prepare.cancel')}
                            </button>
                          </div>
                        </form>
                      </td>
                    </tr>
                  ) : (
                    <tr
                      data-testid="participant-row"
                      data-participant-id={person.id}
                      data-role={person.role}
                      tabIndex={0}
                      aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                      onKeyDown={(event) => onRowKeyDown(event, person)}
                    >
                      <td className="prep-table__number">{index + 1}</td>
                      <td className="prep-table__name">{person.name}</td>
                      <td>{person.position}</td>
                      <td>{person.unit}</td>
                      <td>
                        <span className={`tag tag--role-${person.role}`}>{t(`role.${person.role}`)}</span>
                      </td>
                      <td>{person.group}</td>
                      <td className="prep-table__actions">
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('prepare.participants.moveUp', { name: person.name })}
                          title={t('prepare.participants.moveUp', { name: person.name })}
                          data-testid="participant-move-up"
                          disabled={index === 0 || busy === `move-${person.id}`}
                          onClick={() => move(person, -1, false)}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('prepare.participants.moveDown', { name: person.name })}
                          title={t('prepare.participants.moveDown', { name: person.name })}
                          data-testid="participant-move-down"
                          disabled={index === shown.length - 1 || busy === `move-${person.id}`}
                          onClick={() => move(person, 1, false)}
                        >
                          ↓
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          aria-expanded={openAccess === person.id}
                          data-testid="participant-access-toggle"
                          onClick={() => setOpenAccess(openAccess === person.id ? null : person.id)}
                        >
                          {t('prepare.participants.access')}
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t('prepare.participants.editOne', { name: person.name })}
                          onClick={() =>
                            setEditing({
                              id: person.id,
                              values: {
                                name: person.name,
                                position: person.position,
                                unit: person.unit,
                                role: person.role,
                                group: person.group,
                              },
                              issues: {},
                            })
                          }
                        >
                          {t('prepare.edit')}
                        </button>
                        <button
                          type="button"
                          className="button button--small button--danger"
                          aria-label={t('prepare.participants.deleteOne', { name: person.name })}
                          onClick={() => setConfirmDelete(person.id)}
                        >
                          {t('prepare.delete')}
                        </button>
                      </td>
                    </tr>
                  )}
                  {confirmDelete === person.id && (
                    <tr className="prep-table__detail">
                      <td colSpan={7}>
                        <div className="prep-confirm" role="alertdialog" aria-label={person.name}>
                          <p>{t('prepare.participants.confirmDelete', { name: person.name })}</p>
                          <button
                            type="button"
                            className="button button--small button--danger"
                            // biome-ignore lint/a11y/noAutofocus: the confirmation was just asked for; focus its answer
                            autoFocus
                            disabled={busy === person.id}
                            onClick={() =>
                              void run(person.id, async () => {
                                await prepareApi.deleteParticipant(person.id);
                                onParticipants((participants ?? []).filter((p) => p.id !== person.id));
                                setConfirmDelete(null);
                              })
                            }
                          >
                            {t('prepare.delete')}
                          </button>
                          <button
                            type="button"
                            className="button button--small"
                            onClick={() => setConfirmDelete(null)}
                          >
                            {t('prepare.cancel')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  )}
                  {openAccess === person.id && (
                    <tr className="prep-table__detail">
                      <td colSpan={7}>
                        <ParticipantAccess participant={person} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
