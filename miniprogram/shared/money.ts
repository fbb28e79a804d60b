/**
 * The one money formatter, for the mini program and the server alike: integer fen → `¥12.34`,
 * thousands grouped (`¥1,234,567.89`; a debt shows `-¥3.00`).
 * Integer arithmetic only, never floats. `money.wxs` is its twin for templates; a test keeps them equal.
 */
export function yuan(fen: number): string {
  const amount = yuanAmount(fen);
  const neg = amount.charAt(0) === '-';
  const [whole, cents] = (neg ? amount.slice(1) : amount).split('.');
  return (neg ? '-¥' : '¥') + groupThousands(whole) + '.' + cents;
}

/** `¥1234567.89`: no grouping, for fields that take digits only (WeChat's subscribe message `amount`). */
export function yuanPlain(fen: number): string {
  const amount = yuanAmount(fen);
  return amount.charAt(0) === '-' ? '-¥' + amount.slice(1) : '¥' + amount;
}

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits.charAt(i);
  }
  return out;
}

/** The same amount without the currency sign (`12.34`, `-0.05`): for CSV cells and inputs. */
export function yuanAmount(fen: number): string {
  const n = Math.trunc(Number(fen) || 0);
  const abs = Math.abs(n);
  const cents = abs % 100;
  return (n < 0 ? '-' : '') + Math.floor(abs / 100) + '.' + (cents < 10 ? '0' : '') + cents;
}

/**
 * Parses what a person types as yuan ("12", "12.3", "12.34") into integer fen by string
 * arithmetic; anything else (more than 2 decimals, signs, letters) is null.
 */
export function parseYuan(text: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(String(text));
  if (!m) return null;
  const cents = (m[2] ?? '').padEnd(2, '0');
  return Number(m[1]) * 100 + Number(cents);
}

/** Basis points → "10%" / "12.5%" for display. */
export function percent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const rest = bps % 100;
  if (rest === 0) return whole + '%';
  return whole + '.' + (rest < 10 ? '0' + rest : String(rest)).replace(/0$/, '') + '%';
}

/** The withdrawal fee, as the server takes it: floor(amount × feeBps / 10000); net = amount − fee. */
export function withdrawalFee(amountFen: number, feeBps: number): { feeFen: number; netFen: number } {
  const feeFen = Math.floor((amountFen * feeBps) / 10000);
  return { feeFen, netFen: amountFen - feeFen };
}
