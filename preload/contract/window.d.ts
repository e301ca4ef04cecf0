import type { RendererApi } from './api';

/**
 * `window.api` exists only inside the Electron app; the same renderer build served by the
 * room server to a plain browser has no preload, hence the `?`.
 * @see https://www.electronjs.org/docs/latest/tutorial/context-isolation#usage-with-typescript
 */
declare global {
  interface Window {
    api?: RendererApi;
  }
}
