/**
 * The notification sound, generated with WebAudio (no audio file to ship, load or cache):
 * two short sine tones, a rising fifth for "a vote opened" so it is recognised across the
 * room, a single soft tone for the rest.
 */

/** Which sound. */
export type ToneKind = 'vote' | 'gentle';

/** One note: frequency (Hz), start offset and length (s). */
export interface ToneNote {
  readonly frequency: number;
  readonly at: number;
  readonly duration: number;
}

/** The notes of each sound; a pure table so it can be checked without an audio device. */
export function toneNotes(kind: ToneKind): readonly ToneNote[] {
  return kind === 'vote'
    ? [
        { frequency: 660, at: 0, duration: 0.18 },
        { frequency: 990, at: 0.22, duration: 0.28 },
      ]
    : [{ frequency: 740, at: 0, duration: 0.2 }];
}

type AudioContextCtor = new () => AudioContext;

/** The one context of the page: browsers limit how many may exist. */
let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context !== null) return context;
  const Ctor: AudioContextCtor | undefined =
    typeof window === 'undefined'
      ? undefined
      : (window.AudioContext ??
        (window as Window & { webkitAudioContext?: AudioContextCtor }).webkitAudioContext);
  if (Ctor === undefined) return null;
  context = new Ctor();
  return context;
}

/**
 * Plays a sound. Never throws: a browser that blocks audio until the user has interacted with
 * the page, or a machine without an audio device, still shows the visual notice.
 */
export function playTone(kind: ToneKind): void {
  try {
    const ctx = audioContext();
    if (ctx === null) return;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.02;
    for (const note of toneNotes(kind)) {
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = note.frequency;
      // A short attack and release: a bare sine switched on and off clicks.
      const t0 = start + note.at;
      const t1 = t0 + note.duration;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.25, t0 + 0.02);
      gain.gain.setValueAtTime(0.25, t1 - 0.05);
      gain.gain.linearRampToValueAtTime(0, t1);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(t0);
      oscillator.stop(t1 + 0.01);
    }
  } catch (error) {
    console.warn('The notification sound could not be played', error);
  }
}
