import { metricUndetermined, metricValue } from '../figures.js';
import type { CheckRule } from './checker.js';

/** The 情况说明's figures: one result per figure it states, held against the one computed from the facts. */
export const NARRATIVE_RULES: CheckRule[] = [
  {
    id: 'narrative',
    several: true,
    tables: [],
    description:
      'every figure the narrative states = the one computed from the facts (one result each: narrative.{metric})',
    run: (c) =>
      c.ctx.d.narrative.map((claim) => ({
        key: claim.metric,
        description: `narrative “${claim.quote}” = computed ${claim.metric}`,
        claim: {
          stated: claim.value,
          computed: metricValue(c.ctx, claim.metric),
          undetermined: metricUndetermined(c.ctx, claim.metric),
        },
      })),
  },
];
