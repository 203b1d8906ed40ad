import { THREE_PUBLIC_ITEMS, type ThreePublicItem } from '../../domain.js';
import { sum } from '../../money.js';
import type { CheckRule } from './checker.js';

/** Each “三公” item and its column of 09. */
const ITEM_COLUMNS_09: [ThreePublicItem, string][] = [
  ['outboundTravel', 'outboundTravel'],
  ['vehiclePurchase', 'vehicle.purchase'],
  ['vehicleOperation', 'vehicle.operation'],
  ['reception', 'reception'],
];

/** 09 “三公”经费: its own sums, and each item against its economic line. */
export const THREE_PUBLIC_RULES: CheckRule[] = [
  {
    id: '09.sum',
    tables: [9],
    description: '09 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费; 车辆 小计 = 购置 + 运行',
    run: (c) => {
      const t09 = (p: string) => c.total(9, p);
      return [
        {
          expected: t09('total'),
          found: t09('outboundTravel') + t09('vehicle.subtotal') + t09('reception'),
          addends: 3,
        },
        {
          expected: t09('vehicle.subtotal'),
          found: t09('vehicle.purchase') + t09('vehicle.operation'),
          addends: 2,
          detail: '车辆',
        },
      ];
    },
  },
  {
    id: '09-06.items',
    tables: [8, 9],
    description:
      '09 each “三公” item = its economic line (30212 因公出国（境）费, 31013 公务用车购置, 30231 公务用车运行维护费, 30217 公务接待费) in 06/08',
    run: (c) => {
      const rows08 = c.rowsOf(8, 'subject');
      const economicLine = (code: string) =>
        sum(
          rows08
            .filter((r) => `${r.values['department.class']}${r.values['department.section']}` === code)
            .map((r) => c.value(r, 'generalPublic.subtotal')),
        );
      return ITEM_COLUMNS_09.map(([item, path]) => ({
        expected: economicLine(THREE_PUBLIC_ITEMS[item].economicCode),
        found: c.total(9, path),
        detail: `${THREE_PUBLIC_ITEMS[item].economicCode} ${THREE_PUBLIC_ITEMS[item].label}`,
      }));
    },
  },
];
