import { toleranceFor } from '../disclosure/checks.js';
import { headerRows, leafColumns } from '../disclosure/columns.js';
import { BudgetContext, FUND_SETS } from '../disclosure/context.js';
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
import {
  APPROPRIATION_FUND_COLUMNS,
  FUNCTIONAL_CATEGORY_COLUMNS,
  INCOME_COLUMNS_02,
} from '../disclosure/layouts.js';
import { renderTable } from '../disclosure/render.js';
import type { SubjectCatalog } from '../disclosure/subjects.js';
import {
  CATEGORIES,
  type Category,
  type CategoryGroup,
  FUNDS,
  type Fund,
  INDICATOR_KIND_KEYS,
} from '../domain.js';
import { formatWan, parseWan, type Yuan } from '../money.js';
import { restoreFormula } from '../opendata/csv.js';
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
}

export interface TableImportResult {
  disclosure: Disclosure;
  /** what the import accepted and records: published totals within the rounding tolerance (allowRounding), codes and names taken from the document */
  notes: ImportProblem[];
}

type Values = Record<string, string>;

interface ParsedRow {
  /** the file's row number */
  row: number;
  values: Values;
}

interface ParsedTable {
  input: TableInput;
  rows: ParsedRow[];
  leaves: ReturnType<typeof leafColumns>;
}

const DECIMAL = /^\d+(\.\d{1,2})?$/;

/**
 * 07/12 fund columns (from the layout) and the fund an imported amount in each is recorded
 * under: the column's own fund (the current-year one where it sums current and carried-over
 * money), or 'unitFunds' where the income table must tell which unit fund it is.
 */
const APPROPRIATION_FUNDS: [string, Fund | 'unitFunds'][] = APPROPRIATION_FUND_COLUMNS.map(([path, set]) => [
  path,
  set === 'unitFunds' ? 'unitFunds' : FUND_SETS[set][0]!,
]);

/** 02's detail columns (those that name one income source, from the layout) and that source. */
const INCOME_COLUMNS: [string, string][] = INCOME_COLUMNS_02.flatMap(([path, line]): [string, string][] => {
  if (line === 'generalPublicAppropriation') return [[path, line]];
  const funds = FUND_SETS[line];
  return funds.length === 1 ? [[path, funds[0]!]] : [];
});

/** 08 fund columns other than the general public budget. */
const ECONOMIC_FUND_COLUMNS: [string, Fund | 'carryover'][] = [
  ['governmentFund', 'governmentFund'],
  ['stateCapital', 'stateCapital'],
  ['carryover', 'carryover'],
  ['specialAccount', 'specialAccount'],
  ['operatingRevenue', 'operatingRevenue'],
  ['superiorSubsidy', 'superiorSubsidy'],
  ['subsidiaryRemittance', 'subsidiaryRemittance'],
  ['businessRevenue', 'businessRevenue'],
  ['otherRevenue', 'otherRevenue'],
];

/**
 * Rebuilds a disclosure's facts from its 14 tables in the published layout: the detail rows
 * give the facts; every total, subtotal and department row is then recomputed and must equal
 * the published cell (within the rounding tolerance when allowed). Every problem is reported.
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
  const catalog = referenceCatalog.with(declared);
  const labels = new LabelBook(reader, catalog);
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

  // —— income (02: the unit's row) ——
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
  const incomes: Income[] = unitRow
    ? INCOME_COLUMNS.map(([path, source]) => ({ source, amount: amount(unitRow, path) })).filter(
        (i) => i.amount,
      )
    : [];
  const incomeSources = new Set(incomes.map((i) => i.source));
  const single = (candidates: readonly string[]) => {
    const present = candidates.filter((c) => incomeSources.has(c));
    return present.length === 1 ? (present[0] as Fund) : null;
  };

  // —— functional facts (05, 10, 11; what 03 adds beyond them) ——
  const functional: FunctionalExpenditure[] = [];
  const subjectRows = (table: ParsedTable) => table.rows.filter((r) => r.values['subject.class']);
  const subjectCode = (table: ParsedTable, r: ParsedRow) => {
    const code = `${r.values['subject.class']}${r.values['subject.section']}${r.values['subject.item']}`;
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
  for (const [no, fund] of [
    [5, 'generalPublic'],
    [10, 'governmentFund'],
    [11, 'stateCapital'],
  ] as const) {
    const table = t(no);
    for (const r of subjectRows(table)) {
      const code = subjectCode(table, r);
      for (const [path, category] of FUNCTIONAL_CATEGORY_COLUMNS) {
        const value = amount(r, path);
        if (value) functional.push({ subjectCode: code, category, fund, amount: value });
      }
    }
  }
  const t03 = t(3);
  const otherFund = single(['specialAccount', ...FUND_SETS.currentUnitFunds]);
  for (const r of subjectRows(t03)) {
    const code = subjectCode(t03, r);
    const published: [Category, Yuan][] = [
      ['wages', amount(r, 'basic.personnel.wages')],
      ['household', amount(r, 'basic.personnel.household')],
      ['goods', amount(r, 'basic.public.goods')],
      ['capital', amount(r, 'basic.public.subtotal') - amount(r, 'basic.public.goods')],
      ['operation', amount(r, 'project.operation')],
      ['specific', amount(r, 'project.specific')],
    ];
    for (const [category, value] of published) {
      const known = functional
        .filter((f) => f.subjectCode === code && f.category === category)
        .reduce((a, f) => a + f.amount, 0);
      const rest = value - known;
      if (rest === 0) continue;
      if (rest < 0 || !otherFund) {
        fail(
          t03,
          r.row,
          CATEGORIES[category].label,
          rest < 0
            ? `at least ${formatWan(known)} (what 05, 10 and 11 give for ${code})`
            : `${formatWan(known)} (05 + 10 + 11), or income from a single other source (02) to attribute the rest to`,
          formatWan(value),
        );
        continue;
      }
      functional.push({ subjectCode: code, category, fund: otherFund, amount: rest });
    }
  }
  for (const code of new Set(functional.map((f) => f.subjectCode))) {
    if (
      !subjectRows(t03).some(
        (r) =>
          `${r.values['subject.class']}${r.values['subject.section']}${r.values['subject.item']}` === code,
      )
    ) {
      fail(t03, null, '科目编码', `a row for ${code}, which 05, 10 or 11 lists`, 'none');
    }
  }

  // —— economic facts (06 basic, 08 all) ——
  const economic: EconomicExpenditure[] = [];
  const t06 = t(6);
  for (const r of t06.rows.filter((x) => x.values['department.code'])) {
    const d = r.values['department.code']!;
    const g = r.values['government.code'] ?? '';
    labels.record('economicDepartment', d, r.values['department.name'] ?? '', {
      file: t06.input.file,
      row: r.row,
      codeColumn: '科目编码',
      labelColumn: '科目名称',
    });
    labels.record('economicGovernment', g, r.values['government.name'] ?? '', {
      file: t06.input.file,
      row: r.row,
      codeColumn: '政府预算支出经济分类科目编码',
      labelColumn: '科目名称',
    });
    for (const group of ['personnel', 'public'] as const) {
      const value = amount(r, `basic.${group}`);
      if (value)
        economic.push({
          departmentCode: d,
          governmentCode: g,
          group,
          fund: 'generalPublic',
          amount: value,
          seq: economic.length + 1,
        });
    }
  }
  const t08 = t(8);
  const groupOfFund = (fund: Fund, departmentCode: string): CategoryGroup | null => {
    const groups = new Set(
      functional.filter((f) => f.fund === fund).map((f) => CATEGORIES[f.category].group),
    );
    if (groups.size === 1 && groups.has('project')) return 'project';
    if (groups.size && !groups.has('project')) {
      const cls = departmentCode.slice(0, 3);
      return cls === '301' || cls === '303' ? 'personnel' : cls === '302' || cls === '310' ? 'public' : null;
    }
    return null;
  };
  for (const r of t08.rows.filter((x) => x.values['department.section'])) {
    const d = `${r.values['department.class']}${r.values['department.section']}`;
    const g = `${r.values['government.class']}${r.values['government.section']}`;
    labels.record('economicDepartment', d, r.values['department.name'] ?? '', {
      file: t08.input.file,
      row: r.row,
      codeColumn: '部门预算经济分类',
      labelColumn: '科目名称',
    });
    labels.record('economicGovernment', g, r.values['government.name'] ?? '', {
      file: t08.input.file,
      row: r.row,
      codeColumn: '政府预算经济分类',
      labelColumn: '科目名称',
    });
    const basic = economic
      .filter((e) => e.departmentCode === d && e.governmentCode === g && e.fund === 'generalPublic')
      .reduce((a, e) => a + e.amount, 0);
    const project = amount(r, 'generalPublic.subtotal') - basic;
    if (project < 0) {
      fail(
        t08,
        r.row,
        '一般公共预算',
        `at least ${formatWan(basic)} (06 gives that much basic spending for ${d}/${g})`,
        formatWan(basic + project),
      );
    } else if (project) {
      economic.push({
        departmentCode: d,
        governmentCode: g,
        group: 'project',
        fund: 'generalPublic',
        amount: project,
        seq: economic.length + 1,
      });
    }
    for (const [path, column] of ECONOMIC_FUND_COLUMNS) {
      const value = amount(r, path);
      if (!value) continue;
      const fund = column === 'carryover' ? single(FUND_SETS.carryover) : column;
      const group = fund ? groupOfFund(fund, d) : null;
      if (!fund || !group) {
        fail(
          t08,
          r.row,
          path,
          !fund
            ? 'carry-over money from a single source (02), to know whose it is'
            : `spending from ${FUNDS[fund].label} that 03/05/10/11 show as all basic or all project`,
          formatWan(value),
        );
        continue;
      }
      economic.push({
        departmentCode: d,
        governmentCode: g,
        group,
        fund,
        amount: value,
        seq: economic.length + 1,
      });
    }
  }

  // —— detail lines (07) ——
  const unitFund = single(FUND_SETS.unitFunds);
  const fundsOf = (table: ParsedTable, r: ParsedRow): { fund: Fund; amount: Yuan }[] =>
    APPROPRIATION_FUNDS.flatMap(([path, column]) => {
      const value = amount(r, path);
      if (!value) return [];
      const fund = column === 'unitFunds' ? unitFund : column;
      if (!fund) {
        fail(
          table,
          r.row,
          '单位资金',
          'unit funds from a single source (02), to know which',
          formatWan(value),
        );
        return [];
      }
      return [{ fund, amount: value }];
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
    const funds = fundsOf(t07, r);
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

  // —— projects (12) with codes and targets (14) ——
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
    const fromManifest = manifest.projectSubjects[code];
    const candidates = [
      ...new Set(functional.filter((f) => f.category === category).map((f) => f.subjectCode)),
    ];
    const functionalSubjectCode = fromManifest ?? (candidates.length === 1 ? candidates[0]! : '');
    if (category && fromManifest && !candidates.includes(fromManifest)) {
      fail(
        t12,
        r.row,
        '项目名称',
        `a functional 项 with ${r.values.category} spending in 03 for "${name}" (${candidates.join(', ') || 'none'})`,
        `projectSubjects says ${fromManifest}`,
      );
    } else if (!functionalSubjectCode) {
      fail(
        t12,
        r.row,
        '项目名称',
        `the functional 项 of "${name}" in the manifest's projectSubjects (03 has ${candidates.length} candidates)`,
        'none',
      );
    }
    return {
      seq: i + 1,
      code,
      name,
      performanceName,
      category: category ?? 'operation',
      functionalSubjectCode,
      amounts: fundsOf(t12, r),
      indicators,
    };
  });
  const indicatorOrder = (i: PerformanceIndicator) => INDICATOR_KIND_KEYS.indexOf(i.kind) * 1000 + i.seq;
  for (const p of projects) p.indicators.sort((a, b) => indicatorOrder(a) - indicatorOrder(b));

  // —— 三公 (09) and 机关运行经费 (13) ——
  const t09 = t(9);
  const row09 = t09.rows[0];
  const threePublic = row09
    ? [
        { item: 'outboundTravel' as const, amount: amount(row09, 'outboundTravel') },
        { item: 'vehiclePurchase' as const, amount: amount(row09, 'vehicle.purchase') },
        { item: 'vehicleOperation' as const, amount: amount(row09, 'vehicle.operation') },
        { item: 'reception' as const, amount: amount(row09, 'reception') },
      ]
    : [];
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

  if (problems.length > before) return null;
  const { subjects: _declaredAsWritten, projectSubjects: _, ...stated } = manifest;
  const disclosure: Disclosure = {
    ...stated,
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
  const notes: ImportProblem[] = [];
  const ctx = new BudgetContext(disclosure, catalog);
  for (const table of tables.values()) {
    const rendered = renderTable(table.input.layout, ctx);
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
      rendered.leaves.forEach((leaf, c) => {
        const expected = mine.cells[c] ?? '';
        const found = theirs.values[leaf.path] ?? '';
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
        } else if (expected.replace(/\s+/g, '') !== found.replace(/\s+/g, '')) {
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
  return { disclosure, notes };
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
    leaves.forEach((leaf, c) => {
      const raw = (cells[c] ?? '').trim();
      // text cells come back as they were before the feed neutralised spreadsheet formulas
      const text = leaf.type === 'amount' ? raw : restoreFormula(raw);
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
    rows.push({ row, values });
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
