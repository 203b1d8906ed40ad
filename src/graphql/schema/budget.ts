import { GraphQLError } from 'graphql';
import { budgetKey, budgetUnitKey } from '../../db/facts.js';
import { loadNodes } from '../../db/loaders.js';
import { runChecks } from '../../disclosure/checks/index.js';
import type { FunctionalFilter } from '../../disclosure/context.js';
import { diffTables } from '../../disclosure/diff.js';
import { EXPLANATION_SECTIONS, explainBudget } from '../../disclosure/explanation.js';
import { priorMetricOf } from '../../disclosure/figures.js';
import { LAYOUTS } from '../../disclosure/layouts.js';
import { fundKeysOf, INCOME_OF_WHICH, isKeyOf } from '../../domain.js';
import { sum } from '../../money.js';
import {
  budgetContext,
  EXPENSIVE_COST,
  layoutsOfBudget,
  renderedTable,
  renderedTables,
} from '../budget-context.js';
import { builder } from '../builder.js';
import { figure, operatingCost, spending } from '../figures.js';
import { arrayPage, pageArgs, pageComplexity } from '../pagination.js';
import { AmountRef } from './amount.js';
import { AssetRef } from './asset.js';
import { BasicItemConnection } from './basic-item-connection.js';
import { subjectCodes } from './budget-subject.js';
import { CategoryGroupAmountRef } from './category-group-amount.js';
import { CellChangeRef } from './cell-change.js';
import { CheckRef } from './check.js';
import { DisclosureTableRef } from './disclosure-table.js';
import { FundEnum, StageEnum, SubjectSchemeEnum } from './enums.js';
import { ExplanationSectionRef } from './explanation-section.js';
import { FundAmountRef } from './fund-amount.js';
import { IncomeLineRef } from './income-line.js';
import { NarrativeClaimRef } from './narrative-claim.js';
import { OperatingCostLineRef } from './operating-cost-line.js';
import { PriorYearFigureRef } from './prior-year-figure.js';
import { ProcurementRef } from './procurement.js';
import { BudgetRef, BudgetSubjectRef, ProjectRef, UnitRef } from './refs.js';
import { ThreePublicCostsRef } from './three-public-costs.js';

builder.node(BudgetRef, {
  description:
    '预算 One revision of a unit’s budget for a year; every figure on it is computed from stored facts.',
  id: { resolve: (b) => budgetKey(b) },
  loadMany: (keys, ctx) => loadNodes(ctx.loaders.budgetByKey, keys),
  fields: (t) => {
    const headline = (description: string, filter: FunctionalFilter, stated?: string) =>
      t.field({
        type: AmountRef,
        description: `${description} With fund: of that source alone, as a share of its total.`,
        args: { fund: t.arg({ type: FundEnum, description: '资金来源 Only this source of funds.' }) },
        resolve: (b, args, ctx) => {
          const fund = args.fund ?? undefined;
          if (!fund) return figure(ctx, b, spending(filter), { stated });
          const funds = [fund];
          return figure(ctx, b, spending({ ...filter, funds }), {
            stated: stated ? priorMetricOf(`fund.${fund}`) : undefined,
            share: spending({ funds }),
          });
        },
      });
    return {
      year: t.exposeInt('year', { description: '年度 Budget year.' }),
      stage: t.field({ type: StageEnum, description: '阶段 预算 or 决算.', resolve: (b) => b.stage }),
      revision: t.exposeInt('revision', { description: '修订版本 Revision number, from 1.' }),
      title: t.exposeString('title', { description: '标题 The disclosure’s title.' }),
      publishedOn: t.exposeString('publishedOn', {
        nullable: true,
        description: '公开时间 When it was published (2024-02).',
      }),
      source: t.exposeString('source', { description: '来源 The file it was imported from.' }),
      importedAt: t.exposeString('importedAt', {
        description: '导入时间 When this revision was stored (UTC).',
      }),
      unit: t.field({
        type: UnitRef,
        description: '单位 The unit.',
        resolve: async (b, _args, ctx) => (await ctx.loaders.unit.load(budgetUnitKey(b)))!,
      }),
      total: headline('支出总计 All spending (= all income); share 100.00.', {}, 'total'),
      basic: headline('基本支出 Basic spending: 人员经费 + 公用经费.', { groups: ['personnel', 'public'] }),
      personnel: headline('人员经费 Personnel spending.', { groups: ['personnel'] }),
      publicExpense: headline('公用经费 Public (running) expenses.', { groups: ['public'] }),
      project: headline('项目支出 Project spending.', { groups: ['project'] }),
      byGroup: t.field({
        type: [CategoryGroupAmountRef],
        description: '按经费类型 Spending by 人员经费 / 公用经费 / 项目支出.',
        resolve: (b) => (['personnel', 'public', 'project'] as const).map((group) => ({ budget: b, group })),
      }),
      byFund: t.field({
        type: [FundAmountRef],
        description: '按资金来源 Spending by source of funds (only sources with spending).',
        resolve: async (b, _args, ctx) =>
          fundKeysOf(
            (await ctx.loaders.functional.load(b.id)).filter((f) => f.amount).map((f) => f.fund),
          ).map((fund) => ({
            budget: b,
            fund,
            compute: spending({ fundKey: fund }),
            stated: priorMetricOf(`fund.${fund}`),
          })),
      }),
      income: t.field({
        type: [IncomeLineRef],
        description: '收入 Income by source, as recorded (01/02表).',
        resolve: async (b, _args, ctx) => {
          const incomes = await ctx.loaders.incomes.load(b.id);
          const total = sum(incomes.filter((i) => !isKeyOf(INCOME_OF_WHICH, i.source)).map((i) => i.amount));
          return incomes.map((i) => ({ budget: b, source: i.source, value: i.amount, total }));
        },
      }),
      subjects: t.field({
        type: [BudgetSubjectRef],
        description: '科目 The subjects with spending at one level of a classification, by code.',
        args: {
          scheme: t.arg({
            type: SubjectSchemeEnum,
            required: true,
            description: '分类 Which classification.',
          }),
          level: t.arg.int({ defaultValue: 1, description: '级次 1 类, 2 款, 3 项 (functional only).' }),
          fund: t.arg({
            type: FundEnum,
            description: '资金来源 Only this source of funds: its subjects, with shares of its total.',
          }),
        },
        resolve: async (b, args, ctx) => {
          const fund = args.fund ?? undefined;
          const codes = (await subjectCodes(ctx, b, args.scheme)).filter(
            (code) => code.length === [3, 5, 7][(args.level ?? 1) - 1],
          );
          if (!fund) return codes.map((code) => ({ budget: b, scheme: args.scheme, code }));
          const facts =
            args.scheme === 'functional'
              ? (await ctx.loaders.functional.load(b.id)).map((f) => ({
                  code: f.subjectCode,
                  fund: f.fund,
                  amount: f.amount,
                }))
              : (await ctx.loaders.economic.load(b.id)).map((e) => ({
                  code: args.scheme === 'economicDepartment' ? e.departmentCode : e.governmentCode,
                  fund: e.fund,
                  amount: e.amount,
                }));
          return codes
            .filter((code) => facts.some((f) => f.code.startsWith(code) && f.fund === fund && f.amount))
            .map((code) => ({ budget: b, scheme: args.scheme, code, fund }));
        },
      }),
      subject: t.field({
        type: BudgetSubjectRef,
        nullable: true,
        description: '科目 One subject by its code; null when the budget has no spending under it.',
        args: {
          scheme: t.arg({
            type: SubjectSchemeEnum,
            required: true,
            description: '分类 Which classification.',
          }),
          code: t.arg.string({ required: true, description: '科目编码 The code (2010301, 30101 …).' }),
        },
        resolve: async (b, args, ctx) =>
          (await subjectCodes(ctx, b, args.scheme)).includes(args.code)
            ? { budget: b, scheme: args.scheme, code: args.code }
            : null,
      }),
      threePublicCosts: t.field({
        type: ThreePublicCostsRef,
        description: '“三公”经费 The “three public” costs (09表).',
        resolve: (b) => b,
      }),
      operatingCosts: t.field({
        type: AmountRef,
        description: '机关（机构）运行经费 Operating costs of the office (13表); share of total spending.',
        resolve: (b, _args, ctx) => figure(ctx, b, operatingCost, { stated: 'operatingCosts' }),
      }),
      operatingCostLines: t.field({
        type: [OperatingCostLineRef],
        description: '机关运行经费明细 Operating costs by economic subject, by code.',
        resolve: async (b, _args, ctx) =>
          [...(await ctx.loaders.operatingCosts.load(b.id))]
            .sort((x, y) => x.departmentCode.localeCompare(y.departmentCode))
            .map((o) => ({ budget: b, departmentCode: o.departmentCode, value: o.amount })),
      }),
      priorYear: t.field({
        type: [PriorYearFigureRef],
        description: '上年数 Prior-year figures the narrative states.',
        resolve: (b, _args, ctx) => ctx.loaders.priorYear.load(b.id),
      }),
      procurement: t.field({
        type: [ProcurementRef],
        description: '政府采购 Planned government procurement.',
        resolve: (b, _args, ctx) => ctx.loaders.procurement.load(b.id),
      }),
      assets: t.field({
        type: [AssetRef],
        description: '国有资产占用 State assets at the end of the prior year.',
        resolve: (b, _args, ctx) => ctx.loaders.assets.load(b.id),
      }),
      narrative: t.field({
        type: [NarrativeClaimRef],
        description: '说明中的数字 Figures the narrative states, with the computed ones beside them.',
        resolve: async (b, _args, ctx) =>
          (await ctx.loaders.narrative.load(b.id)).map((n) => ({ ...n, budget: b })),
      }),
      basicItems: t.field({
        type: BasicItemConnection,
        description: '基本支出明细 The basic-spending detail lines (07表), in published order.',
        args: pageArgs(t.arg),
        complexity: pageComplexity,
        resolve: async (b, args, ctx) =>
          arrayPage(
            BasicItemConnection,
            args,
            ctx.config.maxPageSize,
            await ctx.loaders.basicItems.load(b.id),
          ),
      }),
      projects: t.field({
        type: [ProjectRef],
        description: '项目 Projects (12表) with their performance targets (14表).',
        resolve: (b, _args, ctx) => ctx.loaders.projects.load(b.id),
      }),
      table: t.field({
        type: DisclosureTableRef,
        description:
          '公开表 One of the 14 disclosure tables, regenerated from facts (the same content as the downloads).',
        args: { no: t.arg.int({ required: true, description: '表号 Table number 1…14.' }) },
        complexity: EXPENSIVE_COST.table,
        resolve: async (b, args, ctx) => {
          if (!LAYOUTS.some((l) => l.no === args.no)) {
            throw new GraphQLError(`table \`no\` must be 1…14, found ${args.no}`, {
              extensions: { code: 'BAD_USER_INPUT' },
            });
          }
          return { budget: b, table: await renderedTable(ctx, b, args.no) };
        },
      }),
      tables: t.field({
        type: [DisclosureTableRef],
        description: '公开表 All 14 disclosure tables.',
        complexity: { field: EXPENSIVE_COST.tables, multiplier: LAYOUTS.length },
        resolve: async (b, _args, ctx) =>
          (await renderedTables(ctx, b)).map((table) => ({ budget: b, table })),
      }),
      changesFrom: t.field({
        type: [CellChangeRef],
        description:
          '修订变化 The table cells that differ from another revision of the same budget (that revision → this one).',
        args: {
          revision: t.arg.int({ required: true, description: '修订版本 The revision to compare with.' }),
        },
        complexity: EXPENSIVE_COST.changesFrom,
        resolve: async (b, args, ctx) => {
          const other = (await ctx.loaders.budgetsByUnit.load(budgetUnitKey(b))).find(
            (x) => x.year === b.year && x.stage === b.stage && x.revision === args.revision,
          );
          if (!other) {
            throw new GraphQLError(`budget ${b.unitCode} ${b.year} has no revision ${args.revision}`, {
              extensions: { code: 'BAD_USER_INPUT' },
            });
          }
          const [before, after] = await Promise.all([renderedTables(ctx, other), renderedTables(ctx, b)]);
          return ctx.work.expensive(`diff:${other.id}:${b.id}`, () => diffTables(before, after));
        },
      }),
      explanation: t.field({
        type: [ExplanationSectionRef],
        description:
          '情况说明 The explanation (part 2) written from the stored facts: a section each, in the document’s order and sentences, with the figures it states. Reasons are only those the document stated.',
        complexity: { field: EXPENSIVE_COST.explanation, multiplier: EXPLANATION_SECTIONS.length },
        resolve: async (b, _args, ctx) => {
          layoutsOfBudget(b); // written in the sentences of its stage's document
          const budgetCtx = await budgetContext(ctx, b);
          return ctx.work.expensive(`explanation:${b.id}`, () => explainBudget(budgetCtx));
        },
      }),
      checks: t.field({
        type: [CheckRef],
        description: '校验 Every consistency check of the disclosure, with expected and found figures.',
        complexity: { field: EXPENSIVE_COST.checks, multiplier: 100 },
        resolve: async (b, _args, ctx) => {
          const budgetCtx = await budgetContext(ctx, b);
          return ctx.work.expensive(`checks:${b.id}`, () => runChecks(budgetCtx.d, budgetCtx.catalog));
        },
      }),
    };
  },
});
