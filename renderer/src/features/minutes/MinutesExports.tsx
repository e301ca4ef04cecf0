import { ROUTES } from '#common/http/route-table';
import type { MinutesStatus } from '#common/schemas/minutes';
import { MINUTES_EXPORT_READERS, type Role } from '#common/schemas/roles';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../../lib/api';
import { saveBlob } from '../session/download-blob';
import { useAction } from '../session/use-action';
import { exportFileName } from './export-file-name';

/** A PDF/A of long minutes is made on the room server's CPU, shared with the meeting. */
const EXPORT_TIMEOUT_MS = 120_000;

type ExportKind = 'pdf' | 'pdfa' | 'docx' | 'json';
const KINDS: readonly ExportKind[] = ['pdf', 'pdfa', 'docx', 'json'];

/** Whether the server lets this role export the minutes in this state (`minutes-export-routes.ts`). */
export function mayExportMinutes(role: Role, status: MinutesStatus): boolean {
  return MINUTES_EXPORT_READERS.includes(role) || status.state === 'published';
}

export interface MinutesExportsProps {
  readonly call: Call;
  readonly meetingId: string;
  readonly status: MinutesStatus;
  readonly onUnauthenticated: () => void;
}

/**
 * "Xuất biên bản": the minutes as PDF, PDF/A (archival), DOCX and JSON, fetched with the
 * device's token and saved. A draft exports too, marked as one in every file.
 */
export function MinutesExports({ call, meetingId, status, onUnauthenticated }: MinutesExportsProps) {
  const { t } = useTranslation();
  const action = useAction(onUnauthenticated);
  const [making, setMaking] = useState<ExportKind | null>(null);

  const fetchFile = async (kind: ExportKind): Promise<Blob> => {
    const input = { params: { meetingId }, timeoutMs: EXPORT_TIMEOUT_MS };
    if (kind === 'pdf') return call(ROUTES.minutesPdf, input);
    if (kind === 'pdfa') return call(ROUTES.minutesPdfA, input);
    if (kind === 'docx') return call(ROUTES.minutesDocx, input);
    const records = await call(ROUTES.minutesJson, input);
    return new Blob([JSON.stringify(records, null, 2)], { type: 'application/json' });
  };

  const save = (kind: ExportKind) => {
    setMaking(kind);
    void action
      .run(async () => saveBlob(await fetchFile(kind), exportFileName(kind, status.registerNumber)))
      .finally(() => setMaking(null));
  };

  return (
    <section className="minutes-card" aria-labelledby="minutes-exports-heading" data-testid="minutes-exports">
      <h3 id="minutes-exports-heading" className="minutes-card__heading">
        {t('minutes.exports.heading')}
      </h3>
      <div className="minutes-card__buttons">
        {KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="button"
            data-testid={`minutes-export-${kind}`}
            disabled={action.busy}
            aria-busy={making === kind}
            onClick={() => save(kind)}
          >
            {making === kind ? t('minutes.exports.making') : t(`minutes.exports.${kind}`)}
          </button>
        ))}
      </div>
      {status.state === 'draft' && (
        <p className="minutes-card__note" data-testid="minutes-export-draft">
          {t('minutes.exports.draftNote')}
        </p>
      )}
      {action.error && (
        <p role="alert" className="minutes__error">
          {action.error}
        </p>
      )}
    </section>
  );
}
