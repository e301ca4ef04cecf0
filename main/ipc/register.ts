import { z } from 'zod';
import {
  argSchemas,
  type IpcChannel,
  type IpcContract,
  type IpcError,
  type IpcErrorCode,
  type IpcResult,
} from '#ipc/channels';
import { type FrameLike, isAppFrame } from '../security/url-allowlist';
import { IpcFailure } from './errors';

/** The part of an `IpcMainInvokeEvent` that `handle` reads. */
export interface InvokeEventLike {
  readonly senderFrame: FrameLike | null;
}

/** The part of Electron's `ipcMain` that `handle` needs; tests pass a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
}

/** Where `handle` reports what it refuses or what fails; `console` by default. */
export interface IpcLogger {
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

/** The implementation of one channel; it receives arguments already parsed by its schema. */
export type Handler<K extends IpcChannel> = (
  ...args: IpcContract[K]['args']
) => IpcContract[K]['result'] | Promise<IpcContract[K]['result']>;

/** One handler per channel; a missing channel is a compile error. */
export type HandlerMap = { readonly [K in IpcChannel]: Handler<K> };

/** Options for {@link createHandle}. */
export interface HandleOptions {
  /** Decides whether a sender frame may call; defaults to "is it the app origin". */
  readonly isAllowedSender?: (frame: FrameLike | null) => boolean;
  readonly logger?: IpcLogger;
}

/** Registers one channel; see {@link createHandle}. */
export type Handle = <K extends IpcChannel>(channel: K, fn: Handler<K>) => void;

const schemas: { readonly [K in IpcChannel]: z.ZodType<IpcContract[K]['args'], unknown> } = argSchemas;

function fail(code: IpcErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/**
 * Builds `handle(channel, fn)` over an `ipcMain`-like object. The listener it registers
 * (1) refuses senders outside the app origin with `forbidden`, (2) parses the raw
 * arguments with the channel's zod schema (`bad-request` with zod's message), (3) runs `fn`
 * and answers `{ ok: true, value }`, or maps a thrown {@link IpcFailure} to its code and
 * anything else to `internal`. It never throws across IPC.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function createHandle(ipc: IpcMainLike, options: HandleOptions = {}): Handle {
  const isAllowedSender = options.isAllowedSender ?? isAppFrame;
  const logger = options.logger ?? console;

  return <K extends IpcChannel>(channel: K, fn: Handler<K>): void => {
    const schema = schemas[channel];
    ipc.handle(channel, async (event, ...raw): Promise<IpcResult<IpcContract[K]['result']>> => {
      let allowed: boolean;
      try {
        allowed = isAllowedSender(event.senderFrame);
      } catch {
        allowed = false;
      }
      if (!allowed) {
        logger.warn(`ipc ${channel}: refused a call from outside the app`);
        return fail('forbidden', `${channel}: the sender is not the app`);
      }

      const parsed = schema.safeParse(raw);
      if (!parsed.success) return fail('bad-request', `${channel}: ${z.prettifyError(parsed.error)}`);

      try {
        return { ok: true, value: await fn(...parsed.data) };
      } catch (err) {
        if (err instanceof IpcFailure) return fail(err.code, err.message);
        logger.error(`ipc ${channel} failed`, err);
        return fail('internal', `${channel} failed`);
      }
    });
  };
}

/** Registers every handler of `handlers`, each through `handle`. */
export function registerHandlers(handle: Handle, handlers: HandlerMap): void {
  const registerOne = <K extends IpcChannel>(channel: K): void => handle(channel, handlers[channel]);
  for (const channel of Object.keys(handlers) as IpcChannel[]) registerOne(channel);
}
