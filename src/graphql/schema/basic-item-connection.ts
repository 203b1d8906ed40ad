import { connectionOf } from '../pagination.js';
import { BasicItemRef } from './refs.js';

export const BasicItemConnection = connectionOf(
  BasicItemRef,
  'BasicItemConnection',
  '基本支出明细 A page of detail lines',
);
