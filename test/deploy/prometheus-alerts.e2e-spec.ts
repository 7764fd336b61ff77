import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Partitioners } from 'kafkajs';
import { aContract, contractEventEnvelopes, contractEventMessage } from '@app/testing';
import { freePort } from '../../scripts/infra';
import { useE2eSystem } from '../support';

/*
 * The alert rules of deploy/prometheus on a real Prometheus server (Debian's `prometheus`, installed
 * by scripts/install-tools.sh) scraping both services: a real fault, a contract the projection must
 * hold because its line's id is another contract's, fires ContractHeldByRefusal (docs/operations.md).
 * The rules are the repository's, with their `for:` durations cut to seconds so the test waits for
 * the expression, not the grace period.
 */
const RULES = join(__dirname, '..', '..', 'deploy', 'prometheus', 'alerts.yml');

interface PrometheusAlert {
  readonly labels: Record<string, string>;
  readonly state: 'pending' | 'firing';
  readonly value: string;
}

class PrometheusServer {
  private process: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly url: string,
    private readonly folder: string,
  ) {}

  static async start(targets: readonly { job: string; url: string }[]): Promise<PrometheusServer> {
    const folder = mkdtempSync(join(tmpdir(), 'prometheus-'));
    const rules = readFileSync(RULES, 'utf8').replace(/^(\s+for:) \S+$/gm, '$1 2s');
    writeFileSync(join(folder, 'alerts.yml'), rules);
    const scrapeConfigs = targets.map(({ job, url }) => ({
      job_name: job,
      static_configs: [{ targets: [new URL(url).host] }],
    }));
    const config = {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ['alerts.yml'],
      scrape_configs: scrapeConfigs,
    };
    writeFileSync(join(folder, 'prometheus.yml'), JSON.stringify(config));
    const port = await freePort();
    const server = new PrometheusServer(`http://127.0.0.1:${port}`, folder);
    server.process = spawn(
      'prometheus',
      [
        `--config.file=${join(folder, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => (server.output = `${server.output}${chunk.toString()}`.slice(-4000));
    server.process.stdout?.on('data', keep);
    server.process.stderr?.on('data', keep);
    return server;
  }

  async get<T>(path: string): Promise<T | undefined> {
    try {
      const response = await fetch(`${this.url}${path}`);
      if (!response.ok) return undefined;
      return ((await response.json()) as { data: T }).data;
    } catch {
      return undefined;
    }
  }

  alerts(): Promise<PrometheusAlert[] | undefined> {
    return this.get<{ alerts: PrometheusAlert[] }>('/api/v1/alerts').then((data) => data?.alerts);
  }

  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const running = this.process;
    if (running && running.exitCode === null) {
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
    }
    rmSync(this.folder, { recursive: true, force: true });
  }
}

describe('the alert rules on a real Prometheus scraping both services', () => {
  const system = useE2eSystem('e2e_alerts');
  let prometheus: PrometheusServer | undefined;

  beforeAll(async () => {
    prometheus = await PrometheusServer.start([
      { job: 'contracts', url: system().contractsService.baseUrl },
      { job: 'invoicing', url: system().invoicingService.baseUrl },
    ]);
  });

  afterAll(async () => {
    await prometheus?.stop();
  });

  it('scrapes both services and fires ContractHeldByRefusal for a contract the projection holds', async () => {
    const server = prometheus!;
    await system().waitFor(
      async () => {
        const targets = await server.get<{ activeTargets: { health: string }[] }>('/api/v1/targets');
        return targets?.activeTargets.length === 2 && targets.activeTargets.every((t) => t.health === 'up');
      },
      {
        timeoutMs: 30_000,
        description: `both services scraped (prometheus said: ${server.log.slice(-500)})`,
      },
    );
    expect(
      (await server.alerts())?.filter((alert) => alert.labels.alertname === 'ContractHeldByRefusal'),
    ).toEqual([]);

    // An upstream bug the contracts service would refuse (ID_TAKEN), published straight to the topic.
    const owner = aContract();
    const ownerLine = owner.timeAndMaterialLine();
    const intruder = aContract();
    const reused = intruder.timeAndMaterialLine({ contractLineId: ownerLine.contractLineId });
    const producer = system().kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({
        topic: system().topics.contractEvents,
        messages: contractEventEnvelopes([owner.created(), ownerLine.added()]).map(contractEventMessage),
      });
      await producer.send({
        topic: system().topics.contractEvents,
        messages: contractEventEnvelopes([intruder.created(), reused.added()]).map(contractEventMessage),
      });
    } finally {
      await producer.disconnect();
    }

    const firing = await system().waitFor(
      async () =>
        (await server.alerts())?.find(
          (alert) => alert.labels.alertname === 'ContractHeldByRefusal' && alert.state === 'firing',
        ),
      { timeoutMs: 60_000, description: 'ContractHeldByRefusal firing' },
    );
    expect(firing).toMatchObject({
      labels: { severity: 'critical' },
      value: expect.stringMatching(/^1(e\+00)?$/),
    });
    const held = await system().invoicing.http.send<{
      heldContracts: { contractId: string; reason: string }[];
    }>('GET', '/projection');
    expect(held.body.heldContracts).toEqual([
      expect.objectContaining({ contractId: intruder.contractId, reason: 'Refused' }),
    ]);
  });
});
