import { AUDIT_LOG_PATH, AuditChainChecker } from './audit-chain-file';
import { type BagProblem, type BagProblemCode, verifyBag } from './bagit/bag-verifier';

/** A problem of a meeting package: a BagIt one, or one of its audit chain. */
export interface PackageProblem {
  readonly code: BagProblemCode | 'audit-chain-broken' | 'audit-head-mismatch';
  readonly path: string | null;
  readonly detail: string;
  /** For `audit-chain-broken`: the first entry that does not hold. */
  readonly seq?: number;
}

export interface PackageVerification {
  readonly ok: boolean;
  readonly problems: readonly PackageProblem[];
  readonly payloadFiles: number;
  readonly payloadBytes: number;
  /** Audit entries re-walked, and the head they reach. */
  readonly auditEntries: number;
  readonly auditHead: { seq: number; hash: string } | null;
}

const AUDIT_FILE = `data/${AUDIT_LOG_PATH}`;

/**
 * Verifies a meeting package: the bag (manifests, tag manifest, Payload-Oxum; see
 * bagit/bag-verifier.ts), then its audit log re-walked while it streams past — every entry's
 * hash recomputed and linked to the one before — naming the first entry that does not hold,
 * and the chain's end held against the `Audit-Chain-Head` stated in `bag-info.txt`.
 */
export async function verifyMeetingPackage(zipPath: string): Promise<PackageVerification> {
  let checker: AuditChainChecker | null = null;
  const bag = await verifyBag(zipPath, {
    [AUDIT_FILE]: () => {
      checker = new AuditChainChecker();
      return checker;
    },
  });
  const problems: PackageProblem[] = bag.problems.map((p: BagProblem) => p);
  let auditEntries = 0;
  let auditHead: { seq: number; hash: string } | null = null;
  const audit = checker as AuditChainChecker | null;
  if (audit) {
    const walked = audit.result();
    auditEntries = walked.entries;
    if (walked.firstBadSeq !== null) {
      problems.push({
        code: 'audit-chain-broken',
        path: AUDIT_FILE,
        detail: `entry ${walked.firstBadSeq}: ${walked.reason ?? 'does not match'}`,
        seq: walked.firstBadSeq,
      });
    } else {
      auditHead = walked.head;
      const stated = bag.bagInfo.find(([label]) => label === 'Audit-Chain-Head')?.[1];
      const actual = `${walked.head.seq} ${walked.head.hash}`;
      if (stated !== undefined && stated !== actual) {
        problems.push({
          code: 'audit-head-mismatch',
          path: AUDIT_FILE,
          detail: `the chain ends at ${actual}, bag-info.txt states ${stated}`,
        });
      }
    }
  } else if (
    bag.problems.every((p) => p.path !== AUDIT_FILE && p.code !== 'unreadable' && p.code !== 'not-a-bag')
  ) {
    problems.push({
      code: 'missing-file',
      path: AUDIT_FILE,
      detail: 'a meeting package holds its audit log',
    });
  }
  return {
    ok: problems.length === 0,
    problems,
    payloadFiles: bag.payloadFiles,
    payloadBytes: bag.payloadBytes,
    auditEntries,
    auditHead,
  };
}

/** A problem in English and Vietnamese, as the command line prints it. */
export function describeProblem(p: PackageProblem): { en: string; vi: string } {
  const file = p.path ?? '';
  switch (p.code) {
    case 'unreadable':
      return {
        en: `cannot read ${file || 'the zip'}: ${p.detail}`,
        vi: `không đọc được ${file || 'tệp zip'}`,
      };
    case 'not-a-bag':
      return { en: `not a BagIt package: ${p.detail}`, vi: 'không phải gói BagIt' };
    case 'bad-declaration':
      return { en: `bad bagit.txt: ${p.detail}`, vi: 'tệp bagit.txt không hợp lệ' };
    case 'bad-manifest-line':
      return { en: `bad line in ${file}: ${p.detail}`, vi: `dòng không hợp lệ trong ${file}` };
    case 'missing-file':
      return { en: `missing file: ${file}`, vi: `thiếu tệp: ${file}` };
    case 'extra-file':
      return { en: `extra file: ${file} (${p.detail})`, vi: `tệp thừa: ${file}` };
    case 'hash-mismatch':
      return { en: `hash mismatch: ${file} (${p.detail})`, vi: `sai mã băm (tệp đã bị thay đổi): ${file}` };
    case 'bad-payload-oxum':
      return { en: `bad Payload-Oxum: ${p.detail}`, vi: 'Payload-Oxum không khớp với dung lượng và số tệp' };
    case 'bad-tag-manifest':
      return { en: `bad tag manifest: ${file} (${p.detail})`, vi: `tệp kê khai thẻ không khớp: ${file}` };
    case 'payload-check':
      return { en: `${file}: ${p.detail}`, vi: `${file}: kiểm tra không đạt` };
    case 'audit-chain-broken':
      return {
        en: `audit chain broken: first bad entry ${p.seq} (${p.detail})`,
        vi: `chuỗi nhật ký kiểm tra bị phá vỡ: bản ghi sai đầu tiên là số ${p.seq}`,
      };
    case 'audit-head-mismatch':
      return {
        en: `audit chain head mismatch: ${p.detail}`,
        vi: 'đầu chuỗi nhật ký không khớp với bag-info.txt',
      };
    default:
      throw new Error(`unknown problem ${String(p.code satisfies never)}`);
  }
}
