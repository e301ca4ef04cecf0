/**
 * Where the Electron executable is, found without `require('electron')`. Since Electron 42 the
 * package has no install script; instead its index.js downloads the binary (~100 MB) the first
 * time it is required. `npm start` and the tests must never download as a side effect (room
 * networks are offline; fetching is explicit: `node node_modules/electron/install.js`), so this
 * reads what install.js leaves behind: `path.txt` and the `dist/` folder. Plain Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The Electron executable, or `null` when the `electron` package has no downloaded binary.
 * `packageDir` is the installed `electron` package (found from here by default).
 */
export function findElectronBinary(packageDir?: string): string | null {
  try {
    packageDir ??= path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = path.join(packageDir, 'path.txt');
    const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    // As electron's index.js: an override folder (a system Electron) needs no path.txt.
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    if (override) {
      const binary = path.join(override, executable || 'electron');
      return existsSync(binary) ? binary : null;
    }
    const binary = path.join(packageDir, 'dist', executable);
    return executable !== '' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
