import { Decimal } from 'decimal.js';

/**
 * Exact money. Amounts are stored and summed as integer 元 (yuan); disclosures print 万元
 * (10,000 yuan) with two decimals, so every published figure is a whole number of yuan.
 * This module is the only place that parses, converts, rounds or formats an amount.
 */
export type Yuan = number;

const YUAN_PER_WAN = 10_000;
const WAN_PATTERN = /^-?\d+(\.\d{1,2})?$/;

export class AmountError extends Error {}

/** Parses a published 万元 figure ("512.02", "4", "-12.50") into integer yuan. */
export function parseWan(text: string): Yuan {
  const trimmed = text.trim();
  if (!WAN_PATTERN.test(trimmed)) {
    throw new AmountError(`expected an amount in 万元 with at most two decimals, found "${text}"`);
  }
  // up to 12 digits of 万元 the yuan are exact in plain integer arithmetic (far below 2^53)
  const point = trimmed.indexOf('.');
  const negative = trimmed.charCodeAt(0) === 45;
  const whole = trimmed.slice(negative ? 1 : 0, point < 0 ? undefined : point);
  if (whole.length <= 12) {
    const cents = point < 0 ? 0 : Number(trimmed.slice(point + 1).padEnd(2, '0'));
    const yuan = (Number(whole) * 100 + cents) * 100;
    return negative ? -yuan : yuan;
  }
  const yuan = new Decimal(trimmed).times(YUAN_PER_WAN);
  if (!yuan.isInteger() || !Number.isSafeInteger(yuan.toNumber())) {
    throw new AmountError(`amount "${text}" is out of range`);
  }
  return yuan.toNumber();
}

/** A whole number of hundredths, non-negative, as a number with two decimals (1234 → "12.34", "-12.34" when negative). */
function twoDecimals(hundredths: number, negative = false): string {
  const fraction = hundredths % 100;
  return `${negative ? '-' : ''}${Math.floor(hundredths / 100)}.${fraction < 10 ? '0' : ''}${fraction}`;
}

/** Integer yuan as 万元 with two decimals ("512.02"), rounding half up when yuan are finer. */
export function formatWan(yuan: Yuan): string {
  // whole yuan: the 分 of 万元 in integer arithmetic, rounding half away from zero as below (a
  // negative amount that rounds to zero keeps its sign, "-0.00"; zero has none). The checks print
  // every difference, most of them 0, and Decimal was most of the cost of printing them.
  if (Number.isSafeInteger(yuan)) {
    const size = Math.abs(yuan);
    const rest = size % 100;
    const hundredths = (size - rest) / 100 + (rest >= 50 ? 1 : 0);
    return twoDecimals(hundredths, yuan < 0);
  }
  return new Decimal(yuan).dividedBy(YUAN_PER_WAN).toFixed(2, Decimal.ROUND_HALF_UP);
}

/** A table cell: blank where the amount is zero, as the disclosures print it. */
export function formatCell(yuan: Yuan | null | undefined): string {
  return yuan ? formatWan(yuan) : '';
}

export function sum(amounts: Iterable<Yuan>): Yuan {
  let total = 0;
  for (const amount of amounts) total += amount;
  return total;
}

/** part / whole as a percentage with two decimals ("93.28"); null when whole is zero. */
export function percentOf(part: Yuan, whole: Yuan): string | null {
  if (whole === 0) return null;
  // whole yuan: the hundredths of a percent in integer arithmetic, exact while part × 10,000 and
  // whole stay below 2^52 (parts up to 4.5 × 10^11 yuan), rounding half away from zero as below;
  // every figure of a GraphQL tree has a share, and Decimal was the larger part of computing it
  const scaled = Math.abs(part) * 10_000;
  const divisor = Math.abs(whole);
  if (Number.isInteger(part) && Number.isInteger(whole) && scaled < 2 ** 52 && divisor < 2 ** 52) {
    let hundredths = Math.floor(scaled / divisor);
    let rest = scaled - hundredths * divisor;
    // the float quotient may be one off: the remainder puts it right
    if (rest < 0) {
      hundredths -= 1;
      rest += divisor;
    } else if (rest >= divisor) {
      hundredths += 1;
      rest -= divisor;
    }
    if (rest * 2 >= divisor) hundredths += 1;
    return twoDecimals(hundredths, part !== 0 && part < 0 !== whole < 0);
  }
  return new Decimal(part).times(100).dividedBy(whole).toFixed(2, Decimal.ROUND_HALF_UP);
}

export interface Change {
  previous: Yuan;
  delta: Yuan;
  /** (current − previous) / previous as a percentage string; null when previous is zero. */
  percent: string | null;
}

export function change(current: Yuan, previous: Yuan): Change {
  const delta = current - previous;
  return { previous, delta, percent: percentOf(delta, previous) };
}
