import {
  type Classification,
  ClassificationSchema,
  type DocumentKind,
  DocumentKindSchema,
  type DocumentVersion,
  type MeetingDocument,
  type UpdateDocumentRequest,
  UpdateDocumentRequestSchema,
} from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../components/FieldError';
import { UploadAbortedError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { type FieldIssues, fieldAria, hasIssues, issuesFor, maxLengthOf } from '../../lib/form-issues';
import { formatBytes } from '../../lib/format';
import { ACCEPT_ATTRIBUTE } from './format';
import { useDocumentSelection } from './BulkDocuments';
import { GrantsEditor } from './GrantsEditor';
import { type Failure, FailureMessage, failureIssues, usePrepare } from './prepare-context';
import { ReadByPanel } from './ReadByPanel';
import { useBusyAction } from './use-busy-action';
import { uploadFailureMessage } from './UploadList';

/** Props of {@link DocumentRow}. */
export interface DocumentRowProps {
  document: MeetingDocument;
  /** Place among the item's documents (0-based) and how many there are, for the order buttons. */
  index: number;
  count: number;
  participants: readonly Participant[] | null;
  onChanged: (document: MeetingDocument) => void;
  /** Moves the document one place up (-1) or down (+1) among its item's documents. */
  onMove: (document: MeetingDocument, direction: -1 | 1) => Promise<void>;
  onDeleted: (documentId: string) => void;
  /** Something changed that only a reload shows (grants change visibility). */
  onReload: () => void;
}

interface Form {
  title: string;
  kind: DocumentKind;
  classification: Classification;
  noExport: boolean;
}

const formOf = (document: MeetingDocument): Form => ({
  title: document.title,
  kind: document.kind,
  classification: document.classification,
  noExport: document.noExport,
});

/** The fields a problem can be shown beside (the request's names). */
const DOCUMENT_FIELDS = ['title', 'kind', 'classification', 'noExport'] as const;

/** Typing aid read from the request schema (the schema itself is the rule). */
const TITLE_MAX_LENGTH = maxLengthOf(UpdateDocumentRequestSchema.shape.title);

const sameForm = (a: Form, b: Form): boolean =>
  a.title === b.title &&
  a.kind === b.kind &&
  a.classification === b.classification &&
  a.noExport === b.noExport;

/**
 * One prepared document (tài liệu họp) of an agenda item: a summary line with its order
 * buttons, and when opened, its properties, who may see it, and its versions.
 */
export function DocumentRow({
  document,
  index,
  count,
  participants,
  onChanged,
  onMove,
  onDeleted,
  onReload,
}: DocumentRowProps) {
  const { t, i18n } = useTranslation();
  const { prepareApi } = usePrepare();
  const selection = useDocumentSelection();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<Form>(() => formOf(document));
  const [errors, setErrors] = useState<FieldIssues>({});
  const { busy, failure, run } = useBusyAction<'save' | 'move' | 'delete'>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState(false);
  const [grantsOpen, setGrantsOpen] = useState(false);

  /** The document the form was last filled from, to tell untouched fields from edits. */
  const filledFrom = useRef(document);
  // A new version or someone else's edit changes the document: refill the form from it,
  // unless the user has unsaved edits there (they are not thrown away by a refetch).
  useEffect(() => {
    const previous = filledFrom.current;
    filledFrom.current = document;
    setForm((current) => (sameForm(current, formOf(previous)) ? formOf(document) : current));
  }, [document]);

  const patch: UpdateDocumentRequest = {};
  if (form.title.trim() !== document.title) patch.title = form.title.trim();
  if (form.kind !== document.kind) patch.kind = form.kind;
  if (form.classification !== document.classification) patch.classification = form.classification;
  if (form.noExport !== document.noExport) patch.noExport = form.noExport;
  const dirty = Object.keys(patch).length > 0;

  const save = (event: FormEvent) => {
    event.preventDefault();
    // Every field is checked with the update request's schema, then the patch itself.
    const whole = { ...form, title: form.title.trim() };
    const problems = issuesFor(UpdateDocumentRequestSchema, whole);
    const checked = hasIssues(problems) ? problems : issuesFor(UpdateDocumentRequestSchema, patch);
    setErrors(checked);
    if (hasIssues(checked)) return;
    void run('save', async () => {
      const updated = await prepareApi.updateDocument(document.id, patch);
      setSaved(true);
      onChanged(updated);
    }).then((failed) => setErrors(failureIssues(failed)));
  };

  return (
    <li
      className={`prep-doc${open ? ' prep-doc--open' : ''}`}
      data-testid="prepared-document"
      data-document-id={document.id}
    >
      <div className="prep-doc__line">
        {selection && (
          <input
            type="checkbox"
            className="prep-doc__select"
            aria-label={t('prepare.bulk.selectOne', { title: document.title })}
            data-testid="prepared-document-select"
            checked={selection.selected.has(document.id)}
            onChange={(event) => selection.toggle(document.id, event.target.checked)}
          />
        )}
        <span className="prep-doc__kind">{t(`prepare.kind.${document.kind}`)}</span>
        <span className="prep-doc__title" data-testid="prepared-document-title">
          {document.title}
        </span>
        <span className="prep-doc__meta">
          {t('prepare.documents.version', { version: document.version })} ·{' '}
          {t('prepare.documents.pages', { count: document.pageCount })} ·{' '}
          {formatBytes(document.byteSize, i18n.language)}
        </span>
        {document.classification === 'mat' && (
          <span className="tag tag--confidential">{t('documents.confidential')}</span>
        )}
        {document.noExport && <span className="tag tag--warn">{t('prepare.documents.noExportTag')}</span>}
        <span className="prep-doc__buttons">
          <button
            type="button"
            className="button button--small button--icon"
            aria-label={t('prepare.documents.moveUp', { title: document.title })}
            title={t('prepare.documents.moveUp', { title: document.title })}
            disabled={index === 0 || busy !== null}
            onClick={() => void run('move', () => onMove(document, -1))}
          >
            ↑
          </button>
          <button
            type="button"
            className="button button--small button--icon"
            aria-label={t('prepare.documents.moveDown', { title: document.title })}
            title={t('prepare.documents.moveDown', { title: document.title })}
            disabled={index === count - 1 || busy !== null}
            onClick={() => void run('move', () => onMove(document, 1))}
          >
            ↓
          </button>
          <button
            type="button"
            className="button button--small"
            aria-expanded={open}
            aria-controls={`${id}-panel`}
            data-testid="prepared-document-toggle"
            onClick={() => setOpen(!open)}
          >
            {open ? t('prepare.documents.close') : t('prepare.documents.open')}
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            onClick={() => setConfirmDelete(true)}
            disabled={busy !== null}
          >
            {t('prepare.delete')}
          </button>
        </span>
      </div>

      {confirmDelete && (
        <div className="prep-confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('prepare.documents.confirmDelete', { title: document.title })}</p>
          <button
            type="button"
            className="button button--small button--danger"
            // biome-ignore lint/a11y/noAutofocus: the confirmation was just asked for; focus its answer
            autoFocus
            aria-describedby={`${id}-confirm`}
            disabled={busy !== null}
            onClick={() =>
              void run('delete', async () => {
                await prepareApi.deleteDocument(document.id);
                onDeleted(document.id);
              })
            }
          >
            {t('prepare.delete')}
          </button>
          <button type="button" className="button button--small" onClick={() => setConfirmDelete(false)}>
            {t('prepare.cancel')}
          </button>
        </div>
      )}

      {failure && <FailureMessage failure={failure} fields={DOCUMENT_FIELDS} />}

      <div id={`${id}-panel`} hidden={!open} className="prep-doc__panel">
        {open && (
          <>
            <form className="prep-doc__form" onSubmit={save} noValidate>
              <div className="field prep-doc__form-title">
                <label htmlFor={`${id}-title`}>{t('prepare.documents.title')}</label>
                <input
                  id={`${id}-title`}
                  data-testid="prepared-document-title-input"
                  value={form.title}
                  maxLength={TITLE_MAX_LENGTH}
                  {...fieldAria(errors.title, `${id}-title-error`)}
                  onChange={(event) => {
                    setSaved(false);
                    setForm({ ...form, title: event.target.value });
                  }}
                />
                <FieldError
                  id={`${id}-title-error`}
                  issue={errors.title}
                  testId="prepared-document-title-error"
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-kind`}>{t('prepare.documents.kind')}</label>
                <select
                  id={`${id}-kind`}
                  value={form.kind}
                  {...fieldAria(errors.kind, `${id}-kind-error`)}
                  onChange={(event) => {
                    setSaved(false);
                    setForm({ ...form, kind: DocumentKindSchema.parse(event.target.value) });
                  }}
                >
                  {DocumentKindSchema.options.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`prepare.kind.${kind}`)}
                    </option>
                  ))}
                </select>
                <FieldError id={`${id}-kind-error`} issue={errors.kind} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-class`}>{t('prepare.documents.classification')}</label>
                <select
                  id={`${id}-class`}
                  value={form.classification}
                  {...fieldAria(errors.classification, `${id}-class-error`)}
                  onChange={(event) => {
                    setSaved(false);
                    setForm({ ...form, classification: ClassificationSchema.parse(event.target.value) });
                  }}
                >
                  {ClassificationSchema.options.map((value) => (
                    <option key={value} value={value}>
                      {t(`prepare.classification.${value}`)}
                    </option>
                  ))}
                </select>
                <FieldError id={`${id}-class-error`} issue={errors.classification} />
              </div>
              <label className="prep-check prep-doc__form-wide">
                <input
                  type="checkbox"
                  checked={form.noExport}
                  onChange={(event) => {
                    setSaved(false);
                    setForm({ ...form, noExport: event.target.checked });
                  }}
                />
                {t('prepare.documents.noExport')}
              </label>
              <FieldError
                id={`${id}-noExport-error`}
                issue={errors.noExport}
                className="prep-doc__form-wide"
              />
              {form.classification === 'mat' && (
                <p className="field__hint prep-doc__form-wide">{t('prepare.documents.secretHint')}</p>
              )}
              <FieldError id={`${id}-form-error`} issue={errors['']} className="prep-doc__form-wide" />
              <div className="prepare-actions prep-doc__form-wide">
                <button type="submit" className="button button--primary" disabled={!dirty || busy !== null}>
                  {busy === 'save' ? t('prepare.saving') : t('prepare.save')}
                </button>
                <span role="status" className="prepare-status">
                  {saved && !dirty ? t('prepare.saved') : dirty ? t('prepare.unsaved') : ''}
                </span>
              </div>
            </form>

            <div className="prep-doc__section">
              <button
                type="button"
                className="button button--small"
                aria-expanded={grantsOpen}
                onClick={() => setGrantsOpen(!grantsOpen)}
              >
                <span aria-hidden="true">{grantsOpen ? '▾' : '▸'}</span> {t('prepare.grants.heading')}
              </button>
              {grantsOpen && (
                <GrantsEditor
                  documentId={document.id}
                  classification={document.classification}
                  participants={participants}
                  onSaved={onReload}
                />
              )}
            </div>

            <Versions document={document} onChanged={onChanged} />
            <ReadByPanel document={document} />
          </>
        )}
      </div>
    </li>
  );
}

/** The version history of a document and "Thay phiên bản mới" (replace with a new version). */
function Versions({
  document,
  onChanged,
}: {
  document: MeetingDocument;
  onChanged: (document: MeetingDocument) => void;
}) {
  const { t, i18n } = useTranslation();
  const { prepareApi, fail, timeZone } = usePrepare();
  const id = useId();
  const [versions, setVersions] = useState<DocumentVersion[] | null>(null);
  const [loadFailure, setLoadFailure] = useState<Failure | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [fileName, setFileName] = useState('');
  const abort = useRef<(() => void) | null>(null);

  const load = useCallback(() => {
    prepareApi.getDocument(document.id).then(
      (detail) => setVersions([...detail.versions].sort((a, b) => b.version - a.version)),
      (error: unknown) => setLoadFailure(fail(error)),
    );
  }, [prepareApi, document.id, fail]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the history when the current version changes
  useEffect(load, [load, document.version]);

  // Leaving the panel cancels a running replacement rather than leaving it orphaned.
  useEffect(() => () => abort.current?.(), []);

  const replace = (file: File) => {
    setFailure(null);
    setFileName(file.name);
    setProgress(0);
    const handle = prepareApi.uploadVersion(document.id, file, ({ loaded, total }) =>
      setProgress(total > 0 ? Math.min(99, Math.floor((loaded / total) * 100)) : 0),
    );
    abort.current = handle.abort;
    handle.promise.then(
      (updated) => {
        abort.current = null;
        setProgress(null);
        onChanged(updated);
      },
      (error: unknown) => {
        abort.current = null;
        setProgress(null);
        if (!(error instanceof UploadAbortedError)) setFailure(fail(error));
      },
    );
  };

  return (
    <div className="prep-doc__section" data-testid="document-versions">
      <h4 className="prep-doc__subheading">
        {t('prepare.versions.heading')} —{' '}
        <span data-testid="document-version">
          {t('prepare.documents.version', { version: document.version })}
        </span>
      </h4>
      {loadFailure && <FailureMessage failure={loadFailure} />}
      {versions && (
        <ol className="prep-versions">
          {versions.map((version) => (
            <li key={version.version}>
              <strong>{t('prepare.documents.version', { version: version.version })}</strong>
              {version.version === document.version && ` (${t('prepare.versions.current')})`} ·{' '}
              {version.originalName} · {t('prepare.documents.pages', { count: version.pageCount })} ·{' '}
              {formatBytes(version.byteSize, i18n.language)} ·{' '}
              {formatDateTime(version.createdAt, i18n.language, timeZone)}
            </li>
          ))}
        </ol>
      )}
      <div className="prepare-actions">
        <input
          id={`${id}-file`}
          className="visually-hidden prep-file-input"
          type="file"
          accept={ACCEPT_ATTRIBUTE}
          data-testid="document-version-input"
          disabled={progress !== null}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) replace(file);
          }}
        />
        <label htmlFor={`${id}-file`} className="button button--small prep-file-label">
          {t('prepare.versions.replace')}
        </label>
        {progress !== null && (
          <>
            <progress value={progress} max={100} aria-label={t('prepare.versions.progress')} />
            <span>{progress}%</span>
            <button type="button" className="button button--small" onClick={() => abort.current?.()}>
              {t('prepare.upload.cancel')}
            </button>
          </>
        )}
      </div>
      <p className="field__hint">{t('prepare.versions.hint')}</p>
      {failure && (
        <FailureMessage
          failure={failure}
          message={
            failure.code === 'conflict'
              ? t('prepare.versions.sameFile', { name: fileName })
              : uploadFailureMessage(t, i18n.language, failure, fileName || document.title)
          }
          reasonInMessage
        />
      )}
    </div>
  );
}
