/**
 * How LibreOffice is run on an uploaded office file: without a network where the machine can
 * give it none (its own network namespace: `unshare --net`, or `unshare --user --net` for an
 * unprivileged server), never as root (as `nobody` through `setpriv`, or Node's own setuid),
 * with a throwaway profile that forbids loading anything the document links to, and with an
 * environment that holds nothing of the server's. What this machine supports is found out once,
 * by trying it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** How conversions run on this machine. */
export interface OfficeSandbox {
  /** Put before the soffice command line (unshare, setpriv …); empty when none applies. */
  readonly prefix: readonly string[];
  /** Node's spawn() changes to these ids itself (no setpriv); undefined when not needed. */
  readonly uid?: number;
  readonly gid?: number;
  /** LibreOffice has no network at all: links to web addresses cannot be fetched. */
  readonly isolatesNetwork: boolean;
  /** The ids LibreOffice runs as, when they are not the server's own (its work folder must be theirs). */
  readonly runAs: { readonly uid: number; readonly gid: number } | null;
  /** For logs: what was found. */
  readonly description: string;
}

const NO_SANDBOX: OfficeSandbox = {
  prefix: [],
  isolatesNetwork: false,
  runAs: null,
  description: 'no network namespace or user switch available',
};

let detection: Promise<OfficeSandbox> | undefined;

/** What this machine supports, found once per process. */
export function officeSandbox(): Promise<OfficeSandbox> {
  detection ??= detect();
  return detection;
}

/** Forgets the detection (tests). */
export function resetOfficeSandbox(): void {
  detection = undefined;
}

/** The user LibreOffice runs as when the server is root: `nobody` from /etc/passwd, else 65534. */
function nobody(): { uid: number; gid: number } {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('nobody:'));
    const [, , uid, gid] = line?.split(':') ?? [];
    if (uid && gid && Number.isInteger(Number(uid)) && Number.isInteger(Number(gid))) {
      return { uid: Number(uid), gid: Number(gid) };
    }
  } catch {}
  return { uid: 65534, gid: 65534 };
}

/** Runs a probe command; true when it exits 0 within a few seconds. */
function works(
  command: string,
  args: readonly string[],
  ids?: { uid: number; gid: number },
): Promise<boolean> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, [...args], { stdio: 'ignore', ...(ids ?? {}) });
    } catch {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(false);
    }, 5000);
    child.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

async function detect(): Promise<OfficeSandbox> {
  if (process.platform !== 'linux') {
    return { ...NO_SANDBOX, description: `no sandbox on ${process.platform}` };
  }
  const root = process.getuid?.() === 0;
  const user = nobody();
  const setpriv = [
    'setpriv',
    `--reuid=${user.uid}`,
    `--regid=${user.gid}`,
    '--clear-groups',
    '--no-new-privs',
    '--',
  ];
  if (root) {
    const net = ['unshare', '--net', '--'];
    if (await works(net[0]!, [...net.slice(1), ...setpriv, 'true'])) {
      return {
        prefix: [...net, ...setpriv],
        isolatesNetwork: true,
        runAs: user,
        description: `own network namespace (unshare --net), as uid ${user.uid} (setpriv)`,
      };
    }
    // No setpriv: Node switches user, and a user namespace gives the network namespace.
    const userNet = ['unshare', '--user', '--map-root-user', '--net', '--'];
    if (await works(userNet[0]!, [...userNet.slice(1), 'true'], user)) {
      return {
        prefix: userNet,
        ...user,
        isolatesNetwork: true,
        runAs: user,
        description: `own user and network namespace (unshare --user --net), as uid ${user.uid}`,
      };
    }
    if (await works(setpriv[0]!, [...setpriv.slice(1), 'true'])) {
      return {
        prefix: setpriv,
        isolatesNetwork: false,
        runAs: user,
        description: `no network namespace available; as uid ${user.uid} (setpriv)`,
      };
    }
    if (await works('true', [], user)) {
      return {
        prefix: [],
        ...user,
        isolatesNetwork: false,
        runAs: user,
        description: `no network namespace available; as uid ${user.uid}`,
      };
    }
    return {
      ...NO_SANDBOX,
      description: 'running as root and unable to switch user: LibreOffice runs as root',
    };
  }
  const userNet = ['unshare', '--user', '--map-root-user', '--net', '--'];
  if (await works(userNet[0]!, [...userNet.slice(1), 'true'])) {
    return {
      prefix: userNet,
      isolatesNetwork: true,
      runAs: null,
      description: 'own user and network namespace (unshare --user --net)',
    };
  }
  return NO_SANDBOX;
}

/**
 * LibreOffice settings for a conversion's throwaway profile (registrymodifications.xcu):
 * never load what a document links to (BlockUntrustedRefererLinks: linked pictures, movies,
 * sounds, colour tables …), never update links when loading (Writer 0 = never, Calc 1 = never),
 * no macros at all.
 */
export const PROFILE_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
`;
