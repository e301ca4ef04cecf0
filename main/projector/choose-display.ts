/**
 * Which screen the projector window goes to: pure, so it is tested without Electron. The room's
 * projector is the screen that is not the chair's laptop: the first display that is not the
 * primary one, preferring the largest (a projector usually reports the biggest work area), and
 * the primary display when nothing else is attached.
 */

/** What the choice needs of an Electron `Display`. */
export interface DisplayLike {
  readonly id: number;
  readonly bounds: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

/** The display to use and whether it is another screen than the app's own. */
export interface DisplayChoice<D extends DisplayLike> {
  readonly display: D;
  readonly external: boolean;
}

/** Chooses the projector's display among `displays`; `primaryId` is the laptop's own screen. */
export function chooseProjectorDisplay<D extends DisplayLike>(
  displays: readonly D[],
  primary: D,
): DisplayChoice<D> {
  let best: D | null = null;
  for (const display of displays) {
    if (display.id === primary.id) continue;
    const area = display.bounds.width * display.bounds.height;
    if (best === null || area > best.bounds.width * best.bounds.height) best = display;
  }
  return best === null ? { display: primary, external: false } : { display: best, external: true };
}
