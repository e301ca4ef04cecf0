import type { TFunction } from 'i18next';
import type { PackageProblemView } from '#common/schemas/archive';

/** The verifier's problem codes this client words; an unknown one shows its English detail. */
const KNOWN = new Set([
  'unreadable',
  'not-a-bag',
  'bad-declaration',
  'bad-manifest-line',
  'missing-file',
  'extra-file',
  'hash-mismatch',
  'bad-payload-oxum',
  'bad-tag-manifest',
  'payload-check',
  'audit-chain-broken',
  'audit-head-mismatch',
]);

/** One problem of a package in the user's language, naming its file (and the first bad audit entry). */
export function problemText(p: PackageProblemView, t: TFunction): string {
  if (!KNOWN.has(p.code)) return `${p.path ?? ''} ${p.detail}`.trim();
  // The key comes from the verifier's codes; the i18n files list every one of them.
  const key: string = `archive.problem.${p.code}`;
  return t(key, { path: p.path ?? '', seq: p.seq ?? 0, detail: p.detail, defaultValue: key });
}
