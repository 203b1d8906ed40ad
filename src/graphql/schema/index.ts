import { builder } from '../builder.js';
import './scalars.js';
import './enums.js';
import './inputs.js';
import './query.js';
import './amount.js';
import './asset.js';
import './basic-item-connection.js';
import './basic-item.js';
import './budget-subject.js';
import './budget.js';
import './category-group-amount.js';
import './cell-change.js';
import './change.js';
import './check.js';
import './consolidated-budget.js';
import './consolidated-fund.js';
import './consolidated-subject.js';
import './consolidated-three-public-costs.js';
import './department.js';
import './disclosure-table.js';
import './explanation-figure.js';
import './explanation-part.js';
import './explanation-section.js';
import './formation.js';
import './fund-amount.js';
import './header-cell.js';
import './income-line.js';
import './item.js';
import './narrative-claim.js';
import './operating-cost-line.js';
import './performance-indicator.js';
import './prior-year-figure.js';
import './procurement.js';
import './project-fund.js';
import './project.js';
import './region.js';
import './spending-line.js';
import './table-column.js';
import './table-row.js';
import './three-public-costs.js';
import './unit-connection.js';
import './unit.js';
import './year-figure.js';

/**
 * The GraphQL schema, built once from the files above: one file per type, named after it
 * (BudgetSubject in budget-subject.ts); enums, input types and scalars in their own three files.
 */
export const schema = builder.toSchema();
