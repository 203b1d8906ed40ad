import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { change, formatWan, percentOf } from '../src/money.js';

// The reference: the quotient to 100 significant digits (exact for rounding to hundredths of any
// quotient of integers below 2^53), rounded half away from zero, as decimal.js prints it.
const Exact = Decimal.clone({ precision: 100 });
const reference = (part: number, whole: number) =>
  whole === 0 ? null : new Exact(part).times(100).dividedBy(whole).toFixed(2, Exact.ROUND_HALF_UP);

/** A deterministic stream of integers of every size up to `max` (xorshift). */
function integers(seed: number, count: number, max: number): number[] {
  let x = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const digits = 1 + (Math.abs(x) % Math.log10(max));
    out.push(Math.floor((Math.abs(x) / 2 ** 31) * 10 ** digits) * (x % 3 === 0 ? -1 : 1));
  }
  return out;
}

describe('formatWan', () => {
  it('prints yuan as 万元 to the 分, rounding half away from zero, as decimal.js does, for every size and sign', () => {
    const wan = (yuan: number) => new Exact(yuan).dividedBy(10_000).toFixed(2, Exact.ROUND_HALF_UP);
    const edges = [0, -0, 1, -1, 49, 50, -49, -50, 99, 100, 149, 150, -150, 2 ** 53 - 1, -(2 ** 53 - 1)];
    const amounts = [...edges, ...integers(3, 4000, 1e16), ...integers(5, 4000, 1e6)];
    const differ = amounts.filter((yuan) => formatWan(yuan) !== wan(yuan));
    expect(differ).toEqual([]);
    expect([0, -40, -50, 12_345_678].map(formatWan)).toEqual(['0.00', '-0.00', '-0.01', '1234.57']);
  });
});

describe('percentOf', () => {
  it('is the exact quotient rounded half away from zero, for parts and wholes of every size and sign', () => {
    const parts = integers(7, 4000, 1e15);
    const wholes = integers(11, 4000, 1e15);
    const differ = parts
      .map((part, i) => [part, wholes[i]!] as const)
      .filter(([part, whole]) => percentOf(part, whole) !== reference(part, whole));
    expect(differ).toEqual([]);
  });

  it('rounds an exact half away from zero, keeps the sign of a share that rounds to zero, and has none of zero', () => {
    const cases: [number, number][] = [
      [1, 20_000], // 0.005%
      [-1, 20_000],
      [1, -20_000],
      [3, 40_000], // 0.0075%
      [1, 100_000], // 0.001%
      [-1, 100_000],
      [0, 5],
      [0, -5],
      [2, 3],
      [-2, 3],
      [51_202_00, 54_890_000],
      [4_500_000_000_000, 9_000_000_000_000], // beyond the integer path: decimal.js
      [123, 0],
    ];
    expect(cases.map(([p, w]) => percentOf(p, w))).toEqual(cases.map(([p, w]) => reference(p, w)));
  });

  it('gives a change its percent of the prior year', () => {
    expect(change(1_100, 1_000)).toEqual({ previous: 1_000, delta: 100, percent: reference(100, 1_000) });
    expect(change(5, 0)).toEqual({ previous: 0, delta: 5, percent: null });
  });
});
