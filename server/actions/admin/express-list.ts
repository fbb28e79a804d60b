import { defineAction } from '../action';
import { empty } from '../../core/validate';
import { EXPRESS_COMPANIES } from '../../rules/express';

/** The express companies the ship form offers (WeChat delivery ids). */
export const expressList = defineAction({
  schema: empty(),
  async run() {
    return { items: EXPRESS_COMPANIES.map((c) => ({ ...c })) };
  },
});
