/**
 * The Content Security Policy for everything served on the app scheme. No `unsafe-eval`
 * (PDF.js has no eval path since 5.7); `connect-src` stays open to http(s)/ws(s)
 * because the user picks the room server's address at run time.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
const DIRECTIVES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'"]],
  ['connect-src', ["'self'", 'http:', 'https:', 'ws:', 'wss:']],
  ['img-src', ["'self'", 'data:', 'blob:']],
  ['worker-src', ["'self'", 'blob:']],
  ['style-src', ["'self'", "'unsafe-inline'"]],
  ['font-src', ["'self'", 'data:']],
  ['object-src', ["'none'"]],
  ['frame-ancestors', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
];

/** The `Content-Security-Policy` header value for app-scheme responses. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(
  ([name, sources]) => `${name} ${sources.join(' ')}`,
).join('; ');
