/**
 * WebSocket close codes the room server uses on Yjs sockets, in Outline's `{code, reason}`
 * form so client and server name them the same way. 1000–1015 are RFC 6455 codes.
 */
export const CloseCodes = {
  /** A read-only socket tried to write, or an awareness update claimed another client's id. */
  PolicyViolation: { code: 1008, reason: 'policy violation' },
  /** The frame was not a well-formed y-websocket message. */
  InvalidPayload: { code: 1007, reason: 'malformed message' },
  /** Text frames are not part of the protocol. */
  UnsupportedData: { code: 1003, reason: 'binary frames only' },
  /** The message is larger than the socket allows. */
  MessageTooBig: { code: 1009, reason: 'message too big' },
  /** The server could not persist an update; the client should reconnect and resync. */
  InternalError: { code: 1011, reason: 'server error' },
  /** The server is shutting down. */
  GoingAway: { code: 1001, reason: 'server shutting down' },
  /** Too many messages in too short a time. */
  RateLimited: { code: 4429, reason: 'too many messages' },
  /** The device session was revoked while the socket was open. */
  SessionRevoked: { code: 4401, reason: 'session revoked' },
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];
