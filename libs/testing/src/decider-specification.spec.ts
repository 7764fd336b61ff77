import { DeciderSpecification, SpecifiedDecision } from './decider-specification';

type Event = { type: 'Added'; amount: number };
type Command = { type: 'Add'; amount: number };
interface Context {
  readonly limit: number;
}

/** A counter that refuses to pass its limit and ignores zero. */
const counter = {
  initialState: 0,
  evolve: (total: number, event: Event) => total + event.amount,
  decide(command: Command, total: number, context: Context): SpecifiedDecision<Event> {
    if (total + command.amount > context.limit) {
      return { ok: false, violation: { code: 'LIMIT_EXCEEDED', message: 'too much', field: 'amount' } };
    }
    return { ok: true, events: command.amount === 0 ? [] : [{ type: 'Added', amount: command.amount }] };
  },
};
const sut = DeciderSpecification.for({ ...counter, context: { limit: 10 } });
const add = (amount: number): Command => ({ type: 'Add', amount });
const added = (amount: number): Event => ({ type: 'Added', amount });

describe('a decider specification', () => {
  it('builds the state from the given events before deciding', () => {
    sut([added(6), added(3)])
      .when(add(1))
      .then(added(1));
    sut([added(6), added(3)])
      .when(add(2))
      .thenRejects('LIMIT_EXCEEDED', 'amount');
  });

  it('takes a single given event and defaults to no history', () => {
    sut(added(10)).when(add(1)).thenRejects('LIMIT_EXCEEDED');
    sut()
      .when(add(10))
      .then([added(10)]);
  });

  it('passes the context of `when` over the default one', () => {
    sut([added(10)])
      .when(add(5), { limit: 100 })
      .then(added(5));
  });

  it('fails when the events differ', () => {
    expect(() => sut().when(add(1)).then(added(2))).toThrow();
    expect(() =>
      sut()
        .when(add(1))
        .then([added(1), added(1)]),
    ).toThrow();
  });

  it('fails `then` and `thenNothing` when the command is refused', () => {
    expect(() =>
      sut([added(10)])
        .when(add(1))
        .then(added(1)),
    ).toThrow();
    expect(() =>
      sut([added(10)])
        .when(add(1))
        .thenNothing(),
    ).toThrow();
  });

  it('fails `thenNothing` when events are produced, and passes when none are', () => {
    expect(() => sut().when(add(1)).thenNothing()).toThrow();
    sut().when(add(0)).thenNothing();
  });

  it('fails `thenRejects` when the command is accepted, or refused for another code or field', () => {
    expect(() => sut().when(add(1)).thenRejects('LIMIT_EXCEEDED')).toThrow();
    expect(() =>
      sut([added(10)])
        .when(add(1))
        .thenRejects('OTHER'),
    ).toThrow();
    expect(() =>
      sut([added(10)])
        .when(add(1))
        .thenRejects('LIMIT_EXCEEDED', 'other'),
    ).toThrow();
  });

  it('hands over the violation and the accepted events', () => {
    expect(
      sut([added(10)])
        .when(add(1))
        .thenRejects('LIMIT_EXCEEDED').message,
    ).toBe('too much');
    expect(sut().when(add(4)).thenAccepts()).toEqual([added(4)]);
    expect(() =>
      sut([added(10)])
        .when(add(1))
        .thenAccepts(),
    ).toThrow();
  });
});
