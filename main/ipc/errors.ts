import type { IpcErrorCode } from '#ipc/channels';

/**
 * The typed error a handler throws inside main to answer with a specific code; `handle`
 * turns it into `{ ok: false, error: { code, message } }`. Any other error becomes
 * `internal` with a generic message, so file paths and stack traces stay in main.
 */
export class IpcFailure extends Error {
  override readonly name = 'IpcFailure';
  /** The code the renderer receives. */
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
