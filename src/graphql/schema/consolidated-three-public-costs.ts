import type { ConsolidatedFacts } from '../../db/loaders.js';
import { THREE_PUBLIC_KEYS, type ThreePublicItem } from '../../domain.js';
import { sum } from '../../money.js';
import { builder } from '../builder.js';
import { amountOf, type ConsolidatedShape } from '../consolidated.js';
import { AmountRef } from './amount.js';

const THREE_PUBLIC_FIELDS: [ThreePublicItem | 'total', string][] = [
  ['total', '合计 All “three public” costs.'],
  ['outboundTravel', '因公出国（境）费.'],
  ['vehiclePurchase', '公务用车购置费.'],
  ['vehicleOperation', '公务用车运行维护费.'],
  ['reception', '公务接待费.'],
];

export const ConsolidatedThreePublicRef = builder
  .objectRef<ConsolidatedShape>('ConsolidatedThreePublicCosts')
  .implement({
    description: '“三公”经费 The “three public” costs of a consolidated budget; shares of their total.',
    fields: (t) =>
      Object.fromEntries(
        THREE_PUBLIC_FIELDS.map(([item, description]) => [
          item,
          t.field({
            type: AmountRef,
            description,
            resolve: (c) => {
              const items = item === 'total' ? THREE_PUBLIC_KEYS : [item];
              const of = (list: readonly string[]) => (f: ConsolidatedFacts) =>
                sum(f.threePublic.filter((x) => list.includes(x.item)).map((x) => x.amount));
              return amountOf(c, of(items), of(THREE_PUBLIC_KEYS));
            },
          }),
        ]),
      ),
  });
