import {
  CATEGORIES,
  CATEGORY_GROUPS,
  FUNDS,
  INDICATOR_KINDS,
  STAGES,
  type SubjectScheme,
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

export const UnitKindEnum = builder.enumType('UnitKind', {
  description: '单位类型 Department (部门) or budget unit (单位).',
  values: {
    DEPARTMENT: { value: 'department' as const, description: '部门 A department, parent of units.' },
    UNIT: { value: 'unit' as const, description: '单位 A budget unit.' },
  },
});
export const UnitOrderFieldEnum = builder.enumType('UnitOrderField', {
  description: '排序字段 What a list of units is sorted by.',
  values: {
    CODE: { value: 'code' as const, description: '单位编码 Code.' },
    NAME: { value: 'name' as const, description: '单位名称 Name (Unicode order).' },
    TOTAL: {
      value: 'total' as const,
      description: '支出总计 Total spending in the year (units without a budget last).',
    },
    THREE_PUBLIC_COSTS: { value: 'threePublicCosts' as const, description: '“三公”经费 in the year.' },
    TOTAL_CHANGE: {
      value: 'totalChange' as const,
      description: '支出总计增减 Total spending in the year less the year before (stored budgets).',
    },
  },
});
export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: '方向 Ascending or descending.',
  values: {
    ASC: { value: 'asc' as const, description: '升序 Smallest first.' },
    DESC: { value: 'desc' as const, description: '降序 Largest first.' },
  },
});
export const SeriesMetricEnum = builder.enumType('SeriesMetric', {
  description: '序列指标 A figure followed over the years.',
  values: {
    TOTAL: { value: 'total' as const, description: '支出总计 All spending.' },
    BASIC: { value: 'basic' as const, description: '基本支出 Basic spending.' },
    PROJECT: { value: 'project' as const, description: '项目支出 Project spending.' },
    THREE_PUBLIC_COSTS: { value: 'threePublicCosts' as const, description: '“三公”经费.' },
    OPERATING_COSTS: { value: 'operatingCosts' as const, description: '机关（机构）运行经费.' },
  },
});
