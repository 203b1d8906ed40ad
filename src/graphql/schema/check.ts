import type { CheckResult } from '../../disclosure/checks/index.js';
import { builder } from '../builder.js';

export const CheckRef = builder.objectRef<CheckResult>('Check').implement({
  description: '校验 A consistency check tying the tables together, with the rounding tolerance it allows.',
  fields: (t) => ({
    id: t.exposeString('id', { description: '编号 Stable id (05-06.basic).' }),
    description: t.exposeString('description', { description: '规则 The identity checked.' }),
    expected: t.exposeString('expected', { description: '应为 Expected figure.' }),
    found: t.exposeString('found', { description: '实为 Found figure.' }),
    difference: t.exposeString('difference', { description: '差额 found − expected.' }),
    tolerance: t.exposeString('tolerance', { description: '容差 Rounding tolerance allowed (万元).' }),
    passed: t.exposeBoolean('passed', { description: '通过 Whether the check holds.' }),
    detail: t.exposeString('detail', {
      nullable: true,
      description: '位置 Which row or subject, for row-by-row rules.',
    }),
  }),
});
