import { describe, expect, it } from 'vitest';
import { chooseProjectorDisplay, type DisplayLike } from '../../../main/projector/choose-display';

const display = (id: number, x: number, width: number, height: number): DisplayLike => ({
  id,
  bounds: { x, y: 0, width, height },
});

describe('chooseProjectorDisplay', () => {
  const laptop = display(1, 0, 1920, 1080);

  it('uses the laptop screen when nothing else is attached', () => {
    expect(chooseProjectorDisplay([laptop], laptop)).toEqual({ display: laptop, external: false });
  });

  it('uses the other screen when a projector is attached, whatever order the displays come in', () => {
    const projector = display(2, 1920, 1024, 768);
    expect(chooseProjectorDisplay([laptop, projector], laptop)).toEqual({
      display: projector,
      external: true,
    });
    expect(chooseProjectorDisplay([projector, laptop], laptop)).toEqual({
      display: projector,
      external: true,
    });
  });

  it('prefers the largest of several external screens', () => {
    const small = display(2, 1920, 1024, 768);
    const large = display(3, 2944, 3840, 2160);
    expect(chooseProjectorDisplay([laptop, small, large], laptop).display.id).toBe(3);
  });

  it('never picks the primary display while another exists, even when the primary is larger', () => {
    const big = display(1, 0, 3840, 2160);
    const projector = display(2, 3840, 1280, 720);
    expect(chooseProjectorDisplay([big, projector], big)).toEqual({ display: projector, external: true });
  });
});
