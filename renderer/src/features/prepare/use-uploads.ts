import type { MeetingDocument } from '#common/schemas/document';
import { useCallback, useEffect, useRef, useState } from 'react';
import { UploadAbortedError } from '../../lib/api';
import { isAcceptedFileName } from './format';
import { type Failure, usePrepare } from './prepare-context';

/** One file on its way to the server, or the outcome of that trip. */
export interface UploadEntry {
  key: string;
  /** The agenda item the file goes to; null for documents not attached to any item. */
  agendaItemId: string | null;
  fileName: string;
  loaded: number;
  total: number;
  state: 'queued' | 'uploading' | 'done' | 'duplicate' | 'failed' | 'cancelled';
  /** The stored document, once the server answered. */
  document: MeetingDocument | null;
  failure: Failure | null;
}

/** Percent of an upload, 0–100; 100 only once the server has answered. */
export function uploadPercent(entry: UploadEntry): number {
  if (entry.state === 'done' || entry.state === 'duplicate') return 100;
  if (entry.total <= 0) return 0;
  // Bytes sent is not "stored": hold at 99 until the server has checked and saved the file.
  return Math.min(99, Math.floor((entry.loaded / entry.total) * 100));
}

interface Job {
  key: string;
  agendaItemId: string | null;
  file: File;
}

let counter = 0;

/**
 * A file this device refuses before sending it (its name says it is neither a PDF nor an office
 * document), with the reason the server would give, so the message is the same.
 */
function refusedType(fileName: string): Failure {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const extension = dot >= 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : '';
  return {
    code: 'unsupported_media_type',
    detail: null,
    reason: extension
      ? { reason: 'unsupported_type', params: { extension } }
      : { reason: 'no_extension', params: {} },
    issues: [],
  };
}

/**
 * Uploads for the agenda editor. Files go one at a time, in the order they were picked: the
 * documents then keep that order, and a room's Wi-Fi (and the server's office conversion) is
 * not flooded. Files the server cannot take (by extension) are refused here already, with
 * the same message the server would give. Each stored document is reported via `onStored`.
 */
export function useUploads(onStored: (document: MeetingDocument) => void) {
  const { prepareApi, meetingId, fail } = usePrepare();
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  /** Files waiting for their turn. */
  const queue = useRef<Job[]>([]);
  /** The running upload, if any. */
  const active = useRef<{ key: string; abort: () => void } | null>(null);
  /** The latest callbacks, so a long queue never calls a stale one. */
  const latest = useRef({ prepareApi, meetingId, fail, onStored });
  latest.current = { prepareApi, meetingId, fail, onStored };
  const mounted = useRef(true);

  const patch = useCallback((key: string, change: Partial<UploadEntry>) => {
    if (!mounted.current) return;
    setEntries((list) => list.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
  }, []);

  const pump = useCallback(() => {
    if (active.current !== null) return;
    const job = queue.current.shift();
    if (!job) return;
    const { prepareApi: api, meetingId: meeting } = latest.current;
    patch(job.key, { state: 'uploading' });
    const handle = api.uploadDocument(
      meeting,
      job.file,
      { agendaItemId: job.agendaItemId },
      ({ loaded, total }) => patch(job.key, { loaded, total }),
    );
    active.current = { key: job.key, abort: handle.abort };
    handle.promise
      .then(
        ({ document, duplicate }) => {
          patch(job.key, { state: duplicate ? 'duplicate' : 'done', document, loaded: job.file.size });
          latest.current.onStored(document);
        },
        (error: unknown) => {
          if (error instanceof UploadAbortedError) patch(job.key, { state: 'cancelled' });
          else patch(job.key, { state: 'failed', failure: latest.current.fail(error) });
        },
      )
      .finally(() => {
        active.current = null;
        pump();
      });
  }, [patch]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      // Leaving the meeting stops its uploads; nothing would show their outcome.
      mounted.current = false;
      queue.current = [];
      active.current?.abort();
    };
  }, []);

  const start = useCallback(
    (agendaItemId: string | null, files: readonly File[]) => {
      const added: UploadEntry[] = [];
      for (const file of files) {
        counter += 1;
        const key = `upload-${counter}`;
        const accepted = isAcceptedFileName(file.name);
        added.push({
          key,
          agendaItemId,
          fileName: file.name,
          loaded: 0,
          total: file.size,
          state: accepted ? 'queued' : 'failed',
          document: null,
          failure: accepted ? null : refusedType(file.name),
        });
        if (accepted) queue.current.push({ key, agendaItemId, file });
      }
      setEntries((list) => [...list, ...added]);
      pump();
    },
    [pump],
  );

  const cancel = useCallback(
    (key: string) => {
      if (active.current?.key === key) {
        active.current.abort();
        return;
      }
      queue.current = queue.current.filter((job) => job.key !== key);
      patch(key, { state: 'cancelled' });
    },
    [patch],
  );
  const dismiss = useCallback(
    (key: string) => setEntries((list) => list.filter((entry) => entry.key !== key)),
    [],
  );

  return { entries, start, cancel, dismiss };
}
