import type { BudgetRow } from '../../db/loaders.js';
import { builder } from '../builder.js';
import { figure, threePublicCost } from '../figures.js';
import { AmountRef } from './amount.js';

export const ThreePublicCostsRef = builder.objectRef<BudgetRow>('ThreePublicCosts').implement({
  description:
    '“三公”经费 Outbound travel, official vehicles and official reception, from fiscal appropriations.',
  fields: (t) => {
    const item = (description: string, items: string[] | undefined, stated: string) =>
      t.field({
        type: AmountRef,
        description,
        resolve: (b, _args, ctx) =>
          figure(ctx, b, threePublicCost(items), { stated, share: threePublicCost(undefined) }),
      });
    return {
      total: item(
        '合计 All “three public” costs; share of them all (100.00).',
        undefined,
        'threePublicTotal',
      ),
      outboundTravel: item(
        '因公出国（境）费 Outbound travel; share of the total.',
        ['outboundTravel'],
        'outboundTravel',
      ),
      vehicles: t.field({
        type: AmountRef,
        description: '公务用车购置及运行费 Official vehicles, purchase and operation; share of the total.',
        resolve: (b, _args, ctx) =>
          figure(ctx, b, threePublicCost(['vehiclePurchase', 'vehicleOperation']), {
            share: threePublicCost(undefined),
          }),
      }),
      vehiclePurchase: item(
        '公务用车购置费 Vehicle purchase; share of the total.',
        ['vehiclePurchase'],
        'vehiclePurchase',
      ),
      vehicleOperation: item(
        '公务用车运行维护费 Vehicle operation; share of the total.',
        ['vehicleOperation'],
        'vehicleOperation',
      ),
      reception: item('公务接待费 Official reception; share of the total.', ['reception'], 'reception'),
    };
  },
});
