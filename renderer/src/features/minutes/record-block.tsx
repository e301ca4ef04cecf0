import { type RecordData, RecordDataSchema } from '#common/schemas/minutes';
import { mergeAttributes, Node } from '@tiptap/core';
import { NodeViewWrapper, type ReactNodeViewProps, ReactNodeViewRenderer } from '@tiptap/react';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { useTranslation } from 'react-i18next';

/** The figures of a block, or null when its data is not a record (never shown as typed text). */
export function parseRecord(data: unknown): RecordData | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = RecordDataSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const RECORD_ATTRS = ['kind', 'refId', 'data'] as const;

/**
 * Refuses every local transaction that changes a record block's attributes: its figures are the
 * server's (the server also restores them if a client sends a change). Removing the whole block
 * stays possible — a secretary may take out a block inserted by mistake and insert it again.
 */
export function recordAttrsUnchanged(
  before: import('@tiptap/pm/model').Node,
  after: import('@tiptap/pm/model').Node,
): boolean {
  const blocks = (doc: import('@tiptap/pm/model').Node) => {
    const out: Record<string, unknown>[] = [];
    doc.descendants((node) => {
      if (node.type.name === 'recordBlock') out.push(node.attrs);
      return node.type.name !== 'recordBlock';
    });
    return out;
  };
  const key = (a: Record<string, unknown>) => RECORD_ATTRS.map((k) => String(a[k])).join('\u0000');
  const allowed = new Set(blocks(before).map(key));
  return blocks(after).every((a) => allowed.has(key(a)));
}

function RecordView({ node }: ReactNodeViewProps) {
  const { t } = useTranslation();
  const record = parseRecord(node.attrs.data);
  return (
    <NodeViewWrapper className="minutes-record" data-testid="minutes-record" contentEditable={false}>
      {record ? <RecordTable record={record} /> : <p>{t('minutes.record.none')}</p>}
    </NodeViewWrapper>
  );
}

/** A record's figures as a table, exactly as recorded. */
export function RecordTable({ record }: { record: RecordData }) {
  const { t } = useTranslation();
  switch (record.kind) {
    case 'vote':
      return (
        <figure>
          <figcaption>
            <strong>{t('minutes.record.vote')}:</strong> {record.title}
          </figcaption>
          <table className="minutes-record__table">
            <thead>
              <tr>
                <th>{t('minutes.record.option')}</th>
                <th>{t('minutes.record.count')}</th>
              </tr>
            </thead>
            <tbody>
              {record.options.map((o) => (
                <tr key={o.label}>
                  <td>{o.label}</td>
                  <td data-testid="minutes-record-count">{o.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {t('minutes.record.eligible')}: {record.eligible} · {t('minutes.record.cast')}: {record.cast} ·{' '}
            <strong>{record.passed ? t('minutes.record.passed') : t('minutes.record.notPassed')}</strong>
          </p>
          <p className="minutes-record__text">{record.resultText}</p>
        </figure>
      );
    case 'attendance':
      return (
        <figure>
          <figcaption>
            <strong>{t('minutes.record.attendance')}</strong>
          </figcaption>
          <table className="minutes-record__table">
            <tbody>
              <tr>
                <th>{t('minutes.record.members')}</th>
                <td>{record.members}</td>
              </tr>
              <tr>
                <th>{t('minutes.record.present')}</th>
                <td>{record.present}</td>
              </tr>
              <tr>
                <th>{t('minutes.record.quorum')}</th>
                <td>
                  {record.quorumRequired} (
                  {record.quorumMet ? t('minutes.record.quorumMet') : t('minutes.record.quorumNotMet')})
                </td>
              </tr>
              <tr>
                <th>{t('minutes.record.absent')}</th>
                <td>
                  {record.absent.map((a) => `${a.name}${a.reason ? ` (${a.reason})` : ''}`).join('; ') ||
                    t('minutes.record.none')}
                </td>
              </tr>
              <tr>
                <th>{t('minutes.record.late')}</th>
                <td>{record.late.map((a) => a.name).join('; ') || t('minutes.record.none')}</td>
              </tr>
              <tr>
                <th>{t('minutes.record.proxies')}</th>
                <td>
                  {record.proxies.map((p) => `${p.member} → ${p.holder}`).join('; ') ||
                    t('minutes.record.none')}
                </td>
              </tr>
            </tbody>
          </table>
        </figure>
      );
    case 'speakers':
      return (
        <figure>
          <figcaption>
            <strong>{t('minutes.record.speakers')}:</strong> {record.itemTitle}
          </figcaption>
          <table className="minutes-record__table">
            <thead>
              <tr>
                <th>{t('minutes.record.speaker')}</th>
                <th>{t('minutes.record.seconds')}</th>
              </tr>
            </thead>
            <tbody>
              {record.speakers.map((s) => (
                <tr key={`${s.name}-${s.requestKind}-${s.seconds}`}>
                  <td>{s.name}</td>
                  <td>{s.seconds}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </figure>
      );
  }
}

/** The one atom node: a record's figures, written by the server only. */
export const RecordBlock = Node.create({
  name: 'recordBlock',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: false,
  addAttributes() {
    return { kind: { default: null }, refId: { default: null }, data: { default: null } };
  },
  parseHTML() {
    return [{ tag: 'div[data-record-block]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes(HTMLAttributes, { 'data-record-block': '' })];
  },
  addNodeView() {
    return ReactNodeViewRenderer(RecordView);
  },
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('recordBlockGuard'),
        // Changes that arrive from the server (y-prosemirror marks them) always pass.
        filterTransaction: (tr, state) =>
          !tr.docChanged ||
          tr.getMeta(ySyncPluginKey) !== undefined ||
          recordAttrsUnchanged(state.doc, tr.doc),
      }),
    ];
  },
});
