import { GraphQLError } from 'graphql';
import { budgetKey, budgetUnitKey } from '../../db/facts.js';
import { type BudgetRow, loadNodes } from '../../db/loaders.js';
import { runChecks } from '../../disclosure/checks/index.js';
import { BudgetContext, type FunctionalFilter } from '../../disclosure/context.js';
import { type CellChange, diffTables } from '../../disclosure/diff.js';
import {
  EXPLANATION_SECTIONS,
  type ExplanationFigure,
  type ExplanationPart,
  type ExplanationSection,
  explainBudget,
} from '../../disclosure/explanation.js';
import { metricValue, priorMetricOf } from '../../disclosure/figures.js';
import { LAYOUTS } from '../../disclosure/layouts.js';
import { type RenderedTable, renderTable } from '../../disclosure/render.js';
import {
  FUNDS,
  fundKeysOf,
  INCOME_OF_WHICH,
  isKeyOf,
  PRIOR_YEAR_METRICS,
  PROCUREMENT_KINDS,
  type SubjectScheme,
} from '../../domain.js';
import { sum } from '../../money.js';
import { builder, type Context } from '../builder.js';
import { figure, operatingCost, spending, threePublicCost } from '../figures.js';
import { arrayPage, connectionOf, pageArgs, pageComplexity } from '../pagination.js';
import { AmountRef, FundAmountRef, noPrevious } from './amount.js';
import { CategoryGroupEnum, FundEnum, StageEnum, SubjectSchemeEnum } from './enums.js';
import {
  BasicItemRef,
  BudgetRef,
  BudgetSubjectRef,
  CheckRef,
  DisclosureTableRef,
  ProjectRef,
  UnitRef,
} from './refs.js';
import { subjectCodes } from './subject.js';

/** A budget's facts as the tables and checks read them: once per request and budget. */
function budgetContext(ctx: Context, budget: BudgetRow): Promise<BudgetContext> {
  return ctx.work.once(`context:${budget.id}`, async () => {
    const [disclosure, catalog] = await Promise.all([
      ctx.loaders.disclosure.load(budget.id),
      ctx.loaders.catalog.load('all'),
    ]);
    return new BudgetContext(disclosure!, catalog);
  });
}

/**
 * The expensive reads of a budget, each worked out once per request however often it is asked
 * for (aliases, repeated ids) and run through the app's gate for expensive work (src/graphql/work.ts).
 */
async function renderedTable(ctx: Context, budget: BudgetRow, no: number): Promise<RenderedTable> {
  const layout = LAYOUTS.find((l) => l.no === no)!;
  const budgetCtx = await budgetContext(ctx, budget);
  return ctx.work.expensive(`table:${budget.id}:${no}`, () => renderTable(layout, budgetCtx));
}
const renderedTables = (ctx: Context, budget: BudgetRow) =>
  ctx.work.once(`tables:${budget.id}`, () =>
    Promise.all(LAYOUTS.map((layout) => renderedTable(ctx, budget, layout.no))),
  );

/** What the cost model charges for the expensive fields (SECURITY.md, "Query cost"). */
export const EXPENSIVE_COST = {
  table: 500,
  tables: 5_000,
  checks: 5_000,
  explanation: 5_000,
  changesFrom: 10_000,
} as const;

const ExplanationFigureRef = builder.objectRef<ExplanationFigure>('ExplanationFigure').implement({
  description: '说明所用数字 A figure an explanation section states.',
  fields: (t) => ({
    metric: t.exposeString('metric', {
      description:
        '指标 The metric, as narrative claims and checks name it (basic.share, functional.201@generalPublic …).',
    }),
    value: t.exposeString('value', {
      description: '数值 The figure as the text writes it (万元, % or a count).',
    }),
  }),
});

const ExplanationPartRef = builder.objectRef<ExplanationPart>('ExplanationPart').implement({
  description: '说明片段 A run of a section’s text: Yusuan’s template words, or the document’s own.',
  fields: (t) => ({
    text: t.exposeString('text', { description: '文字 The words.' }),
    stated: t.exposeBoolean('stated', {
      description:
        '原文所述 Whether the document stated these words (a reason, a purpose), repeated verbatim.',
    }),
  }),
});

const ExplanationSectionRef = builder.objectRef<ExplanationSection>('ExplanationSection').implement({
  description:
    '情况说明 One section of the budget’s explanation (part 2), written from the stored facts in the document’s sentences.',
  fields: (t) => ({
    id: t.exposeString('id', { description: '标识 The section (overall, income, threePublic …).' }),
    title: t.exposeString('title', { description: '标题 The section’s heading, as the document titles it.' }),
    text: t.exposeString('text', {
      description: '正文 The section’s text; paragraphs separated by a line break ("" when omitted).',
    }),
    parts: t.field({
      type: [ExplanationPartRef],
      description: '片段 The text in runs, the document’s own words marked stated.',
      resolve: (s) => s.parts,
    }),
    figures: t.field({
      type: [ExplanationFigureRef],
      description: '数字 Every figure the text states, by metric.',
      resolve: (s) => s.figures,
    }),
    omitted: t.exposeString('omitted', {
      nullable: true,
      description:
        '未生成原因 Why the section is not written (its facts are not stored or cannot be added up), or null.',
    }),
  }),
});

const IncomeLineRef = builder
  .objectRef<{ budget: BudgetRow; source: string; value: number; total: number }>('IncomeLine')
  .implement({
    description: '收入 Income from one source, as recorded.',
    fields: (t) => ({
      source: t.exposeString('source', { description: '来源键 Source key (a Fund, or an of-which line).' }),
      label: t.string({
        description: '来源 The source as the disclosure names it.',
        resolve: (i) =>
          isKeyOf(FUNDS, i.source)
            ? FUNDS[i.source].label
            : isKeyOf(INCOME_OF_WHICH, i.source)
              ? INCOME_OF_WHICH[i.source].label
              : i.source,
      }),
      ofWhich: t.boolean({
        description:
          '其中项 Whether this line restates part of another (其中：财政拨款) and is not added into totals.',
        resolve: (i) => isKeyOf(INCOME_OF_WHICH, i.source),
      }),
      amount: t.field({
        type: AmountRef,
        description: '金额 The amount; share of total income.',
        resolve: (i) => ({ value: i.value, shareOf: i.total, previous: noPrevious }),
      }),
    }),
  });

const ThreePublicCostsRef = builder.objectRef<BudgetRow>('ThreePublicCosts').implement({
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

const OperatingCostLineRef = builder
  .objectRef<{ budget: BudgetRow; departmentCode: string; value: number }>('OperatingCostLine')
  .implement({
    description: '机关运行经费明细 Operating costs under one economic subject (13表).',
    fields: (t) => ({
      subject: t.field({
        type: BudgetSubjectRef,
        description: '经济分类科目 The 部门预算支出经济分类 款.',
        resolve: (l) => ({
          budget: l.budget,
          scheme: 'economicDepartment' as SubjectScheme,
          code: l.departmentCode,
        }),
      }),
      amount: t.field({
        type: AmountRef,
        description: '金额 The amount; share of all operating costs.',
        resolve: (l, _args, ctx) =>
          figure(
            ctx,
            l.budget,
            async (c, id) =>
              sum(
                (await c.loaders.operatingCosts.load(id))
                  .filter((o) => o.departmentCode === l.departmentCode)
                  .map((o) => o.amount),
              ),
            { share: operatingCost },
          ),
      }),
    }),
  });

const PriorYearFigureRef = builder
  .objectRef<{ metric: string; entity: string; basis: boolean; amount: number }>('PriorYearFigure')
  .implement({
    description: '上年数 A prior-year figure the narrative states.',
    fields: (t) => ({
      metric: t.exposeString('metric', {
        description: '指标 What the figure measures (total, threePublicTotal …).',
      }),
      label: t.string({
        description: '指标名称 Its Chinese name.',
        resolve: (p) =>
          isKeyOf(PRIOR_YEAR_METRICS, p.metric) ? PRIOR_YEAR_METRICS[p.metric].label : p.metric,
      }),
      entity: t.exposeString('entity', {
        description: '主体 Whose figure it is (a predecessor unit, or 上年预算数).',
      }),
      basis: t.exposeBoolean('basis', {
        description: '比较基数 Whether the narrative’s changes compare against it.',
      }),
      amount: t.field({ type: 'Decimal', description: '金额 The figure (万元).', resolve: (p) => p.amount }),
    }),
  });

const ProcurementRef = builder.objectRef<{ kind: string; amount: number }>('Procurement').implement({
  description: '政府采购 Government procurement planned, by kind.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: '类别键 goods, works or services.' }),
    label: t.string({
      description: '类别 政府采购货物/工程/服务.',
      resolve: (p) => (isKeyOf(PROCUREMENT_KINDS, p.kind) ? PROCUREMENT_KINDS[p.kind].label : p.kind),
    }),
    amount: t.field({ type: 'Decimal', description: '金额 (万元).', resolve: (p) => p.amount }),
  }),
});

const AssetRef = builder
  .objectRef<{ item: string; label: string; amount: number | null; count: number | null }>('Asset')
  .implement({
    description: '国有资产 State assets held at the end of the prior year, as the narrative gives them.',
    fields: (t) => ({
      item: t.exposeString('item', { description: '项目键 Stable key.' }),
      label: t.exposeString('label', { description: '项目 As the narrative names it.' }),
      amount: t.field({
        type: 'Decimal',
        nullable: true,
        description: '价值 Value (万元), when stated.',
        resolve: (a) => a.amount,
      }),
      count: t.exposeInt('count', { nullable: true, description: '数量 Count, when stated.' }),
    }),
  });

const NarrativeClaimRef = builder
  .objectRef<{ budget: BudgetRow; metric: string; value: string; quote: string }>('NarrativeClaim')
  .implement({
    description: '说明中的数字 A figure the narrative states, beside the one Yusuan computes.',
    fields: (t) => ({
      metric: t.exposeString('metric', { description: '指标 The metric (basic.share, functional.201 …).' }),
      value: t.exposeString('value', { description: '所述数值 The figure as the narrative states it.' }),
      quote: t.exposeString('quote', { description: '原文 The narrative’s words.' }),
      computed: t.string({
        nullable: true,
        description: '计算值 The same metric computed from the stored facts.',
        resolve: async (n, _args, ctx) => metricValue(await budgetContext(ctx, n.budget), n.metric) ?? null,
      }),
    }),
  });

const BasicItemConnection = connectionOf(
  BasicItemRef,
  'BasicItemConnection',
  '基本支出明细 A page of detail lines',
);

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
          arrayPage(args, ctx.config.maxPageSize, await ctx.loaders.basicItems.load(b.id)),
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

const CellChangeRef = builder.objectRef<CellChange>('CellChange').implement({
  description: '单元格变化 A table cell that differs between two revisions.',
  fields: (t) => ({
    table: t.exposeInt('table', { description: '表号 Table number.' }),
    title: t.exposeString('title', { description: '标题 Table title.' }),
    row: t.exposeString('row', { description: '行 The row’s label cells (codes and names).' }),
    column: t.exposeString('column', { description: '列 The column’s header labels.' }),
    before: t.exposeString('before', {
      description: '修订前 The cell in the earlier revision ("" where blank or absent).',
    }),
    after: t.exposeString('after', { description: '修订后 The cell in this revision.' }),
  }),
});

const CategoryGroupAmountRef = builder
  .objectRef<{ budget: BudgetRow; group: 'personnel' | 'public' | 'project' }>('CategoryGroupAmount')
  .implement({
    description: '分经费类型金额 Spending of one group: 人员经费, 公用经费 or 项目支出.',
    fields: (t) => ({
      group: t.field({
        type: CategoryGroupEnum,
        description: '经费类型 The group.',
        resolve: (g) => g.group,
      }),
      amount: t.field({
        type: AmountRef,
        description: '金额 Spending of the group; share of total spending.',
        resolve: (g, _args, ctx) => figure(ctx, g.budget, spending({ groups: [g.group] })),
      }),
    }),
  });
