import { describe, expect, it } from 'vitest';
import { CloseCodes } from '#common/protocol/close-codes';
import { deriveConnectionState } from '../../../renderer/src/lib/connection';
import type { LiveSnapshot } from '../../../renderer/src/lib/yjs/live-doc';

/** A live-document snapshot as the live document hands it to the shell. */
function snapshot(patch: Partial<LiveSnapshot>): LiveSnapshot {
  return {
    status: 'connecting',
    synced: false,
    everConnected: false,
    closed: null,
    live: {
      title: 'Họp giao ban tháng 3',
      status: 'in_session',
      agendaRevision: 4,
      currentItemId: null,
      documentsRevision: 2,
      publishedRevision: 1,
      auditHead: null,
      session: null,
      attendance: null,
      speakers: null,
      votes: [],
      presenter: null,
    },
    ...patch,
  };
}

const synced = snapshot({ status: 'connected', synced: true, everConnected: true });

describe('deriveConnectionState with a live document open', () => {
  it('is online once the socket is connected and the first state has arrived', () => {
    expect(deriveConnectionState(true, synced, null)).toBe('online');
  });

  it('is connecting until the first connection succeeds', () => {
    expect(deriveConnectionState(true, snapshot({}), null)).toBe('connecting');
    expect(deriveConnectionState(true, snapshot({ status: 'disconnected' }), null)).toBe('connecting');
    // Connected but the first state not yet received.
    expect(deriveConnectionState(true, snapshot({ status: 'connected' }), null)).toBe('connecting');
  });

  it('is reconnecting when a socket that had worked is down or not yet synced again', () => {
    expect(deriveConnectionState(true, snapshot({ status: 'disconnected', everConnected: true }), null)).toBe(
      'reconnecting',
    );
    expect(deriveConnectionState(true, snapshot({ status: 'connecting', everConnected: true }), null)).toBe(
      'reconnecting',
    );
    expect(
      deriveConnectionState(
        true,
        snapshot({ status: 'connected', synced: false, everConnected: true }),
        null,
      ),
    ).toBe('reconnecting');
  });

  it('is offline when the server closed the socket for good, even on a working network', () => {
    const revoked = snapshot({
      status: 'connected',
      synced: true,
      everConnected: true,
      closed: { ...CloseCodes.SessionRevoked },
    });
    expect(deriveConnectionState(true, revoked, true)).toBe('offline');
  });

  it('follows the socket, not the health check, while a live document is open', () => {
    expect(deriveConnectionState(true, synced, false)).toBe('online');
    expect(deriveConnectionState(true, snapshot({ status: 'disconnected', everConnected: true }), true)).toBe(
      'reconnecting',
    );
    expect(deriveConnectionState(true, snapshot({}), true)).toBe('connecting');
  });
});

describe('deriveConnectionState without a live document', () => {
  it('is connecting before the first health check answers', () => {
    expect(deriveConnectionState(true, null, null)).toBe('connecting');
  });

  it('is online when the last health check reached the server', () => {
    expect(deriveConnectionState(true, null, true)).toBe('online');
  });

  it('is reconnecting when the last health check failed', () => {
    expect(deriveConnectionState(true, null, false)).toBe('reconnecting');
  });
});

describe('deriveConnectionState when the device has no network', () => {
  it('is offline whatever the socket or the last health check says', () => {
    expect(deriveConnectionState(false, synced, true)).toBe('offline');
    expect(deriveConnectionState(false, snapshot({}), null)).toBe('offline');
    expect(deriveConnectionState(false, null, true)).toBe('offline');
    expect(deriveConnectionState(false, null, null)).toBe('offline');
  });
});
