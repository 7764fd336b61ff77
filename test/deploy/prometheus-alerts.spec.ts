import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The alert rules of deploy/prometheus (docs/operations.md, "Alerts"): valid for Prometheus, each
 * one unit-tested by promtool on series that fire it and series that must not, and built only on
 * metrics the services export.
 */
const ROOT = join(__dirname, '..', '..');
const PROMETHEUS = join(ROOT, 'deploy', 'prometheus');
const RULES = readFileSync(join(PROMETHEUS, 'alerts.yml'), 'utf8');
const RULE_TESTS = readFileSync(join(PROMETHEUS, 'alerts.test.yml'), 'utf8');

function promtool(...args: string[]) {
  const result = spawnSync('promtool', args, { cwd: PROMETHEUS, encoding: 'utf8' });
  if (result.error) {
    throw new Error(`promtool: ${result.error.message}; install it with bash scripts/install-tools.sh`);
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every .ts source of the services and libraries, to find metric names in. */
function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

describe('the Prometheus alert rules', () => {
  const alerts = [...RULES.matchAll(/^\s+- alert: (\w+)$/gm)].map((match) => match[1]);

  it('are valid rules', () => {
    const { status, output } = promtool('check', 'rules', 'alerts.yml');
    expect({ status, output }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS: 12 rules found'),
    });
    expect(alerts).toHaveLength(12);
  });

  it('fire, and stay silent, as their unit tests say', () => {
    const { status, output } = promtool('test', 'rules', 'alerts.test.yml');
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('have a unit test each', () => {
    const tested = new Set([...RULE_TESTS.matchAll(/alertname: (\w+)/g)].map((match) => match[1]));
    expect(alerts.filter((alert) => !tested.has(alert))).toEqual([]);
  });

  it('use only metrics the services export', () => {
    const code = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))]
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    const exprs = [...RULES.matchAll(/expr: (.+)$/gm)].map((match) => match[1]);
    const names = exprs.flatMap((expr) => [
      ...[...expr.matchAll(/\b((?:contracts|invoicing)_[a-z_]+)/g)].map((match) => match[1]),
      // `{__name__=~"(contracts|invoicing)_outbox_x"}`: both services' outbox gauges, named `${prefix}_outbox_x`.
      ...[...expr.matchAll(/\(contracts\|invoicing\)(_outbox_[a-z_]+)/g)].flatMap((match) => [
        `contracts${match[1]}`,
        `invoicing${match[1]}`,
      ]),
    ]);
    const exported = (name: string) => {
      if (code.includes(`'${name}'`)) return true;
      const outbox = /^(contracts|invoicing)(_outbox_[a-z_]+)$/.exec(name);
      return outbox !== null && code.includes(`\${prefix}${outbox[2]}`) && code.includes(`'${outbox[1]}'`);
    };
    expect(names.length).toBeGreaterThan(10);
    expect([...new Set(names)].filter((name) => !exported(name))).toEqual([]);
  });
});
