import { Replica, ReplicaSet } from './process-run-apps';
import { ProcessRunProbe } from './process-run.probe';

/** The replica the current test runs on, and the probe that looks at its runs. */
export interface ReplicaUnderTest {
  readonly replica: Replica;
  readonly probe: ProcessRunProbe;
}

/**
 * Gives every test of the file a replica of its own on a fresh database (in `beforeEach`, closed
 * in `afterEach`), its scheduler off so that only the test starts runs, in chunks of two so that
 * a few contracts already take several.
 */
export function useReplicaPerTest(): ReplicaUnderTest {
  let replicas: ReplicaSet | undefined;
  let current: ReplicaUnderTest | undefined;

  beforeEach(async () => {
    replicas = await ReplicaSet.create();
    const replica = await replicas.start({ processRun: { schedulerEnabled: false, chunkSize: 2 } });
    current = { replica, probe: new ProcessRunProbe(replica) };
  });

  afterEach(async () => {
    current = undefined;
    await replicas?.close();
  });

  const started = (): ReplicaUnderTest => {
    if (current === undefined) throw new Error('no replica outside a test (see beforeEach)');
    return current;
  };
  return {
    get replica() {
      return started().replica;
    },
    get probe() {
      return started().probe;
    },
  };
}
