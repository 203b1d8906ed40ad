import { budgetKey } from '../../db/facts.js';
import type { BudgetRow } from '../../db/loaders.js';
import { economicTotal } from '../../disclosure/context.js';
import type { EconomicExpenditure } from '../../disclosure/facts.js';
import {
  CATEGORIES,
  CATEGORY_GROUPS,
  type Category,
  type CategoryGroup,
  FUNDS,
  type FundKey,
  fundKeysOf,
  fundLabel,
  isKeyOf,
  type SubjectScheme,
} from '../../domain.js';
import { builder, type Context } from '../builder.js';
import { budgetCatalog, type Compute, figure, spending, subjectName } from '../figures.js';
import { AmountRef } from './amount.js';
import { FundEnum, SubjectSchemeEnum } from './enums.js';
import { FundAmountRef } from './fund-amount.js';
import { ItemRef } from './item.js';
import {
  BudgetRef,
  BudgetSubjectRef,
  type ProjectShape,
  type SpendingLineShape,
  type SubjectShape,
} from './refs.js';

const CODE_LENGTHS = [3, 5, 7];

/** Codes of a scheme under which a budget has spending: the stored 项/款 and every parent. */
export function subjectCodes(ctx: Context, budget: BudgetRow, scheme: SubjectScheme): Promise<string[]> {
  return ctx.loaders.subjectCodes.load(`${budget.id}:${scheme}`);
}

/** Spending under a subject (of the subject's fund, when it has one; of exactly one fund key, when given). */
function subjectSpending(s: SubjectShape, groups?: CategoryGroup[], fundKey?: FundKey): Compute {
  const funds = s.fund ? [s.fund] : undefined;
  if (s.scheme === 'functional') return spending({ under: s.code, groups, funds, fundKey });
  return async (ctx, id) =>
    economicTotal((await ctx.loaders.economic.load(id)) as EconomicExpenditure[], {
      [s.scheme === 'economicDepartment' ? 'departmentCode' : 'governmentCode']: s.code,
      groups,
      funds,
      fundKey,
    });
}

/** The share a subject's figures take: of the budget's total, or of its fund's total. */
const shareOf = (s: SubjectShape) => (s.fund ? spending({ funds: [s.fund] }) : 'total');

/** The fund keys with spending under a subject, in the order of FUNDS. */
async function subjectFunds(ctx: Context, s: SubjectShape): Promise<FundKey[]> {
  const facts =
    s.scheme === 'functional'
      ? (await ctx.loaders.functional.load(s.budget.id)).filter((f) => f.subjectCode.startsWith(s.code))
      : (await ctx.loaders.economic.load(s.budget.id)).filter((e) =>
          (s.scheme === 'economicDepartment' ? e.departmentCode : e.governmentCode).startsWith(s.code),
        );
  return fundKeysOf(facts.filter((f) => f.amount && (!s.fund || f.fund === s.fund)).map((f) => f.fund));
}

/** The stored facts of a 项 or 款, as items: projects where the document names them, spending lines for the rest. */
async function subjectItems(ctx: Context, s: SubjectShape): Promise<(ProjectShape | SpendingLineShape)[]> {
  const budget = s.budget;
  if (s.scheme === 'functional') {
    if (s.code.length !== 7) return [];
    const facts = (await ctx.loaders.functional.load(budget.id)).filter(
      (f) => f.subjectCode === s.code && (!s.fund || f.fund === s.fund),
    );
    const projects = (await ctx.loaders.projects.load(budget.id)).filter(
      (p) => p.functionalSubjectCode === s.code && (!s.fund || p.amounts.every((a) => a.fund === s.fund)),
    );
    const lines: (ProjectShape | SpendingLineShape)[] = [];
    for (const f of facts.filter((x) => CATEGORIES[x.category as Category].group !== 'project')) {
      lines.push(
        spendingLine(
          budget,
          f.category as Category,
          CATEGORIES[f.category as Category].group,
          f.fund,
          f.amount,
        ),
      );
    }
    lines.push(...projects);
    return lines;
  }
  if (s.code.length !== 5) return [];
  const own = s.scheme === 'economicDepartment' ? 'departmentCode' : 'governmentCode';
  const other = s.scheme === 'economicDepartment' ? 'economicGovernment' : 'economicDepartment';
  const catalog = await budgetCatalog(ctx, budget.id);
  return (await ctx.loaders.economic.load(budget.id))
    .filter((e) => e[own] === s.code && (!s.fund || e.fund === s.fund))
    .map((e) => {
      const otherCode = own === 'departmentCode' ? e.governmentCode : e.departmentCode;
      const kind = e.group ? CATEGORY_GROUPS[e.group].label : '基本或项目未分';
      const source = e.fund === 'generalPublic' ? '' : `，${fundLabel(e.fund)}`;
      const name = `${otherCode} ${catalog.get(other, otherCode)?.name ?? ''}（${kind}${source}）`;
      return spendingLine(budget, null, e.group, e.fund, e.amount, name);
    });
}

function spendingLine(
  budget: BudgetRow,
  category: Category | null,
  group: CategoryGroup | null,
  fund: FundKey,
  value: number,
  name = `${category ? CATEGORIES[category].label : group ? CATEGORY_GROUPS[group].label : ''}${fund === 'generalPublic' ? '' : `（${fundLabel(fund)}）`}`,
): SpendingLineShape {
  return { budget, name, category, group, fund, value };
}

builder.node(BudgetSubjectRef, {
  description: '预算科目 A subject of a classification within one budget, with its computed figures.',
  id: { resolve: (s) => `${budgetKey(s.budget)}:${s.scheme}:${s.code}${s.fund ? `:${s.fund}` : ''}` },
  loadMany: (ids, ctx) =>
    Promise.all(
      ids.map(async (id) => {
        const [key = '', scheme, code = '', fund] = id.split(':') as [string, SubjectScheme, string, string?];
        const budget = await ctx.loaders.budgetByKey.load(key);
        if (!budget || !(await subjectCodes(ctx, budget, scheme)).includes(code)) return null;
        if (fund !== undefined && !isKeyOf(FUNDS, fund)) return null;
        return { budget, scheme, code, ...(fund ? { fund } : {}) };
      }),
    ),
  fields: (t) => {
    const amount = (description: string, groups?: CategoryGroup[]) =>
      t.field({
        type: AmountRef,
        description,
        resolve: (s, _args, ctx) => figure(ctx, s.budget, subjectSpending(s, groups), { share: shareOf(s) }),
      });
    return {
      scheme: t.field({
        type: SubjectSchemeEnum,
        description: '分类 The classification.',
        resolve: (s) => s.scheme,
      }),
      code: t.exposeString('code', { description: '科目编码 Code (201, 20103, 2010301).' }),
      level: t.int({
        description: '级次 1 类, 2 款, 3 项.',
        resolve: (s) => CODE_LENGTHS.indexOf(s.code.length) + 1,
      }),
      name: t.string({
        description: '科目名称 Official name (政府收支分类科目).',
        resolve: (s, _args, ctx) => subjectName(ctx, s.budget.id, s.scheme, s.code),
      }),
      label: t.string({
        description:
          '表中名称 The name as this disclosure prints it (may differ in bracket width or wording).',
        resolve: async (s, _args, ctx) =>
          (await ctx.loaders.labels.load(s.budget.id)).find((l) => l.scheme === s.scheme && l.code === s.code)
            ?.label ?? (await subjectName(ctx, s.budget.id, s.scheme, s.code)),
      }),
      budget: t.field({ type: BudgetRef, description: '预算 The budget.', resolve: (s) => s.budget }),
      parent: t.field({
        type: BudgetSubjectRef,
        nullable: true,
        description: '上级科目 The parent subject (款 of a 项, 类 of a 款).',
        resolve: (s) => {
          const length = CODE_LENGTHS[CODE_LENGTHS.indexOf(s.code.length) - 1];
          return length ? { ...s, code: s.code.slice(0, length) } : null;
        },
      }),
      children: t.field({
        type: [BudgetSubjectRef],
        description: '下级科目 Subjects one level down with spending, by code.',
        resolve: async (s, _args, ctx) => {
          const length = CODE_LENGTHS[CODE_LENGTHS.indexOf(s.code.length) + 1];
          return (await subjectCodes(ctx, s.budget, s.scheme))
            .filter((code) => code.length === length && code.startsWith(s.code))
            .map((code) => ({ ...s, code }));
        },
      }),
      items: t.field({
        type: [ItemRef],
        description:
          '明细 The stored facts of a 项 (functional) or 款 (economic): projects and spending lines. Their sum is the total.',
        resolve: (s, _args, ctx) => subjectItems(ctx, s),
      }),
      fund: t.field({
        type: FundEnum,
        nullable: true,
        description: '资金来源 The one source of funds these figures are for (null: all).',
        resolve: (s) => s.fund ?? null,
      }),
      total: amount(
        '合计 All spending under the subject; share of the budget’s total (of its fund’s total, with fund).',
      ),
      byFund: t.field({
        type: [FundAmountRef],
        description: '按资金来源 Spending under the subject by source of funds (only sources with spending).',
        resolve: async (s, _args, ctx) =>
          (await subjectFunds(ctx, s)).map((fund) => ({
            budget: s.budget,
            fund,
            compute: subjectSpending(s, undefined, fund),
          })),
      }),
      basic: amount('基本支出 Basic spending under the subject.', ['personnel', 'public']),
      personnel: amount('人员经费 Personnel spending under the subject.', ['personnel']),
      publicExpense: amount('公用经费 Public expenses under the subject.', ['public']),
      project: amount('项目支出 Project spending under the subject.', ['project']),
    };
  },
});
