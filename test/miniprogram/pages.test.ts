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
