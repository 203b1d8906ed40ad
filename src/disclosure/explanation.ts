import type { PriorYearMetric, ThreePublicItem } from '../domain.js';
import { change, formatWan, percentOf, sum, type Yuan } from '../money.js';
import type { BudgetContext } from './context.js';
import { FUND_SETS, type FundSet } from './context.js';
import { layoutsOf } from './layouts.js';

/**
 * Part 2 of a disclosure (预算情况说明) written from the stored facts, in the document's own
 * sentences (the template the seed and every Jiaozuo unit publish). Each figure is worked out
 * from the facts; each word that is no figure and no template — the reason a change is given,
 * what an item is for — is repeated only where the document stated it (Disclosure.statements)
 * and marked as stated. A change from the prior year is written only where the prior-year
 * figure is stored; a reason only where one was stated.
 *
 * A consolidated budget (a department's units added up) has no narrative of its own: its
 * sections are written from the sums, without reasons or prior years, and the sections that
 * rest on the economic schemes or on what only a unit's narrative states (机关运行经费, 国有资产)
 * are listed as omitted, with why.
 */
export interface ExplanationPart {
  text: string;
  /** words the document stated (a reason, a purpose), repeated verbatim */
  stated: boolean;
}

export interface ExplanationFigure {
  /** the metric, as narrative claims and checks name it (figures.ts) */
  metric: string;
  /** the figure as the text writes it (万元, percent or a count) */
  value: string;
}

export interface ExplanationSection {
  id: string;
  /** the section's heading, as the document titles it */
  title: string;
  /** the section's text; paragraphs separated by a line break */
  text: string;
  parts: ExplanationPart[];
  figures: ExplanationFigure[];
  /** why the section is not written (its facts are not stored or cannot be added up), or null */
  omitted: string | null;
}

/** The sections in the document's order: id and heading. */
export const EXPLANATION_SECTIONS = [
  ['overall', '收入支出预算总体情况说明'],
  ['income', '收入预算总体情况说明'],
  ['expenditure', '支出预算总体情况说明'],
  ['appropriation', '财政拨款收入支出总体情况说明'],
  ['generalPublic', '一般公共预算支出情况说明'],
  ['basic', '一般公共预算基本支出情况说明'],
  ['governmentFund', '政府性基金预算支出情况说明'],
  ['stateCapital', '国有资本经营预算支出预算情况说明'],
  ['threePublic', '一般公共预算“三公”经费支出预算情况说明'],
  ['operatingCosts', '机关（机构）运行经费支出情况'],
  ['procurement', '政府采购支出情况'],
  ['performance', '关于预算绩效管理工作开展情况说明'],
  ['assets', '国有资产占用情况'],
] as const;
export type ExplanationSectionId = (typeof EXPLANATION_SECTIONS)[number][0];

// —— how figures are written in the narrative ——
/** 万元 with two decimals; a zero as the document writes it ("0万元"). */
export const wan = (y: Yuan) => (y === 0 ? '0' : formatWan(y));
/** Whole 万元 without decimals ("4万元", "2.70万元"), as the document writes “三公” and assets. */
export const wanWhole = (y: Yuan) => formatWan(y).replace(/\.00$/, '');
/** Trailing zeros dropped ("12.3万元"), as the document writes a key project's amount. */
export const wanTrimmed = (y: Yuan) =>
  formatWan(y)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 二's sources of income in the document's order and words (上级补助收入 only where there is some). */
const INCOME_WORDS: [label: string, metric: string, funds: FundSet, always: boolean][] = [
  ['一般公共预算', 'income.generalPublic', FUND_SETS.generalPublic, true],
  ['政府性基金预算拨款收入', 'income.governmentFund', FUND_SETS.governmentFund, true],
  ['国有资本经营预算拨款收入', 'income.stateCapital', FUND_SETS.stateCapital, true],
  ['财政专户管理资金收入', 'income.specialAccount', FUND_SETS.specialAccount, true],
  ['事业收入', 'income.operatingRevenue', FUND_SETS.operatingRevenue, true],
  ['事业单位经营收入', 'income.businessRevenue', FUND_SETS.businessRevenue, true],
  ['上级补助收入', 'income.superiorSubsidy', FUND_SETS.superiorSubsidy, false],
  ['附属单位上缴收入', 'income.subsidiaryRemittance', FUND_SETS.subsidiaryRemittance, true],
  ['其他收入', 'income.otherRevenue', FUND_SETS.otherRevenue, true],
  ['上年结转结余', 'income.carryover', FUND_SETS.carryover, true],
];

/** One section being written: its parts and the figures they state. */
class Writer {
  readonly parts: ExplanationPart[] = [];
  readonly figures: ExplanationFigure[] = [];

  constructor(private readonly ctx: BudgetContext) {}

  /** template words */
  say(text: string): this {
    const last = this.parts.at(-1);
    if (last && !last.stated) last.text += text;
    else this.parts.push({ text, stated: false });
    return this;
  }

  /** a figure: recorded under its metric, written as the text around it says */
  fig(metric: string, value: string, text = value): this {
    this.figures.push({ metric, value });
    return this.say(text);
  }

  /** the document's own words under a key, or nothing (returns whether it said anything) */
  stated(key: string, before = '', after = ''): boolean {
    const text = this.ctx.d.statements.find((s) => s.key === key)?.text;
    if (!text) return false;
    this.say(before);
    this.parts.push({ text, stated: true });
    this.say(after);
    return true;
  }

  /**
   * The change from the prior year in the document's words ("比上年预算数增加D万元，增长P%",
   * "…减少D万元，下降P%", the flat phrase when nothing changed), then the stated reason: only
   * where the prior-year figure is stored. Returns whether it wrote anything.
   */
  movement(
    metric: string,
    current: Yuan,
    prior: PriorYearMetric,
    words: { before: string; lead: string; flat: string; format: (y: Yuan) => string },
  ): boolean {
    const previous = this.ctx.priorYear(prior);
    if (previous === null) return false;
    const c = change(current, previous);
    this.say(words.before);
    if (c.delta === 0) this.fig(`${metric}.change.delta`, '0', words.flat);
    else {
      const up = c.delta > 0;
      const delta = words.format(Math.abs(c.delta));
      this.fig(
        `${metric}.change.delta`,
        `${up ? '' : '-'}${delta}`,
        `${words.lead}${up ? '增加' : '减少'}${delta}万元`,
      );
      if (c.percent !== null)
        this.say('，').fig(
          `${metric}.change.percent`,
          c.percent,
          `${up ? '增长' : '下降'}${c.percent.replace(/^-/, '')}%`,
        );
    }
    this.stated(`reason.${metric}`, '，主要原因：');
    return true;
  }

  section(id: ExplanationSectionId): ExplanationSection {
    const title = EXPLANATION_SECTIONS.find(([i]) => i === id)![1];
    return {
      id,
      title,
      text: this.parts.map((p) => p.text).join(''),
      parts: this.parts,
      figures: this.figures,
      omitted: null,
    };
  }
}

const omitted = (id: ExplanationSectionId, why: string): ExplanationSection => ({
  id,
  title: EXPLANATION_SECTIONS.find(([i]) => i === id)![1],
  text: '',
  parts: [],
  figures: [],
  omitted: why,
});

/**
 * The 情况说明 of a budget from its facts. consolidated: the budget is a sum of units' budgets
 * (a department's); its sections that the sums cannot give are listed as omitted.
 */
export function explainBudget(
  ctx: BudgetContext,
  options: { consolidated?: boolean } = {},
): ExplanationSection[] {
  // the sentences are those of the stage's published document: a stage without layouts has none
  layoutsOf(ctx.d.stage);
  const consolidated = options.consolidated ?? ctx.members !== undefined;
  const d = ctx.d;
  const y = d.year;
  /** who the document says "我单位" of */
  const we = consolidated ? d.unit.name : '我单位';
  const sections: ExplanationSection[] = [];
  const writer = () => new Writer(ctx);
  const total = ctx.totalExpenditure();
  const income = ctx.income(FUND_SETS.all);
  const priorWords = { before: '，与上年相比，', flat: '持平，无增减变动', format: formatWan };

  // —— 一 收入支出预算总体情况 ——
  {
    const w = writer()
      .say(`${y}年收入总计`)
      .fig('income.total', formatWan(income))
      .say('万元，支出总计')
      .fig('total', formatWan(total))
      .say('万元');
    w.movement('total', total, 'total', {
      ...priorWords,
      lead: '收、支总计各',
      flat: '收、支总计持平，无增减变动',
    });
    sections.push(w.say('。').section('overall'));
  }

  // —— 二 收入 ——
  {
    const w = writer().say(`${y}年收入合计`).fig('income.total', formatWan(income)).say('万元，其中：');
    INCOME_WORDS.filter(([, , funds, always]) => always || ctx.income(funds)).forEach(
      ([label, metric, funds], i) => {
        if (i) w.say('；');
        w.say(label)
          .fig(metric, wan(ctx.income(funds)))
          .say('万元');
      },
    );
    sections.push(w.say('。').section('income'));
  }

  // —— 三 支出 ——
  {
    const basic = ctx.functional({ groups: ['personnel', 'public'] });
    const project = ctx.functional({ groups: ['project'] });
    const w = writer().say(`${y}年支出合计`).fig('total', formatWan(total)).say('万元，其中：');
    w.say('基本支出').fig('basic', formatWan(basic)).say('万元');
    const basicShare = percentOf(basic, total);
    if (basicShare !== null) w.say('，占').fig('basic.share', basicShare).say('%');
    w.say('；项目支出').fig('project', formatWan(project)).say('万元');
    const projectShare = percentOf(project, total);
    if (projectShare !== null) w.say('，占').fig('project.share', projectShare).say('%');
    sections.push(w.say('。').section('expenditure'));
  }

  // —— 四 财政拨款 ——
  const generalPublic = ctx.functional({ funds: FUND_SETS.generalPublic });
  {
    const w = writer()
      .say(`${y}年一般公共预算收支预算`)
      .fig('fund.generalPublic', wan(generalPublic))
      .say('万元，政府性基金收支预算')
      .fig('fund.governmentFund', wan(ctx.functional({ funds: FUND_SETS.governmentFund })))
      .say('万元，国有资本经营收支预算')
      .fig('fund.stateCapital', wan(ctx.functional({ funds: FUND_SETS.stateCapital })))
      .say('万元。');
    if (
      w.movement('fund.generalPublic', generalPublic, 'generalPublic', {
        before: '与上年相比，',
        lead: '一般公共预算收支预算',
        flat: '一般公共预算收支预算持平，无增减变动',
        format: formatWan,
      })
    )
      w.say('。');
    sections.push(w.section('appropriation'));
  }

  // —— 五 一般公共预算支出 by 类 ——
  {
    const w = writer()
      .say(`${y}年一般公共预算支出年初预算为`)
      .fig('fund.generalPublic', formatWan(generalPublic))
      .say('万元。');
    const classes = [
      ...new Set(
        d.functional.filter((f) => f.fund === 'generalPublic').map((f) => f.subjectCode.slice(0, 3)),
      ),
    ].sort();
    if (classes.length) {
      w.say('其中本年支出主要用于以下方面：');
      classes.forEach((code, i) => {
        const amount = ctx.functional({ funds: FUND_SETS.generalPublic, under: code });
        if (i) w.say('；');
        w.say(ctx.catalog.name('functional', code))
          .fig(`functional.${code}@generalPublic`, formatWan(amount))
          .say('万元，占')
          .fig(`functional.${code}@generalPublic.share`, percentOf(amount, generalPublic) ?? '0.00')
          .say('%');
      });
      w.say('。');
    }
    sections.push(w.section('generalPublic'));
  }

  // —— 六 一般公共预算基本支出 ——
  {
    const gp = FUND_SETS.generalPublic;
    const personnel = ctx.functional({ funds: gp, groups: ['personnel'] });
    const publicExpense = ctx.functional({ funds: gp, groups: ['public'] });
    /** the economic items of a group, as the document lists them (not for a sum of units) */
    const items = (group: 'personnel' | 'public') =>
      consolidated
        ? ''
        : [
            ...new Set(
              d.economic
                .filter((e) => e.fund === 'generalPublic' && e.group === group)
                .map((e) => ctx.label('economicDepartment', e.departmentCode)),
            ),
          ].join('、');
    const w = writer()
      .say(`${y}年本年一般公共预算基本支出为`)
      .fig('basic@generalPublic', formatWan(personnel + publicExpense))
      .say('万元。其中：人员经费')
      .fig('personnel@generalPublic', formatWan(personnel))
      .say('万元');
    const personnelItems = items('personnel');
    if (personnelItems) w.say(`，主要包括：${personnelItems}`);
    w.say('；公用经费').fig('publicExpense@generalPublic', formatWan(publicExpense)).say('万元');
    const publicItems = items('public');
    if (publicItems) w.say(`，主要包括：${publicItems}`);
    sections.push(w.say('。').section('basic'));
  }

  // —— 七, 八 政府性基金, 国有资本经营 ——
  for (const [id, scope, words] of [
    ['governmentFund', 'anyGovernmentFund', '政府性基金预算拨款'],
    ['stateCapital', 'anyStateCapital', '国有资本经营预算拨款'],
  ] as const) {
    const amount = ctx.functional({ funds: FUND_SETS[scope] });
    const w = writer();
    // the document's words when there is none: "我单位2024年无使用政府性基金预算拨款安排的支出。"
    if (!amount) w.say(`${we}${y}年`).fig(`total@${scope}`, '0', `无使用${words}安排的支出`).say('。');
    else {
      w.say(`${y}年${words}安排的支出`).fig(`total@${scope}`, formatWan(amount)).say('万元');
      w.stated(`purpose.total@${scope}`, '，主要用于');
      w.say('。');
    }
    sections.push(w.section(id));
  }

  // —— 九 三公 ——
  {
    const c = (item: ThreePublicItem) => ctx.threePublic(item);
    const threePublic = c('outboundTravel') + c('vehiclePurchase') + c('vehicleOperation') + c('reception');
    const vehicle = c('vehiclePurchase') + c('vehicleOperation');
    const itemWords = {
      before: '，',
      lead: '比上年预算数',
      flat: '与上年预算数持平，无增减变动',
      format: wanWhole,
    };
    const w = writer()
      .say(`${y}年“三公”经费预算为`)
      .fig('threePublic.total', wanWhole(threePublic))
      .say('万元');
    w.movement('threePublic.total', threePublic, 'threePublicTotal', { ...itemWords, before: '。' });
    w.say('。\n具体支出情况如下：\n');
    const item = (metric: ThreePublicItem, label: string) => {
      w.say(label)
        .fig(`threePublic.${metric}`, wanWhole(c(metric)))
        .say('万元');
      w.stated(`purpose.threePublic.${metric}`, '，');
      w.movement(`threePublic.${metric}`, c(metric), metric, itemWords);
      w.say('。');
    };
    w.say('（一）');
    item('outboundTravel', '因公出国（境）费 ');
    w.say('\n（二）公务用车购置及运行费 ').fig('threePublic.vehicle', wanWhole(vehicle)).say('万元。其中，');
    item('vehiclePurchase', '公务用车购置费 ');
    item('vehicleOperation', '公务用车运行维护费 ');
    w.say('\n（三）');
    item('reception', '公务接待费 ');
    sections.push(w.section('threePublic'));
  }

  // —— 十 其他重要事项 ——
  if (consolidated)
    sections.push(
      omitted(
        'operatingCosts',
        '机关（机构）运行经费 is stated by 部门经济分类 (an economic scheme), which Yusuan does not add up across units.',
      ),
    );
  else {
    const amount = ctx.operatingCosts();
    const w = writer()
      .say(`${y}年机关（机构）运行经费支出预算`)
      .fig('operatingCosts', wanWhole(amount))
      .say('万元，主要保障机关（机构）正常运转及正常履职需要的办公费、水电费、物业费、维修费、差旅费等支出');
    w.movement('operatingCosts', amount, 'operatingCosts', {
      before: '，',
      lead: '比上年预算数',
      flat: '与上年预算数持平，无增减变动',
      format: wanWhole,
    });
    sections.push(w.say('。').section('operatingCosts'));
  }

  if (!d.procurement.length)
    sections.push(omitted('procurement', '政府采购 is stated only in a unit’s narrative; none is stored.'));
  else {
    const kind = (k: string) => sum(d.procurement.filter((p) => p.kind === k).map((p) => p.amount));
    const w = writer()
      .say(`${y}年政府采购预算安排`)
      .fig('procurement.total', wanWhole(sum(d.procurement.map((p) => p.amount))))
      .say(
        `万元，其中：政府采购货物预算${wanWhole(kind('goods'))}万元、政府采购工程预算${wanWhole(kind('works'))}万元、政府采购服务预算${wanWhole(kind('services'))}万元。`,
      );
    sections.push(w.section('procurement'));
  }

  {
    const w = writer()
      .say(
        `${y}年${d.unit.name}按要求编制了绩效目标，综合反映了${consolidated ? '' : '单位'}各项目预期完成的成本指标、产出指标、效益指标和满意度指标等情况。${y}年，${we}纳入预算绩效管理的项目支出`,
      )
      .fig('projects.total', formatWan(ctx.projectAmount(null)))
      .say('万元，涉及项目')
      .fig('projects.count', String(d.projects.length))
      .say('个。');
    // the key projects the document names (重点项目), each with its amount from the facts
    const key = d.narrative
      .filter((n) => n.metric.startsWith('project.'))
      .map((n) => d.projects.find((p) => `project.${p.code}` === n.metric))
      .filter((p) => p !== undefined);
    if (key.length) w.say('\n');
    key.forEach((p, i) => {
      const name = p.name.endsWith('项目') ? p.name : `${p.name}项目`;
      w.say(`重点项目${ORDINALS[i] ?? i + 1}：${name}，年初预算安排`)
        .fig(`project.${p.code}`, wanTrimmed(ctx.projectAmount(p.code)))
        .say('万元');
      w.stated(`purpose.project.${p.code}`, '，主要用于：');
      w.say('。');
    });
    sections.push(w.section('performance'));
  }

  if (!d.assets.length)
    sections.push(
      omitted(
        'assets',
        consolidated
          ? '国有资产 is stated in each unit’s narrative at the end of the prior year; Yusuan does not add it up.'
          : '国有资产 is not stated in this disclosure.',
      ),
    );
  else {
    const asset = (item: string) => d.assets.find((a) => a.item === item);
    const value = (item: string) => wanWhole(asset(item)?.amount ?? 0);
    const count = (item: string) => asset(item)?.count ?? 0;
    const w = writer()
      .say(`上年期末，${d.unit.name}固定资产总额`)
      .fig('assets.fixedTotal', wanWhole(sum(d.assets.map((a) => a.amount ?? 0))))
      .say(
        `万元，其中，房屋建筑物${value('buildings')}万元，车辆${value('vehicles')}万元，办公设备${value('officeEquipment')}万元，专用设备${value('specialEquipment')}万元，其他资产${value('otherAssets')}万元。车辆共有`,
      )
      .fig('assets.vehicleCount', String(count('vehicles')))
      .say(
        `辆，其中：一般公务用车${count('generalOfficialVehicles')}辆，执法执勤用车${count('lawEnforcementVehicles')}辆，其他用车${count('otherVehicles')}辆；单位价值50万元以上通用设备${count('generalEquipmentOver500k')}台（套），单位价值100万元以上专用设备${count('specialEquipmentOver1m')}台（套）。`,
      );
    sections.push(w.section('assets'));
  }
  return sections;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/**
 * The sections as HTML for a unit's page: a <section> each with its heading and paragraphs, the
 * document's stated words in <q class="stated">, every text escaped. An omitted section says why.
 */
export function explanationHtml(sections: readonly ExplanationSection[]): string {
  return sections
    .map((s) => {
      if (s.omitted)
        return `<section class="explanation omitted" id="explanation-${s.id}"><h3>${escapeHtml(s.title)}</h3><p class="omitted">${escapeHtml(s.omitted)}</p></section>`;
      const html = s.parts
        .map((p) => (p.stated ? `<q class="stated">${escapeHtml(p.text)}</q>` : escapeHtml(p.text)))
        .join('');
      const paragraphs = html
        .split('\n')
        .map((p) => `<p>${p}</p>`)
        .join('');
      return `<section class="explanation" id="explanation-${s.id}"><h3>${escapeHtml(s.title)}</h3>${paragraphs}</section>`;
    })
    .join('\n');
}

/** The sections as Markdown (narrative.md): a heading each, stated words as written. */
export function explanationMarkdown(title: string, sections: readonly ExplanationSection[]): string {
  const lines = [`# ${title}`, ''];
  for (const s of sections) {
    lines.push(`## ${s.title}`, '');
    if (s.omitted) lines.push(`> ${s.omitted}`, '');
    else for (const p of s.text.split('\n')) lines.push(p, '');
  }
  return lines.join('\n');
}
