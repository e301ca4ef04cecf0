/**
 * Where the web client's build puts pdf.js's annotation icons (`renderer/vite.config.ts`), as a
 * path relative to the page. pdf.js draws a PDF's own pop-up notes (/Text annotations) with an
 * image it names itself, `<imageResourcesPath>annotation-<icon>.svg`, so the icons keep their
 * names in one folder instead of getting hashed ones.
 */
export const PDFJS_IMAGES_DIR = 'pdfjs/images/';

/** The icon files pdf.js may ask for, out of `pdfjs-dist/web/images/`. */
export const PDFJS_ANNOTATION_ICON = /^annotation-[a-z]+\.svg$/;
