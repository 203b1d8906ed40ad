import fs from 'node:fs';
import { type GraphQLScalarType, isEnumType, isInterfaceType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYOUTS } from '../src/disclosure/layouts.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { printedSchema, SCHEMA_FILE } from '../src/graphql/print-schema.js';
import { schema } from '../src/graphql/schema/index.js';
import { seededMemoryDatabase } from './support/database.js';
import { graphqlClient } from './support/graphql.js';
import { seedCatalog, seedDisclosure } from './support/seed.js';

let graphql: ReturnType<typeof graphqlClient>;
beforeAll(() => {
  graphql = graphqlClient(seededMemoryDatabase());
});

const CONTRACT = /* GraphQL */ `
  {
    unit(code: "122201") {
      name
      parent { code name }
      budget(year: 2024) {
        total { value change { previous delta percent } }
        basic { value share }
        project { value share }
        personnel { value }
        publicExpense { value }
        subjects(scheme: FUNCTIONAL, level: 1) {
          code name total { value share }
          children { code name total { value }
            children { code name total { value } items { name amount { value } } } }
        }
        threePublicCosts { total { value change { previous delta percent } } }
        operatingCosts { value change { previous delta percent } }
        table(no: 5) { title rows { cells } }
        checks { id passed }
      }
    }
  }
`;

describe('GraphQL: the acceptance contract', () => {
  it('answers the contract query with the published figures', async () => {
    const { data, errors } = await graphql(CONTRACT);
    expect(errors).toBeUndefined();
    const { subjects, table, checks, ...budget } = data.unit.budget;
    expect({ name: data.unit.name, parent: data.unit.parent, ...budget }).toEqual({
      name: '焦作市政务大数据中心',
      parent: { code: '122', name: '政务服务和大数据局' },
      total: { value: '512.02', change: { previous: '174.15', delta: '337.87', percent: '194.01' } },
      basic: { value: '477.62', share: '93.28' },
      project: { value: '34.40', share: '6.72' },
      personnel: { value: '444.24' },
      publicExpense: { value: '33.38' },
      threePublicCosts: {
        total: { value: '4.00', change: { previous: '1.30', delta: '2.70', percent: '207.69' } },
      },
      operatingCosts: { value: '24.75', change: { previous: '8.75', delta: '16.00', percent: '182.86' } },
    });
    expect(subjects.map((s: any) => [s.code, s.name, s.total.value, s.total.share])).toEqual([
      ['201', '一般公共服务支出', '417.76', '81.59'],
      ['205', '教育支出', '1.74', '0.34'],
      ['208', '社会保障和就业支出', '44.31', '8.65'],
      ['210', '卫生健康支出', '25.52', '4.98'],
      ['221', '住房保障支出', '22.69', '4.43'],
    ]);
    const rendered = renderDisclosure(seedDisclosure(), seedCatalog()).find((t) => t.no === 5)!;
    expect(table).toEqual({
      title: '2024年一般公共预算支出预算表',
      rows: rendered.rows.map((r) => ({ cells: r.cells })),
    });
    expect(checks.length).toBe(93);
    expect(checks.filter((c: any) => !c.passed)).toEqual([]);
  });

  it('gives the functional tree down to 项 with items, and every total is the sum of its children and items', async () => {
    const { data } = await graphql(CONTRACT);
    const mismatches: string[] = [];
    const walk = (node: any) => {
      const children = node.children ?? [];
      const items = node.items ?? [];
      const parts = [...children.map((c: any) => c.total.value), ...items.map((i: any) => i.amount.value)];
      const sum = parts.reduce((a: number, v: string) => a + Math.round(Number(v) * 100), 0);
      if (sum !== Math.round(Number(node.total.value) * 100))
        mismatches.push(`${node.code}: ${node.total.value} ≠ Σ ${parts}`);
      children.forEach(walk);
    };
    data.unit.budget.subjects.forEach(walk);
    expect(mismatches).toEqual([]);
    const items2010302 = data.unit.budget.subjects[0].children[0].children.find(
      (s: any) => s.code === '2010302',
    ).items;
    expect(items2010302.map((i: any) => [i.name, i.amount.value])).toEqual([
      ['信息采集加工费', '0.80'],
      ['政府信息公开工作经费', '1.30'],
      ['网络及网站建设维护', '12.30'],
      ['西厅水、电、物业费用', '10.00'],
      ['大厅运行费（复印打印邮寄）', '10.00'],
    ]);
  });

  it('adds up both economic classifications the same way', async () => {
    for (const scheme of ['ECONOMIC_DEPARTMENT', 'ECONOMIC_GOVERNMENT']) {
      const { data, errors } = await graphql(`{ unit(code: "122201") { budget(year: 2024) {
        subjects(scheme: ${scheme}) { code total { value } children { code total { value } items { name amount { value } } } } } } }`);
      expect(errors).toBeUndefined();
      const classes = data.unit.budget.subjects;
      const cents = (v: string) => Math.round(Number(v) * 100);
      expect(classes.reduce((a: number, c: any) => a + cents(c.total.value), 0)).toBe(51202);
      for (const cls of classes) {
        expect(cls.children.reduce((a: number, c: any) => a + cents(c.total.value), 0)).toBe(
          cents(cls.total.value),
        );
        for (const section of cls.children) {
          expect(section.items.reduce((a: number, i: any) => a + cents(i.amount.value), 0)).toBe(
            cents(section.total.value),
          );
        }
      }
    }
  });
});

describe('GraphQL: projects, items and tables', () => {
  it('lists the 5 projects under 2010302 with their performance indicators', async () => {
    const { data, errors } = await graphql(`{ unit(code: "122201") { budget(year: 2024) {
      subject(scheme: FUNCTIONAL, code: "2010302") { name items { __typename name ... on Project {
        code category functionalSubject { code } indicators { kind name value comparator target measureUnit } } } } } } }`);
    expect(errors).toBeUndefined();
    const projects = data.unit.budget.subject.items;
    expect(
      projects.map((p: any) => [
        p.__typename,
        p.code,
        p.category,
        p.functionalSubject.code,
        p.indicators.length,
      ]),
    ).toEqual([
      ['Project', '410800220000000035869', 'OPERATION', '2010302', 6],
      ['Project', '410800220000000035873', 'OPERATION', '2010302', 7],
      ['Project', '410800230000000011631', 'OPERATION', '2010302', 5],
      ['Project', '410800240000000039645', 'OPERATION', '2010302', 5],
      ['Project', '410800240000000039650', 'OPERATION', '2010302', 5],
    ]);
    expect(projects[1].indicators.slice(0, 2)).toEqual([
      {
        kind: 'COST',
        name: '政府信息公开工作所必需的经费',
        value: '≤1.3万',
        comparator: '≤',
        target: '1.3',
        measureUnit: '万',
      },
      {
        kind: 'OUTPUT',
        name: '政务公开信息条数',
        value: '≥140条',
        comparator: '≥',
        target: '140',
        measureUnit: '条',
      },
    ]);
    expect(projects[2].indicators.find((i: any) => i.kind === 'BENEFIT')).toEqual({
      kind: 'BENEFIT',
      name: '对工作效率、管理和决策支持的改善或提升程',
      value: '明显',
      comparator: null,
      target: null,
      measureUnit: null,
    });
  });

  it('serves every disclosure table with the same content as the renderer', async () => {
    const { data } = await graphql(`{ unit(code: "122201") { budget(year: 2024) {
      tables { no key title header notes rows { kind cells } columns { key label children { key } } } } } }`);
    const rendered = renderDisclosure(seedDisclosure(), seedCatalog());
    expect(data.unit.budget.tables.map((t: any) => t.no)).toEqual(LAYOUTS.map((l) => l.no));
    for (const table of data.unit.budget.tables) {
      const mine = rendered.find((t) => t.no === table.no)!;
      expect({ title: table.title, header: table.header, notes: table.notes, rows: table.rows }).toEqual({
        title: mine.title,
        header: mine.header,
        notes: mine.notes,
        rows: mine.rows.map((r) => ({ kind: r.kind, cells: r.cells })),
      });
    }
  });

  it('pages the basic-spending detail lines and refuses pages outside 1…100', async () => {
    const page = async (after?: string) =>
      graphql(
        `query($after: String) { unit(code: "122201") { budget(year: 2024) {
        basicItems(first: 20, after: $after) { edges { cursor node { name type amount { value } } } pageInfo { hasNextPage endCursor } } } } }`,
        {
          after,
        },
      );
    const names: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { data } = await page(after);
      const connection = data.unit.budget.basicItems;
      names.push(...connection.edges.map((e: any) => e.node.name));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(names).toEqual(seedDisclosure().basicItems.map((i) => i.name));
    const tooMany = await graphql(`{ units(first: 101) { edges { node { code } } } }`);
    expect(tooMany.errors?.[0]?.message).toBe('`first` must be between 1 and 100, found 101');
    const missing = await graphql(`{ units { edges { node { code } } } }`);
    expect(missing.errors?.[0]?.message).toBe(
      'Field "units" argument "first" of type "Int!" is required, but it was not provided.',
    );
  });

  it('refetches every Node type with node(id:)', async () => {
    const { data } = await graphql(`{ unit(code: "122201") { id parent { id } budget(year: 2024) { id
      subject(scheme: FUNCTIONAL, code: "2010302") { id items { ... on Node { id } } }
      projects { indicators { id } }
      basicItems(first: 1) { edges { node { id } } }
      table(no: 7) { id } } } }`);
    const b = data.unit.budget;
    const ids: string[] = [
      data.unit.id,
      data.unit.parent.id,
      b.id,
      b.subject.id,
      b.subject.items[0].id,
      b.projects[0].indicators[0].id,
      b.basicItems.edges[0].node.id,
      b.table.id,
    ];
    const refetched = await graphql(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
    expect(refetched.data.nodes.map((n: any) => n.__typename)).toEqual([
      'Unit',
      'Unit',
      'Budget',
      'BudgetSubject',
      'Project',
      'PerformanceIndicator',
      'BasicItem',
      'DisclosureTable',
    ]);
    expect(refetched.data.nodes.map((n: any) => n.id)).toEqual(ids);
    const one = await graphql(
      `query($id: ID!) { node(id: $id) { ... on Budget { year revision total { value } } } }`,
      { id: b.id },
    );
    expect(one.data.node).toEqual({ year: 2024, revision: 1, total: { value: '512.02' } });
  });

  it('answers for income, “三公” items, prior-year figures and the narrative', async () => {
    const { data } =
      await graphql(`{ unit(code: "122201") { staffingQuota staffCount formation { document predecessors }
      budget(year: 2024) {
      income { label ofWhich amount { value share } }
      threePublicCosts { vehicleOperation { value change { previous delta percent } } reception { value change { previous delta percent } } }
      narrative { metric value computed }
    } } }`);
    const b = data.unit.budget;
    expect(data.unit.staffingQuota).toBe(38);
    expect(data.unit.formation.document).toBe('焦编〔2023〕85号');
    expect(b.income).toEqual([
      { label: '一般公共预算', ofWhich: false, amount: { value: '512.02', share: '100.00' } },
      { label: '其中：财政拨款', ofWhich: true, amount: { value: '512.02', share: '100.00' } },
    ]);
    expect(b.threePublicCosts).toEqual({
      vehicleOperation: { value: '3.00', change: { previous: '1.30', delta: '1.70', percent: '130.77' } },
      reception: { value: '1.00', change: { previous: '0.00', delta: '1.00', percent: null } },
    });
    const disagreements = b.narrative.filter((n: any) => Number(n.value) !== Number(n.computed));
    expect(disagreements).toEqual([]);
  });
});

describe('GraphQL: schema', () => {
  it('schema.graphql is the printed Pothos schema', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(printedSchema());
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name))
        continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args)
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type))
        for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('reads Decimal input exactly and refuses anything that is not a two-decimal amount', () => {
    const decimal = schema.getType('Decimal') as GraphQLScalarType;
    expect(decimal.parseValue('512.02')).toBe(5_120_200);
    expect(decimal.serialize(5_120_200)).toBe('512.02');
    for (const bad of ['1,000.00', '1.005', 'NaN', 'Infinity', '1e999', 7]) {
      expect(() => decimal.parseValue(bad)).toThrow(/expected an amount in 万元 with at most two decimals/);
    }
  });
});
