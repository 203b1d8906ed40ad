import {
  CATEGORIES,
  CATEGORY_GROUPS,
  FUNDS,
  INDICATOR_KINDS,
  STAGES,
  type SubjectScheme,
  THREE_PUBLIC_ITEMS,
} from '../../domain.js';
import { builder } from '../builder.js';

/** GraphQL enum values are the domain keys in CONSTANT_CASE; the domain key stays the internal value. */
const constantCase = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

function domainEnum<K extends string>(
  name: string,
  description: string,
  table: Record<K, { label: string }>,
) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(
      (Object.keys(table) as K[]).map((key) => [
        constantCase(key),
        { value: key, description: table[key].label },
      ]),
    ) as Record<string, { value: K; description: string }>,
  });
}

export const SubjectSchemeEnum = builder.enumType('SubjectScheme', {
  description: '科目分类 A classification of spending.',
  values: {
    FUNCTIONAL: {
      value: 'functional' as SubjectScheme,
      description: '支出功能分类 Functional classification (类/款/项).',
    },
    ECONOMIC_DEPARTMENT: {
      value: 'economicDepartment' as SubjectScheme,
      description: '部门预算支出经济分类 Departmental economic classification (类/款).',
    },
    ECONOMIC_GOVERNMENT: {
      value: 'economicGovernment' as SubjectScheme,
      description: '政府预算支出经济分类 Government economic classification (类/款).',
    },
  },
});
export const FundEnum = domainEnum('Fund', '资金来源 Where money comes from.', FUNDS);
export const CategoryEnum = domainEnum(
  'Category',
  '支出类别 Spending category: basic by economic 类, project by type.',
  CATEGORIES,
);
export const CategoryGroupEnum = domainEnum(
  'CategoryGroup',
  '经费类型 人员经费, 公用经费 or 项目支出.',
  CATEGORY_GROUPS,
);
export const IndicatorKindEnum = domainEnum(
  'IndicatorKind',
  '绩效指标类型 Kind of performance indicator.',
  INDICATOR_KINDS,
);
export const StageEnum = domainEnum('Stage', '阶段 预算 (budget) or 决算 (final accounts).', STAGES);
export const ThreePublicItemEnum = domainEnum(
  'ThreePublicItem',
  '“三公”经费项目 An item of the “three public” costs.',
  THREE_PUBLIC_ITEMS,
);
