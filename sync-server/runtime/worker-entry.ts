import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start a worker thread: its module and what runs. */
export interface WorkerEntry {
  readonly url: URL;
  /** What runs: the built bundle, or the TypeScript source through tsx. */
  readonly kind: 'bundle' | 'source';
}

/**
 * Finds the worker module `<name>.js` next to `baseUrl` (the calling module). In the bundle
 * (dist/room-server.js) that is the separately built dist/<name>.js; running from the
 * TypeScript sources (vitest, tsx) it is <name>.ts beside the caller, started through a
 * one-line bootstrap that registers tsx's ESM hooks first (`execArgv: ['--import', 'tsx']` does
 * not reach a worker's own entry module on every Node version; `register()` from tsx/esm/api
 * does). `what` names the worker in the error when neither exists.
 */
export function resolveWorkerEntry(name: string, baseUrl: string, what: string): WorkerEntry {
  const js = new URL(`./${name}.js`, baseUrl);
  if (existsSync(fileURLToPath(js))) return { url: js, kind: 'bundle' };
  const ts = new URL(`./${name}.ts`, baseUrl);
  if (existsSync(fileURLToPath(ts))) {
    const api = tsxEsmApiUrl(baseUrl);
    const bootstrap = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(ts.href)});\n`;
    return { url: new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), kind: 'source' };
  }
  throw new Error(
    `${what} is missing: expected ${fileURLToPath(js)} (build ${name}.ts as its own esbuild entry point)`,
  );
}

/** The file URL of tsx's ESM API module, read from tsx's package exports. */
function tsxEsmApiUrl(baseUrl: string): string {
  const pkgPath = createRequire(baseUrl).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports?: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = pkg.exports?.['./esm/api'];
  const target = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!target) throw new Error('this tsx version has no ./esm/api export; cannot run the worker from source');
  return pathToFileURL(join(dirname(pkgPath), target)).href;
}
