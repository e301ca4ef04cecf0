import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';

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
    plugins: [react(), cspMeta()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      sourcemap: true,
      target: 'es2022',
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
