import type { WritableDB } from './database';

declare const txBrand: unique symbol;

/**
 * A write transaction opened by the command pipeline. Store methods that change the database
 * take one, so the only way to write authoritative state is from inside a command — code
 * that holds just the database cannot call them.
 */
export interface Tx {
  readonly db: WritableDB;
  /** One timestamp for everything the command writes. */
  readonly now: string;
  readonly [txBrand]: true;
}

/** Wraps the open transaction's handle. Only the command pipeline calls this. */
export function transactionHandle(db: WritableDB, now: string): Tx {
  if (!db.inTransaction) throw new Error('a Tx exists only inside a transaction');
  return { db, now } as Tx;
}
