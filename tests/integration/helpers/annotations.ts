/**
 * Valid annotations of every kind for tests and benchmarks, deterministic from an index, so
 * a layer of any size can be made without a fixture file.
 */
import type { Annotation } from '#common/schemas/annotation';

const T = '2026-11-20T02:00:00.000Z';

/** The `i`-th annotation of a mixed layer: mostly ink and highlights, as real layers are. */
export function mixedAnnotation(i: number, author: { id: string; name: string }, prefix = 'ann'): Annotation {
  const common = {
    id: `${prefix}-${String(i).padStart(5, '0')}`,
    page: 1 + (i % 3),
    authorId: author.id,
    authorName: author.name,
    createdAt: T,
    updatedAt: T,
  };
  const x = 40 + (i % 25) * 20;
  const y = 60 + (i % 35) * 20;
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return {
        ...common,
        kind: 'ink',
        // A short stroke of 24 points: what a pen underline or tick is.
        paths: [Array.from({ length: 24 }, (_, k) => ({ x: x + k * 2, y: y + ((k * 7) % 5) }))],
        color: '#e0242a',
        width: 2,
      };
    case 4:
    case 5:
    case 6:
      return {
        ...common,
        kind: 'highlight',
        quads: [[x, y + 12, x + 180, y + 12, x, y, x + 180, y]],
        quotedText: `Điều ${i}: Hội đồng nhân dân tỉnh quyết nghị`,
        color: '#ffd400',
      };
    case 7:
      return {
        ...common,
        kind: 'note',
        at: { x, y },
        text: `Ý kiến số ${i}: đồng ý thông qua`,
        color: '#4da3ff',
      };
    case 8:
      return {
        ...common,
        kind: 'textbox',
        rect: { x, y, width: 160, height: 30 },
        text: `Đề nghị làm rõ khoản ${i}`,
        fontSize: 12,
        color: '#000000',
      };
    default:
      return { ...common, kind: 'note', at: { x, y }, text: `Ghi chú ${i}`, color: '#5fd35f' };
  }
}

/** `count` mixed annotations. */
export function mixedLayer(
  count: number,
  author: { id: string; name: string },
  prefix = 'ann',
): Annotation[] {
  return Array.from({ length: count }, (_, i) => mixedAnnotation(i, author, prefix));
}
