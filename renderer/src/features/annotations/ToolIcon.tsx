import type { AnnotationTool } from './tool-state';

/** Line drawings of the tools (24 × 24), so no glyph depends on an emoji font being installed. */
const PATHS: Record<AnnotationTool, string> = {
  select: 'M5 3l13 8-6 1.5L15 20l-2.5 1-3-7.5L5 18z',
  highlight: 'M4 20h9M14.5 4.5l5 5L11 18H6v-5z M12 7l5 5',
  pen: 'M4 20l1-5L16 4l4 4L9 19z M14 6l4 4',
  eraser: 'M8 20h12M4 15l9-10 7 7-8 8H8z M9 10l6 6',
  note: 'M4 4h16v11l-5 5H4z M15 20v-5h5 M8 9h8 M8 13h5',
  textbox: 'M3 5h18v14H3z M8 9h8 M12 9v7',
  bookmark: 'M6 3h12v18l-6-5-6 5z',
};

export function ToolIcon({ tool }: { tool: AnnotationTool }) {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinejoin="round"
      strokeLinecap="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[tool]} />
    </svg>
  );
}
