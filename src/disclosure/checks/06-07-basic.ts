import { BASIC_ITEM_TYPES, type BasicItemType, CATEGORY_GROUPS } from '../../domain.js';
import { sum } from '../../money.js';
import { LABELS_04 } from '../layouts.js';
import type { Checker, CheckRule } from './checker.js';

/** 05's basic-spending columns and the economic 类 whose 06 rows add up to each. */
const ECONOMIC_CLASS_OF_05: [string, string][] = [
  ['basic.personnel.wages', '301'],
  ['basic.personnel.household', '303'],
  ['basic.public.goods', '302'],
  ['basic.public.capital', '310'],
];

/** All spending is this year's 一般公共预算 (04's 合计 is 05's): 03's columns then compare with 06's. */
const generalPublicOnly = (c: Checker) =>
  c.line(4, 'expenditure.item', LABELS_04.expenditureTotal, 'expenditure.total') === c.total(5, 'total');

/** 06's 人员经费 or 公用经费 = 05's columns of that group (and 03's, when all spending is 05's). */
function groupOf03(group: 'personnel' | 'public', columns05: [string, string]): CheckRule {
  const label = CATEGORY_GROUPS[group].label;
  return {
    id: `06-03.${group}`,
    tables: [3, 4, 5, 6],
    description: `06 ${label} = 03 ${label} (general public budget)`,
    run: (c) => [
      {
        expected: sum(columns05.map((column) => c.total(5, `basic.${group}.${column}`))),
        found: c.total(6, `basic.${group}`),
      },
      ...(generalPublicOnly(c)
        ? [{ expected: c.total(3, `basic.${group}.subtotal`), found: c.total(6, `basic.${group}`) }]
        : []),
    ],
  };
}

/** 07's detail lines of one 类型: a line without a 类型 continues the one above. */
function linesOfType(c: Checker, type: BasicItemType) {
  let current = '';
  return c.rowsOf(7, 'item').filter((r) => {
    if (r.values.type) current = String(r.values.type);
    return current === BASIC_ITEM_TYPES[type].label;
  });
}

/** Basic spending of the general public budget: 05's columns, 06 by economic subject, 07's lines. */
export const BASIC_RULES: CheckRule[] = [
  {
    id: '05-06.basic',
    tables: [5, 6],
    description: '05 基本支出 = 06 合计',
    run: (c) => [{ expected: c.total(5, 'basic.subtotal'), found: c.total(6, 'basic.total') }],
  },
  {
    id: '06-07.basic',
    tables: [6, 7],
    description: '06 合计 = 07 本年拨款 一般公共预算 合计',
    run: (c) => [{ expected: c.total(6, 'basic.total'), found: c.total(7, 'current.generalPublic') }],
  },
  {
    id: '06.rows',
    tables: [6],
    description: '06 合计 = Σ rows; each row 合计 = 人员经费 + 公用经费',
    run: (c) => {
      return [
        c.rowsAddUp(6, 'subject', 'basic.total'),
        ...c.rowsOf(6, 'subject').map((r) => ({
          expected: c.value(r, 'basic.total'),
          found: c.value(r, 'basic.personnel') + c.value(r, 'basic.public'),
          detail: `${r.values['department.code']}/${r.values['government.code']}`,
        })),
      ];
    },
  },
  groupOf03('personnel', ['wages', 'household']),
  groupOf03('public', ['goods', 'capital']),
  {
    id: '05-06.economic-classes',
    tables: [5, 6],
    description:
      '05 工资福利 / 对个人和家庭的补助 / 商品和服务 / 资本性 = 06 rows of economic 类 301 / 303 / 302 / 310',
    run: (c) => {
      const rows06 = c.rowsOf(6, 'subject');
      return ECONOMIC_CLASS_OF_05.map(([path, cls]) => {
        const rows = rows06.filter((r) => String(r.values['department.code']).startsWith(cls));
        return {
          expected: c.total(5, path),
          found: sum(rows.map((r) => c.value(r, 'basic.total'))),
          addends: rows.length,
          detail: `类 ${cls}`,
        };
      });
    },
  },
  {
    id: '07.types',
    tables: [6, 7],
    description: `07 ${BASIC_ITEM_TYPES.personnel.label} lines = 06 人员经费; 07 ${BASIC_ITEM_TYPES.public.label} lines = 06 公用经费 (本年拨款 一般公共预算)`,
    run: (c) =>
      (['personnel', 'public'] as const).map((type) => {
        const lines = linesOfType(c, type);
        return {
          expected: c.total(6, type === 'personnel' ? 'basic.personnel' : 'basic.public'),
          found: sum(lines.map((r) => c.value(r, 'current.generalPublic'))),
          addends: lines.length,
          detail: BASIC_ITEM_TYPES[type].label,
        };
      }),
  },
];
