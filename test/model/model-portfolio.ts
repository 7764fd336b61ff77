import fc from 'fast-check';

/*
 * What one model sequence is made of, as fast-check arbitraries: a portfolio of one or two contracts
 * and a list of commands against it. Days count from the start of the sequence's own window of
 * dates, so no run of one sequence can touch another sequence's items (see `sequenceWindow`).
 */

/** Splits as upstream systems send them; the last customer takes the rounding remainder. */
export const SPLITS: readonly (readonly string[])[] = [
  ['100'],
  ['60', '40'],
  ['50', '50'],
  ['30', '30', '40'],
  ['33.33', '33.33', '33.34'],
];
const ENTRY_RUN_DAYS = [10, 20, 31, 45];
const MILESTONE_DAYS = [5, 15, 30, 50];
export const RUN_DAYS = [9, 10, 15, 20, 25, 31, 40, 45, 55, 60];
/** A window is this many days; windows of later sequences lie wholly before earlier ones. */
export const WINDOW_DAYS = 70;

export interface TransactionPlan {
  readonly day: number;
  /** Hundredths of a unit, e.g. 125 is "1.25". */
  readonly quantityHundredths: number;
  readonly unitPriceCents: number;
}

export interface MilestonePlan {
  readonly day: number;
  readonly amountCents: number;
  readonly ready: boolean;
}

export type LinePlan =
  | {
      readonly billingMethod: 'TimeAndMaterial';
      readonly entryRunDays: readonly number[];
      readonly transactions: readonly TransactionPlan[];
    }
  | { readonly billingMethod: 'FixedPrice'; readonly milestones: readonly MilestonePlan[] };

export interface ContractPlan {
  readonly split: readonly string[];
  readonly lines: readonly LinePlan[];
}

export type Command =
  | { readonly kind: 'run'; readonly day: number; readonly kill: boolean }
  | { readonly kind: 'record'; readonly pick: number; readonly transaction: TransactionPlan }
  | { readonly kind: 'ready'; readonly pick: number }
  | { readonly kind: 'confirm'; readonly pick: number }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'correct'; readonly pick: number };

export interface SequencePlan {
  readonly contracts: readonly ContractPlan[];
  readonly commands: readonly Command[];
}

const transaction: fc.Arbitrary<TransactionPlan> = fc.record({
  day: fc.integer({ min: 0, max: 50 }),
  quantityHundredths: fc.oneof(
    fc.integer({ min: 1, max: 16 }).map((hours) => hours * 100),
    fc.integer({ min: 1, max: 1000 }),
  ),
  unitPriceCents: fc.integer({ min: 1, max: 25_000 }),
});

const timeAndMaterialLine: fc.Arbitrary<LinePlan> = fc.record({
  billingMethod: fc.constant('TimeAndMaterial' as const),
  entryRunDays: fc.subarray(ENTRY_RUN_DAYS, { minLength: 0, maxLength: 3 }),
  transactions: fc.array(transaction, { minLength: 0, maxLength: 3 }),
});

const fixedPriceLine: fc.Arbitrary<LinePlan> = fc.record({
  billingMethod: fc.constant('FixedPrice' as const),
  milestones: fc.array(
    fc.record({
      day: fc.constantFrom(...MILESTONE_DAYS),
      amountCents: fc.integer({ min: 1, max: 5_000_000 }),
      ready: fc.boolean(),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

const contract: fc.Arbitrary<ContractPlan> = fc.record({
  split: fc.constantFrom(...SPLITS),
  lines: fc.array(
    fc.oneof({ weight: 3, arbitrary: timeAndMaterialLine }, { weight: 2, arbitrary: fixedPriceLine }),
    {
      minLength: 1,
      maxLength: 2,
    },
  ),
});

const pick = fc.nat({ max: 999 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('run' as const),
      day: fc.constantFrom(...RUN_DAYS),
      kill: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('record' as const), pick, transaction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ready' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('confirm' as const), pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('correct' as const), pick }) },
);

export const sequencePlan: fc.Arbitrary<SequencePlan> = fc.record({
  contracts: fc.array(contract, { minLength: 1, maxLength: 2 }),
  // A sequence starts with a run and ends with one, so what a cancel returned is billed again.
  commands: fc
    .tuple(fc.constantFrom(...RUN_DAYS), fc.array(command, { minLength: 1, maxLength: 6 }))
    .map(([firstDay, rest]) => [
      { kind: 'run' as const, day: firstDay, kill: false },
      ...rest,
      { kind: 'run' as const, day: 60, kill: false },
    ]),
});

/**
 * The plan with a confirm and a correct of its first invoice before its last run: every tenth
 * sequence plays it, so corrections are exercised whatever the random commands were.
 */
export function withCorrection(plan: SequencePlan): SequencePlan {
  const commands = [...plan.commands];
  commands.splice(commands.length - 1, 0, { kind: 'confirm', pick: 0 }, { kind: 'correct', pick: 0 });
  return { ...plan, commands };
}

/** Sequence n's first day: each window lies wholly before the previous sequence's. */
export function sequenceWindow(sequence: number, lastStart = '2024-10-01'): string {
  const start = new Date(`${lastStart}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - WINDOW_DAYS * sequence);
  return start.toISOString().slice(0, 10);
}

export function dayOf(windowStart: string, day: number): string {
  const date = new Date(`${windowStart}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + day);
  return date.toISOString().slice(0, 10);
}

export const decimalOfHundredths = (value: number): string =>
  `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;

/** quantity × unitPrice rounded half-up to cents (3.7), in cents. */
export function amountCents(plan: TransactionPlan): bigint {
  const tenThousandths = BigInt(plan.quantityHundredths) * BigInt(plan.unitPriceCents);
  return (tenThousandths + 50n) / 100n;
}
