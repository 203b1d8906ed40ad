import { builder } from '../builder.js';
import './scalars.js';
import './enums.js';
import './amount.js';
import './unit.js';
import './budget.js';
import './subject.js';
import './items.js';
import './table.js';
import './consolidated.js';

/** The GraphQL schema, built once from the type files above. */
export const schema = builder.toSchema();
