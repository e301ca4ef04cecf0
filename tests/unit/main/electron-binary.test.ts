import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../main/electron-binary';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'electron-binary-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('findElectronBinary', () => {
  it('finds the executable that install.js wrote path.txt for', () => {
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(findElectronBinary(dir)).toBe(join(dir, 'dist', 'electron'));
  });

  it('is null without a download: no path.txt, or path.txt without the binary', () => {
    expect(findElectronBinary(dir)).toBeNull();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(findElectronBinary(dir)).toBeNull();
  });

  it('takes a system Electron from ELECTRON_OVERRIDE_DIST_PATH, with or without path.txt', () => {
    const system = join(dir, 'system');
    mkdirSync(system);
    writeFileSync(join(system, 'electron'), '');
    const saved = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    process.env.ELECTRON_OVERRIDE_DIST_PATH = system;
    try {
      expect(findElectronBinary(dir)).toBe(join(system, 'electron'));
      process.env.ELECTRON_OVERRIDE_DIST_PATH = join(dir, 'nothing-here');
      expect(findElectronBinary(dir)).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.ELECTRON_OVERRIDE_DIST_PATH;
      else process.env.ELECTRON_OVERRIDE_DIST_PATH = saved;
    }
  });

  it('answers for the installed package', () => {
    // Null where no binary was fetched (npm install never fetches it); `require('electron')`
    // would start a download there instead.
    const found = findElectronBinary();
    expect(found === null || existsSync(found)).toBe(true);
  });
});
