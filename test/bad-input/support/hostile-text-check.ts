import fc from 'fast-check';
import { aContract, aFixedPriceLine, aMilestone, aTimeLine, aTransaction } from './contract-fixture';
import { BAD_INPUT_SEED, HOSTILE_TEXT } from './hostile-values';
import { BadInputTally, HttpAnswer, HttpProbe, refusalProblem } from './http-probe';

/** Free-text fields of the contracts API, each with a request that sets it and where to read it back. */
interface TextField {
  readonly endpoint: string;
  readonly field: string;
  write(probe: HttpProbe, text: string): Promise<{ answer: HttpAnswer; readBack: () => Promise<unknown> }>;
}

async function sacrificialContract(probe: HttpProbe) {
  const contract = aContract();
  const timeLine = aTimeLine();
  const fixedPriceLine = aFixedPriceLine();
  await probe.sendJson('POST', '/contracts', contract);
  await probe.sendJson('POST', `/contracts/${contract.contractId}/lines`, timeLine);
  await probe.sendJson('POST', `/contracts/${contract.contractId}/lines`, fixedPriceLine);
  return {
    contractId: contract.contractId,
    timeLineId: timeLine.contractLineId,
    fixedPriceLineId: fixedPriceLine.contractLineId,
  };
}

type Contract = Awaited<ReturnType<typeof sacrificialContract>>;
type View = {
  name: string;
  lines: { contractLineId: string; name: string; milestones: { milestoneId: string; name: string }[] }[];
};

function textFields(contract: Contract): TextField[] {
  const base = `/contracts/${contract.contractId}`;
  const view = (probe: HttpProbe, id = contract.contractId) => probe.getJson<View>(`/contracts/${id}`);
  const transaction = (field: 'description' | 'resourceRole'): TextField => ({
    endpoint: 'POST /contracts/{id}/lines/{lineId}/transactions',
    field,
    write: async (probe, text) => {
      const body = { ...aTransaction(), [field]: text };
      const answer = await probe.sendJson('POST', `${base}/lines/${contract.timeLineId}/transactions`, body);
      const readBack = async () => {
        const page = await probe.getJson<{ transactions: Record<string, unknown>[] }>(
          `${base}/transactions?limit=1000`,
        );
        return page.transactions.find((item) => item.transactionId === body.transactionId)?.[field];
      };
      return { answer, readBack };
    },
  });
  return [
    {
      endpoint: 'POST /contracts',
      field: 'name',
      write: async (probe, text) => {
        const body = { ...aContract(), name: text };
        const answer = await probe.sendJson('POST', '/contracts', body);
        return { answer, readBack: async () => (await view(probe, body.contractId)).name };
      },
    },
    {
      endpoint: 'POST /contracts/{id}/lines',
      field: 'name',
      write: async (probe, text) => {
        const body = { ...aTimeLine(), name: text };
        const answer = await probe.sendJson('POST', `${base}/lines`, body);
        const readBack = async () =>
          (await view(probe)).lines.find((l) => l.contractLineId === body.contractLineId)?.name;
        return { answer, readBack };
      },
    },
    {
      endpoint: 'POST /contracts/{id}/lines/{lineId}/milestones',
      field: 'name',
      write: async (probe, text) => {
        const body = { ...aMilestone(), name: text };
        const answer = await probe.sendJson(
          'POST',
          `${base}/lines/${contract.fixedPriceLineId}/milestones`,
          body,
        );
        const readBack = async () =>
          (await view(probe)).lines
            .find((l) => l.contractLineId === contract.fixedPriceLineId)
            ?.milestones.find((m) => m.milestoneId === body.milestoneId)?.name;
        return { answer, readBack };
      },
    },
    transaction('description'),
    transaction('resourceRole'),
  ];
}

/** Hostile text within every length limit: SQL, control characters, lone surrogates, RTL, zero-width, emoji. */
const hostileButShortText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT, ' padded ', 'ab\u0000', '\u0000', 'tab\there', 'line\nbreak', 'x\u0007'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
);

/**
 * Text fields take any text a client can send as JSON, or refuse it naming the field: what a 2xx
 * stored reads back unchanged (parameterized SQL, nothing lost in JSONB), and nothing is a 5xx.
 */
export async function expectHostileTextHandled(
  probe: HttpProbe,
  tally: BadInputTally,
  numRuns: number,
): Promise<void> {
  const fields = textFields(await sacrificialContract(probe));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...fields), hostileButShortText, async (target, text) => {
      const { answer, readBack } = await target.write(probe, text);
      tally.record(`${target.endpoint} (hostile ${target.field})`, answer.status);
      if (answer.status < 300) {
        expect({ [target.field]: await readBack() }).toEqual({ [target.field]: text });
        return;
      }
      expect({ text, problem: refusalProblem(answer, [target.field]) }).toEqual({ text, problem: null });
    }),
    { seed: BAD_INPUT_SEED, numRuns },
  );
}
