import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableMarkdown } from './config-table';

describe('the README configuration table', () => {
  it('is the table of the variables the services actually read', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    if (process.env.PRINT_CONFIG_TABLE) process.stdout.write(configTableMarkdown());
    expect(readme).toContain(configTableMarkdown().trim());
  });
});
