import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configTableMarkdown } from './config-table';

/** Table rows as trimmed cells, so Prettier's column alignment does not matter. */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    )
    .filter((cells) => !cells.every((cell) => /^:?-+:?$/.test(cell)));
}

describe('the README configuration table', () => {
  it('lists exactly the variables the services read, with their defaults and meanings', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const expected = tableRows(configTableMarkdown());
    const header = JSON.stringify(expected[0]);
    const readmeRows = tableRows(readme);
    const start = readmeRows.findIndex((cells) => JSON.stringify(cells) === header);

    expect(start).toBeGreaterThanOrEqual(0);
    expect(readmeRows.slice(start, start + expected.length)).toEqual(expected);
  });
});
