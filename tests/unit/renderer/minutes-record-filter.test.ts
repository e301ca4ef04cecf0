import { getSchema } from '@tiptap/core';
import { EditorState } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { RecordBlock, recordAttrsUnchanged } from '../../../renderer/src/features/minutes/record-block';

const schema = getSchema([StarterKit.configure({ undoRedo: false }), RecordBlock]);
const doc = schema.nodes.doc!.create(null, [
  schema.nodes.paragraph!.create(null, schema.text('Nội dung')),
  schema.nodes.recordBlock!.create({ kind: 'vote', refId: 'vote-0001', data: '{"kind":"vote"}' }),
]);

function stateWithGuard() {
  const plugins = RecordBlock.config.addProseMirrorPlugins?.call({} as never) ?? [];
  return EditorState.create({ schema, doc, plugins });
}

describe('the record block guard (filterTransaction)', () => {
  it('refuses a local change of a record block’s figures', () => {
    const state = stateWithGuard();
    const pos = doc.child(0).nodeSize;
    const tr = state.tr.setNodeMarkup(pos, undefined, {
      kind: 'vote',
      refId: 'vote-0001',
      data: '{"cast":999}',
    });
    expect(recordAttrsUnchanged(state.doc, tr.doc)).toBe(false);
    expect(state.applyTransaction(tr).state.doc.eq(state.doc)).toBe(true);
  });

  it('lets text be typed and a whole block be removed', () => {
    const state = stateWithGuard();
    const typed = state.applyTransaction(state.tr.insertText('Thêm ', 1)).state;
    expect(typed.doc.textContent).toContain('Thêm Nội dung');
    const pos = doc.child(0).nodeSize;
    const removed = state.applyTransaction(state.tr.delete(pos, pos + doc.child(1).nodeSize)).state;
    expect(removed.doc.childCount).toBe(1);
  });
});
