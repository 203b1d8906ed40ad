import { describe, expect, it } from 'vitest';
import { LAYOUTS } from '../src/disclosure/layouts.js';
import { renderDisclosure } from '../src/disclosure/render.js';
import { normalise, readPublishedTables, trimTrailing } from './support/published-document.js';
import { seedCatalog, seedDisclosure } from './support/seed.js';

const published = readPublishedTables();
const rendered = renderDisclosure(seedDisclosure(), seedCatalog());

describe('every table of the seed disclosure regenerates from facts, cell by cell', () => {
  it('finds all 14 tables in the published document', () => {
    expect(published.map((t) => t.no)).toEqual(LAYOUTS.map((l) => l.no));
  });

  for (const layout of LAYOUTS) {
    const no = String(layout.no).padStart(2, '0');
    describe(`table ${no} ${layout.title(2024)}`, () => {
      const mine = rendered.find((t) => t.no === layout.no)!;
      const theirs = published.find((t) => t.no === layout.no)!;

      it('has the published title and unit', () => {
        expect([mine.title, mine.unitBanner ? mine.unitName : '']).toEqual([theirs.title, theirs.unitName]);
      });

      it('has the published header labels, row by row', () => {
        expect(mine.header.map((row) => row.filter(Boolean).map(normalise))).toEqual(theirs.header);
      });

      it('has the published rows, in order, label and figure', () => {
        expect(mine.rows.map((r) => trimTrailing(r.cells.map(normalise)))).toEqual(theirs.rows);
      });

      it('has the published notes', () => {
        expect(mine.notes).toEqual(theirs.notes);
      });
    });
  }
});
