import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The room server's folders form layers; a folder imports only from lower layers (README,
 * "Layers"). Biome enforces it per folder (biome.json overrides); this test checks the real
 * import graph against the same map, that it has no cycles, and that Biome does refuse a
 * wrong-way import.
 */
const LAYERS: Record<string, number> = {
  common: 0,
  errors: 1,
  runtime: 1,
  db: 2,
  auth: 2,
  pdf: 2,
  blobs: 2,
  audit: 3,
  store: 3,
  search: 3,
  ingest: 3,
  participants: 3,
  session: 3,
  // Between the stores and the hub: the hub and the commands both read and write the minutes.
  minutes: 3.5,
  yjs: 4,
  commands: 4,
  api: 5,
  demo: 5,
  archive: 5,
  '(app)': 6,
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const server = join(root, 'sync-server');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The top folder of sync-server a path lies in; `(app)` for the files at its root. */
function folderOf(path: string): string {
  const rel = relative(server, path);
  if (rel.startsWith('..')) return `outside:${relative(root, path)}`;
  return rel.includes('/') ? (rel.split('/')[0] ?? '') : '(app)';
}

/** Every folder → folder import edge, with one file that makes it. */
function importEdges(): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(server)) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? '';
      const to = spec.startsWith('#common/')
        ? 'common'
        : spec.startsWith('.')
          ? folderOf(normalize(join(dirname(file), spec)))
          : null;
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      edges.get(from)?.set(to, relative(root, file));
    }
  }
  return edges;
}

describe('room server layers', () => {
  it('gives every folder of sync-server a layer', () => {
    const folders = readdirSync(server).filter((n) => statSync(join(server, n)).isDirectory());
    expect(folders.filter((f) => !(f in LAYERS))).toEqual([]);
  });

  it('imports only downward, never outside the server (resources/ is data)', () => {
    const wrong: string[] = [];
    for (const [from, tos] of importEdges()) {
      for (const [to, file] of tos) {
        const ok = to in LAYERS && (LAYERS[from] ?? -1) > (LAYERS[to] ?? 99);
        if (!ok) wrong.push(`${file}: ${from} → ${to}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no folder cycles', () => {
    const edges = importEdges();
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of edges.get(node)?.keys() ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else visit(next, [...path, next]);
      }
    };
    for (const start of edges.keys()) visit(start, [start]);
    expect(cycles).toEqual([]);
  });

  it('makes a wrong-way import fail the lint', () => {
    const probe = join(server, 'store', `zz-layer-probe-${process.pid}.ts`);
    writeFileSync(
      probe,
      "import { COMMANDS } from '../commands/index';\n\nexport const count = COMMANDS.length;\n",
    );
    try {
      const res = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['lint', relative(root, probe)], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(res.status).not.toBe(0);
      expect(`${res.stdout}${res.stderr}`).toContain('sync-server/store/ sits below sync-server/commands/');
    } finally {
      rmSync(probe, { force: true });
    }
  });
});
