import path from 'node:path';
import { ROOT } from '../../src/config.js';
import { BudgetContext, FUND_SETS, type FundSet } from '../../src/disclosure/context.js';
import { wan, wanTrimmed, wanWhole } from '../../src/disclosure/explanation.js';
import {
  type BasicItem,
  type Disclosure,
  type EconomicExpenditure,
  type FunctionalExpenditure,
  type NarrativeClaim,
  type NarrativeStatement,
  type Project,
  parseIndicatorValue,
} from '../../src/disclosure/facts.js';
import { type RenderedTable, renderDisclosure } from '../../src/disclosure/render.js';
import { readSubjectCodes, SubjectCatalog } from '../../src/disclosure/subjects.js';
import {
  CATEGORIES,
  type Category,
  type Fund,
  type IncomeSource,
  type IndicatorKind,
  type PriorYearMetric,
  type ProjectCategory,
  type ThreePublicItem,
} from '../../src/domain.js';
import { change, formatWan, parseWan, percentOf, sum, type Yuan } from '../../src/money.js';

/**
 * Two synthetic unit budget disclosures (单位预算公开) of fictional units, each built from one set
 * of fine-grained facts so that every identity between its tables holds, and printed in the text
 * form of the published seed document (tests/fixtures/published): cover, 目录, parts 1–3 in the
 * seed's own sentences with this unit's figures, then the 14 tables drawn by the renderer.
 *
 * Together they carry what the seed lacks: 政府性基金 (table 10) and 国有资本经营 (table 11)
 * spending, 事业收入 paying basic 公用经费 and a project, 上年结转 paying a project, both project
 * types under several functional 项, a basic capital line, a 公务用车购置费, 其他收入 and
 * 财政专户管理资金, empty tables 10 and 11, decreases and 持平 in the narrative.
 *
 * Each fact can be recovered from the document: a project's 项 from the amounts of 03/05/10/11
 * and 12 (one way only), and each economic line's basic or project part of a source other than
 * the general public budget (which 06 does not show) from 08, because no such line is paid from
 * one source for both, and only one set of those lines adds up to the source's basic spending.
 */

// —— fact specifications (万元 as printed; every figure a whole number of 100 元) ——

type Line = [departmentCode: string, governmentCode: string, fund: Fund, wan: string];

interface BasicLineSpec {
  /** the economic line and the functional 项 it is spent under */
  line: Line;
  subject: string;
}

interface ProjectSpec {
  code: string;
  name: string;
  performanceName?: string;
  category: ProjectCategory;
  subject: string;
  /** the project's spending by economic subject and fund: its amounts by fund are their sums */
  lines: Line[];
  indicators: [IndicatorKind, string, string][];
}

interface UnitSpec {
  department: Disclosure['department'];
  unit: Disclosure['unit'];
  declaredSubjects: Disclosure['declaredSubjects'];
  basic: BasicLineSpec[];
  basicItems: [BasicItem['type'], string, Fund, string][];
  projects: ProjectSpec[];
  incomes: [IncomeSource, string][];
  threePublic: [Disclosure['threePublic'][number]['item'], string][];
  operatingCosts: [string, string][];
  priorYear: [PriorYearMetric, string, string][];
  procurement: [Disclosure['procurement'][number]['kind'], string][];
  assets: [item: string, label: string, wan: string | null, count: number | null][];
}

/** What the narrative says in words: the reasons it gives and what the key projects are for. */
interface NarrativeWords {
  reasons: Partial<Record<PriorYearMetric, string>>;
  vehiclePurchasePlan: string;
  keyProjects: { code: string; purpose: string }[];
}

const basic = (subject: string, ...line: Line): BasicLineSpec => ({ line, subject });

const UNIT_A: UnitSpec = {
  department: { code: '201', name: '乡村建设局' },
  unit: {
    code: '201003',
    name: '焦作市乡村建设技术服务中心',
    regionCode: '410800',
    nature: '公益二类事业单位',
    rank: '正科级',
    staffingQuota: 26,
    staffCount: 23,
    internalDivisions: ['综合科', '技术推广科', '监测评估科', '工程服务科'],
    duties: [
      '承担全市乡村建设技术推广和技术培训工作，指导农村住房、供水、道路等基础设施建设的技术应用。',
      '承担农村人居环境和乡村建设统计监测工作，建设和运行乡村建设监测信息平台。',
      '受委托开展农村基础设施工程质量检测和技术服务，承担改制企业遗留问题处置的具体事务。',
      '完成市乡村建设局交办的其他任务。',
    ],
    formation: null,
  },
  declaredSubjects: [
    {
      scheme: 'functional',
      code: '2230199',
      name: '其他解决历史遗留问题及改革成本支出',
      level: 3,
      parentCode: '22301',
    },
  ],
  basic: [
    basic('2130104', '30101', '50501', 'generalPublic', '62.40'),
    basic('2130104', '30102', '50501', 'generalPublic', '18.30'),
    basic('2130104', '30103', '50501', 'generalPublic', '9.60'),
    basic('2130104', '30107', '50501', 'generalPublic', '41.20'),
    basic('2080505', '30108', '50501', 'generalPublic', '19.84'),
    basic('2080506', '30109', '50501', 'generalPublic', '9.92'),
    basic('2101102', '30110', '50501', 'generalPublic', '10.70'),
    basic('2130104', '30112', '50501', 'generalPublic', '1.46'),
    basic('2210201', '30113', '50501', 'generalPublic', '14.88'),
    basic('2130104', '30199', '50501', 'generalPublic', '3.50'),
    basic('2080502', '30302', '50905', 'generalPublic', '12.60'),
    basic('2080502', '30305', '50901', 'generalPublic', '1.80'),
    basic('2130104', '30201', '50502', 'generalPublic', '6.20'),
    basic('2130104', '30205', '50502', 'generalPublic', '1.20'),
    basic('2130104', '30206', '50502', 'generalPublic', '3.60'),
    basic('2130104', '30207', '50502', 'generalPublic', '1.50'),
    basic('2130104', '30211', '50502', 'generalPublic', '4.80'),
    basic('2130104', '30213', '50502', 'generalPublic', '2.40'),
    basic('2050803', '30216', '50502', 'generalPublic', '1.30'),
    basic('2130104', '30217', '50502', 'generalPublic', '1.20'),
    basic('2130104', '30228', '50502', 'generalPublic', '3.10'),
    basic('2130104', '30229', '50502', 'generalPublic', '2.90'),
    basic('2130104', '30231', '50502', 'generalPublic', '4.50'),
    basic('2130104', '30299', '50502', 'generalPublic', '2.00'),
    basic('2130104', '31002', '50601', 'generalPublic', '8.50'),
    basic('2130104', '30201', '50502', 'operatingRevenue', '3.00'),
    basic('2130104', '30218', '50502', 'operatingRevenue', '5.00'),
    basic('2130104', '30226', '50502', 'operatingRevenue', '7.00'),
  ],
  basicItems: [
    ['personnel', '事业人员基本工资', 'generalPublic', '62.40'],
    ['personnel', '事业人员津贴补贴', 'generalPublic', '18.30'],
    ['personnel', '年终一次性奖金', 'generalPublic', '9.60'],
    ['personnel', '基础性绩效工资', 'generalPublic', '28.80'],
    ['personnel', '奖励性绩效工资', 'generalPublic', '12.40'],
    ['personnel', '养老保险金(事业)', 'generalPublic', '19.84'],
    ['personnel', '职业年金(事业)', 'generalPublic', '9.92'],
    ['personnel', '医疗保险金（事业）', 'generalPublic', '10.70'],
    ['personnel', '失业及工伤保险金', 'generalPublic', '1.46'],
    ['personnel', '住房公积金(事业)', 'generalPublic', '14.88'],
    ['personnel', '编外聘用人员工资', 'generalPublic', '3.50'],
    ['personnel', '退休费', 'generalPublic', '12.60'],
    ['personnel', '退休人员生活补助', 'generalPublic', '1.80'],
    ['public', '在职人员定额公用经费（事业）', 'generalPublic', '20.40'],
    ['public', '工会经费（事业）', 'generalPublic', '3.10'],
    ['public', '福利费（事业）', 'generalPublic', '2.90'],
    ['public', '公务用车运行维护费', 'generalPublic', '4.50'],
    ['public', '在职人员公用经费培训费（事业）', 'generalPublic', '1.30'],
    ['public', '公务接待费', 'generalPublic', '1.20'],
    ['public', '退休人员公用经费', 'generalPublic', '1.30'],
    ['public', '办公设备购置', 'generalPublic', '8.50'],
    ['public', '事业收入安排公用经费', 'operatingRevenue', '15.00'],
  ],
  projects: [
    {
      code: '410800240000000041021',
      name: '乡村建设技术推广',
      category: 'operation',
      subject: '2130199',
      lines: [
        ['30227', '50502', 'generalPublic', '10.00'],
        ['30211', '50502', 'generalPublic', '2.60'],
        ['30202', '50502', 'generalPublic', '6.00'],
      ],
      indicators: [
        ['cost', '项目总成本', '≤18.6万元'],
        ['output', '技术推广培训场次', '≥12场'],
        ['output', '推广覆盖行政村数', '≥60个'],
        ['output', '培训合格率', '≥95%'],
        ['benefit', '农户实用技术应用水平', '明显提升'],
        ['satisfaction', '培训对象满意度', '≥90%'],
      ],
    },
    {
      code: '410800240000000041035',
      name: '检测服务业务运行（事业收入）',
      performanceName: '检测服务业务运行(事业收入)',
      category: 'operation',
      subject: '2130199',
      lines: [
        ['30227', '50502', 'operatingRevenue', '6.40'],
        ['30202', '50502', 'operatingRevenue', '3.10'],
      ],
      indicators: [
        ['output', '年度检测样品数量', '≥1500批次'],
        ['output', '检测报告出具时限', '≤7个工作日'],
        ['benefit', '检测业务正常运转', '有效保障'],
        ['satisfaction', '委托单位满意度', '≥90%'],
      ],
    },
    {
      code: '410800230000000027718',
      name: '农村统计监测运行维护',
      category: 'operation',
      subject: '2130111',
      lines: [
        ['30213', '50502', 'generalPublic', '7.80'],
        ['30207', '50502', 'generalPublic', '5.00'],
      ],
      indicators: [
        ['cost', '运维成本控制', '≤12.8万元'],
        ['output', '监测点位正常运行率', '≥95%'],
        ['output', '监测数据报送及时率', '100%'],
        ['benefit', '为乡村建设决策提供数据支撑', '明显'],
        ['satisfaction', '使用部门满意度', '≥90%'],
      ],
    },
    {
      code: '410800240000000041049',
      name: '乡村数字化监测平台建设',
      category: 'specific',
      subject: '2130111',
      lines: [['31007', '50601', 'generalPublic', '25.00']],
      indicators: [
        ['cost', '平台建设成本', '≤25万元'],
        ['output', '接入监测站点数量', '≥40个'],
        ['output', '平台上线运行时间', '≤10个月'],
        ['output', '系统验收合格率', '100%'],
        ['benefit', '监测数据共享利用水平', '显著提升'],
        ['benefit', '监测工作效率提升', '≥30%'],
        ['satisfaction', '平台用户满意度', '≥90%'],
      ],
    },
    {
      code: '410800230000000027722',
      name: '农村人居环境监测（上年结转）',
      category: 'specific',
      subject: '2130111',
      lines: [['30227', '50502', 'carryoverGeneralPublic', '15.00']],
      indicators: [
        ['output', '完成监测村庄数量', '≥80个'],
        ['output', '监测报告按期完成率', '100%'],
        ['benefit', '推动人居环境问题整改', '明显'],
        ['satisfaction', '监测村庄群众满意度', '≥85%'],
      ],
    },
    {
      code: '410800240000000041053',
      name: '农村供水设施巡检',
      category: 'specific',
      subject: '2130199',
      lines: [
        ['30227', '50502', 'generalPublic', '20.00'],
        ['30211', '50502', 'generalPublic', '4.00'],
        ['30218', '50502', 'generalPublic', '6.00'],
      ],
      indicators: [
        ['cost', '巡检成本', '≤30万元'],
        ['output', '巡检供水工程处数', '≥120处'],
        ['output', '隐患发现整改率', '≥90%'],
        ['output', '巡检报告提交时限', '≤15天'],
        ['benefit', '农村供水保障水平', '明显提高'],
        ['satisfaction', '受益群众满意度', '≥90%'],
      ],
    },
    {
      code: '410800240000000041068',
      name: '公务用车更新购置',
      category: 'specific',
      subject: '2130199',
      lines: [['31013', '50601', 'generalPublic', '16.00']],
      indicators: [
        ['cost', '车辆购置成本', '≤16万元'],
        ['output', '购置车辆数量', '1辆'],
        ['output', '车辆验收合格率', '100%'],
        ['benefit', '保障野外技术服务用车', '有效保障'],
        ['satisfaction', '用车人员满意度', '≥95%'],
      ],
    },
    {
      code: '410800240000000041072',
      name: '村内道路建设技术服务',
      category: 'specific',
      subject: '2120804',
      lines: [
        ['30227', '50502', 'governmentFund', '80.00'],
        ['31005', '50601', 'governmentFund', '40.00'],
      ],
      indicators: [
        ['cost', '技术服务成本', '≤120万元'],
        ['output', '服务村内道路里程', '≥85公里'],
        ['output', '技术指导覆盖行政村', '≥50个'],
        ['output', '工程质量抽检合格率', '≥98%'],
        ['benefit', '改善农村群众出行条件', '明显'],
        ['benefit', '村级道路养护水平', '逐步提升'],
        ['satisfaction', '沿线群众满意度', '≥90%'],
      ],
    },
    {
      code: '410800240000000041087',
      name: '改制企业遗留问题处置',
      category: 'specific',
      subject: '2230199',
      lines: [['30227', '50502', 'stateCapital', '40.00']],
      indicators: [
        ['cost', '处置成本', '≤40万元'],
        ['output', '完成遗留问题处置事项', '≥6项'],
        ['output', '处置按期完成率', '100%'],
        ['benefit', '维护改制企业职工合法权益', '有效维护'],
        ['satisfaction', '相关职工满意度', '≥85%'],
      ],
    },
  ],
  incomes: [
    ['generalPublic', '351.80'],
    ['generalPublicAppropriation', '351.80'],
    ['governmentFund', '120.00'],
    ['stateCapital', '40.00'],
    ['operatingRevenue', '24.50'],
    ['carryoverGeneralPublic', '15.00'],
  ],
  threePublic: [
    ['outboundTravel', '0.00'],
    ['vehiclePurchase', '16.00'],
    ['vehicleOperation', '4.50'],
    ['reception', '1.20'],
  ],
  operatingCosts: [
    ['30201', '5.00'],
    ['30205', '1.20'],
    ['30206', '3.60'],
    ['30207', '1.50'],
    ['30211', '4.00'],
    ['30213', '2.40'],
    ['30217', '1.20'],
    ['30231', '4.50'],
    ['30299', '1.50'],
  ],
  priorYear: [
    ['total', '上年预算数', '498.60'],
    ['generalPublic', '上年预算数', '362.50'],
    ['threePublicTotal', '上年预算数', '6.40'],
    ['outboundTravel', '上年预算数', '0.00'],
    ['vehiclePurchase', '上年预算数', '0.00'],
    ['vehicleOperation', '上年预算数', '5.20'],
    ['reception', '上年预算数', '1.20'],
    ['operatingCosts', '上年预算数', '26.10'],
  ],
  procurement: [
    ['goods', '49.50'],
    ['works', '40.00'],
    ['services', '12.80'],
  ],
  assets: [
    ['buildings', '房屋建筑物', '320.00', null],
    ['vehicles', '车辆', '38.60', 3],
    ['officeEquipment', '办公设备', '86.45', null],
    ['specialEquipment', '专用设备', '152.30', null],
    ['otherAssets', '其他资产', '12.65', null],
    ['generalOfficialVehicles', '一般公务用车', null, 2],
    ['lawEnforcementVehicles', '执法执勤用车', null, 0],
    ['otherVehicles', '其他用车', null, 1],
    ['generalEquipmentOver500k', '单位价值50万元以上通用设备', null, 0],
    ['specialEquipmentOver1m', '单位价值100万元以上专用设备', null, 1],
  ],
};

const UNIT_B: UnitSpec = {
  department: { code: '207', name: '文化旅游发展局' },
  unit: {
    code: '207105',
    name: '焦作市云台文化艺术服务中心',
    regionCode: '410800',
    nature: '公益一类事业单位',
    rank: '正科级',
    staffingQuota: 18,
    staffCount: 16,
    internalDivisions: ['办公室', '活动策划部', '艺术培训部', '非遗保护部'],
    duties: [
      '组织开展全市群众文化活动，指导基层文化站（室）业务工作。',
      '承担公益性艺术培训和文化志愿服务的组织实施。',
      '承担非物质文化遗产展示展演和传承传播工作，负责中心馆舍设施的运行维护。',
      '完成市文化旅游发展局交办的其他任务。',
    ],
    formation: null,
  },
  declaredSubjects: [],
  basic: [
    basic('2070109', '30101', '50501', 'generalPublic', '48.20'),
    basic('2070109', '30102', '50501', 'generalPublic', '12.60'),
    basic('2070109', '30107', '50501', 'generalPublic', '30.40'),
    basic('2080505', '30108', '50501', 'generalPublic', '15.36'),
    basic('2101102', '30110', '50501', 'generalPublic', '8.64'),
    basic('2070109', '30112', '50501', 'generalPublic', '1.10'),
    basic('2210201', '30113', '50501', 'generalPublic', '11.52'),
    basic('2070109', '30201', '50502', 'generalPublic', '4.20'),
    basic('2070109', '30207', '50502', 'generalPublic', '1.10'),
    basic('2070109', '30211', '50502', 'generalPublic', '2.30'),
    basic('2070109', '30213', '50502', 'generalPublic', '1.60'),
    basic('2070109', '30217', '50502', 'generalPublic', '0.80'),
    basic('2070109', '30228', '50502', 'generalPublic', '2.40'),
    basic('2070109', '30229', '50502', 'generalPublic', '2.20'),
    basic('2070109', '30231', '50502', 'generalPublic', '3.00'),
    basic('2070109', '30299', '50502', 'generalPublic', '1.40'),
    basic('2070109', '30201', '50502', 'otherRevenue', '1.50'),
    basic('2070109', '30299', '50502', 'otherRevenue', '2.50'),
  ],
  basicItems: [
    ['personnel', '事业人员基本工资', 'generalPublic', '48.20'],
    ['personnel', '事业人员津贴补贴', 'generalPublic', '12.60'],
    ['personnel', '基础性绩效工资', 'generalPublic', '21.30'],
    ['personnel', '奖励性绩效工资', 'generalPublic', '9.10'],
    ['personnel', '养老保险金（事业）', 'generalPublic', '15.36'],
    ['personnel', '医疗保险金(事业)', 'generalPublic', '8.64'],
    ['personnel', '失业及工伤保险金', 'generalPublic', '1.10'],
    ['personnel', '住房公积金（事业）', 'generalPublic', '11.52'],
    ['public', '在职人员定额公用经费（事业）', 'generalPublic', '10.40'],
    ['public', '工会经费', 'generalPublic', '2.40'],
    ['public', '福利费', 'generalPublic', '2.20'],
    ['public', '公务用车运行维护费', 'generalPublic', '3.00'],
    ['public', '公务接待费', 'generalPublic', '0.80'],
    ['public', '离退休人员公用经费', 'generalPublic', '0.20'],
    ['public', '其他收入安排公用经费', 'otherRevenue', '4.00'],
  ],
  projects: [
    {
      code: '410800240000000052013',
      name: '群众文化活动组织',
      category: 'operation',
      subject: '2070108',
      lines: [
        ['30227', '50502', 'generalPublic', '12.00'],
        ['30202', '50502', 'generalPublic', '3.00'],
        ['30226', '50502', 'generalPublic', '7.00'],
      ],
      indicators: [
        ['cost', '活动组织成本', '≤22万元'],
        ['output', '组织群众文化活动场次', '≥40场'],
        ['output', '参与群众人次', '≥2万人次'],
        ['benefit', '丰富群众精神文化生活', '明显'],
        ['satisfaction', '参与群众满意度', '≥90%'],
      ],
    },
    {
      code: '410800240000000052028',
      name: '文化志愿服务运行',
      category: 'operation',
      subject: '2070109',
      lines: [
        ['30211', '50502', 'generalPublic', '1.40'],
        ['30226', '50502', 'generalPublic', '7.00'],
      ],
      indicators: [
        ['output', '志愿服务活动次数', '≥24次'],
        ['output', '注册文化志愿者人数', '≥300人'],
        ['benefit', '志愿服务社会影响力', '逐步提升'],
        ['satisfaction', '服务对象满意度', '≥90%'],
      ],
    },
    {
      code: '410800240000000052032',
      name: '非遗展演季',
      category: 'specific',
      subject: '2070108',
      lines: [
        ['30227', '50502', 'generalPublic', '25.00'],
        ['30214', '50502', 'generalPublic', '10.00'],
        ['30227', '50502', 'otherRevenue', '5.00'],
      ],
      indicators: [
        ['cost', '展演成本', '≤40万元'],
        ['output', '展演场次', '≥16场'],
        ['output', '参演非遗项目数量', '≥30个'],
        ['output', '展演按期完成率', '100%'],
        ['benefit', '非遗项目传承传播效果', '明显'],
        ['benefit', '带动文旅消费', '有所提升'],
        ['satisfaction', '观众满意度', '≥90%'],
      ],
    },
    {
      code: '410800230000000038846',
      name: '艺术培训公益课堂',
      category: 'operation',
      subject: '2070109',
      lines: [
        ['30226', '50502', 'specialAccount', '9.60'],
        ['30218', '50502', 'specialAccount', '3.00'],
      ],
      indicators: [
        ['output', '开设培训班次', '≥20期'],
        ['output', '培训学员人次', '≥600人次'],
        ['benefit', '群众艺术素养', '明显提升'],
        ['satisfaction', '学员满意度', '≥92%'],
      ],
    },
    {
      code: '410800240000000052047',
      name: '文化馆舍设施维护',
      category: 'specific',
      subject: '2070109',
      lines: [['30213', '50502', 'generalPublic', '14.50']],
      indicators: [
        ['cost', '维护成本', '≤14.5万元'],
        ['output', '维护场馆面积', '≥5000平方米'],
        ['output', '场馆设施完好率', '≥95%'],
        ['benefit', '场馆安全运行', '有效保障'],
        ['satisfaction', '场馆使用者满意度', '≥90%'],
      ],
    },
  ],
  incomes: [
    ['generalPublic', '226.72'],
    ['generalPublicAppropriation', '226.72'],
    ['specialAccount', '12.60'],
    ['otherRevenue', '9.00'],
  ],
  threePublic: [
    ['outboundTravel', '0.00'],
    ['vehiclePurchase', '0.00'],
    ['vehicleOperation', '3.00'],
    ['reception', '0.80'],
  ],
  operatingCosts: [
    ['30201', '3.50'],
    ['30207', '1.10'],
    ['30211', '2.00'],
    ['30213', '1.60'],
    ['30217', '0.80'],
    ['30231', '3.00'],
  ],
  priorYear: [
    ['total', '上年预算数', '262.40'],
    ['generalPublic', '上年预算数', '240.00'],
    ['threePublicTotal', '上年预算数', '4.20'],
    ['outboundTravel', '上年预算数', '0.00'],
    ['vehiclePurchase', '上年预算数', '0.00'],
    ['vehicleOperation', '上年预算数', '3.00'],
    ['reception', '上年预算数', '1.20'],
    ['operatingCosts', '上年预算数', '13.50'],
  ],
  procurement: [
    ['goods', '3.00'],
    ['works', '14.50'],
    ['services', '22.00'],
  ],
  assets: [
    ['buildings', '房屋建筑物', '1260.40', null],
    ['vehicles', '车辆', '22.80', 1],
    ['officeEquipment', '办公设备', '35.62', null],
    ['specialEquipment', '专用设备', '88.18', null],
    ['otherAssets', '其他资产', '3.00', null],
    ['generalOfficialVehicles', '一般公务用车', null, 1],
    ['lawEnforcementVehicles', '执法执勤用车', null, 0],
    ['otherVehicles', '其他用车', null, 0],
    ['generalEquipmentOver500k', '单位价值50万元以上通用设备', null, 0],
    ['specialEquipmentOver1m', '单位价值100万元以上专用设备', null, 0],
  ],
};

const WORDS: Record<string, NarrativeWords> = {
  [UNIT_A.unit.code]: {
    reasons: {
      total:
        '新增政府性基金预算安排的村内道路建设技术服务项目和国有资本经营预算安排的改制企业遗留问题处置项目，事业收入相应增加',
      generalPublic: '上年一次性安排的农村危房改造技术鉴定项目已完成，2024年不再安排',
      threePublicTotal: '我单位2024年安排公务用车更新购置1辆',
      outboundTravel: '我单位2024年无出国事项',
      vehiclePurchase: '我单位现有1辆野外作业用车已达报废年限，2024年更新购置1辆',
      vehicleOperation: '严格执行公务用车管理规定，压减公务用车运行维护支出',
      reception: '严格执行公务接待标准，公务接待费与上年保持一致',
      operatingCosts: '厉行节约，压减办公费和差旅费支出',
    },
    vehiclePurchasePlan: '主要用于更新购置野外技术服务用车1辆',
    keyProjects: [
      {
        code: '410800240000000041072',
        purpose: '为全市村内道路建设提供设计审查、质量检测和现场技术指导等服务',
      },
      {
        code: '410800240000000041087',
        purpose: '处置原市乡村建设工程公司改制遗留的职工安置和资产清理事项',
      },
    ],
  },
  [UNIT_B.unit.code]: {
    reasons: {
      total: '上年安排的文化馆舍改造项目已完成，2024年相应减少项目支出',
      generalPublic: '上年安排的文化馆舍改造项目已完成，2024年不再安排',
      threePublicTotal: '严格执行中央八项规定精神，压减公务接待支出',
      outboundTravel: '我单位2024年无出国事项',
      vehiclePurchase: '我单位2024年无公务车辆购置计划',
      vehicleOperation: '我单位公务用车数量和使用需求与上年相同',
      reception: '严格执行公务接待标准，减少公务接待批次',
      operatingCosts: '厉行节约，压减一般性支出',
    },
    vehiclePurchasePlan: '无公车购置计划',
    keyProjects: [
      { code: '410800240000000052032', purpose: '举办非遗展演季系列展演活动，组织非遗项目展示和传承人展演' },
      { code: '410800240000000052013', purpose: '组织开展全市群众文化活动和群众文艺汇演' },
    ],
  },
};

/** The official codes, with the code list the seed loads. */
const SUBJECT_CODES_FILE = path.join(ROOT, 'seeds', 'reference', 'subject-codes.csv');

export function syntheticCatalog(): SubjectCatalog {
  return new SubjectCatalog(readSubjectCodes(SUBJECT_CODES_FILE));
}

// —— building the facts ——

const yuan = parseWan;

/** Adds fine facts with the same key together (several projects paying the same economic line). */
function accumulate<T extends { amount: Yuan }>(facts: T[], key: (f: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const fact of facts) {
    const known = byKey.get(key(fact));
    if (known) known.amount += fact.amount;
    else byKey.set(key(fact), { ...fact });
  }
  return [...byKey.values()];
}

function categoryOfEconomic(departmentCode: string): Category {
  const category = (Object.keys(CATEGORIES) as Category[]).find(
    (c) => CATEGORIES[c].economicClass === departmentCode.slice(0, 3),
  );
  if (!category) throw new Error(`economic code ${departmentCode} is no basic-spending class`);
  return category;
}

function factsOf(spec: UnitSpec): Omit<Disclosure, 'narrative' | 'statements'> {
  const functional = accumulate<FunctionalExpenditure>(
    [
      ...spec.basic.map(({ line: [departmentCode, , fund, wan], subject }) => ({
        subjectCode: subject,
        category: categoryOfEconomic(departmentCode),
        fund,
        amount: yuan(wan),
      })),
      ...spec.projects.flatMap((p) =>
        p.lines.map(([, , fund, wan]) => ({
          subjectCode: p.subject,
          category: p.category,
          fund,
          amount: yuan(wan),
        })),
      ),
    ],
    (f) => `${f.subjectCode}/${f.category}/${f.fund}`,
  );
  const economic = accumulate<EconomicExpenditure>(
    [
      ...spec.basic.map(({ line: [departmentCode, governmentCode, fund, wan] }) => ({
        departmentCode,
        governmentCode,
        group: CATEGORIES[categoryOfEconomic(departmentCode)].group,
        fund,
        amount: yuan(wan),
        seq: 0,
      })),
      ...spec.projects.flatMap((p) =>
        p.lines.map(([departmentCode, governmentCode, fund, wan]) => ({
          departmentCode,
          governmentCode,
          group: 'project' as const,
          fund,
          amount: yuan(wan),
          seq: 0,
        })),
      ),
    ],
    (e) => `${e.departmentCode}/${e.governmentCode}/${e.group}/${e.fund}`,
  ).map((e, i) => ({ ...e, seq: i + 1 }));
  const projects: Project[] = spec.projects.map((p, i) => {
    const seqs = new Map<IndicatorKind, number>();
    return {
      seq: i + 1,
      code: p.code,
      name: p.name,
      performanceName: p.performanceName ?? null,
      category: p.category,
      functionalSubjectCode: p.subject,
      amounts: accumulate(
        p.lines.map(([, , fund, wan]) => ({ fund, amount: yuan(wan) })),
        (a) => a.fund,
      ),
      indicators: p.indicators.map(([kind, name, value]) => {
        const seq = (seqs.get(kind) ?? 0) + 1;
        seqs.set(kind, seq);
        return { kind, seq, name, value, ...parseIndicatorValue(value) };
      }),
    };
  });
  return {
    source: `2024-${spec.unit.code}.txt`,
    title: `${spec.unit.name}2024年度单位预算`,
    publishedOn: '2024-02',
    year: 2024,
    stage: 'budget',
    department: spec.department,
    unit: spec.unit,
    declaredSubjects: spec.declaredSubjects,
    labels: [{ scheme: 'economicDepartment', code: '30213', label: '维修(护)费' }],
    incomes: spec.incomes.map(([source, wan]) => ({ source, amount: yuan(wan) })),
    functional,
    economic,
    basicItems: spec.basicItems.map(([type, name, fund, wan], i) => ({
      seq: i + 1,
      type,
      name,
      fund,
      amount: yuan(wan),
    })),
    projects,
    threePublic: spec.threePublic.map(([item, wan]) => ({ item, amount: yuan(wan) })),
    operatingCosts: spec.operatingCosts.map(([departmentCode, wan]) => ({
      departmentCode,
      amount: yuan(wan),
    })),
    priorYear: spec.priorYear.map(([metric, entity, wan]) => ({
      metric,
      entity,
      basis: true,
      amount: yuan(wan),
    })),
    procurement: spec.procurement.map(([kind, wan]) => ({ kind, amount: yuan(wan) })),
    assets: spec.assets.map(([item, label, wan, count]) => ({
      item,
      label,
      amount: wan === null ? null : yuan(wan),
      count,
    })),
  };
}

/** Where write-synthetic.ts puts a unit's document. */
export function documentPath(d: Disclosure): string {
  return path.join(ROOT, 'tests', 'fixtures', 'documents', `${d.year}-${d.unit.code}.txt`);
}

// —— how figures are written in the narrative ——

// 万元 as the seed writes it in its narrative: the generated explanation's own formats
const unsigned = (text: string) => text.replace(/^-/, '');
/** The seed prints the two vehicle items' names in bold (markdown), before the figure: "**公务用车购置费** 0万元". */
const bold = (quote: string) => quote.replace(/^(\S+) /, '**$1** ');

const CHINESE_DIGITS = '〇一二三四五六七八九';
const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** "2024-02" as the cover prints it: 二〇二四年二月. */
function coverDate(publishedOn: string | null, year: number): string {
  const [y = String(year), m] = (publishedOn ?? String(year)).split('-');
  const digits = [...y].map((c) => CHINESE_DIGITS[Number(c)]).join('');
  return m ? `${digits}年${CHINESE_ORDINALS[Number(m) - 1]}月` : `${digits}年`;
}

class Narrator {
  readonly claims: NarrativeClaim[] = [];
  readonly statements: NarrativeStatement[] = [];

  /** Words the narrative states that are no figure (a reason, a purpose): recorded, returned. */
  says(key: string, text: string): string {
    if (!this.statements.some((x) => x.key === key)) this.statements.push({ key, text });
    return text;
  }

  /** A figure the narrative states: recorded as a claim, returned as the words that state it. */
  states(metric: string, value: string, quote: string): string {
    this.claims.push({ metric, value, quote });
    return quote;
  }

  /**
   * A change from the prior year in the seed's words: "…增加D万元，增长P%", "…减少D万元，下降P%",
   * "…增加D万元" when the prior year was nothing, or the flat phrase when nothing changed.
   */
  movement(
    metric: string,
    current: Yuan,
    previous: Yuan,
    words: { lead: string; flat: string; format: (y: Yuan) => string },
  ): string {
    const c = change(current, previous);
    if (c.delta === 0) return this.states(`${metric}.change.delta`, '0', words.flat);
    const up = c.delta > 0;
    const delta = words.format(Math.abs(c.delta));
    const text = this.states(
      `${metric}.change.delta`,
      `${up ? '' : '-'}${delta}`,
      `${words.lead}${up ? '增加' : '减少'}${delta}万元`,
    );
    if (c.percent === null) return text;
    return `${text}，${this.states(`${metric}.change.percent`, c.percent, `${up ? '增长' : '下降'}${unsigned(c.percent)}%`)}`;
  }
}

/** 二's sources of income in the seed's order and words (it names 上级补助收入 only where there is some). */
const INCOME_WORDS: [label: string, metric: string, funds: FundSet][] = [
  ['一般公共预算', 'income.generalPublic', FUND_SETS.generalPublic],
  ['政府性基金预算拨款收入', 'income.governmentFund', FUND_SETS.governmentFund],
  ['国有资本经营预算拨款收入', 'income.stateCapital', FUND_SETS.stateCapital],
  ['财政专户管理资金收入', 'income.specialAccount', FUND_SETS.specialAccount],
  ['事业收入', 'income.operatingRevenue', FUND_SETS.operatingRevenue],
  ['事业单位经营收入', 'income.businessRevenue', FUND_SETS.businessRevenue],
  ['上级补助收入', 'income.superiorSubsidy', FUND_SETS.superiorSubsidy],
  ['附属单位上缴收入', 'income.subsidiaryRemittance', FUND_SETS.subsidiaryRemittance],
  ['其他收入', 'income.otherRevenue', FUND_SETS.otherRevenue],
  ['上年结转结余', 'income.carryover', FUND_SETS.carryover],
];

/** Part 2 (预算情况说明) of a disclosure in the seed's sentences, with the claims it states. */
function explanation(
  d: Disclosure,
  catalog: SubjectCatalog,
): { paragraphs: string[]; claims: NarrativeClaim[]; statements: NarrativeStatement[] } {
  const ctx = new BudgetContext(d, catalog);
  const y = d.year;
  const n = new Narrator();
  const words = WORDS[d.unit.code] ?? { reasons: {}, vehiclePurchasePlan: '无公车购置计划', keyProjects: [] };
  /** the claim metric each prior-year metric's change is stated under */
  const CLAIM: Record<string, string> = {
    total: 'total',
    generalPublic: 'fund.generalPublic',
    threePublicTotal: 'threePublic.total',
    operatingCosts: 'operatingCosts',
  };
  const reason = (metric: PriorYearMetric) =>
    n.says(
      `reason.${CLAIM[metric] ?? `threePublic.${metric}`}`,
      words.reasons[metric] ?? '按照预算编制要求据实安排',
    );
  const prior = (metric: PriorYearMetric) => ctx.priorYear(metric) ?? 0;
  const unit = d.unit.name;
  const total = ctx.totalExpenditure();
  const income = ctx.income(FUND_SETS.all);
  const paragraphs: string[] = [];

  paragraphs.push(
    '一、收入支出预算总体情况说明',
    `${n.states('total', formatWan(total), `${y}年收入总计${formatWan(income)}万元，支出总计${formatWan(total)}万元`)}，与上年相比，${n.movement(
      'total',
      total,
      prior('total'),
      { lead: '收、支总计各', flat: '收、支总计持平，无增减变动', format: formatWan },
    )}，主要原因：${reason('total')}。`,
  );

  const incomeLines = () =>
    INCOME_WORDS.filter(([, metric, funds]) => metric !== 'income.superiorSubsidy' || ctx.income(funds)).map(
      ([label, metric, funds]) =>
        n.states(metric, wan(ctx.income(funds)), `${label}${wan(ctx.income(funds))}万元`),
    );
  paragraphs.push(
    '二、收入预算总体情况说明',
    `${y}年${n.states('income.total', formatWan(income), `收入合计${formatWan(income)}万元`)}，其中：${incomeLines().join('；')}。`,
  );

  const basicTotal = ctx.functional({ groups: ['personnel', 'public'] });
  const projectTotal = ctx.functional({ groups: ['project'] });
  paragraphs.push(
    '三、支出预算总体情况说明',
    `${y}年支出合计${formatWan(total)}万元，其中：${n.states('basic', formatWan(basicTotal), `基本支出${formatWan(basicTotal)}万元`)}，${n.states(
      'basic.share',
      percentOf(basicTotal, total)!,
      `占${percentOf(basicTotal, total)}%`,
    )}；${n.states('project', formatWan(projectTotal), `项目支出${formatWan(projectTotal)}万元`)}，${n.states(
      'project.share',
      percentOf(projectTotal, total)!,
      `占${percentOf(projectTotal, total)}%`,
    )}。`,
  );

  const generalPublic = ctx.functional({ funds: FUND_SETS.generalPublic });
  const governmentFund = ctx.functional({ funds: FUND_SETS.governmentFund });
  const stateCapital = ctx.functional({ funds: FUND_SETS.stateCapital });
  paragraphs.push(
    '四、财政拨款收入支出总体情况说明',
    `${n.states('fund.generalPublic', wan(generalPublic), `${y}年一般公共预算收支预算${wan(generalPublic)}万元`)}，${n.states(
      'fund.governmentFund',
      wan(governmentFund),
      `政府性基金收支预算${wan(governmentFund)}万元`,
    )}，${n.states('fund.stateCapital', wan(stateCapital), `国有资本经营收支预算${wan(stateCapital)}万元`)}。与上年相比，${n.movement(
      'fund.generalPublic',
      generalPublic,
      prior('generalPublic'),
      { lead: '一般公共预算收支预算', flat: '一般公共预算收支预算持平，无增减变动', format: formatWan },
    )}，主要原因：${reason('generalPublic')}。`,
  );

  const classes = [
    ...new Set(d.functional.filter((f) => f.fund === 'generalPublic').map((f) => f.subjectCode.slice(0, 3))),
  ]
    .sort()
    .map((code) => {
      const amount = ctx.functional({ funds: FUND_SETS.generalPublic, under: code });
      const name = ctx.catalog.name('functional', code);
      const share = percentOf(amount, generalPublic)!;
      return `${n.states(`functional.${code}@generalPublic`, formatWan(amount), `${name}${formatWan(amount)}万元`)}，${n.states(
        `functional.${code}@generalPublic.share`,
        share,
        `占${share}%`,
      )}`;
    });
  paragraphs.push(
    '五、一般公共预算支出情况说明',
    `${y}年一般公共预算支出年初预算为${formatWan(generalPublic)}万元。其中本年支出主要用于以下方面：${classes.join('；')}。`,
  );

  const basicLines = (group: 'personnel' | 'public') => {
    const lines = d.economic.filter((e) => e.fund === 'generalPublic' && e.group === group);
    const names = [...new Set(lines.map((e) => ctx.label('economicDepartment', e.departmentCode)))];
    return { amount: sum(lines.map((e) => e.amount)), names: names.join('、') };
  };
  const personnel = basicLines('personnel');
  const publicExpense = basicLines('public');
  paragraphs.push(
    '六、一般公共预算基本支出情况说明',
    `${y}年本年${n.states(
      'basic@generalPublic',
      formatWan(personnel.amount + publicExpense.amount),
      `一般公共预算基本支出为${formatWan(personnel.amount + publicExpense.amount)}万元`,
    )}。其中：${n.states(
      'personnel@generalPublic',
      formatWan(personnel.amount),
      `人员经费${formatWan(personnel.amount)}万元`,
    )}，主要包括：${personnel.names}；${n.states(
      'publicExpense@generalPublic',
      formatWan(publicExpense.amount),
      `公用经费${formatWan(publicExpense.amount)}万元`,
    )}，主要包括：${publicExpense.names}。`,
  );

  const fundSpending = (scope: 'anyGovernmentFund' | 'anyStateCapital', words: string) => {
    const funds: FundSet = FUND_SETS[scope];
    const amount = ctx.functional({ funds });
    if (!amount) return `我单位${y}年${n.states(`total@${scope}`, '0', `无使用${words}安排的支出`)}。`;
    const projects = d.projects
      .filter((p) => p.amounts.some((a) => (funds as readonly string[]).includes(a.fund)))
      .map((p) => p.name);
    return `${n.states(`total@${scope}`, formatWan(amount), `${y}年${words}安排的支出${formatWan(amount)}万元`)}，主要用于${n.says(`purpose.total@${scope}`, `${projects.join('、')}项目`)}。`;
  };
  paragraphs.push(
    '七、政府性基金预算支出情况说明',
    fundSpending('anyGovernmentFund', '政府性基金预算拨款'),
    '八、国有资本经营预算支出预算情况说明',
    fundSpending('anyStateCapital', '国有资本经营预算拨款'),
  );

  const c = (item: ThreePublicItem) => ctx.threePublic(item);
  const threePublic = c('outboundTravel') + c('vehiclePurchase') + c('vehicleOperation') + c('reception');
  const item = (metric: ThreePublicItem) =>
    `${n.movement(`threePublic.${metric}`, c(metric), prior(metric), {
      lead: '比上年预算数',
      flat: '与上年预算数持平，无增减变动',
      format: wanWhole,
    })}，主要原因：${reason(metric)}。`;
  const vehicle = c('vehiclePurchase') + c('vehicleOperation');
  paragraphs.push(
    '九、一般公共预算“三公”经费支出预算情况说明',
    `${n.states('threePublic.total', wanWhole(threePublic), `${y}年“三公”经费预算为${wanWhole(threePublic)}万元`)}。${n.movement(
      'threePublic.total',
      threePublic,
      prior('threePublicTotal'),
      { lead: '比上年预算数', flat: '与上年预算数持平，无增减变动', format: wanWhole },
    )}，主要原因：${reason('threePublicTotal')}。`,
    '具体支出情况如下：',
    `（一）${n.states('threePublic.outboundTravel', wanWhole(c('outboundTravel')), `因公出国（境）费 ${wanWhole(c('outboundTravel'))}万元`)}，${n.says('purpose.threePublic.outboundTravel', '主要用于单位工作人员公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出')}，${item('outboundTravel')}`,
    `（二）${n.states('threePublic.vehicle', wanWhole(vehicle), `公务用车购置及运行费 ${wanWhole(vehicle)}万元`)}。其中，${bold(
      n.states(
        'threePublic.vehiclePurchase',
        wanWhole(c('vehiclePurchase')),
        `公务用车购置费 ${wanWhole(c('vehiclePurchase'))}万元`,
      ),
    )}，${n.says('purpose.threePublic.vehiclePurchase', words.vehiclePurchasePlan)}，${item('vehiclePurchase')}${bold(
      n.states(
        'threePublic.vehicleOperation',
        wanWhole(c('vehicleOperation')),
        `公务用车运行维护费 ${wanWhole(c('vehicleOperation'))}万元`,
      ),
    )}，${n.says('purpose.threePublic.vehicleOperation', '主要用于开展工作所需公务用车的燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出')}，${item('vehicleOperation')}`,
    `（三）${n.states('threePublic.reception', wanWhole(c('reception')), `公务接待费 ${wanWhole(c('reception'))}万元`)}，${n.says('purpose.threePublic.reception', '主要用于按规定开支的各类公务接待（含外宾接待）支出')}，${item('reception')}`,
  );

  const operatingCosts = ctx.operatingCosts();
  const procurement = (kind: string) =>
    sum(d.procurement.filter((p) => p.kind === kind).map((p) => p.amount));
  const procurementTotal = sum(d.procurement.map((p) => p.amount));
  const projectsTotal = ctx.projectAmount(null);
  const keyProjects = words.keyProjects.map(({ code, purpose }, i) => {
    const project = d.projects.find((p) => p.code === code)!;
    const amount = wanTrimmed(ctx.projectAmount(code));
    return `重点项目${CHINESE_ORDINALS[i]}：${n.states(`project.${code}`, amount, `${project.name}项目，年初预算安排${amount}万元`)}，主要用于：${n.says(`purpose.project.${code}`, purpose)}。`;
  });
  const asset = (item: string) => d.assets.find((a) => a.item === item);
  const assetValue = (item: string) => wanWhole(asset(item)?.amount ?? 0);
  const assetCount = (item: string) => asset(item)?.count ?? 0;
  const fixedTotal = wanWhole(sum(d.assets.map((a) => a.amount ?? 0)));
  paragraphs.push(
    '十、其他重要事项情况说明',
    '（一）机关（机构）运行经费支出情况',
    `${n.states('operatingCosts', wanWhole(operatingCosts), `${y}年机关（机构）运行经费支出预算${wanWhole(operatingCosts)}万元`)}，主要保障机关（机构）正常运转及正常履职需要的办公费、水电费、物业费、维修费、差旅费等支出，${n.movement(
      'operatingCosts',
      operatingCosts,
      prior('operatingCosts'),
      { lead: '比上年预算数', flat: '与上年预算数持平，无增减变动', format: wanWhole },
    )}，主要原因：${reason('operatingCosts')}。`,
    '（二）政府采购支出情况',
    `${n.states('procurement.total', wanWhole(procurementTotal), `${y}年政府采购预算安排${wanWhole(procurementTotal)}万元`)}，其中：政府采购货物预算${wanWhole(procurement('goods'))}万元、政府采购工程预算${wanWhole(procurement('works'))}万元、政府采购服务预算${wanWhole(procurement('services'))}万元。`,
    '（三）关于预算绩效管理工作开展情况说明',
    `${y}年${unit}按要求编制了绩效目标，综合反映了单位各项目预期完成的成本指标、产出指标、效益指标和满意度指标等情况。${y}年，我单位${n.states(
      'projects.total',
      formatWan(projectsTotal),
      `纳入预算绩效管理的项目支出${formatWan(projectsTotal)}万元`,
    )}，${n.states('projects.count', String(d.projects.length), `涉及项目${d.projects.length}个`)}。`,
    keyProjects.join(''),
    '（四）国有资产占用情况',
    `上年期末，${unit}${n.states('assets.fixedTotal', fixedTotal, `固定资产总额${fixedTotal}万元`)}，其中，房屋建筑物${assetValue('buildings')}万元，车辆${assetValue('vehicles')}万元，办公设备${assetValue('officeEquipment')}万元，专用设备${assetValue('specialEquipment')}万元，其他资产${assetValue('otherAssets')}万元。${n.states(
      'assets.vehicleCount',
      String(assetCount('vehicles')),
      `车辆共有${assetCount('vehicles')}辆`,
    )}，其中：一般公务用车${assetCount('generalOfficialVehicles')}辆，执法执勤用车${assetCount('lawEnforcementVehicles')}辆，其他用车${assetCount('otherVehicles')}辆；单位价值50万元以上通用设备${assetCount('generalEquipmentOver500k')}台（套），单位价值100万元以上专用设备${assetCount('specialEquipmentOver1m')}台（套）。`,
    '（五）专项转移支付项目情况',
    '我单位负责管理的专项转移支付项目共有0项。我单位将按照《预算法》等有关规定，积极做好项目分配前期准备工作，在规定的时间内向财政部门提出资金分配意见，根据有关要求做好项目申报公开等相关工作。',
    '（六）关于预算部门构成说明',
    `${y}年我单位按照预算公开要求，将所属单位全部纳入预算公开范围。`,
  );
  return { paragraphs, claims: n.claims, statements: n.statements };
}

// —— the document ——

const TABLE_LIST = [
  '一、单位收支预算表',
  '二、单位收入预算表',
  '三、单位支出预算表',
  '四、财政拨款收支预算表',
  '五、一般公共预算支出预算表',
  '六、一般公共预算基本支出预算表',
  '七、一般公共预算基本支出明细表',
  '八、支出经济分类汇总表',
  '九、一般公共预算“三公”经费预算表',
  '十、政府性基金支出预算表',
  '十一、国有资本经营支出预算表',
  '十二、项目支出预算表',
  '十三、机关（机构）运行经费',
  '十四、本级单位预算项目绩效目标表',
];

/** 第三部分 名词解释, as the seed prints it (its page break inside 八 joined up). */
const GLOSSARY = [
  '一、财政拨款收入：是指本级财政当年拨付的资金。',
  '二、事业收入：是指事业单位开展专业活动及辅助活动所取得的收入。',
  '三、其他收入：是指部门取得的除“财政拨款”、“事业收入”、“事业单位经营收入”等以外的收入。',
  '四、基本支出：是指为保障机构正常运转、完成日常工作任务所必需的开支，其内容包括人员经费和日常公用经费两部分。',
  '五、项目支出：是指在基本支出之外，为完成特定的行政工作任务或事业发展目标所发生的支出。',
  '六、“三公”经费：是指纳入本级财政预算管理，部门使用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的住宿费、旅费、伙食补助费、杂费、培训费等支出；公务用车购置及运行费反映单位公务用车购置费及租用费、燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。',
  '七、机关（机构）运行经费：是指为保障机关（机构）正常运转及正常履职需要的办公费、水电费、日常维修、物业费、维修费、差旅费、公务用车运行维护费以及其他费用等支出。',
  '八、行政审批：是指行政机关（包括有行政审批权的其他组织）根据自然人、法人或者其他组织提出的申请，经过依法审查，采取“批准”、“同意”、“年检”发放证照等方式，准予其从事特定活动、认可其资格资质、确认特定民事关系或者特定民事权利能力和行为能力的行为。',
];

/** Part 1 (概况): the unit profile in the seed's sentences. */
function profile(d: Disclosure): string[] {
  const u = d.unit;
  const setting = [
    `${u.name}为焦作市${d.department.name}所属${u.nature ?? '单位'}${u.rank ? `，机构规格相当于${u.rank}` : ''}。`,
    u.internalDivisions.length ? `内设${u.internalDivisions.join('、')}。` : '',
    u.staffingQuota === null ? '' : `事业编制${u.staffingQuota}名，`,
    u.staffCount === null ? '' : `在职${u.staffCount}人。`,
  ].join('');
  return [
    '第一部分',
    `${u.name}概况`,
    `一、${u.name}主要职能`,
    '（一）机构设置情况',
    setting,
    '（二）单位职责',
    `${u.name}主要职责是：${u.duties.map((duty, i) => `${i + 1}. ${duty}`).join('')}`,
    `二、${u.name}预算单位构成`,
    `本预算为${u.name}单位预算。`,
  ];
}

/** Writes the whole document of a disclosure: cover, 目录, parts 1–3 and the 14 tables as the renderer draws them. */
export function documentText(d: Disclosure, catalog: SubjectCatalog, artefacts: boolean): string {
  const unit = d.unit.name;
  const blocks = [
    '',
    `${unit}\n${d.year}年度单位预算`,
    coverDate(d.publishedOn, d.year),
    '目 录',
    `第一部分 ${unit}概况`,
    '- 一、主要职能\n- 二、预算单位构成',
    `第二部分 ${unit}${d.year}年度预算情况说明`,
    '第三部分 名词解释',
    `附件：${unit}${d.year}年度预算表`,
    TABLE_LIST.map((t) => `- ${t}`).join('\n'),
    ...profile(d),
    '第二部分',
    `${unit}${d.year}年度预算情况说明`,
    ...explanation(d, catalog).paragraphs,
    '第三部分',
    '名词解释',
    ...GLOSSARY,
    `附件：${unit}${d.year}年度预算表`,
    '预算01表',
    ...renderDisclosure(d, catalog).flatMap((t) => printTable(t, artefacts)),
  ];
  return blocks.join('\n\n');
}

// —— the tables as the extraction prints them ——

type Grid = string[][];

interface PrintedGrid {
  header: Grid;
  rows: Grid;
  /** page breaks: after this many body rows, the header rows printed again (as `header`) */
  pageBreaks: { after: number; header: Grid }[];
}

/** A table's blocks: title, the 单位名称 and 单位 lines, the tab-separated grid, the notes. */
function printTable(t: RenderedTable, artefacts: boolean): string[] {
  const clean: PrintedGrid = {
    header: t.header.map((row) => [...row]),
    rows: t.rows.map((row) => [...row.cells]),
    pageBreaks: [],
  };
  const grid = artefacts ? (EXTRACTION[t.no]?.(clean, t) ?? clean) : clean;
  const lines = (rows: Grid) => rows.map((cells) => cells.join('\t')).join('\n');
  let body = lines(grid.header);
  let printed = 0;
  for (const { after, header } of grid.pageBreaks) {
    body += `\n${lines(grid.rows.slice(printed, after))}\n\n${lines(header)}`;
    printed = after;
  }
  body += `\n${lines(grid.rows.slice(printed))}`;
  // table 09 prints a blank line between its two notes
  const notes = t.no === 9 ? t.notes : t.notes.length ? [t.notes.join('\n')] : [];
  return [
    t.title,
    ...(t.unitBanner ? [`单位名称：${t.unitName}`, `单位：${t.measure}`] : []),
    body,
    ...notes,
  ];
}

/** A cell wrapped by the extraction: a space where the printed line broke. */
const wrapAt = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width)} ${text.slice(width)}` : text;

const relabel = (grid: Grid, labels: Record<string, string>): Grid =>
  grid.map((row) => row.map((cell) => labels[cell] ?? cell));

const withColumn = (grid: Grid, column: number, edit: (cell: string) => string): Grid =>
  grid.map((row) => row.map((cell, i) => (i === column ? edit(cell) : cell)));

/** A merged header label printed `by` cells off its range's first cell (into a blank cell). */
function moveLabel(header: Grid, label: string, by: number): Grid {
  return header.map((row) => {
    const from = row.indexOf(label);
    if (from < 0) return row;
    if (row[from + by] !== '') throw new Error(`no blank cell to move "${label}" into`);
    const moved = [...row];
    moved[from] = '';
    moved[from + by] = label;
    return moved;
  });
}

const pageBreakAfter = (grid: PrintedGrid, after: number, header = grid.header): PrintedGrid =>
  grid.rows.length > after ? { ...grid, pageBreaks: [...grid.pageBreaks, { after, header }] } : grid;

/** A 21-digit project code as the extraction wraps it: "4108002200 0000003586 9". */
const wrappedCode = (code: string) =>
  /^\d{21}$/.test(code) ? `${code.slice(0, 10)} ${code.slice(10, 20)} ${code.slice(20)}` : code;

const INDICATOR_START_14 = 6;

/**
 * Table 14's continuation lines whose indicator cells the extraction shifts left: those of every
 * other project (the 1st, 3rd, …), where the leading empty indicator cells are dropped and the
 * row is padded at its end. By first indicator name: how many cells each row moved.
 */
function indicatorShiftsOf(t: RenderedTable): Map<number, number> {
  const shifts = new Map<number, number>();
  let project = -1;
  t.rows.forEach((row, i) => {
    if (row.kind === 'item') project++;
    if (row.kind !== 'continuation' || project % 2 !== 0) return;
    const indicators = row.cells.slice(INDICATOR_START_14);
    const shift = indicators.findIndex(Boolean);
    if (shift > 0) shifts.set(i, shift);
  });
  return shifts;
}

/** The table 14 rows shifted with artefacts on, by their first indicator name: how many cells left. */
export function indicatorShifts14(d: Disclosure, catalog: SubjectCatalog): Record<string, number> {
  const t = renderDisclosure(d, catalog).find((x) => x.no === 14)!;
  return Object.fromEntries(
    [...indicatorShiftsOf(t)].map(([i, shift]) => [t.rows[i]!.cells[INDICATOR_START_14 + shift]!, shift]),
  );
}

const WRAPPED_HEADER_03 = {
  单位代码: '单位代 码',
  其他运转类: '其他运转 类',
  特定目标类: '特定目标 类',
  工资福利支出: '工资福利支 出',
  对个人和家庭的补助: '对个人和家庭 的补 助',
  商品和服务支出: '商品和服务支 出',
};

const WRAPPED_HEADER_04 = {
  政府性基金: '政府性基 金',
  国有资本经营预算: '国有资本经营 预算',
  财政专户管理资金收入: '财政专户管理资 金收入',
  单位资金: '单位资 金',
  '其中：财政拨款': '其中：财政 拨款',
  '其中：上级专项转移支付安排支出': '其中：上级专项转移支付 安排支出',
};

/** Table 04's expenditure lines as printed: some wrapped, some with full-width brackets. */
const PRINTED_LINES_04: Record<string, string> = {
  '(十三) 农林水事务支出': '（十三） 农林水事务支出',
  '(二十) 自然资源海洋气象等支出': '(二十) 自然资源海洋气象等 支出',
  '(二十一) 住房保障支出': '（二十一） 住房保障支出',
  '(二十三) 国有资本经营预算': '（二十三） 国有资本经营预算',
  '(二十四) 灾害防治及应急管理': '(二十四) 灾害防治及应急管 理',
  '(三十四) 抗疫特别国债安排的支出': '(三十四) 抗疫特别国债安排 的支出',
};

/** Tables 03, 05, 10, 11: 项目支出 one cell left; long 项 names wrapped. */
function functionalTable(grid: PrintedGrid): PrintedGrid {
  return {
    ...grid,
    header: moveLabel(grid.header, '项目支出', -1),
    rows: withColumn(grid.rows, 4, (name) => wrapAt(name, 13)),
  };
}

/** The extraction artefacts the seed document shows, table by table; every figure stays as drawn. */
const EXTRACTION: Record<number, (grid: PrintedGrid, t: RenderedTable) => PrintedGrid> = {
  2: (grid) => ({ ...grid, header: moveLabel(grid.header, '上年结转结余', -1) }),
  3: (grid) => functionalTable({ ...grid, header: relabel(grid.header, WRAPPED_HEADER_03) }),
  4: (grid) =>
    pageBreakAfter(
      { ...grid, rows: withColumn(grid.rows, 2, (line) => PRINTED_LINES_04[line] ?? line) },
      14,
      relabel(grid.header, WRAPPED_HEADER_04),
    ),
  5: functionalTable,
  7: (grid) => pageBreakAfter(grid, 12),
  8: (grid) => {
    // an unnamed last column: every row ends in an empty cell
    const widen = (rows: Grid) => rows.map((row) => [...row, '']);
    const fullWidth = grid.rows.findIndex((row) => row[2] === '维修(护)费');
    const rows = widen(grid.rows).map((row, r) =>
      row.map((cell, i) =>
        i === 2 && r === fullWidth ? '维修（护）费' : i === 2 || i === 5 ? wrapAt(cell, 13) : cell,
      ),
    );
    return pageBreakAfter(pageBreakAfter({ header: widen(grid.header), rows, pageBreaks: [] }, 11), 26);
  },
  10: functionalTable,
  11: functionalTable,
  12: (grid) => ({ ...grid, header: moveLabel(grid.header, '财政拨款结转结余', 1) }),
  // each figure one cell right of its 合计 column
  13: (grid) => ({
    ...grid,
    header: grid.header.map((row) => [...row, '']),
    rows: grid.rows.map(([code = '', name = '', figure = '']) => [code, name, '', figure]),
  }),
  14: (grid, t) => {
    const shifts = indicatorShiftsOf(t);
    return {
      ...grid,
      header: relabel(grid.header, {
        '单位编码(项目编码)': '单位编码 (项目编码)',
        '项目单位(项目名称)': '项目单位 (项目名称)',
        政府预算资金: '政府预算 资金',
        财政专户管理资金: '财政专户管 理资金',
      }),
      rows: grid.rows.map((row, i) => {
        const shift = shifts.get(i) ?? 0;
        const cells = [wrappedCode(row[0]!), ...row.slice(1)];
        if (!shift) return cells;
        return [
          ...cells.slice(0, INDICATOR_START_14),
          ...cells.slice(INDICATOR_START_14 + shift),
          ...Array<string>(shift).fill(''),
        ];
      }),
    };
  },
};

// —— the two units (built last: they need the narrative and the tables above) ——

function withNarrative(
  facts: Omit<Disclosure, 'narrative' | 'statements'>,
  catalog: SubjectCatalog,
): Disclosure {
  const d: Disclosure = { ...facts, narrative: [], statements: [] };
  const { claims, statements } = explanation(d, catalog);
  return { ...d, narrative: claims, statements };
}

const CATALOG = syntheticCatalog();

/** Unit A (201003, 政府性基金, 国有资本经营, 事业收入, 上年结转) and unit B (207105, 其他收入, 财政专户). */
export const SYNTHETIC_UNITS: Disclosure[] = [UNIT_A, UNIT_B].map((spec) =>
  withNarrative(factsOf(spec), CATALOG),
);
