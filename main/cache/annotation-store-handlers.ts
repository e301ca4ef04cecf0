/**
 * The `annotations:*` IPC handlers over {@link AnnotationStore}. Arguments arrive already
 * checked by the contract's zod schemas (and the sender by `handle`).
 */
import { IpcFailure } from '../ipc/errors';
import type { HandlerMap } from '../ipc/register';
import type { AnnotationStore } from './annotation-store';

/** The annotation-store channels of the handler map. */
export type AnnotationStoreHandlers = Pick<
  HandlerMap,
  | 'annotations:load'
  | 'annotations:append'
  | 'annotations:replace'
  | 'annotations:set-pending'
  | 'annotations:clear'
>;

/** Handlers for every annotation-store channel; without a store each answers `internal`. */
export function createAnnotationStoreHandlers(store: AnnotationStore | undefined): AnnotationStoreHandlers {
  const use = (): AnnotationStore => {
    if (!store) throw new IpcFailure('internal', 'the annotation store is not available');
    return store;
  };
  return {
    'annotations:load': (key) => use().load(key),
    'annotations:append': async (key, update) => {
      await use().append(key, update);
      return null;
    },
    'annotations:replace': async (key, update) => {
      await use().replace(key, update);
      return null;
    },
    'annotations:set-pending': async (key, count) => {
      await use().setPending(key, count);
      return null;
    },
    'annotations:clear': async () => {
      await use().clear();
      return null;
    },
  };
}
