/** A page rotation pdf.js accepts: a quarter turn, in degrees. */
export type QuarterTurn = 0 | 90 | 180 | 270;

/** The nearest quarter turn to `degrees` (any number: negative, past a full turn, not a multiple of 90). */
export function normalRotation(degrees: number): QuarterTurn {
  return ((((Math.round(degrees / 90) * 90) % 360) + 360) % 360) as QuarterTurn;
}
