/**
 * Runs `body` with the process time zone set to `zone` (Node applies a change of
 * `process.env.TZ` at once), then puts the previous zone back.
 */
export function inTimeZone<T>(zone: string, body: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    return body();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}
