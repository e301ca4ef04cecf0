/**
 * WebSocket close codes the room server uses on Yjs sockets, in Outline's `{code, reason}`
 * form so client and server name them the same way. 1000–1015 are RFC 6455 codes.
 */
export const CloseCodes = {
  /** A read-only socket tried to write. */
  PolicyViolation: { code: 1008, reason: 'policy violation' },
  /** The frame was not a well-formed y-websocket message. */
  InvalidPayload: { code: 1007, reason: 'malformed message' },
  /** Text frames are not part of the protocol. */
  UnsupportedData: { code: 1003, reason: 'binary frames only' },
  /** The message is larger than the socket allows. */
  MessageTooBig: { code: 1009, reason: 'message too big' },
  /** A presence (awareness) update tried to change the presence of another socket's client. */
  PresenceOfAnother: { code: 1008, reason: 'presence of another client' },
  /** A socket introduced more presence (awareness) client ids than one socket may hold. */
  TooManyPresenceIds: { code: 1008, reason: 'too many presence ids' },
  /** A presence state was not a JSON object (or null). */
  PresenceNotObject: { code: 1008, reason: 'presence state must be an object' },
  /** A presence state's JSON is larger than one state may be. */
  PresenceTooBig: { code: 1009, reason: 'presence state too big' },
  /** The server could not persist an update; the client should reconnect and resync. */
  InternalError: { code: 1011, reason: 'server error' },
  /** The server is shutting down. */
  GoingAway: { code: 1001, reason: 'server shutting down' },
  /** Too many messages in too short a time. */
  RateLimited: { code: 4429, reason: 'too many messages' },
  /** More bytes per second than a device may send (all its sockets together). */
  ByteRateLimited: { code: 4429, reason: 'too many bytes per second' },
  /** More of the server's time (applying, answering syncs) than a device may use per second. */
  WorkRateLimited: { code: 4429, reason: 'too much work per second' },
  /**
   * Budgets (see the README's Security section): a write that would take a document, or what one
   * device has written, past its byte or item budget is refused — not applied, not stored, not
   * sent on — and the socket closed. 4413 mirrors HTTP 413; in the 44xx range, so the stock
   * provider does not reconnect and send the same update again.
   */
  DocumentBytesBudget: { code: 4413, reason: 'document full: byte budget reached' },
  DocumentItemsBudget: { code: 4413, reason: 'document full: item budget reached' },
  DeviceDocumentBytesBudget: { code: 4413, reason: 'device byte budget for this document reached' },
  DeviceDocumentItemsBudget: { code: 4413, reason: 'device item budget for this document reached' },
  DeviceBytesBudget: { code: 4413, reason: 'device byte budget reached' },
  DeviceItemsBudget: { code: 4413, reason: 'device item budget reached' },
  /** Applying the update ran out of the worker's time or memory bound. */
  UpdateTooCostly: { code: 4413, reason: 'update too costly to apply' },
  /** The document is stored over its budget (or could not be loaded within bounds); it stays closed. */
  DocumentQuarantined: { code: 4413, reason: 'document quarantined: over its budget' },
  /** Subdocuments (Yjs ContentDoc) are not part of the room's documents. */
  SubdocumentRefused: { code: 1008, reason: 'subdocuments are not accepted' },
  /**
   * The socket's device lost its right to this document while it was open (grant withdrawn,
   * role changed, document deleted). In the 44xx range, so the stock provider does not retry.
   */
  AccessWithdrawn: { code: 4403, reason: 'access withdrawn' },
  /** The device session was revoked (or its participant removed) while the socket was open. */
  SessionRevoked: { code: 4401, reason: 'session revoked' },
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];
