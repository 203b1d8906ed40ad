import { Decimal } from 'decimal.js';
import type {
  Asset,
  NarrativeClaim,
  NarrativeStatement,
  PriorYearFigure,
  UnitProfile,
} from '../disclosure/facts.js';
import { priorMetricOf } from '../disclosure/figures.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import {
  ASSET_ITEMS,
  DEFAULT_STAGE,
  INCOME_TERMS,
  PROCUREMENT_KINDS,
  type ProcurementKind,
  THREE_PUBLIC_TERMS,
} from '../domain.js';
import { change as changeOf, parseWan, type Yuan } from '../money.js';
import type { DocumentLine } from './document.js';
import { sameName } from './labels.js';
import type { ManifestPart } from './manifest.js';
import type { ImportProblem } from './problems.js';
import type { TableInput } from './table-input.js';

/**
 * Reads what a disclosure's narrative (parts 1–3) states: the cover, the unit's profile and
 * duties, and every figure of part 2 with its quote — totals, shares, changes in either
 * direction, prior-year figures, 政府采购, 绩效, 国有资产. Sentences follow the template units
 * publish (the seed document's); a figure is read only where the template names its metric.
 */
const N = '(\\d+(?:\\.\\d+)?)';
const CHANGE = new RegExp(`(增加|减少)了?${N}万元(?:[，,]?(增长|下降)了?${N}%)?`);
const PERCENT_ONLY = new RegExp(`(增长|下降)了?${N}%`);
const FLAT = /持平|无增减变动/;
const CN_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

interface Paragraph {
  text: string;
  line: number;
}

const isHeading = (text: string) =>
  /^第[一二三四]部分/.test(text) ||
  (/^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|- )/.test(text) &&
    text.length < 40 &&
    !/[，。]/.test(text));

/** Lines joined into paragraphs: a page break or wrap splits a sentence, a heading or full stop ends one. */
function paragraphs(lines: DocumentLine[]): Paragraph[] {
  const out: Paragraph[] = [];
  let open: Paragraph | null = null;
  for (const l of lines) {
    const text = l.text.trim();
    if (!text) continue;
    if (!open || isHeading(open.text) || isHeading(text) || /[。：:！？]$/.test(open.text)) {
      open = { text, line: l.no };
      out.push(open);
    } else open.text += text;
  }
  // figures are read without thousands separators ("1,234.56万元" is 1234.56)
  for (const p of out) p.text = p.text.replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1');
  return out;
}

/** A change as stated, a decrease with a minus sign ("减少10.70万元" → "-10.70"). */
const signed = (verb: string | undefined, value: string) =>
  verb === '减少' || verb === '下降' ? `-${value}` : value;

export function readNarrative(
  name: string,
  lines: DocumentLine[],
  year: number,
  tables: TableInput[],
  catalog: SubjectCatalog,
  problems: ImportProblem[],
): ManifestPart | null {
  const before = problems.length;
  const problem = (line: number | null, expected: string, found: string) =>
    problems.push({ file: name, row: line, column: 'narrative', expected, found });
  /** a figure the narrative states that Yusuan cannot name: kept out, and said so */
  const readingNotes: ImportProblem[] = [];
  const note = (line: number | null, expected: string, found: string) =>
    readingNotes.push({ file: name, row: line, column: 'narrative', expected, found });
  const all = paragraphs(lines);
  const lastIndex = (prefix: string) => all.findLastIndex((p) => p.text.startsWith(prefix));
  const part2 = lastIndex('第二部分');
  const part3 = lastIndex('第三部分');
  const part1 = all.slice(0, part2).findLastIndex((p) => p.text.startsWith('第一部分'));
  const explanation = all.slice(part2 + 1, part3 > part2 ? part3 : all.length);
  const overview = all.slice(part1 + 1, part2);

  // —— cover, unit and department ——
  const coverIndex = lines.findIndex((l) => /^\d{4}年度单位预算$/.test(sameName(l.text)));
  const unitLine = lines.slice(0, coverIndex).findLast((l) => l.text.trim());
  const published = lines
    .map((l) => /^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月$/.exec(sameName(l.text)))
    .find(Boolean);
  const month = published
    ? (() => {
        const m = published[2]!;
        const n =
          m.length === 1
            ? CN_DIGITS[m]
            : m === '十'
              ? '10'
              : m.startsWith('十')
                ? `1${CN_DIGITS[m[1]!]}`
                : '';
        return n ? `${[...published[1]!].map((d) => CN_DIGITS[d]).join('')}-${n.padStart(2, '0')}` : null;
      })()
    : null;
  const t02 = tables.find((t) => t.layout.no === 2);
  const [, departmentRow, unitRow] = t02?.body ?? [];
  if (!departmentRow?.[0] || !unitRow?.[0]) {
    problems.push({
      file: t02?.file ?? name,
      row: t02?.lines?.[0] ?? null,
      column: '单位代码',
      expected: 'a 合计 row, the department row and the unit row (code and name)',
      found: `${t02?.body.length ?? 0} rows`,
    });
    return null;
  }
  const unitName = unitRow[1] ?? '';
  if (unitLine && sameName(unitLine.text) !== sameName(unitName))
    problem(unitLine.no, `the unit table 02 names, "${unitName}"`, `"${unitLine.text.trim()}"`);

  const claims: (NarrativeClaim & { line: number })[] = [];
  const claim = (metric: string, value: string, quote: string, line: number) => {
    const earlier = claims.find((c) => c.metric === metric);
    if (!earlier) claims.push({ metric, value, quote, line });
    else if (!new Decimal(earlier.value).equals(value))
      problem(
        line,
        `${metric} as the narrative stated it on line ${earlier.line} (“${earlier.quote}”: ${earlier.value})`,
        `“${quote}”: ${value}`,
      );
  };
  const statements: NarrativeStatement[] = [];
  /** words the narrative states that are no figure, verbatim (the first time a key is said) */
  const say = (key: string, text: string) => {
    const words = text
      .replace(/^[\s，,：:。*]+/, '')
      .replace(/[\s，,；;。*]+$/, '')
      .trim();
    if (words && !statements.some((x) => x.key === key)) statements.push({ key, text: words });
  };
  const priorYear: PriorYearFigure[] = [];
  /** states a figure and, where the text says how it changed, its change and prior-year figure */
  const stated = (
    metric: string,
    value: string,
    quote: string,
    line: number,
    after: string,
    entities: { entity: string; amount: Yuan }[] = [],
  ) => {
    claim(metric, value, quote, line);
    // a change belongs to the figure when it follows it before any reason is given, in its sentence
    // or the next one when that one continues the comparison (“。比上年预算数增加…”)
    const near = after.split(/主要原因|。(?!(?:比|与)上年)/)[0]!;
    // the reason the text gives for the change, as it gives it (up to the end of its paragraph)
    const because = /主要原因[：:]?/.exec(after);
    if (because) say(`reason.${metric}`, after.slice(because.index + because[0].length));
    const change = CHANGE.exec(near);
    const flat = FLAT.exec(near);
    const percentOnly = change ? null : PERCENT_ONLY.exec(near);
    let delta: string | null = null;
    if (change && (!flat || change.index < flat.index)) {
      delta = signed(change[1], change[2]!);
      claim(`${metric}.change.delta`, delta, change[0].split(/[，,]/)[0]!, line);
      if (change[4])
        claim(`${metric}.change.percent`, signed(change[3], change[4]), `${change[3]}${change[4]}%`, line);
    } else if (percentOnly && !flat) {
      claim(`${metric}.change.percent`, signed(percentOnly[1], percentOnly[2]!), percentOnly[0], line);
    } else if (flat) {
      delta = '0';
      claim(`${metric}.change.delta`, '0', flat[0], line);
    }
    const prior = priorMetricOf(metric);
    if (!prior) return;
    const current = parseWan(value);
    const deltaYuan = delta === null ? null : parseWan(delta);
    // the basis is the prior-year figure the stated change is measured from
    const percent = percentOnly ? signed(percentOnly[1], percentOnly[2]!) : null;
    const basis =
      deltaYuan !== null
        ? entities.find((e) => current - e.amount === deltaYuan)
        : percent !== null
          ? entities.find(
              (e) => e.amount && new Decimal(changeOf(current, e.amount).percent ?? 'NaN').equals(percent),
            )
          : entities.length === 1
            ? entities[0]
            : undefined;
    for (const e of entities)
      priorYear.push({ metric: prior, entity: e.entity, basis: e === basis, amount: e.amount });
    if (!basis && deltaYuan !== null && !entities.some((e) => e.entity === '上年预算数'))
      priorYear.push({ metric: prior, entity: '上年预算数', basis: true, amount: current - deltaYuan });
  };
  const section = (keyword: string) => {
    const heading = new RegExp(`^[一二三四五六七八九十]+、${keyword}`);
    const start = explanation.findIndex((p) => isHeading(p.text) && heading.test(p.text));
    if (start < 0) return [];
    const end = explanation.findIndex(
      (p, i) => i > start && /^[一二三四五六七八九十]+、/.test(p.text) && isHeading(p.text),
    );
    return explanation.slice(start + 1, end < 0 ? explanation.length : end);
  };
  const each = (ps: Paragraph[], pattern: RegExp, read: (m: RegExpExecArray, p: Paragraph) => void) => {
    // every match of each paragraph, as matchAll gives them, through one global copy of the pattern
    const global = new RegExp(pattern.source, 'g');
    for (const p of ps) {
      global.lastIndex = 0;
      for (let m = global.exec(p.text); m; m = global.exec(p.text)) {
        if (m[0] === '') global.lastIndex++;
        read(m, p);
      }
    }
  };
  const entitiesIn = (ps: Paragraph[], pattern: RegExp) => {
    const out: { entity: string; amount: Yuan }[] = [];
    each(ps, pattern, (m) => {
      const entity = (m[1] ?? '').replace(/^与上年相比/, '');
      const y = Number(m[2] || year - 1);
      if (y === year - 1 && !out.some((e) => e.entity === (entity || '上年')))
        out.push({ entity: entity || '上年', amount: parseWan(m[3]!) });
    });
    return out;
  };

  // —— 一 收入支出预算总体情况 ——
  const overall = section('收入支出预算总体情况');
  each(overall, new RegExp(`${year}年收入总计${N}万元，支出总计${N}万元`), (m, p) =>
    stated('total', m[2]!, m[0], p.line, p.text.slice(m.index + m[0].length), priorTotals(overall, year)),
  );

  // —— 二 收入 ——
  for (const p of section('收入预算总体情况')) {
    const total = new RegExp(`收入合计${N}万元`).exec(p.text);
    if (total) claim('income.total', total[1]!, total[0], p.line);
    const list = p.text.slice(p.text.indexOf('其中') + 3);
    for (const item of p.text.includes('其中') ? list.split(/[；;。]/) : []) {
      const m = new RegExp(`^[，,：:]?(.+?)${N}万元$`).exec(item.trim());
      if (!m) continue;
      const metric = INCOME_TERMS[sameName(m[1]!)];
      if (!metric)
        note(
          p.line,
          `a source of income Yusuan names (${Object.keys(INCOME_TERMS).join('、')})`,
          `“${item.trim()}” (not read)`,
        );
      else claim(metric, m[2]!, item.trim(), p.line);
    }
  }

  // —— 三 支出 ——
  each(section('支出预算总体情况'), new RegExp(`(基本支出|项目支出)${N}万元，占${N}%`), (m, p) => {
    const metric = m[1] === '基本支出' ? 'basic' : 'project';
    claim(metric, m[2]!, `${m[1]}${m[2]}万元`, p.line);
    claim(`${metric}.share`, m[3]!, `占${m[3]}%`, p.line);
  });

  // —— 四 财政拨款 ——
  const appropriation = section('财政拨款收入支出总体情况');
  const text4 = appropriation.map((p) => p.text).join('');
  for (const [term, fund] of [
    ['一般公共预算', 'generalPublic'],
    ['政府性基金', 'governmentFund'],
    ['国有资本经营', 'stateCapital'],
  ] as const) {
    const m = new RegExp(`(?:${year}年|(?<!\\d年))${term}收支预算${N}万元`).exec(text4);
    if (!m) continue;
    const change = new RegExp(`${term}收支预算(?=各?(?:增加|减少)|(?:与上年)?持平)`).exec(text4);
    stated(
      `fund.${fund}`,
      m[1]!,
      m[0],
      appropriation[0]!.line,
      change ? text4.slice(change.index + change[0].length) : '',
      entitiesIn(appropriation, new RegExp(`([^。；，：]*?)(\\d{4})年${term}收支预算${N}万元`)),
    );
  }

  // —— 五 一般公共预算支出 by 类, shares of the general public budget ——
  const classes = section('一般公共预算支出情况');
  each(classes, new RegExp(`([^，。；：、]+?)${N}万元，占${N}%`), (m, p) => {
    const code = classCode(m[1]!, tables, catalog);
    if (!code) {
      note(p.line, 'the name of a functional subject that table 05 lists', `“${m[0]}” (not read)`);
      return;
    }
    claim(`functional.${code}@generalPublic`, m[2]!, `${m[1]}${m[2]}万元`, p.line);
    claim(`functional.${code}@generalPublic.share`, m[3]!, `占${m[3]}%`, p.line);
  });
  each(classes, new RegExp(`一般公共预算支出(?:年初预算)?为${N}万元`), (m, p) =>
    claim('fund.generalPublic', m[1]!, m[0], p.line),
  );

  // —— 六 一般公共预算基本支出 ——
  const basic = section('一般公共预算基本支出情况');
  each(basic, new RegExp(`一般公共预算基本支出为${N}万元`), (m, p) =>
    claim('basic@generalPublic', m[1]!, m[0], p.line),
  );
  each(basic, new RegExp(`(人员经费|公用经费)${N}万元`), (m, p) =>
    claim(
      m[1] === '人员经费' ? 'personnel@generalPublic' : 'publicExpense@generalPublic',
      m[2]!,
      m[0],
      p.line,
    ),
  );

  // —— 七, 八 政府性基金, 国有资本经营 ——
  for (const [keyword, scope] of [
    ['政府性基金预算支出', 'anyGovernmentFund'],
    ['国有资本经营预算支出', 'anyStateCapital'],
  ] as const) {
    const term = keyword.slice(0, -4);
    for (const p of section(keyword)) {
      const none = new RegExp(`无使用${term}预算拨款安排的支出`).exec(p.text);
      const some = new RegExp(`${term}预算(?:拨款)?安排的支出(?:预算)?(?:为)?${N}万元`).exec(p.text);
      if (none) claim(`total@${scope}`, '0', none[0], p.line);
      else if (some) {
        claim(`total@${scope}`, some[1]!, some[0], p.line);
        const purpose = /^[，,]主要用于[：:]?([^。]*)/.exec(p.text.slice(some.index + some[0].length));
        if (purpose) say(`purpose.total@${scope}`, purpose[1]!);
      }
    }
  }

  // —— 九 三公 ——
  const threePublic = section('一般公共预算“三公”');
  const text9 = threePublic.map((p) => p.text).join('');
  const line9 = (at: number) => {
    let offset = 0;
    for (const p of threePublic) {
      if (at < offset + p.text.length) return p.line;
      offset += p.text.length;
    }
    return threePublic.at(-1)?.line ?? 0;
  };
  const terms = Object.keys(THREE_PUBLIC_TERMS).sort((a, b) => b.length - a.length);
  const marks = [
    ...text9.matchAll(
      new RegExp(
        `(${terms.map((t) => t.replace(/[（(]/g, '[（(]').replace(/[）)]/g, '[）)]')).join('|')})(?:\\*\\*)?\\s*${N}万元`,
        'g',
      ),
    ),
  ];
  /** where the paragraph holding an offset of text9 ends */
  const paragraphEnd9 = (at: number) => {
    let offset = 0;
    for (const p of threePublic) {
      offset += p.text.length;
      if (at < offset) return offset;
    }
    return text9.length;
  };
  const totalMatch = new RegExp(`“三公”经费(?:支出)?预算(?:数)?为${N}万元`).exec(text9);
  if (totalMatch) {
    const end = Math.min(
      marks.find((m) => m.index > totalMatch.index)?.index ?? text9.length,
      paragraphEnd9(totalMatch.index),
    );
    stated(
      'threePublic.total',
      totalMatch[1]!,
      totalMatch[0],
      line9(totalMatch.index),
      text9.slice(totalMatch.index + totalMatch[0].length, end),
    );
  }
  marks.forEach((m, i) => {
    const end = Math.min(marks[i + 1]?.index ?? text9.length, paragraphEnd9(m.index!));
    const after = text9.slice(m.index! + m[0].length, end);
    const metric = `threePublic.${THREE_PUBLIC_TERMS[sameName(m[1]!).replaceAll('(', '（').replaceAll(')', '）')]}`;
    // a heading item (公务用车购置及运行费) states its change only before its first sub-item
    stated(metric, m[2]!, m[0].replaceAll('*', ''), line9(m.index!), after);
    // what the item is for, as said between its figure and its comparison with the prior year
    if (/^[，,]/.test(after)) say(`purpose.${metric}`, after.split(/(?:比|与)上年|主要原因|[。](?=.)/)[0]!);
  });

  // —— 十 其他重要事项 ——
  const other = section('其他重要事项');
  const bracket = '[（(]';
  const close = '[）)]';
  each(other, new RegExp(`机关${bracket}机构${close}运行经费支出预算${N}万元`), (m, p) =>
    stated(
      'operatingCosts',
      m[1]!,
      m[0],
      p.line,
      p.text.slice(m.index + m[0].length),
      entitiesIn(
        other,
        new RegExp(`([^。；，：]*?)(\\d{4})年(?:机关${bracket}机构${close}|机构)运行经费支出预算${N}万元`),
      ),
    ),
  );
  const procurement: { kind: ProcurementKind; amount: Yuan }[] = [];
  each(other, new RegExp(`政府采购预算安排${N}万元`), (m, p) =>
    claim('procurement.total', m[1]!, m[0], p.line),
  );
  for (const kind of Object.keys(PROCUREMENT_KINDS) as ProcurementKind[])
    each(other, new RegExp(`${PROCUREMENT_KINDS[kind].label}预算${N}万元`), (m) => {
      if (!procurement.some((x) => x.kind === kind)) procurement.push({ kind, amount: parseWan(m[1]!) });
    });
  each(other, new RegExp(`纳入预算绩效管理的项目支出${N}万元`), (m, p) =>
    claim('projects.total', m[1]!, m[0], p.line),
  );
  each(other, /涉及项目(\d+)个/, (m, p) => claim('projects.count', m[1]!, m[0], p.line));
  const t14 = tables.find((t) => t.layout.no === 14);
  each(other, new RegExp(`重点项目[一二三四五六七八九十]+[：:](.+?)[，,]年初预算安排${N}万元`), (m, p) => {
    const project = sameName(m[1]!).replace(/项目$/, '');
    const listed = (t14?.body ?? []).filter((r) => r[0] && /^\d{10,}$/.test(r[0]));
    const named = (r: string[]) => sameName(r[1] ?? '').replace(/项目$/, '');
    const prefixed = listed.filter((r) => named(r).startsWith(project));
    const row = listed.find((r) => named(r) === project) ?? (prefixed.length === 1 ? prefixed[0] : undefined);
    if (!row) note(p.line, 'the name of a project that table 14 lists', `“${m[0]}” (not read)`);
    else {
      claim(`project.${row[0]}`, m[2]!, `${m[1]}，年初预算安排${m[2]}万元`, p.line);
      const purpose = /^[，,]主要用于[：:]?([^。]*)/.exec(p.text.slice(m.index + m[0].length));
      if (purpose) say(`purpose.project.${row[0]}`, purpose[1]!);
    }
  });
  const assets: Asset[] = [];
  const asset = (item: string, amount: Yuan | null, count: number | null) => {
    const known = assets.find((a) => a.item === item);
    if (known) {
      known.amount ??= amount;
      known.count ??= count;
    } else assets.push({ item, label: ASSET_ITEMS[item as keyof typeof ASSET_ITEMS].label, amount, count });
  };
  for (const p of other) {
    const fixed = new RegExp(`固定资产总额${N}万元`).exec(p.text);
    if (!fixed) continue;
    claim('assets.fixedTotal', fixed[1]!, fixed[0], p.line);
    for (const [item, { label, measure }] of Object.entries(ASSET_ITEMS)) {
      const m = new RegExp(
        `(?:^|[，,；：、])${label}${measure === '万元' ? N : '(\\d+)'}${measure === '万元' ? '万元' : measure}`,
      ).exec(p.text.slice(fixed.index));
      if (m)
        asset(item, measure === '万元' ? parseWan(m[1]!) : null, measure === '万元' ? null : Number(m[1]));
    }
    const vehicles = /车辆共有(\d+)辆/.exec(p.text);
    if (vehicles) {
      claim('assets.vehicleCount', vehicles[1]!, vehicles[0], p.line);
      asset('vehicles', null, Number(vehicles[1]));
    }
  }

  // —— 第一部分: profile, duties, formation ——
  const profileText = overview.find((p) => /编制|机构规格|内设/.test(p.text))?.text ?? '';
  const dutiesText = overview.find((p) => /主要职责/.test(p.text))?.text ?? '';
  const duties = dutiesText
    .replace(/^.*?主要职责(?:是)?[：:]/, '')
    .split(/(?:^|(?<=[。；;]))\s*\d+[.．、]\s*/)
    .map((d) => d.trim())
    .filter(Boolean);
  const quotas = [...profileText.matchAll(/编制(\d+)名/g)].map((m) => Number(m[1]));
  const formationText = all.map((p) => p.text).find((t) => /根据.+?号文件.*?组建/.test(t)) ?? '';
  const formationDoc = /根据([^，。]+?号)文件/.exec(formationText)?.[1];
  const merged = /整合(.+?)[，,]组建/.exec(formationText)?.[1];
  const predecessors = merged ? unitNames(merged) : [];
  const unit: UnitProfile = {
    code: unitRow[0],
    name: unitName,
    // the region comes from the tables' project codes (or the import's --region)
    regionCode: null,
    nature:
      /所属([^，。]+)/.exec(profileText)?.[1] ??
      /为([^，。]*?(?:单位|机关|机构))[，。]/.exec(profileText)?.[1] ??
      null,
    rank: /机构规格(?:相当于|为)?([^，。]+)/.exec(profileText)?.[1] ?? null,
    staffingQuota: quotas.length ? quotas.reduce((a, b) => a + b, 0) : null,
    staffCount: Number(/在职(?:人员)?(\d+)人/.exec(profileText)?.[1] ?? NaN) || null,
    internalDivisions: /内设([^。]+?)(?:等\d+个[^。]*)?。/.exec(profileText)?.[1]?.split('、') ?? [],
    duties,
    formation: formationDoc ? { document: formationDoc, predecessors } : null,
  };
  if (problems.length > before) return null;
  return {
    source: name,
    title: `${unitName}${year}年度单位预算`,
    publishedOn: month,
    year,
    // a 单位预算公开 document: its tables are the default stage's (预算) layouts
    stage: DEFAULT_STAGE,
    department: { code: departmentRow[0], name: departmentRow[1] ?? '' },
    unit,
    priorYear,
    procurement,
    assets,
    narrative: claims.map(({ line: _line, ...c }) => c),
    statements,
    narrativeLines: Object.fromEntries(claims.map((c) => [c.metric, c.line])),
    readingNotes,
    subjects: [],
    projectSubjects: {},
  };
}

/**
 * The units a phrase lists ("A、B和C"): split only where 、 or 和 follows the end of a unit's name
 * (…中心, …局) outside brackets, so that names with 和 in them (人力资源和社会保障局) stay whole.
 */
export function unitNames(phrase: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < phrase.length; i++) {
    const c = phrase[i]!;
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') depth--;
    else if (
      (c === '、' || c === '和') &&
      depth === 0 &&
      /(中心|局|站|所|院|办|队|馆|处|会|室|委|部|厅|校|园|社|库|场|[）)])$/.test(phrase.slice(start, i))
    ) {
      names.push(phrase.slice(start, i));
      start = i + 1;
    }
  }
  names.push(phrase.slice(start));
  return names.filter(Boolean);
}

/** 上年 totals the overall section states, per unit it names ("2023年X收入总计174.15万元"). */
function priorTotals(ps: Paragraph[], year: number): { entity: string; amount: Yuan }[] {
  const out: { entity: string; amount: Yuan }[] = [];
  for (const p of ps) {
    for (const sentence of p.text.split(/[。；;]/)) {
      const m = new RegExp(`^(?:.*?[，,：:])?(?:(\\d{4})年)?([^，,：:]*?)收入总计${N}万元`).exec(sentence);
      if (!m) continue;
      const y = Number(m[1] || year - 1);
      const entity = m[2] ?? '';
      if (y === year || (!m[1] && !entity)) continue;
      if (y === year - 1) out.push({ entity: entity || '上年', amount: parseWan(m[3]!) });
    }
  }
  return out;
}

/** The code of the functional 类 a narrative names ("一般公共服务支出", "教育"), among those table 05 lists. */
function classCode(label: string, tables: TableInput[], catalog: SubjectCatalog): string | null {
  const t05 = tables.find((t) => t.layout.no === 5);
  const listed = new Set(
    (t05?.body ?? [])
      .map((r) => `${r[0] ?? ''}${r[1] ?? ''}${r[2] ?? ''}`)
      .filter((c) => /^\d{7}$/.test(c))
      .flatMap((c) => [c.slice(0, 3), c.slice(0, 5), c]),
  );
  const key = (name: string) =>
    sameName(name)
      .replace(/[(（]类[)）]/, '')
      .replace(/支出$/, '');
  const found = [...listed].filter((code) => key(catalog.get('functional', code)?.name ?? '') === key(label));
  // a name several listed subjects share (a 款 and its 项) is the broader one
  return found.sort((a, b) => a.length - b.length)[0] ?? null;
}

/**
 * Part 2's paragraphs grouped under their headings (一、…, and （一）… under 十), read as
 * readNarrative reads them: the published wording a generated explanation is held against.
 * Headings are given without their ordinal ("收入预算总体情况说明").
 */
export function explanationParagraphs(lines: DocumentLine[]): { heading: string; paragraphs: string[] }[] {
  const all = paragraphs(lines);
  const part2 = all.findLastIndex((p) => p.text.startsWith('第二部分'));
  const part3 = all.findLastIndex((p) => p.text.startsWith('第三部分'));
  const out: { heading: string; paragraphs: string[] }[] = [];
  for (const p of all.slice(part2 + 1, part3 > part2 ? part3 : all.length)) {
    const heading = /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(.*)$/.exec(p.text);
    if (isHeading(p.text) && heading) out.push({ heading: heading[1]!.trim(), paragraphs: [] });
    else out.at(-1)?.paragraphs.push(p.text);
  }
  return out;
}
