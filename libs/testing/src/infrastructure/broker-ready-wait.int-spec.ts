import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePort, waitUntilReady } from '../../../../scripts/infra';

/**
 * Starting a broker waits for it to answer. A broker with many partitions to load answers only after
 * minutes, while it keeps writing its log; one that hangs writes nothing. The wait tells them apart.
 * Stand-ins for the broker: a process that writes a log (or not) and never answers, so the wait ends
 * in an error either way, and when it ends is what is asserted.
 */
describe('waiting for a started broker to answer', () => {
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'broker-wait-'));
  });

  afterEach(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** A process that appends a line to `log` every 100 ms for `writeMs`, then stays alive in silence. */
  function standIn(log: string, writeMs: number): { pid: number; exit: { code?: number } } {
    const script =
      `const fs=require('fs');const end=Date.now()+${writeMs};` +
      `const t=setInterval(()=>{if(Date.now()>end)return clearInterval(t);fs.appendFileSync(${JSON.stringify(log)},'loading\\n')},100);` +
      'setInterval(()=>{},1000);';
    child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    return { pid: child.pid as number, exit: {} };
  }

  async function endOfWait(broker: { pid: number; exit: object }, log: string, stillMs: number) {
    const address = `127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const error = await waitUntilReady(broker, address, log, 1000, { stillMs }).catch((e: Error) => e);
    return { error, waitedMs: Date.now() - started };
  }

  it('gives up at its timeout when the broker writes nothing', async () => {
    const log = join(dir, 'kafka.log');
    const { error, waitedMs } = await endOfWait(standIn(log, 0), log, 1000);

    expect(String(error)).toMatch(/did not answer on 127\.0\.0\.1:\d+ within \d+ s/);
    expect(waitedMs).toBeLessThan(3500);
  });

  it('waits past its timeout for as long as the broker keeps writing its log', async () => {
    const log = join(dir, 'kafka.log');
    const { error, waitedMs } = await endOfWait(standIn(log, 4000), log, 1000);

    expect(String(error)).toMatch(/did not answer/);
    expect(waitedMs).toBeGreaterThanOrEqual(4000);
    expect(waitedMs).toBeLessThan(9000);
  });
});
