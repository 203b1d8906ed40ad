import { toleranceFor } from '../disclosure/checks/index.js';
import { headerRows, leafColumns } from '../disclosure/columns.js';
import { BudgetContext, FUND_SETS, type FundSet } from '../disclosure/context.js';
import type {
  BasicItem,
  Disclosure,
  EconomicExpenditure,
  FunctionalExpenditure,
  Income,
  PerformanceIndicator,
  Project,
} from '../disclosure/facts.js';
import { parseIndicatorValue } from '../disclosure/facts.js';
import { EXPENDITURE_CLASSES_04 } from '../disclosure/layouts.js';
import { type RenderedTable, renderTable } from '../disclosure/render.js';
import type { Subject, SubjectCatalog } from '../disclosure/subjects.js';
import {
  CATEGORIES,
  CATEGORY_KEYS,
  type Category,
  type CategoryGroup,
  FUNDS,
  type FundKey,
  fundKey,
  fundsOf,
  fundsWithin,
  INDICATOR_KIND_KEYS,
  THREE_PUBLIC_KEYS,
} from '../domain.js';
import { restoreFormula } from '../formats/csv.js';
import { formatWan, parseWan, sum, type Yuan } from '../money.js';
import { FieldReader } from './fields.js';
import { LabelBook, sameName } from './labels.js';
import { checkDeclared, type ManifestPart } from './manifest.js';
import type { ImportProblem } from './problems.js';
import { bodyRowNumber, type TableInput } from './table-input.js';

export interface TableImportOptions {
  /** accept computed cells (totals) that differ from the published ones within the rounding tolerance */
  allowRounding?: boolean;
  /**
   * the tables come from a published document: a code the code list lacks is taken with the
   * name the document prints, and a name that differs from an unverified entry is kept (both noted)
   */
  fromDocument?: boolean;
  /** the 行政区划 (GB/T 2260) of the unit, when the import names it (--region) */
  region?: string;
}

export interface TableImportResult {
  disclosure: Disclosure;
  /** what the import accepted and records: published totals within the rounding tolerance (allowRounding), codes and names taken from the document */
  notes: ImportProblem[];
  /** the document's line of each narrative figure, for reports */
  claimLines?: Record<string, number>;
  /** the 14 tables drawn from the facts (the checks read them again) */
  tables?: RenderedTable[];
}

type Values = Record<string, string>;

interface ParsedRow {
  /** the file's row number */
  row: number;
  values: Values;
  /** the same texts in the order of the layout's leaf columns */
  texts: string[];
}

interface ParsedTable {
  input: TableInput;
  rows: ParsedRow[];
  leaves: ReturnType<typeof leafColumns>;
}

const DECIMAL = /^\d+(\.\d{1,2})?$/;

type Leaf = ParsedTable['leaves'][number];

/**
 * Rebuilds a disclosure's facts from its 14 tables in the published layout: the detail rows
 * give the facts, at the grain the tables state them; every total, subtotal and department row
 * is then recomputed and must equal the published cell (within the rounding tolerance when
 * allowed). Every problem is reported.
 *
 * Where a table states an amount without a split another dimension needs, the fact keeps the
 * amount unsplit (a fund key naming several funds; an economic line with no group) unless the
 * other tables' identities decide it: projects are placed under the functional 项 whose amounts
 * they add up to, 03's spending beyond 05, 10 and 11 goes to the only other source of funds, or
 * to each column of table 04 when a 类 leaves only one place for it.
 */
export function tablesToFacts(
  manifest: ManifestPart,
  inputs: TableInput[],
  referenceCatalog: SubjectCatalog,
  problems: ImportProblem[],
  options: TableImportOptions = {},
): TableImportResult | null {
  const reader = new FieldReader(problems);
  checkDeclared(referenceCatalog, manifest.subjects, reader);
  // a declared code the list already has keeps the list's name (checkDeclared reports a different one)
  const declared = manifest.subjects.filter((s) => !referenceCatalog.get(s.scheme, s.code));
  const notes: ImportProblem[] = [];
  const labels = new LabelBook(reader, referenceCatalog.with(declared), {
    declare: options.fromDocument ? (subject: Subject) => declared.push(subject) : undefined,
    notes: options.fromDocument ? notes : undefined,
  });
  const before = problems.length;

  const tables = new Map<number, ParsedTable>();
  for (const input of inputs) {
    const parsed = parseLayout(input, manifest.year, reader);
    if (parsed) tables.set(input.layout.no, parsed);
  }
  if (problems.length > before || tables.size !== 14) return null;
  const t = (no: number) => tables.get(no)!;

  const amount = (r: ParsedRow, path: string): Yuan => {
    const text = r.values[path] ?? '';
    return text === '' ? 0 : parseWan(text);
  };
  const fail = (
    table: ParsedTable,
    row: number | null,
    column: string | null,
    expected: string,
    found: string,
  ) => reader.problem(table.input.file, row, column, expected, found);
  const label = (leaf: Leaf) => leaf.labels.join(' › ');
  const moneyLeaves = (table: ParsedTable) =>
    table.leaves.filter((l) => l.type === 'amount' && l.money && !l.money.none && !l.money.ofWhich);

  // —— income (02: the unit's row; its detail columns name one source each) ——
  const t02 = t(2);
  const unitRow = t02.rows.find((r) => r.values.unitCode === manifest.unit.code);
  if (!unitRow)
    fail(t02, null, '单位代码', `a row for unit ${manifest.unit.code} (the manifest's unit)`, 'none');
  if (!t02.rows.some((r) => r.values.unitCode === manifest.department.code))
    fail(
      t02,
      null,
      '单位代码',
      `a row for department ${manifest.department.code} (the manifest's department)`,
      'none',
    );
  // tables of another unit or department: every later problem would only repeat that
  if (problems.length > before) return null;
  const incomes: Income[] = [];
  for (const leaf of t02.leaves) {
    const line = leaf.money?.income;
    if (!line || !unitRow) continue;
    const sources = line === 'generalPublicAppropriation' ? [line] : FUND_SETS[line];
    const value = amount(unitRow, leaf.path);
    if (sources.length === 1 && value) incomes.push({ source: sources[0]!, amount: value });
  }
  const funded = new Set(incomes.map((i) => i.source));
  /** the funds of a set that the unit has income from, as one key (null: none) */
  const pool = (funds: FundSet): FundKey | null => {
    const key = fundKey(funds.filter((f) => funded.has(f)));
    return key || null;
  };
  const poolOrFail = (
    funds: FundSet,
    table: ParsedTable,
    r: ParsedRow,
    leaf: Leaf,
    value: Yuan,
  ): FundKey | null => {
    const key = pool(funds);
    if (!key)
      fail(
        table,
        r.row,
        label(leaf),
        `no spending from ${funds.map((f) => FUNDS[f].label).join('、')}: 02 shows no income from it`,
        formatWan(value),
      );
    return key;
  };

  // —— functional cells: each 项 × category of 03, and the part 05, 10 and 11 state ——
  const subjectRows = (table: ParsedTable) => table.rows.filter((r) => r.values['subject.class']);
  const codeOf = (r: ParsedRow) =>
    `${r.values['subject.class']}${r.values['subject.section']}${r.values['subject.item']}`;
  const subjectCode = (table: ParsedTable, r: ParsedRow) => {
    const code = codeOf(r);
    if (!/^\d{7}$/.test(code))
      fail(table, r.row, '科目编码', 'a 类/款/项 code (3 + 2 + 2 digits)', `"${code}"`);
    labels.record('functional', code, r.values.name ?? '', {
      file: table.input.file,
      row: r.row,
      codeColumn: '科目编码',
      labelColumn: '单位（科目名称）',
    });
    return code;
  };
  /** where each category's spending is in a table: its own column, or its group's less the group's other columns */
  const categoryPlans = new Map<ParsedTable, [Category, Leaf | null, Leaf[]][]>();
  const categoryPlan = (table: ParsedTable) => {
    let plan = categoryPlans.get(table);
    if (!plan) {
      plan = CATEGORY_KEYS.map((category): [Category, Leaf | null, Leaf[]] => {
        const own = table.leaves.find(
          (l) => l.money?.categories?.length === 1 && l.money.categories[0] === category,
        );
        if (own) return [category, own, []];
        const groupLeaf = table.leaves.find(
          (l) => l.money?.groups?.length === 1 && l.money.groups[0] === CATEGORIES[category].group,
        );
        if (!groupLeaf) return [category, null, []];
        const siblings = table.leaves.filter(
          (l) =>
            l.money?.categories?.length === 1 &&
            CATEGORIES[l.money.categories[0]!].group === CATEGORIES[category].group,
        );
        return [category, groupLeaf, siblings];
      });
      categoryPlans.set(table, plan);
    }
    return plan;
  };
  /** a row's spending by category, as categoryPlan finds it */
  const byCategory = (table: ParsedTable, r: ParsedRow): [Category, Yuan][] =>
    categoryPlan(table).map(([category, leaf, siblings]): [Category, Yuan] => {
      if (!leaf) return [category, 0];
      let value = amount(r, leaf.path);
      for (const sibling of siblings) value -= amount(r, sibling.path);
      return [category, value];
    });
  interface Cell {
    code: string;
    category: Category;
    all: Yuan;
    /** what 05, 10 and 11 state, by their fund key, and where */
    fiscal: { fund: FundKey; amount: Yuan; where: string }[];
    row: ParsedRow;
  }
  const cells = new Map<string, Cell>();
  const cellKey = (code: string, category: Category) => `${code}/${category}`;
  const t03 = t(3);
  for (const r of subjectRows(t03)) {
    const code = subjectCode(t03, r);
    for (const [category, value] of byCategory(t03, r)) {
      if (value < 0)
        fail(
          t03,
          r.row,
          CATEGORIES[category].label,
          'a subtotal at least the sum of its columns',
          formatWan(value),
        );
      else if (value) cells.set(cellKey(code, category), { code, category, all: value, fiscal: [], row: r });
    }
  }
  for (const no of [5, 10, 11]) {
    const table = t(no);
    const tableFunds = FUND_SETS[table.input.layout.funds ?? 'all'];
    for (const r of subjectRows(table)) {
      const code = subjectCode(table, r);
      for (const [category, value] of byCategory(table, r)) {
        if (!value) continue;
        const fund = pool(tableFunds);
        const cell = cells.get(cellKey(code, category));
        if (!fund)
          fail(
            table,
            r.row,
            CATEGORIES[category].label,
            `income from ${table.input.layout.title(manifest.year)}'s funds in 02`,
            formatWan(value),
          );
        else if (!cell)
          fail(
            t03,
            null,
            '科目编码',
            `a row for ${code} with ${CATEGORIES[category].label} spending, which table ${no} lists`,
            'none',
          );
        else cell.fiscal.push({ fund, amount: value, where: `${String(no).padStart(2, '0')} row ${r.row}` });
      }
    }
  }
  /** funds that 05, 10 and 11 do not cover: what 03 adds beyond them */
  const otherFunds = FUND_SETS.all.filter(
    (f) => ![5, 10, 11].some((no) => (FUND_SETS[t(no).input.layout.funds ?? 'all'] as FundSet).includes(f)),
  );
  for (const cell of cells.values()) {
    const known = sum(cell.fiscal.map((f) => f.amount));
    if (known > cell.all)
      fail(
        t03,
        cell.row.row,
        CATEGORIES[cell.category].label,
        `at least ${formatWan(known)} (what ${cell.fiscal.map((f) => f.where).join(', ')} give for ${cell.code})`,
        formatWan(cell.all),
      );
  }

  // —— detail lines (07) and projects (12): each amount under its column's funds ——
  const fundColumns = (table: ParsedTable) => moneyLeaves(table).filter((l) => l.money?.funds !== 'all');
  const fundsOfRow = (table: ParsedTable, r: ParsedRow): { fund: FundKey; amount: Yuan }[] =>
    fundColumns(table).flatMap((leaf) => {
      const value = amount(r, leaf.path);
      if (!value) return [];
      const fund = poolOrFail(FUND_SETS[leaf.money!.funds!], table, r, leaf, value);
      return fund ? [{ fund, amount: value }] : [];
    });
  const t07 = t(7);
  const basicItems: BasicItem[] = [];
  let type: BasicItem['type'] | null = null;
  for (const r of t07.rows) {
    if (r.values.name === '合计' && !r.values.type) continue;
    if (r.values.type === manifest.department.code) continue;
    if (r.values.type === '人员类') type = 'personnel';
    else if (r.values.type === '公用经费') type = 'public';
    else if (r.values.type) fail(t07, r.row, '类型', '人员类 or 公用经费', `"${r.values.type}"`);
    if (!type) fail(t07, r.row, '类型', '人员类 or 公用经费 on the first detail line', '""');
    const funds = fundsOfRow(t07, r);
    if (funds.length > 1)
      fail(t07, r.row, '合计', 'a detail line from one source of funds', `${funds.length} sources`);
    basicItems.push({
      seq: basicItems.length + 1,
      type: type ?? 'personnel',
      name: r.values.name ?? '',
      fund: funds[0]?.fund ?? 'generalPublic',
      amount: funds[0]?.amount ?? 0,
    });
  }

  const t12 = t(12);
  const t14 = t(14);
  const projectRows12 = t12.rows.filter((r) => r.values.category);
  const projects14: { row: ParsedRow; lines: ParsedRow[] }[] = [];
  for (const r of t14.rows.slice(1)) {
    if (r.values.code) projects14.push({ row: r, lines: [r] });
    else if (projects14.length) projects14.at(-1)!.lines.push(r);
    else fail(t14, r.row, '单位编码(项目编码)', 'a project code on the first line of a project', '""');
  }
  if (projects14.length !== projectRows12.length) {
    fail(t14, null, null, `${projectRows12.length} projects, as in 12`, `${projects14.length}`);
  }
  // 14 lists 12's projects in 12's order; a name may differ in spelling, never be another project's
  const projectName = (name: string | undefined) => sameName(name ?? '').replace(/项目$/, '');
  projects14.forEach((p14, i) => {
    const mine = projectName(projectRows12[i]?.values.name);
    const printed = projectName(p14.row.values.name);
    if (!mine || printed === mine) return;
    const elsewhere = projectRows12.findIndex((r, k) => k !== i && projectName(r.values.name) === printed);
    if (elsewhere >= 0)
      fail(
        t14,
        p14.row.row,
        '项目单位(项目名称)',
        `14 lists the projects in 12’s order: "${projectRows12[i]!.values.name}" here (12 lists "${printed}" as project ${elsewhere + 1})`,
        `"${p14.row.values.name}"`,
      );
  });
  const projects: Project[] = projectRows12.map((r, i) => {
    const category =
      r.values.category === '其他运转类'
        ? 'operation'
        : r.values.category === '特定目标类'
          ? 'specific'
          : null;
    if (!category) fail(t12, r.row, '类型', '其他运转类 or 特定目标类', `"${r.values.category}"`);
    const p14 = projects14[i];
    const code = p14?.row.values.code ?? '';
    const name = r.values.name ?? '';
    const performanceName = p14?.row.values.name && p14.row.values.name !== name ? p14.row.values.name : null;
    const indicators: PerformanceIndicator[] = [];
    for (const kind of INDICATOR_KIND_KEYS) {
      let seq = 0;
      for (const line of p14?.lines ?? []) {
        const indicatorName = line.values[`targets.${kind}.name`] ?? '';
        const value = line.values[`targets.${kind}.value`] ?? '';
        if (!indicatorName && !value) continue;
        if (!indicatorName || !value) {
          const missing = t14.leaves.find(
            (l) => l.path === `targets.${kind}.${indicatorName ? 'value' : 'name'}`,
          );
          fail(
            t14,
            line.row,
            missing?.labels.join(' › ') ?? null,
            'an indicator name with its value',
            indicatorName ? `no value for "${indicatorName}"` : `a value "${value}" without a name`,
          );
        }
        indicators.push({ kind, seq: ++seq, name: indicatorName, value, ...parseIndicatorValue(value) });
      }
    }
    indicators.sort((a, b) => indicatorOrder(a) - indicatorOrder(b));
    return {
      seq: i + 1,
      code,
      name,
      performanceName,
      category: category ?? 'operation',
      functionalSubjectCode: null,
      amounts: fundsOfRow(t12, r),
      indicators,
    };
  });
  if (problems.length > before) return null;

  // —— each project's functional 项: the one placement under which the amounts add up ——
  projects.forEach((p, i) => {
    const fixed = manifest.projectSubjects[p.code];
    const candidates = [...cells.values()].filter((c) => c.category === p.category).map((c) => c.code);
    if (fixed !== undefined && !candidates.includes(fixed))
      fail(
        t12,
        projectRows12[i]!.row,
        '项目名称',
        `a functional 项 with ${CATEGORIES[p.category].label} spending in 03 for "${p.name}" (${candidates.join(', ') || 'none'})`,
        `projectSubjects says ${fixed}`,
      );
  });
  if (problems.length > before) return null;
  const placed = placeProjects(projects, [...cells.values()], manifest.projectSubjects);
  if (placed !== 'none') for (const [i, code] of placed.entries()) projects[i]!.functionalSubjectCode = code;

  // —— functional facts ——
  const functional: FunctionalExpenditure[] = [];
  const push = (code: string, category: Category, fund: FundKey, value: Yuan) => {
    if (!value) return;
    const same = functional.find((f) => f.subjectCode === code && f.category === category && f.fund === fund);
    if (same) same.amount += value;
    else functional.push({ subjectCode: code, category, fund, amount: value });
  };
  const undetermined: Cell[] = [];
  for (const cell of cells.values()) {
    const group = CATEGORIES[cell.category].group;
    const mine = projects.filter(
      (p) => p.category === cell.category && p.functionalSubjectCode === cell.code,
    );
    const open = projects.some((p) => p.category === cell.category && p.functionalSubjectCode === null);
    if (group === 'project' && !open && mine.length) {
      // the projects under it say exactly which money it is
      for (const p of mine) for (const a of p.amounts) push(cell.code, cell.category, a.fund, a.amount);
      continue;
    }
    for (const f of cell.fiscal) push(cell.code, cell.category, f.fund, f.amount);
    const rest = cell.all - sum(cell.fiscal.map((f) => f.amount));
    if (rest <= 0) continue;
    const others = pool(otherFunds);
    if (!others) {
      fail(
        t03,
        cell.row.row,
        CATEGORIES[cell.category].label,
        `${formatWan(cell.all - rest)} (05 + 10 + 11), or income from a source they do not cover (02)`,
        formatWan(cell.all),
      );
      continue;
    }
    if (others.includes('+')) undetermined.push({ ...cell, all: rest, fiscal: [] });
    else push(cell.code, cell.category, others, rest);
  }
  // 04 splits a 类's spending by source column: a 类 with one undetermined cell takes that split;
  // several share the sources of the columns that hold it
  const t04 = t(4);
  const columns04 = moneyLeaves(t04).filter(
    (l) => l.path.startsWith('expenditure.') && l.money?.funds !== 'all',
  );
  for (const cls of new Set(undetermined.map((c) => c.code.slice(0, 3)))) {
    const open = undetermined.filter((c) => c.code.startsWith(cls));
    const line = t04.rows.find((r) => classOf04(r.values['expenditure.item'] ?? '') === cls);
    const parts = columns04.flatMap((leaf) => {
      const column: FundSet = FUND_SETS[leaf.money!.funds!];
      const fund = pool(column.filter((f) => otherFunds.includes(f)));
      if (!fund || !line) return [];
      // what the column holds beyond the facts already known is the undetermined cells' share of it
      const known = sum(
        functional
          .filter((f) => f.subjectCode.startsWith(cls) && fundsWithin(f.fund, column))
          .map((f) => f.amount),
      );
      const value = amount(line, leaf.path) - known;
      return value ? [{ fund, amount: value }] : [];
    });
    const consistent =
      parts.every((p) => p.amount > 0) && sum(parts.map((p) => p.amount)) === sum(open.map((c) => c.all));
    if (consistent && open.length === 1) {
      for (const part of parts) push(open[0]!.code, open[0]!.category, part.fund, part.amount);
    } else {
      // unsplit: the facts keep what the tables state and no more — the sources of the 04
      // columns that still hold money for the 类 (one column: that column's sources)
      const fund = consistent ? fundKey(parts.flatMap((p) => fundsOf(p.fund))) : pool(otherFunds)!;
      for (const cell of open) push(cell.code, cell.category, fund, cell.all);
    }
  }

  // —— economic facts (06 basic, 08 all) ——
  const economic: EconomicExpenditure[] = [];
  /** the labels a row of 06 or 08 prints for its pair of economic subjects */
  const recordEconomic = (
    table: ParsedTable,
    r: ParsedRow,
    d: string,
    g: string,
    [departmentColumn, governmentColumn]: [string, string],
  ) => {
    const where = { file: table.input.file, row: r.row, labelColumn: '科目名称' };
    labels.record('economicDepartment', d, r.values['department.name'] ?? '', {
      ...where,
      codeColumn: departmentColumn,
    });
    labels.record('economicGovernment', g, r.values['government.name'] ?? '', {
      ...where,
      codeColumn: governmentColumn,
    });
  };
  const t06 = t(6);
  for (const r of t06.rows.filter((x) => x.values['department.code'])) {
    const d = r.values['department.code']!;
    const g = r.values['government.code'] ?? '';
    recordEconomic(t06, r, d, g, ['科目编码', '政府预算支出经济分类科目编码']);
    for (const leaf of moneyLeaves(t06)) {
      const groups = leaf.money?.groups;
      const value = amount(r, leaf.path);
      if (groups?.length === 1 && value)
        economic.push({
          departmentCode: d,
          governmentCode: g,
          group: groups[0]!,
          fund: 'generalPublic',
          amount: value,
          seq: economic.length + 1,
        });
    }
  }
  const t08 = t(8);
  /** the group of an economic line from these funds: the one group the funds' functional spending has, or by economic 类 when it is all basic */
  const groupOf = (fund: FundKey, departmentCode: string): CategoryGroup | null => {
    const funds = fundsOf(fund);
    const groups = new Set(
      functional
        .filter((f) => fundsOf(f.fund).some((x) => funds.includes(x)))
        .map((f) => CATEGORIES[f.category].group),
    );
    if (groups.size === 1) return [...groups][0]!;
    if (groups.has('project') || !groups.size) return null;
    const cls = departmentCode.slice(0, 3);
    return (
      (Object.values(CATEGORIES).find((c) => c.economicClass === cls)?.group as CategoryGroup | undefined) ??
      null
    );
  };
  for (const r of t08.rows.filter((x) => x.values['department.section'])) {
    const d = `${r.values['department.class']}${r.values['department.section']}`;
    const g = `${r.values['government.class']}${r.values['government.section']}`;
    recordEconomic(t08, r, d, g, ['部门预算经济分类', '政府预算经济分类']);
    for (const leaf of moneyLeaves(t08).filter((l) => l.money?.funds)) {
      const value = amount(r, leaf.path);
      if (!value) continue;
      if (leaf.money!.funds === 'generalPublic') {
        // 06 gives the basic part of the general public budget; the rest is project spending
        const basic = sum(
          economic
            .filter((e) => e.departmentCode === d && e.governmentCode === g && e.fund === 'generalPublic')
            .map((e) => e.amount),
        );
        if (value < basic)
          fail(
            t08,
            r.row,
            label(leaf),
            `at least ${formatWan(basic)} (06 gives that much basic spending for ${d}/${g})`,
            formatWan(value),
          );
        else if (value > basic)
          economic.push({
            departmentCode: d,
            governmentCode: g,
            group: 'project',
            fund: 'generalPublic',
            amount: value - basic,
            seq: economic.length + 1,
          });
        continue;
      }
      const fund = poolOrFail(FUND_SETS[leaf.money!.funds!], t08, r, leaf, value);
      if (fund)
        economic.push({
          departmentCode: d,
          governmentCode: g,
          group: groupOf(fund, d),
          fund,
          amount: value,
          seq: economic.length + 1,
        });
    }
  }

  // —— 三公 (09) and 机关运行经费 (13) ——
  const t09 = t(9);
  const row09 = t09.rows[0];
  const threePublic = THREE_PUBLIC_KEYS.map((item) => {
    const leaf = t09.leaves.find(
      (l) => l.money?.threePublic?.length === 1 && l.money.threePublic[0] === item,
    );
    return { item, amount: row09 && leaf ? amount(row09, leaf.path) : 0 };
  });
  const t13 = t(13);
  const operatingCosts = t13.rows
    .filter((r) => r.values['subject.code'])
    .map((r) => {
      labels.record('economicDepartment', r.values['subject.code']!, r.values['subject.name'] ?? '', {
        file: t13.input.file,
        row: r.row,
        codeColumn: '科目编码',
        labelColumn: '科目名称',
      });
      return { departmentCode: r.values['subject.code']!, amount: amount(r, 'operatingCosts.total') };
    });
  const catalog = referenceCatalog.with(declared);

  // —— the region: the first 6 digits of the project codes (行政区划), or what the import says ——
  const prefixes = [
    ...new Set(
      projects
        .map((p) => p.code)
        .filter((c) => /^\d{21}$/.test(c))
        .map((c) => c.slice(0, 6)),
    ),
  ];
  const statedRegion = options.region ?? manifest.unit.regionCode ?? null;
  const firstProject = projects14[0]?.row.row ?? null;
  if (prefixes.length > 1)
    fail(
      t14,
      firstProject,
      '单位编码(项目编码)',
      'project codes of one region (their first 6 digits, 行政区划)',
      prefixes.join(', '),
    );
  else if (statedRegion && prefixes[0] && prefixes[0] !== statedRegion)
    fail(
      t14,
      firstProject,
      '单位编码(项目编码)',
      `project codes of region ${statedRegion} (as the import says)`,
      `codes of ${prefixes[0]}`,
    );
  const regionCode = statedRegion ?? prefixes[0] ?? null;
  // a unit is (region, code): its code alone is unique only inside one region's budget system
  if (!regionCode && prefixes.length <= 1)
    fail(
      t14,
      firstProject,
      'region',
      'the unit’s 行政区划: --region, or project codes whose first 6 digits name it',
      'neither (table 14 has no project code)',
    );

  if (problems.length > before) return null;
  const {
    subjects: _declaredAsWritten,
    projectSubjects: _,
    narrativeLines,
    readingNotes,
    ...stated
  } = manifest;
  notes.push(...(readingNotes ?? []));
  const disclosure: Disclosure = {
    ...stated,
    unit: { ...stated.unit, regionCode },
    declaredSubjects: declared,
    labels: labels.overrides(),
    incomes,
    functional,
    economic,
    basicItems,
    projects,
    threePublic,
    operatingCosts,
  };
  if (problems.length > before) return null;

  // —— every published cell must be what the facts give ——
  const ctx = new BudgetContext(disclosure, catalog);
  const drawn: RenderedTable[] = [];
  for (const table of tables.values()) {
    const rendered = renderTable(table.input.layout, ctx);
    drawn.push(rendered);
    const detailRows = rendered.rows.filter((r) => r.kind !== 'total' && r.kind !== 'department').length;
    // A published total may differ from the sum of the figures it adds by their rounding (checks.toleranceFor):
    // a 合计 or department row adds the detail rows; a 小计/合计 column adds the other columns of its group.
    const parentOf = (path: string) => path.split('.').slice(0, -1).join('.');
    const tolerance = (kind: string, path: string) => {
      const siblings = rendered.leaves.filter(
        (l) => l.type === 'amount' && l.path !== path && parentOf(l.path) === parentOf(path),
      );
      return toleranceFor(
        kind === 'total' || kind === 'department' ? detailRows : Math.max(2, siblings.length),
      );
    };
    const count = Math.max(rendered.rows.length, table.rows.length);
    for (let i = 0; i < count; i++) {
      const mine = rendered.rows[i];
      const theirs = table.rows[i];
      const rowNumber = theirs?.row ?? bodyRowNumber(table.input, Math.min(i, table.input.body.length));
      if (!mine || !theirs) {
        fail(
          table,
          rowNumber,
          null,
          mine ? `a row "${mine.cells.filter(Boolean).slice(0, 3).join(' ')}"` : 'no further row',
          theirs ? `"${Object.values(theirs.values).filter(Boolean).slice(0, 3).join(' ')}"` : 'no row',
        );
        continue;
      }
      // the rendered table's leaves are the parsed table's: the same layout
      rendered.leaves.forEach((leaf, c) => {
        const expected = mine.cells[c] ?? '';
        const found = theirs.texts[c] ?? '';
        // the same text is the same figure (found was checked to be one): most cells are
        if (expected === found) return;
        if (leaf.type === 'amount') {
          const e = expected === '' ? 0 : parseWan(expected);
          const f = found === '' ? 0 : parseWan(found);
          if (e === f) return;
          const problem = {
            file: table.input.file,
            row: rowNumber,
            column: leaf.labels.join(' › '),
            expected: expected || 'blank',
            found: found || 'blank',
          };
          const computed =
            mine.kind === 'total' ||
            mine.kind === 'department' ||
            leaf.labels.some((l) => /合计|小计|总计/.test(l));
          if (options.allowRounding && computed && Math.abs(e - f) <= tolerance(mine.kind, leaf.path))
            notes.push(problem);
          else problems.push(problem);
        } else if (sameName(expected) !== sameName(found)) {
          problems.push({
            file: table.input.file,
            row: rowNumber,
            column: leaf.labels.join(' › '),
            expected: `"${expected}"`,
            found: `"${found}"`,
          });
        }
      });
    }
  }
  if (problems.length > before) return null;
  if (placed === 'none') {
    fail(
      t12,
      null,
      '项目名称',
      "projects that can be placed under 03's functional 项 so that, for each 项 and type, they add up to its project spending (and to 05, 10 and 11 by source)",
      'no such placement',
    );
    return null;
  }
  return { disclosure, notes, claimLines: narrativeLines, tables: drawn.sort((a, b) => a.no - b.no) };
}

const indicatorOrder = (i: PerformanceIndicator) => INDICATOR_KIND_KEYS.indexOf(i.kind) * 1000 + i.seq;

/** The functional 类 a line of table 04 names ("（一）一般公共服务支出" → 201). */
function classOf04(item: string): string | null {
  return EXPENDITURE_CLASSES_04.find(([label]) => sameName(label) === sameName(item))?.[1] ?? null;
}

/**
 * Places each project under a functional 项 so that, for each 项 and project type, the projects
 * add up to 03's spending and, by source, to what 05, 10 and 11 state. Returns each project's 项,
 * or null where more than one placement does (those projects stay unplaced), or 'none'.
 */
export function placeProjects(
  projects: Project[],
  cells: { code: string; category: Category; all: Yuan; fiscal: { fund: FundKey; amount: Yuan }[] }[],
  fixed: Record<string, string> = {},
  budget = 200_000,
): (string | null)[] | 'none' {
  const projectCells = cells.filter((c) => CATEGORIES[c.category].group === 'project');
  const fiscalFunds = [...new Set(projectCells.flatMap((c) => c.fiscal.map((f) => f.fund)))];
  const measure = (amounts: { fund: FundKey; amount: Yuan }[]) => [
    sum(amounts.map((a) => a.amount)),
    ...fiscalFunds.map((fund) =>
      sum(amounts.filter((a) => fundsWithin(a.fund, fundsOf(fund))).map((a) => a.amount)),
    ),
  ];
  const room = projectCells.map((c) => [
    c.all,
    ...fiscalFunds.map((fund) => sum(c.fiscal.filter((f) => f.fund === fund).map((f) => f.amount))),
  ]);
  const order = projects
    .map((_, i) => i)
    .sort(
      (a, b) =>
        sum(projects[b]!.amounts.map((x) => x.amount)) - sum(projects[a]!.amounts.map((x) => x.amount)),
    );
  const sizes = projects.map((p) => measure(p.amounts));
  const candidates = projects.map((p) =>
    projectCells
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.category === p.category && (!fixed[p.code] || fixed[p.code] === c.code))
      .map(({ i }) => i),
  );
  const choice: number[] = Array(projects.length).fill(-1);
  const seen: Set<number>[] = projects.map(() => new Set());
  let solutions = 0;
  let steps = 0;
  const search = (k: number): void => {
    if (solutions > 1 && seen.every((s) => s.size > 1)) return;
    if (++steps > budget) return;
    if (k === order.length) {
      if (room.every((r) => r.every((v) => v === 0))) {
        solutions++;
        for (const [i, c] of choice.entries()) seen[i]!.add(c);
      }
      return;
    }
    const p = order[k]!;
    for (const cell of candidates[p]!) {
      const r = room[cell]!;
      const size = sizes[p]!;
      if (size.some((v, i) => v > r[i]!)) continue;
      size.forEach((v, i) => {
        r[i]! -= v;
      });
      choice[p] = cell;
      search(k + 1);
      size.forEach((v, i) => {
        r[i]! += v;
      });
    }
  };
  search(0);
  // a search cut short has not seen every placement: nothing it found is known to be the only one
  if (steps > budget) return projects.map(() => null);
  if (!solutions) return 'none';
  return seen.map((s) => (s.size === 1 ? projectCells[[...s][0]!]!.code : null));
}

/** Checks a table's title and header against its layout and reads its rows into values by column. */
function parseLayout(input: TableInput, year: number, reader: FieldReader): ParsedTable | null {
  const { layout, file } = input;
  const leaves = leafColumns(layout.columns);
  let ok = true;
  if (input.title !== null && sameName(input.title) !== sameName(layout.title(year))) {
    reader.problem(
      file,
      input.firstRow - (layout.unitBanner === false ? 1 : 2),
      'title',
      `"${layout.title(year)}"`,
      `"${input.title}"`,
    );
    ok = false;
  }
  const expectedHeader = headerRows(layout.columns);
  expectedHeader.forEach((expected, i) => {
    const found = input.header[i] ?? [];
    if (found.join('|') !== expected.join('|')) {
      reader.problem(
        file,
        input.headerLines?.[i] ?? input.firstRow + i,
        'header',
        `header row ${i + 1} "${expected.join(',')}"`,
        `"${found.join(',')}"`,
      );
      ok = false;
    }
  });
  if (!ok) return null;
  const rows: ParsedRow[] = [];
  const seen = new Map<string, number>();
  input.body.forEach((cells, i) => {
    const row = bodyRowNumber(input, i);
    if (cells.length !== leaves.length) {
      reader.problem(file, row, null, `${leaves.length} cells (the layout's columns)`, `${cells.length}`);
      ok = false;
      return;
    }
    const values: Values = {};
    const texts: string[] = new Array(leaves.length);
    leaves.forEach((leaf, c) => {
      const raw = (cells[c] ?? '').trim();
      // text cells come back as they were before the feed neutralised spreadsheet formulas
      const text = leaf.type === 'amount' ? raw : restoreFormula(raw);
      texts[c] = text;
      if (leaf.type === 'amount' && text !== '') {
        const problem = amountProblem(text);
        if (problem) {
          reader.problem(file, row, leaf.labels.join(' › '), problem, `"${cells[c]}"`);
          ok = false;
          return;
        }
      }
      values[leaf.path] = text;
    });
    const key = cells.join('\u0000');
    const first = seen.get(key);
    if (first !== undefined && cells.some((c) => c !== '')) {
      reader.problem(file, row, null, `no duplicate of row ${first}`, 'the same cells again');
      ok = false;
    }
    seen.set(key, row);
    rows.push({ row, values, texts });
  });
  return ok ? { input, rows, leaves } : null;
}

/** Why a cell is not a budget amount ("512.02"), or null when it is one. */
function amountProblem(text: string): string | null {
  if (DECIMAL.test(text)) return null;
  if (/^-\d+(\.\d{1,2})?$/.test(text)) return 'a non-negative amount in 万元';
  if (/,/.test(text)) return 'an amount in 万元 without thousands separators ("1000.00")';
  return 'an amount in 万元 with at most two decimals';
}
