import type { MeetingDocument } from '#common/schemas/document';
import type { Participant } from '#common/schemas/participant';
import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DocumentRow } from './DocumentRow';
import { ACCEPT_ATTRIBUTE } from './format';
import { UploadList } from './UploadList';
import type { UploadEntry } from './use-uploads';

/** Props of {@link ItemDocuments}. */
export interface ItemDocumentsProps {
  /** The agenda item, or null for the documents attached to no item. */
  itemId: string | null;
  /** The agenda item's title, to name the file picker; null for the unattached documents. */
  itemTitle: string | null;
  documents: readonly MeetingDocument[];
  uploads: readonly UploadEntry[];
  participants: readonly Participant[] | null;
  onFiles: (files: File[]) => void;
  onCancelUpload: (key: string) => void;
  onDismissUpload: (key: string) => void;
  onDocumentChanged: (document: MeetingDocument) => void;
  onMoveDocument: (document: MeetingDocument, direction: -1 | 1) => Promise<void>;
  onDocumentDeleted: (documentId: string) => void;
  onReload: () => void;
}

/** True when a drag carries files from the desktop (not an agenda row being moved). */
export function dragHasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * The documents of one agenda item, the uploads on their way to it, and a drop zone with a
 * file picker (several files at once; PDF and office files).
 */
export function ItemDocuments({
  itemId,
  itemTitle,
  documents,
  uploads,
  participants,
  onFiles,
  onCancelUpload,
  onDismissUpload,
  onDocumentChanged,
  onMoveDocument,
  onDocumentDeleted,
  onReload,
}: ItemDocumentsProps) {
  const { t } = useTranslation();
  const id = useId();
  const [over, setOver] = useState(false);

  const onDragOver = (event: DragEvent) => {
    if (!dragHasFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    event.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (event: DragEvent) => {
    if (!dragHasFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    setOver(false);
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <div className="prep-docs">
      {documents.length > 0 && (
        <ul
          className="prep-docs__list"
          aria-label={t('prepare.documents.listLabel', { count: documents.length })}
        >
          {documents.map((document, index) => (
            <DocumentRow
              key={document.id}
              document={document}
              index={index}
              count={documents.length}
              participants={participants}
              onChanged={onDocumentChanged}
              onMove={onMoveDocument}
              onDeleted={onDocumentDeleted}
              onReload={onReload}
            />
          ))}
        </ul>
      )}
      <UploadList entries={uploads} onCancel={onCancelUpload} onDismiss={onDismissUpload} />
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is a mouse extra; the file picker inside is the keyboard path */}
      <div
        className={`prep-dropzone${over ? ' prep-dropzone--over' : ''}`}
        data-testid="document-dropzone"
        data-item-id={itemId ?? undefined}
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={onDrop}
      >
        <input
          id={`${id}-files`}
          className="visually-hidden prep-file-input"
          type="file"
          multiple
          accept={ACCEPT_ATTRIBUTE}
          data-testid="document-upload-input"
          data-item-id={itemId ?? undefined}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            // Clear the picker so choosing the same file again still fires a change.
            event.target.value = '';
            if (files.length > 0) onFiles(files);
          }}
        />
        <label htmlFor={`${id}-files`} className="button button--small prep-file-label">
          {t('prepare.upload.pick')}
          {itemTitle !== null && <span className="visually-hidden"> ({itemTitle})</span>}
        </label>
        <span className="prep-dropzone__hint">{t('prepare.upload.dropHint')}</span>
      </div>
    </div>
  );
}
