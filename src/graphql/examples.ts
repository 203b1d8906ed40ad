/**
 * The example queries a front-end team starts from, each a tab of GraphiQL (the first is the
 * tab it opens with): a unit's treemap, a department's ranking, a region's 类 totals and one unit
 * over the years. Each runs as it stands (its variables have defaults: the seed unit and its
 * department and region) and is tested (tests/graphql-examples.test.ts).
 */
export interface ExampleQuery {
  /** what the example is for, in a few words (the GraphiQL tab shows the operation name) */
  title: string;
  query: string;
}

export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    title: '单位支出功能分类树（树图、旭日图的数据） A unit’s functional tree for a treemap',
    query: `# 单位支出功能分类树：类 → 款 → 项，金额（万元）与占比，即树图或旭日图的数据
# A unit's functional spending, 类 → 款 → 项, amounts (万元) and shares: a treemap's data
query UnitTreemap($code: String! = "122201", $year: Int! = 2024) {
  unit(code: $code) {
    name
    budget(year: $year) {
      total { value }
      subjects(scheme: FUNCTIONAL, level: 1) {
        code name total { value share }
        children {
          code name total { value share }
          children { code name total { value share } }
        }
      }
    }
  }
}
`,
  },
  {
    title: '部门所属单位排名 A department’s units ranked by their total',
    query: `# 部门所属单位按支出总计排名（条形图的数据）
# A department's units ranked by total spending: a bar chart's data
query DepartmentRanking($code: String! = "122", $year: Int! = 2024) {
  department(code: $code) {
    name
    budget(year: $year) { unitCount total { value } }
    units(first: 20, orderBy: { field: TOTAL, direction: DESC, year: $year }) {
      totalCount
      edges { node { code name budget(year: $year) { total { value } } } }
    }
  }
}
`,
  },
  {
    title: '地区各类支出合计 A region’s totals by functional 类',
    query: `# 地区内全部单位的支出按功能分类“类”合计
# A region's spending summed over its units, by functional 类
query RegionClasses($code: String! = "410800", $year: Int! = 2024) {
  region(code: $code) {
    name
    budget(year: $year) {
      unitCount
      total { value }
      subjects(scheme: FUNCTIONAL, level: 1) { code name total { value share } }
    }
  }
}
`,
  },
  {
    title: '单位历年预算 One unit over the years',
    query: `# 一个单位历年的支出总计、“三公”经费和机关运行经费（折线图的数据）
# One unit's total, 三公 and operating costs over the years stored: a line chart's data
query UnitOverYears($code: String! = "122201") {
  unit(code: $code) {
    name
    total: series(metric: TOTAL) { year value }
    threePublicCosts: series(metric: THREE_PUBLIC_COSTS) { year value }
    operatingCosts: series(metric: OPERATING_COSTS) { year value }
  }
}
`,
  },
];
