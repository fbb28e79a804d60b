/**
 * A long id (an order number: 30 characters) shortened for a row or a cell: the last 8
 * characters, which tell orders apart; the screen offers the full one to copy.
 */
export function shortId(id: string): string {
  return id.length > 10 ? '…' + id.slice(-8) : id;
}
