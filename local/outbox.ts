/** Everything the functions sent out (subscribe messages, ...), kept for `GET /__dev/outbox`. */
export interface OutboxEntry {
  kind: 'subscribeMessage';
  at: number;
  payload: unknown;
}

export class Outbox {
  readonly entries: OutboxEntry[] = [];
  private failuresLeft = 0;

  /** Makes the next `n` sends fail, to prove a failed notification never breaks the money path. */
  failNext(n = 1): void {
    this.failuresLeft = n;
  }

  push(entry: OutboxEntry): void {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('subscribeMessage.send:fail (injected)');
    }
    this.entries.push(entry);
  }
}
