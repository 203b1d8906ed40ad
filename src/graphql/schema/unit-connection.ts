import { builder } from '../builder.js';
import { UnitRef } from './refs.js';

export const UnitConnection = builder.connectionObject(
  {
    type: UnitRef,
    name: 'UnitConnection',
    description: '单位列表 A page of units (connection)',
    fields: (t) => ({
      totalCount: t.int({
        description: '总数 How many units the list has in all (every page).',
        resolve: (c) => (c as { totalCount?: number }).totalCount ?? 0,
      }),
    }),
  },
  { name: 'UnitEdge', description: '单位列表 A page of units (edge)' },
);
