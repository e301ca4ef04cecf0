/**
 * The reader's-name watermark drawn into every page canvas of a confidential ("mật")
 * document. Drawn into the pixels rather than laid over them as HTML, so a screenshot or a
 * photo of the screen carries the name of whoever was reading.
 */

/**
 * The security marking of a confidential document: its legal marking under Vietnamese law,
 * "MẬT", in every UI language (an English UI may gloss it, never replace it).
 */
export const SECURITY_MARKING = 'MẬT';

/** The watermark of a confidential page: the marking and the reader's name. */
export function watermarkText(readerName: string): string {
  return `${SECURITY_MARKING} · ${readerName}`;
}

/**
 * Tiles `text` diagonally over the whole canvas, semi-transparent red so the page stays
 * readable. `outputScale` is canvas pixels per CSS pixel, to keep the type the same size on
 * every screen.
 */
export function drawWatermark(canvas: HTMLCanvasElement, text: string, outputScale: number): void {
  const context = canvas.getContext('2d');
  if (context === null || text.trim() === '') return;
  const fontSize = Math.round(22 * outputScale);
  context.save();
  context.font = `700 ${fontSize}px "Segoe UI", "Noto Sans", Roboto, "Liberation Sans", "DejaVu Sans", Arial, sans-serif`;
  context.fillStyle = 'rgba(163, 22, 27, 0.16)';
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  const textWidth = context.measureText(text).width;
  const stepX = textWidth + 160 * outputScale;
  const stepY = fontSize * 7;
  // Rotate about the centre and cover the rotated bounding box, so no corner is left bare.
  const diagonal = Math.hypot(canvas.width, canvas.height);
  context.translate(canvas.width / 2, canvas.height / 2);
  context.rotate(-Math.PI / 6);
  let row = 0;
  for (let y = -diagonal / 2; y <= diagonal / 2; y += stepY) {
    const shift = row % 2 === 0 ? 0 : stepX / 2;
    for (let x = -diagonal / 2 - shift; x <= diagonal / 2 + stepX; x += stepX) context.fillText(text, x, y);
    row += 1;
  }
  context.restore();
}
