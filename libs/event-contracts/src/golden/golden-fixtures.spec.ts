import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { TOPICS } from '../topics';
import { CURRENT_SCHEMA_VERSIONS } from '../versioning/schema-versions';
import { GOLDEN_CONTRACT_COMMANDS } from './golden-commands.builders';
import {
  GOLDEN_CONTRACT_EVENTS,
  GOLDEN_INVOICE_EVENTS,
  GOLDEN_PROCESS_RUN_EVENTS,
} from './golden-events.builders';

/*
 * Events and commands are published API (docs/architecture.md, "Events are published API"): the
 * serialized form of each is kept in libs/event-contracts/fixtures, and a shape that changes fails
 * here. To change one deliberately, run with UPDATE_GOLDEN_FIXTURES=1 and review the diff.
 */
const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const UPDATE = process.env.UPDATE_GOLDEN_FIXTURES === '1';

const BY_TOPIC: readonly [string, Readonly<Record<string, () => unknown>>][] = [
  [TOPICS.contractEvents, GOLDEN_CONTRACT_EVENTS],
  [TOPICS.invoices, GOLDEN_INVOICE_EVENTS],
  [TOPICS.processRuns, GOLDEN_PROCESS_RUN_EVENTS],
  [TOPICS.contractCommands, GOLDEN_CONTRACT_COMMANDS],
];

const cases = BY_TOPIC.flatMap(([topic, builders]) =>
  Object.entries(builders).map(([type, build]) => {
    const version = CURRENT_SCHEMA_VERSIONS[type as keyof typeof CURRENT_SCHEMA_VERSIONS];
    return { path: join(FIXTURES, topic, `${type}.v${version}.json`), build };
  }),
);

function serialized(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

describe('golden serialized fixtures', () => {
  describe.each(cases.map((c) => [relative(FIXTURES, c.path), c] as const))(
    '%s',
    (_name, { path, build }) => {
      it('serializes exactly as the fixture', () => {
        if (UPDATE) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, serialized(build()));
        }
        expect(existsSync(path)).toBe(true);
        expect(serialized(build())).toBe(readFileSync(path, 'utf8'));
      });

      it('reads back into the same value', () => {
        expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(build());
      });
    },
  );

  it('keeps no fixture of a type or version that is no longer built', () => {
    const expected = cases.map((c) => c.path).sort();
    expect(filesUnder(FIXTURES).sort()).toEqual(expected);
  });
});
