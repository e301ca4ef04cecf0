import { ANNOTATION_COLORS } from '#common/schemas/annotation';

/** The tools of the annotation toolbar. */
export type AnnotationTool = 'select' | 'highlight' | 'pen' | 'eraser' | 'note' | 'textbox' | 'bookmark';

export const TOOLS: readonly AnnotationTool[] = [
  'select',
  'highlight',
  'pen',
  'eraser',
  'note',
  'textbox',
  'bookmark',
];

export type ColorName = keyof typeof ANNOTATION_COLORS;
export const COLOR_NAMES = Object.keys(ANNOTATION_COLORS) as ColorName[];

/** Pen widths offered, in points. */
export const PEN_WIDTHS = [1, 2, 4, 8] as const;
/** Text box font sizes offered, in points. */
export const FONT_SIZES = [10, 12, 14, 18, 24] as const;

/** The eraser's reach around the pointer, in CSS pixels (so it feels the same at any zoom). */
export const ERASER_RADIUS_PX = 8;
/** A new text box drawn with a click rather than a drag gets this size, in points. */
export const DEFAULT_TEXTBOX = { width: 180, height: 48 } as const;

/** What the tools are set to. */
export interface ToolSettings {
  readonly tool: AnnotationTool;
  readonly color: ColorName;
  readonly width: number;
  readonly fontSize: number;
}
