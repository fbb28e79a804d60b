/**
 * An idempotency key for one submission of a form (8–24 of [A-Za-z0-9_-], as the server takes
 * it): resent unchanged when an answer is lost or the button tapped twice, so the server acts
 * once; a changed form gets a new one.
 */
export function newRequestId(): string {
  return (Date.now().toString(36) + Math.random().toString(36).slice(2, 10)).slice(0, 24);
}
