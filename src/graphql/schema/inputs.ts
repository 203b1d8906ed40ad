import { DEFAULT_STAGE, type Stage } from '../../domain.js';
import { builder } from '../builder.js';
import {
  OrderDirectionEnum,
  SeriesMetricEnum,
  StageEnum,
  UnitKindEnum,
  UnitOrderFieldEnum,
} from './enums.js';

/** The input types: the filter and the order of a list of units. */
export const UnitFilter = builder.inputType('UnitFilter', {
  description: '单位筛选 Which units a list holds; every condition given must hold.',
  fields: (t) => ({
    kind: t.field({ type: UnitKindEnum, description: '类型 Only departments or only units.' }),
    department: t.string({ description: '部门 Only the units of this department (its code).' }),
    nameContains: t.string({
      description: '名称包含 Only names containing this text (any length, one character included).',
    }),
    year: t.int({ description: '年度 Only units with a budget for this year (of the stage).' }),
    stage: t.field({
      type: StageEnum,
      defaultValue: DEFAULT_STAGE,
      description: '阶段 The stage `year` asks for (default 预算).',
    }),
    region: t.string({ description: '行政区划 Only units of this region or the regions under it (410800).' }),
  }),
});

export const UnitOrder = builder.inputType('UnitOrder', {
  description: '单位排序 How a list of units is sorted (ties by code).',
  fields: (t) => ({
    field: t.field({ type: UnitOrderFieldEnum, required: true, description: '字段 What to sort by.' }),
    year: t.int({ description: '年度 The year of a figure to sort by (required for figures).' }),
    stage: t.field({
      type: StageEnum,
      defaultValue: DEFAULT_STAGE,
      description: '阶段 The stage of the figure to sort by (default 预算).',
    }),
    direction: t.field({ type: OrderDirectionEnum, defaultValue: 'asc', description: '方向 ASC or DESC.' }),
  }),
});

export type UnitOrderShape = {
  field: 'code' | 'name' | 'total' | 'threePublicCosts' | 'totalChange';
  year?: number | null;
  stage?: Stage | null;
  direction?: 'asc' | 'desc' | null;
};

/** A stage argument: 预算 unless another is asked for. */
const stageArg = builder.args((t) => ({
  stage: t.field({
    type: StageEnum,
    defaultValue: DEFAULT_STAGE,
    description: '阶段 预算 (the default) or 决算.',
  }),
}));

/** The arguments of a consolidated budget: its year and stage. */
export const yearStageArgs = builder.args((t) => ({
  year: t.int({ required: true, description: '年度 Budget year (2024).' }),
  ...stageArg,
}));

/** The arguments of a series: which figure, of which stage's budgets. */
export const seriesArgs = builder.args((t) => ({
  metric: t.field({ type: SeriesMetricEnum, required: true, description: '指标 Which figure.' }),
  ...stageArg,
}));
