import { createContext, useContext } from 'react';
import type { AnnotationAuthor } from './annotation-store';

/** Where the annotation layers are and who writes them: the signed-in session. */
export interface AnnotationSession {
  /** The room server's base URL. */
  readonly server: string;
  readonly token: string;
  readonly author: AnnotationAuthor;
}

/**
 * Provided by the signed-in shell; without it (the projector, tests of the bare viewer) the
 * viewer shows no annotation tools.
 */
export const AnnotationSessionContext = createContext<AnnotationSession | null>(null);

export function useAnnotationSession(): AnnotationSession | null {
  return useContext(AnnotationSessionContext);
}
