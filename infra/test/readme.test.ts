import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeWithTable } from '../local/config-table.ts';

describe('README', () => {
  it('When a setting is added or changed in a config spec, then the README table must be regenerated', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    expect(readme, 'README.md is stale: run `npm run docs:config`').to.equal(readmeWithTable(readme));
  });

  it('When a newcomer reads it, then it shows install, start and test', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const command of ['npm install', 'npm start', 'npm test']) expect(readme).to.contain(command);
  });
});
