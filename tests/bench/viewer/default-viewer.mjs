/**
 * The baseline of the viewer-load benchmark: a page built from pdfjs-dist's own viewer
 * components (PDFViewer, PDFLinkService, EventBus) with their default settings, opening the
 * PDF by URL over HTTP as pdf.js does by default. It reports on `window.__perf` with the same
 * `viewer-load/1` contract as our viewer; `window.__open(url)` opens a document again with
 * pdf.js already loaded (the "warm" figure).
 */
import * as pdfjsLib from '/pdfjs/build/pdf.mjs';

globalThis.pdfjsLib = pdfjsLib;
pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdfjs/build/pdf.worker.mjs';
const { EventBus, PDFLinkService, PDFViewer } = await import('/pdfjs/web/pdf_viewer.mjs');

const container = document.getElementById('viewerContainer');
let current = null;

function newPerf() {
  return {
    contract: 'viewer-load/1',
    viewer: {
      name: 'pdfjs-dist PDFViewer (default settings)',
      version: pdfjsLib.version,
      pdfjs: pdfjsLib.version,
    },
    // pdf.js 5.7+ has no eval path at all: the option is gone, nothing to turn on.
    isEvalSupported: false,
    documentId: null,
    openStart: performance.now(),
    firstPagePainted: null,
    numPages: null,
    allDataLoaded: null,
    error: null,
    goToPage: () => Promise.reject(new Error('not open')),
  };
}

async function open(url) {
  const perf = newPerf();
  window.__perf = perf;
  if (current) {
    current.viewer.setDocument(null);
    await current.task.destroy();
  }
  container.replaceChildren(Object.assign(document.createElement('div'), { className: 'pdfViewer' }));
  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const viewer = new PDFViewer({ container, eventBus, linkService });
  linkService.setViewer(viewer);
  eventBus.on('pagesinit', () => {
    viewer.currentScaleValue = 'auto';
  });
  const waiting = new Map();
  eventBus.on('pagerendered', ({ pageNumber, cssTransform, isDetailView, error }) => {
    if (cssTransform || isDetailView || error) return;
    perf.firstPagePainted ??= performance.now();
    const resolve = waiting.get(pageNumber);
    if (resolve) {
      waiting.delete(pageNumber);
      resolve(performance.now());
    }
  });
  perf.goToPage = (n) =>
    new Promise((resolve) => {
      waiting.set(n, resolve);
      viewer.currentPageNumber = n;
      if (viewer.getPageView(n - 1)?.renderingState === 3) {
        waiting.delete(n);
        resolve(performance.now());
      }
    });
  const task = pdfjsLib.getDocument({ url });
  current = { viewer, task };
  try {
    const doc = await task.promise;
    perf.numPages = doc.numPages;
    viewer.setDocument(doc);
    linkService.setDocument(doc, null);
    void doc.getDownloadInfo().then(() => {
      perf.allDataLoaded = performance.now();
    });
  } catch (error) {
    perf.error = String(error);
  }
}

window.__open = open;
const file = new URLSearchParams(location.search).get('file');
if (file) void open(file);
