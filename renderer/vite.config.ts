import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build as esbuild } from 'esbuild';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import { SERVICE_WORKER_FILE, shellFiles } from './src/lib/offline/shell-manifest';
import { PDFJS_ANNOTATION_ICON, PDFJS_IMAGES_DIR } from './src/lib/pdf/pdfjs-images';

/** The renderer folder, whatever the working directory the build was started from. */
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Content-Security-Policy for the built app (frame-ancestors is left to HTTP headers: browsers
 * ignore it in a meta tag). `connect-src` must allow any http(s)/ws(s)
 * origin because under Electron the room server is whatever address the user typed; scripts
 * and styles stay same-origin only (no inline code, no eval).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  'connect-src * ws: wss:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Adds the CSP meta tag only to the production build: the dev server injects an inline
 * React-refresh preamble that a strict policy would block.
 */
function cspMeta(): Plugin {
  return {
    name: 'paperless-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Emits pdf.js's annotation icons under their own names (`src/lib/pdf/pdfjs-images.ts`): without
 * them a PDF's own pop-up notes show a broken image where their icon belongs. Emitted before the
 * service worker is built, so the worker keeps them with the shell.
 */
function pdfjsAnnotationIcons(): Plugin {
  const images = fileURLToPath(new URL('../node_modules/pdfjs-dist/web/images/', import.meta.url));
  return {
    name: 'paperless-pdfjs-annotation-icons',
    apply: 'build',
    generateBundle() {
      const icons = readdirSync(images).filter((file) => PDFJS_ANNOTATION_ICON.test(file));
      if (icons.length === 0) throw new Error(`no pdf.js annotation icons in ${images}`);
      for (const file of icons) {
        this.emitFile({
          type: 'asset',
          fileName: `${PDFJS_IMAGES_DIR}${file}`,
          source: readFileSync(join(images, file)),
        });
      }
    },
  };
}

/**
 * Emits the service worker (src/sw/service-worker.ts) next to index.html, built with this
 * build: the list of files it keeps is what this bundle emitted, and its id is a hash of their
 * contents, so every build that changes a byte of the shell is a new sw.js (which is how the
 * browser learns that the server has a newer build). Bundled with esbuild (already the
 * project's bundler for the Node side) so the worker is one classic script, no imports.
 */
function serviceWorker(): Plugin {
  return {
    name: 'paperless-service-worker',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      const names = Object.keys(bundle);
      const files = shellFiles(names);
      const hash = createHash('sha256');
      for (const name of names.sort()) {
        const item = bundle[name];
        if (item === undefined || name.endsWith('.map')) continue;
        hash.update(name).update('\0');
        hash.update(item.type === 'chunk' ? item.code : item.source).update('\0');
      }
      const buildId = hash.digest('hex').slice(0, 16);
      const result = await esbuild({
        entryPoints: [fileURLToPath(new URL('./src/sw/service-worker.ts', import.meta.url))],
        bundle: true,
        write: false,
        format: 'iife',
        target: 'es2022',
        minify: true,
        legalComments: 'none',
        define: { __SHELL_FILES__: JSON.stringify(files), __BUILD_ID__: JSON.stringify(buildId) },
        logLevel: 'warning',
      });
      const code = result.outputFiles[0]?.text;
      if (code === undefined) throw new Error('the service worker did not build');
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: code });
    },
  };
}

/**
 * Builds the React renderer into dist/renderer. `base: './'` keeps every asset URL relative,
 * so the same build works when the room server serves it at `/` and when Electron loads it
 * from `app://paperless/`.
 *
 * For `vite dev`, set PAPERLESS_DEV_SERVER (e.g. http://127.0.0.1:4780) to proxy the API and
 * the Yjs socket to a running room server, so the page and the API share one origin.
 */
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, root, 'PAPERLESS_');
  const target = env.PAPERLESS_DEV_SERVER;
  return {
    root,
    base: './',
    plugins: [react(), cspMeta(), pdfjsAnnotationIcons(), serviceWorker()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      sourcemap: true,
      target: 'es2022',
      rolldownOptions: {
        output: {
          // React is every screen's and changes only with an upgrade: its own chunk keeps the
          // app's entry chunk small and stays cached across app-only rebuilds.
          codeSplitting: {
            groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
          },
        },
      },
    },
    server: target
      ? {
          proxy: {
            '/api': { target, changeOrigin: true },
            '/yjs': { target, changeOrigin: true, ws: true },
          },
        }
      : {},
  };
});
