import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { BudgetContext, FUND_SETS } from '../src/disclosure/context.js';
import { departmentContext } from '../src/disclosure/department.js';
import {
  EXPLANATION_SECTIONS,
  type ExplanationSection,
  explainBudget,
  explanationHtml,
} from '../src/disclosure/explanation.js';
import type { Disclosure } from '../src/disclosure/facts.js';
import { metricValue } from '../src/disclosure/figures.js';
import type { SubjectCatalog } from '../src/disclosure/subjects.js';
import { documentLines } from '../src/importer/document.js';
import { readDisclosureSync } from '../src/importer/index.js';
import { explanationParagraphs } from '../src/importer/narrative.js';
import { formatWan, sum } from '../src/money.js';
import { tempDir } from './support/database.js';
import { SOURCE_DOCUMENTS } from './support/documents.js';
import { recordedApp } from './support/fixtures.js';
import { graphqlClient } from './support/graphql.js';
import { seedCatalog } from './support/seed.js';
import { syntheticCatalog } from './support/synthetic.js';

/**
 * The 情况说明 written from the facts, held against the published text: for every imported
 * document (the seed and the synthetic multi-fund units, one of them decreasing year over
 * year) each generated section states exactly the figures of the published one — as a multiset
 * of numbers per section, and claim by claim when the importer's own reader reads it back.
 */
const catalogOf = (code: string): SubjectCatalog => (code === '122201' ? seedCatalog() : syntheticCatalog());

/** Every number a text states, as a value (4 = 4.00; 1,234.56 = 1234.56), sorted. */
const numbers = (text: string) =>
  [...text.replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1').matchAll(/\d+(?:\.\d+)?/g)]
    .map((m) => new Decimal(m[0]).toString())
    .sort();

/** Part 2 in the document's layout (headings with their ordinals), from the generated sections. */
function part2Text(sections: ExplanationSection[], unitName: string, year: number): string {
  const lines = ['第二部分', '', `${unitName}${year}年度预算情况说明`, ''];
  const top = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
  const sub = ['（一）', '（二）', '（三）', '（四）'];
  sections.forEach((s, i) => {
    if (s.id === 'operatingCosts') lines.push('十、其他重要事项情况说明', '');
    lines.push(i < 9 ? `${top[i]}、${s.title}` : `${sub[i - 9]}${s.title}`, '');
    for (const p of s.text.split('\n')) lines.push(p, '');
  });
  return lines.join('\n');
}

for (const source of SOURCE_DOCUMENTS) {
  describe(`the explanation of ${source.code} ${source.name}, held against its published part 2`, () => {
    let d: Disclosure;
    let ctx: BudgetContext;
    let sections: ExplanationSection[];
    const published = explanationParagraphs(documentLines(source.file, [])!);
    beforeAll(() => {
      const catalog = catalogOf(source.code);
      d = readDisclosureSync(source.file, catalog).disclosure;
      ctx = new BudgetContext(d, catalog);
      sections = explainBudget(ctx);
    });

    it('writes every section of the document’s list, in its order, none omitted', () => {
      expect(sections.map((s) => s.id)).toEqual(EXPLANATION_SECTIONS.map(([id]) => id));
      expect(sections.filter((s) => s.omitted)).toEqual([]);
    });

    for (const [id, title] of EXPLANATION_SECTIONS) {
      it(`${id} (${title}) states the published figures, no other and none differing`, () => {
        const section = sections.find((s) => s.id === id)!;
        const paragraph = published.find((p) => p.heading === title);
        expect(paragraph, `the published heading ${title}`).toBeDefined();
        expect(numbers(section.text)).toEqual(numbers(paragraph!.paragraphs.join('')));
      });
    }

    it('gives each figure it states under its metric, equal to the computed one', () => {
      for (const s of sections)
        for (const f of s.figures) {
          const computed = metricValue(ctx, f.metric);
          expect(computed, f.metric).toBeDefined();
          if (computed !== null && computed !== undefined)
            expect(new Decimal(f.value).equals(computed), `${f.metric}: ${f.value} vs ${computed}`).toBe(
              true,
            );
          // (a nil fund spending is written in words: “无使用…安排的支出”)
          if (!f.metric.startsWith('total@'))
            expect(numbers(s.text)).toContain(new Decimal(f.value).abs().toString());
        }
    });

    it('read back by the importer, its part 2 gives every claim and statement of the published one', () => {
      const text = fs.readFileSync(source.file, 'utf8');
      const start = text.search(/^第二部分\s*$(?![\s\S]*^第二部分\s*$)/m);
      const end = text.search(/^第三部分\s*$(?![\s\S]*^第三部分\s*$)/m);
      const rewritten = `${text.slice(0, start)}${part2Text(sections, d.unit.name, d.year)}\n${text.slice(end)}`;
      const file = path.join(tempDir(), path.basename(source.file));
      fs.writeFileSync(file, rewritten);
      const again = readDisclosureSync(file, catalogOf(source.code)).disclosure;
      const byMetric = (x: Disclosure) =>
        Object.fromEntries(x.narrative.map((c) => [c.metric, new Decimal(c.value).toString()]));
      expect(byMetric(again)).toEqual(byMetric(d));
      const byKey = (x: Disclosure) => Object.fromEntries(x.statements.map((s) => [s.key, s.text]));
      expect(byKey(again)).toEqual(byKey(d));
    });

    it('repeats only reasons the document stated, marked stated, each after its change', () => {
      const stated = sections.flatMap((s) => s.parts.filter((p) => p.stated).map((p) => p.text));
      const said = d.statements.map((s) => s.text);
      expect(stated.filter((t) => !said.includes(t))).toEqual([]);
      expect(stated.length).toBeGreaterThan(5);
      for (const s of sections)
        for (const [i, p] of s.parts.entries())
          if (p.text.endsWith('主要原因：')) expect(s.parts[i + 1]?.stated).toBe(true);
    });

    it('says nothing of a reason or a purpose where the document stated none', () => {
      const silent = explainBudget(new BudgetContext({ ...d, statements: [] }, catalogOf(source.code)));
      const text = silent.map((s) => s.text).join('\n');
      expect(text).not.toContain('主要原因');
      expect(silent.flatMap((s) => s.parts).filter((p) => p.stated)).toEqual([]);
      // the figures stay: the same changes, without the words around them
      expect(silent.map((s) => s.figures)).toEqual(sections.map((s) => s.figures));
    });
  });
}

describe('decreases and absent facts, in the document’s words', () => {
  const explained = (code: string) => {
    const source = SOURCE_DOCUMENTS.find((s) => s.code === code)!;
    const catalog = catalogOf(code);
    const d = readDisclosureSync(source.file, catalog).disclosure;
    return { d, sections: explainBudget(new BudgetContext(d, catalog)) };
  };
  it('writes a decrease as 减少/下降 with a minus-signed figure (207105, decreasing year over year)', () => {
    const { sections } = explained('207105');
    const text = sections.map((s) => s.text).join('\n');
    expect(text).toMatch(/减少\d+(\.\d+)?万元，下降\d+(\.\d+)?%/);
    const overall = sections.find((s) => s.id === 'overall')!;
    expect(overall.figures.find((f) => f.metric === 'total.change.delta')!.value).toMatch(/^-/);
  });

  it('says “无使用政府性基金预算拨款安排的支出” where there is none (the seed), the amount where there is (201003)', () => {
    expect(explained('122201').sections.find((s) => s.id === 'governmentFund')!.text).toBe(
      '我单位2024年无使用政府性基金预算拨款安排的支出。',
    );
    expect(explained('201003').sections.find((s) => s.id === 'governmentFund')!.text).toBe(
      '2024年政府性基金预算拨款安排的支出120.00万元，主要用于村内道路建设技术服务项目。',
    );
  });

  it('writes no change from the prior year where no prior-year figure is stored', () => {
    const { d } = explained('122201');
    const sections = explainBudget(new BudgetContext({ ...d, priorYear: [] }, seedCatalog()));
    const text = sections.map((s) => s.text).join('\n');
    expect(text).not.toMatch(/增加|减少|持平|主要原因/);
    expect(sections.flatMap((s) => s.figures).filter((f) => f.metric.includes('.change.'))).toEqual([]);
  });
});

describe('a consolidated budget (a department’s units added up)', () => {
  it('writes the sections the sums give, omits those they cannot and says why', () => {
    const seed = readDisclosureSync(SOURCE_DOCUMENTS[0].file, seedCatalog()).disclosure;
    const other = { ...seed, unit: { ...seed.unit, code: '122202', name: '合成单位' } };
    const units = [seed, other];
    const ctx = departmentContext({ code: '122', name: '政务服务和大数据局' }, units, seedCatalog());
    const sections = explainBudget(ctx);
    expect(sections.map((s) => s.id)).toEqual(EXPLANATION_SECTIONS.map(([id]) => id));
    expect(sections.filter((s) => s.omitted).map((s) => s.id)).toEqual(['operatingCosts', 'assets']);
    for (const s of sections.filter((x) => x.omitted))
      expect([s.text, s.figures, s.omitted]).toEqual(['', [], expect.any(String)]);
    const income = sections.find((s) => s.id === 'income')!;
    expect(income.figures[0]).toEqual({
      metric: 'income.total',
      value: formatWan(sum(units.map((u) => new BudgetContext(u, seedCatalog()).income(FUND_SETS.all)))),
    });
    const text = sections.map((s) => s.text).join('\n');
    // no reasons, no prior year, no economic items: a sum has no narrative of its own
    expect(text).not.toMatch(/主要原因|与上年相比|主要包括/);
    expect(sections.find((s) => s.id === 'basic')!.text).toBe(
      '2024年本年一般公共预算基本支出为955.24万元。其中：人员经费888.48万元；公用经费66.76万元。',
    );
  });
});

describe('the HTML of the explanation', () => {
  it('escapes every text and marks the document’s own words', () => {
    const html = explanationHtml([
      {
        id: 'overall',
        title: '收入支出预算总体情况说明',
        text: 'x',
        parts: [
          { text: '2024年收入总计<b>1</b>万元，主要原因：', stated: false },
          { text: '"<script>alert(1)</script>" & co', stated: true },
          { text: '。\n第二段', stated: false },
        ],
        figures: [],
        omitted: null,
      },
      { id: 'assets', title: '国有资产占用情况', text: '', parts: [], figures: [], omitted: 'none <stored>' },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain(
      '<q class="stated">&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co</q>',
    );
    expect(html.match(/<p>/g)!.length).toBe(2);
    expect(html).toContain('none &lt;stored&gt;');
  });
});

describe('Budget.explanation and the narrative downloads', () => {
  const { db, app } = recordedApp();
  const graphql = graphqlClient(db);
  const get = (p: string, headers: Record<string, string> = {}) =>
    app.fetch(new Request(`http://yusuan${p}`, { headers }));

  it('answers the sections with their figures and stated parts through GraphQL', async () => {
    const { data, errors } = await graphql(`{
      unit(code: "122201") { budget(year: 2024) {
        explanation { id title text omitted figures { metric value } parts { text stated } }
      } }
    }`);
    expect(errors).toBeUndefined();
    const sections = data.unit.budget.explanation;
    expect(sections.map((s: any) => s.id)).toEqual(EXPLANATION_SECTIONS.map(([id]) => id));
    const overall = sections[0];
    expect(overall.text).toMatch(
      /^2024年收入总计512\.02万元，支出总计512\.02万元，与上年相比，收、支总计各增加337\.87万元，增长194\.01%，主要原因：根据焦编〔2023〕85号文件/,
    );
    expect(overall.figures).toContainEqual({ metric: 'total.change.percent', value: '194.01' });
    expect(overall.parts.filter((p: any) => p.stated).length).toBe(1);
    expect(sections.find((s: any) => s.id === 'threePublic').figures).toContainEqual({
      metric: 'threePublic.total',
      value: '4',
    });
  });

  it('the unit page has the same 情况说明, section by section, with its two downloads', async () => {
    const { data } = await graphql(`{
      unit(code: "122201") { budget(year: 2024) { explanation { title text omitted } } }
    }`);
    const page = await (await get('/opendata/410800/unit/122201/')).text();
    // from the section on: it holds one <section> per part of the explanation
    const section = page.slice(page.indexOf('<section class="narrative"'));
    const visible = section
      .replace(/<[^>]+>/g, '')
      .replace(
        /&(amp|lt|gt|quot|#39);/g,
        (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!,
      );
    // paragraphs are elements on the page, line breaks in the text
    const flat = (text: string) => text.replace(/\s+/g, '');
    for (const s of data.unit.budget.explanation) {
      expect(visible).toContain(s.title);
      expect(flat(visible)).toContain(flat(s.omitted ?? s.text));
    }
    expect(section).toContain('href="/opendata/410800/2024/122201/narrative.md"');
    expect(section).toContain('href="/opendata/410800/2024/122201/narrative.json"');
  });

  it('the department and region pages have the 情况说明 of their sums', async () => {
    for (const path of ['/opendata/410800/department/122/', '/opendata/410800/']) {
      const page = await (await get(path)).text();
      const section = page.slice(page.indexOf('<section class="narrative"'));
      expect(section, path).toContain('2024年1个单位预算的汇总情况说明');
      expect(section, path).toContain('512.02万元');
    }
  });

  it('serves narrative.md and narrative.json with the budget’s validators, CORS and a 304', async () => {
    for (const [file, type] of [
      ['narrative.md', 'text/markdown; charset=utf-8; variant=GFM'],
      ['narrative.json', 'application/json; charset=utf-8'],
    ] as const) {
      const url = `/opendata/410800/2024/122201/${file}`;
      const first = await get(url);
      const body = await first.text();
      expect([first.status, first.headers.get('content-type')]).toEqual([200, type]);
      expect(first.headers.get('access-control-allow-origin')).toBe('*');
      expect(body).toContain('2024年收入总计512.02万元');
      const etag = first.headers.get('etag')!;
      expect(etag).toBeTruthy();
      const again = await get(url, { 'if-none-match': etag });
      expect([again.status, again.headers.get('etag')]).toEqual([304, etag]);
      const gzipped = await get(url, { 'accept-encoding': 'gzip' });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
      await gzipped.arrayBuffer();
    }
    const json = await (await get('/opendata/410800/2024/122201/narrative.json')).json();
    expect(json.sections.length).toBe(EXPLANATION_SECTIONS.length);
    expect((await get('/opendata/410800/2024/122201/narrative.txt')).status).toBe(404);
    expect((await get('/opendata/410800/2024/999999/narrative.md')).status).toBe(404);
  });

  it('lists both files in the budget’s datapackage.json with their size and hash', async () => {
    const descriptor = await (await get('/opendata/410800/2024/122201/datapackage.json')).json();
    const crypto = await import('node:crypto');
    for (const format of ['json', 'md']) {
      const resource = descriptor.resources.find((r: any) => r.path === `narrative.${format}`);
      const bytes = new Uint8Array(
        await (await get(`/opendata/410800/2024/122201/narrative.${format}`)).arrayBuffer(),
      );
      expect([resource.bytes, resource.hash]).toEqual([
        bytes.byteLength,
        `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`,
      ]);
    }
  });
});
