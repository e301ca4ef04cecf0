import { test as base, expect } from '@playwright/test';
import { type ReadyInfo, ReadyInfoSchema, ROOM_ENV } from './room-server';

/** A demo participant with a still-unused join code. */
export type DemoCode = ReadyInfo['demo']['codes'][number];

/** Room-server info plus a way to take each demo join code once (codes are single-use). */
export interface Room {
  info: ReadyInfo;
  /** Takes the next unused join code of a participant with this role; fails if none is left. */
  takeCode(role: string): DemoCode;
}

/**
 * `room` is worker-scoped: with one worker, every test shares one server and the pool of
 * unused codes, so no two tests redeem the same single-use code.
 */
export const test = base.extend<object, { room: Room }>({
  room: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      const raw = process.env[ROOM_ENV];
      if (!raw) throw new Error(`${ROOM_ENV} is not set: was the global setup skipped?`);
      const info = ReadyInfoSchema.parse(JSON.parse(raw));
      const used = new Set<string>();
      await use({
        info,
        takeCode(role) {
          const entry = info.demo.codes.find((c) => c.role === role && !used.has(c.code));
          if (!entry) throw new Error(`the demo has no unused join code for role "${role}"`);
          used.add(entry.code);
          return entry;
        },
      });
    },
    { scope: 'worker' },
  ],
});

export { expect };
