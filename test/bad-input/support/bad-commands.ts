import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { badBodies, Endpoint } from './bad-requests';
import { contractEndpoints } from './contract-endpoints';
import { ContractFixture } from './contract-fixture';
import { BAD_INPUT_SEED, HOSTILE_TEXT, nestedArrays, toJsonText } from './hostile-values';
import { PoisonRecord } from './raw-kafka';

/** A command envelope (docs/product.md 4.3) as JSON text, `data` spliced in as text so it can be anything. */
export function commandText(
  commandType: unknown,
  dataText: string,
  extra: Record<string, unknown> = {},
): string {
  const head = toJsonText({ commandId: randomUUID(), commandType, ...extra });
  return `${head.slice(0, -1)},"data":${dataText}}`;
}

/** `data` with the ids the command needs in front; the body's own keys win where they overlap. */
function withIds(bodyText: string, ids: Record<string, string>): string {
  const trimmed = bodyText.trim();
  if (!trimmed.startsWith('{')) return bodyText;
  const idsText = toJsonText(ids).slice(1, -1);
  return trimmed === '{}' ? `{${idsText}}` : `{${idsText},${trimmed.slice(1)}`;
}

let counter = 0;
function poison(label: string, value: string | Buffer | null): PoisonRecord {
  counter += 1;
  return {
    key: `poison-${counter}-${randomUUID()}`,
    label,
    value: typeof value === 'string' ? Buffer.from(value) : value,
  };
}

const COMMAND_OF_ENDPOINT: Readonly<Record<string, string>> = {
  'POST /contracts': 'CreateContract',
  'POST /contracts/{id}/lines': 'AddContractLine',
  'PUT /contracts/{id}/customers': 'SetContractCustomers',
  'PUT /contracts/{id}/lines/{lineId}/invoice-schedule': 'SetInvoiceSchedule',
  'POST /contracts/{id}/lines/{lineId}/milestones': 'AddMilestone',
  'POST /contracts/{id}/lines/{lineId}/transactions': 'RecordTransaction',
};

/** The ids a command of this endpoint carries in `data` (the REST path carries them there). */
function idsFor(endpoint: Endpoint, fixture: ContractFixture): Record<string, string> {
  if (endpoint.name === 'POST /contracts') return { contractId: randomUUID() };
  const lineId = endpoint.route.includes(':fixedPriceLineId') ? fixture.fixedPriceLineId : fixture.timeLineId;
  return endpoint.route.includes('LineId')
    ? { contractId: fixture.contractId, contractLineId: lineId }
    : { contractId: fixture.contractId };
}

/** The REST bad-input generators, turned into commands: the same fields break the same rules on Kafka. */
function invalidFieldCommands(fixture: ContractFixture, perEndpoint: number): PoisonRecord[] {
  return contractEndpoints(() => fixture)
    .filter((endpoint) => COMMAND_OF_ENDPOINT[endpoint.name] !== undefined && endpoint.validBody)
    .flatMap((endpoint) =>
      fc
        .sample(badBodies(endpoint), { seed: BAD_INPUT_SEED, numRuns: perEndpoint })
        // Over the broker's limit they never reach the topic; the oversized case is produced on its own.
        .filter((request) => String(request.call.body).length < 512 * 1024)
        .map((request) => {
          const data = withIds(String(request.call.body), idsFor(endpoint, fixture));
          return poison(
            `${COMMAND_OF_ENDPOINT[endpoint.name]}: ${request.label}`,
            commandText(COMMAND_OF_ENDPOINT[endpoint.name], data),
          );
        }),
    );
}

/**
 * Records `contracts.commands` must dead-letter (docs/product.md 4.3): random bytes, truncated JSON, unknown
 * command types, envelopes of another schema version, invalid fields, broken rules, hostile text.
 */
export function poisonCommands(fixture: ContractFixture, perEndpoint: number): PoisonRecord[] {
  const create = toJsonText({
    contractId: randomUUID(),
    name: 'Poison',
    customerId: randomUUID(),
    currency: 'EUR',
  });
  const valid = commandText('CreateContract', create);
  const randomBytes = fc
    .sample(fc.uint8Array({ minLength: 1, maxLength: 2048 }), { seed: BAD_INPUT_SEED, numRuns: 15 })
    .map((bytes) => poison('random bytes', Buffer.from(bytes)));
  const truncated = [0.1, 0.3, 0.5, 0.7, 0.95].map((share) =>
    poison('truncated JSON', valid.slice(0, Math.floor(valid.length * share))),
  );
  const unknownTypes = [
    'DeleteContract',
    'createContract',
    '',
    'CreateContract ',
    '__proto__',
    'toString',
    42,
    null,
  ].map((type) => poison(`command type ${JSON.stringify(type)}`, commandText(type, create)));
  const { contractId, timeLineId } = fixture;
  return [
    ...randomBytes,
    ...truncated,
    ...unknownTypes,
    poison('no value (tombstone)', null),
    poison('an empty value', ''),
    poison('a JSON array', `[${valid}]`),
    poison('schemaVersion 2 in the envelope', commandText('CreateContract', create, { schemaVersion: 2 })),
    poison(
      'data of a later schema',
      commandText(
        'CreateContract',
        toJsonText({
          contractId: randomUUID(),
          title: 'v2',
          customer: { id: randomUUID() },
          currencyCode: 'EUR',
        }),
      ),
    ),
    poison('commandId not a UUID', valid.replace(/"commandId":"[^"]+"/, '"commandId":"cmd-1"')),
    poison('data not an object', commandText('CreateContract', '"text"')),
    poison('data nested 20000 levels', commandText('RecordTransaction', nestedArrays(20000).text)),
    poison(
      'a transaction on a contract that does not exist',
      commandText(
        'RecordTransaction',
        toJsonText({
          contractId: randomUUID(),
          contractLineId: randomUUID(),
          transactionClass: 'Time',
          transactionDate: '2025-03-10',
          quantity: '1',
          unitPrice: '1',
        }),
      ),
    ),
    poison(
      'a milestone id that is no UUID',
      commandText(
        'MarkMilestoneReadyForInvoicing',
        toJsonText({ contractId, contractLineId: fixture.fixedPriceLineId, milestoneId: 'm-1' }),
      ),
    ),
    poison(
      'a milestone on a time-and-material line',
      commandText(
        'AddMilestone',
        toJsonText({
          contractId,
          contractLineId: timeLineId,
          name: 'M',
          milestoneDate: '2025-03-31',
          amount: '10.00',
        }),
      ),
    ),
    ...HOSTILE_TEXT.slice(0, 3).map((name) =>
      poison(
        `a contract named ${JSON.stringify(name)}`,
        commandText(
          'CreateContract',
          toJsonText({ contractId: randomUUID(), name, customerId: randomUUID(), currency: 'EUR' }),
        ),
      ),
    ),
    ...invalidFieldCommands(fixture, perEndpoint),
  ];
}

/** A command just under the broker's limit: a 1 MB contract name, far over its 200 characters. */
export function oversizedCommand(valueBytes: number): PoisonRecord {
  const head = commandText(
    'CreateContract',
    toJsonText({ contractId: randomUUID(), customerId: randomUUID(), currency: 'EUR', name: '' }),
  );
  const padding = 'N'.repeat(Math.max(0, valueBytes - head.length));
  return poison(`a ${valueBytes}-byte command`, head.replace('"name":""', `"name":"${padding}"`));
}
