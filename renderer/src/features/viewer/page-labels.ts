/**
 * "Go to page" with the PDF's own page labels (i, ii, iii, 1, 2 … or A-1): what the reader types
 * is looked up as a label first, then as a page number.
 */

/** The page number for what was typed, or null when it names no page. */
export function resolvePageInput(
  input: string,
  labels: readonly string[] | null,
  pageCount: number,
): number | null {
  const typed = input.trim();
  if (typed === '' || pageCount < 1) return null;
  if (labels) {
    const exact = labels.indexOf(typed);
    if (exact >= 0) return exact + 1;
    const lower = typed.toLocaleLowerCase('vi');
    const loose = labels.findIndex((label) => label.toLocaleLowerCase('vi') === lower);
    if (loose >= 0) return loose + 1;
  }
  if (!/^\d+$/.test(typed)) return null;
  const page = Number(typed);
  if (page < 1) return 1;
  return Math.min(page, pageCount);
}

/** What the page field shows for a page: its label when the PDF names pages, else its number. */
export function pageFieldText(page: number, labels: readonly string[] | null): string {
  return labels?.[page - 1] ?? String(page);
}
