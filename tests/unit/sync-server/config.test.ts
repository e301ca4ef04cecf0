import { describe, expect, it } from 'vitest';
import { parseServerArgs } from '../../../sync-server/config';

describe('room server command line', () => {
  it('has defaults for everything', () => {
    const args = parseServerArgs([]);
    if (args === 'help') throw new Error('unexpected help');
    expect(args).toMatchObject({
      host: '127.0.0.1',
      port: 4400,
      demo: false,
      webRoot: null,
      logLevel: 'info',
    });
    expect(args.dataDir).toMatch(/paperless-room/);
  });

  it('reads every flag', () => {
    const args = parseServerArgs([
      '--data-dir',
      '/tmp/room',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--demo',
      '--ready-file',
      '/tmp/r.json',
      '--log-level',
      'warn',
    ]);
    expect(args).toMatchObject({
      dataDir: '/tmp/room',
      host: '0.0.0.0',
      port: 0,
      demo: true,
      readyFile: '/tmp/r.json',
    });
  });

  it('says what is wrong', () => {
    expect(() => parseServerArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseServerArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseServerArgs(['--log-level', 'loud'])).toThrow(/--logLevel/);
    expect(() => parseServerArgs(['--colour'])).toThrow(/colour/);
    expect(parseServerArgs(['--help'])).toBe('help');
  });
});
