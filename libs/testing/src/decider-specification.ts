/**
 * Given-when-then for deciders, in the style of emmett's `DeciderSpecification`:
 *
 *   const given = DeciderSpecification.for({ decide, evolve, initialState, context: { today } });
 *   given([contractCreated]).when(addMilestone).thenRejects('MILESTONE_ON_TIME_AND_MATERIAL_LINE');
 *
 * The state is built only by replaying the given events through `evolve`, so a test states history
 * as facts and asserts the decision (events or a named violation), never internal state.
 */
export interface SpecifiedViolation {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

export type SpecifiedDecision<Event> =
  | { readonly ok: true; readonly events: readonly Event[] }
  | { readonly ok: false; readonly violation: SpecifiedViolation };

export interface SpecifiedDecider<Command, Event, State, Context> {
  decide(command: Command, state: State, context: Context): SpecifiedDecision<Event>;
  evolve(state: State, event: Event): State;
  readonly initialState: State;
  /** Passed to every `when` that gives none of its own. */
  readonly context?: Context;
}

export class DecisionOutcome<Event> {
  constructor(readonly decision: SpecifiedDecision<Event>) {}

  /** Asserts that the command is accepted with exactly these events, in this order. */
  then(expected: Event | readonly Event[]): void {
    const events = Array.isArray(expected) ? expected : [expected];
    expect(this.decision).toEqual({ ok: true, events });
  }

  /** Asserts that the command is accepted and changes nothing (an idempotent repeat, for example). */
  thenNothing(): void {
    this.then([]);
  }

  /** Asserts acceptance and hands the events over for assertions on part of them. */
  thenAccepts(): readonly Event[] {
    expect(this.decision).toMatchObject({ ok: true });
    return this.decision.ok ? this.decision.events : [];
  }

  /** Asserts that the command is refused with this violation code (and, when given, this field). */
  thenRejects(code: string, field?: string): SpecifiedViolation {
    const violation = field === undefined ? { code } : { code, field };
    expect(this.decision).toMatchObject({ ok: false, violation });
    if (this.decision.ok) throw new Error('unreachable: the decision was asserted to be a refusal');
    return this.decision.violation;
  }
}

export const DeciderSpecification = {
  for<Command, Event, State, Context>(decider: SpecifiedDecider<Command, Event, State, Context>) {
    return (given: Event | readonly Event[] = []) => {
      const history: readonly Event[] = Array.isArray(given) ? given : [given as Event];
      return {
        when(command: Command, context?: Context): DecisionOutcome<Event> {
          const state = history.reduce(
            (current, event) => decider.evolve(current, event),
            decider.initialState,
          );
          const decision = decider.decide(command, state, (context ?? decider.context) as Context);
          return new DecisionOutcome(decision);
        },
      };
    };
  },
};
