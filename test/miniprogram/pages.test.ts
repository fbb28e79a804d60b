import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES } from '../../miniprogram/shared/pages';

/** Every page the server links to (codes, subscribe messages) exists in app.json. */
test('the pages the server sends people to are real pages of the mini program', () => {
  const app = JSON.parse(readFileSync(join(__dirname, '../../miniprogram/app.json'), 'utf8')) as {
    pages: string[];
    subPackages: Array<{ root: string; pages: string[] }>;
  };
  const all = new Set([...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]);
  for (const page of Object.values(PAGES)) expect({ page, exists: all.has(page) }).toEqual({ page, exists: true });
});

/** The dev identity switcher (local mode) offers the people `npm start` seeds, so each lands on data. */
test('the dev identities are the demo shop’s people', async () => {
  const { DEV_IDENTITIES } = await import('../../miniprogram/config');
  const { DEMO_USERS } = await import('../../local/seed-demo');
  for (const { openid } of DEV_IDENTITIES) {
    expect({ openid, seeded: openid === 'admin' || openid in DEMO_USERS }).toEqual({ openid, seeded: true });
  }
});
