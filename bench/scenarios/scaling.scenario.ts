import { ProcessRunSize } from '../support/bench-options';
import { ScenarioResult, mib, seconds } from '../support/report';
import { ScenarioContext } from '../support/scenario-context';
import { describeRun, measureServiceRunOnce, sizeText } from './process-run.measurement';

/** "Flat": the peak resident set at 4× the data stays within a quarter of the one at 1×. */
const FLAT_MEMORY_RATIO = 1.25;

/** The largest sample of each half of a run's resident-set timeline. */
function halvesPeak(timeline: readonly number[]): [number, number] {
  const middle = Math.ceil(timeline.length / 2);
  return [Math.max(...timeline.slice(0, middle)), Math.max(...timeline.slice(middle))];
}

function times(size: ProcessRunSize, factor: number): ProcessRunSize {
  return { ...size, contracts: size.contracts * factor };
}

/**
 * Scaling: the same process run at a base size and at 4×, each in a fresh service process. Time
 * should grow about linearly (≈ 4×); the service's peak memory must stay flat, since a run works a
 * chunk of contracts at a time. The base is the process-run scenario's size, whose measurement is
 * reused when both scenarios run.
 */
export async function scaling(context: ScenarioContext): Promise<ScenarioResult> {
  const base = context.options.sizes.scalingBase;
  const one = await measureServiceRunOnce(context, base);
  context.log(`  1×: ${describeRun(base, one)}, peak RSS ${mib(one.peakRssBytes)}`);
  const four = await measureServiceRunOnce(context, times(base, 4));
  context.log(`  4×: ${describeRun(times(base, 4), four)}, peak RSS ${mib(four.peakRssBytes)}`);
  const scenario = `scaling 1× → 4× (1× = ${sizeText(base)})`;
  const timeRatio = four.totalMs / one.totalMs;
  const [firstHalf, secondHalf] = halvesPeak(four.rssTimelineMiB);
  const memoryRatio = four.peakRssBytes / one.peakRssBytes;
  return {
    scenario: 'scaling',
    rows: [
      {
        scenario,
        figure: 'process run time at 4× vs 1×',
        measured: seconds(four.totalMs),
        baseline: seconds(one.totalMs),
        ratio: timeRatio,
        target: '≈ 4× (linear)',
        met: null,
      },
      {
        scenario,
        figure: 'peak RSS at 4× vs 1×',
        measured: mib(four.peakRssBytes),
        baseline: mib(one.peakRssBytes),
        ratio: memoryRatio,
        target: `flat (≤ ${FLAT_MEMORY_RATIO.toFixed(2)}×)`,
        met: memoryRatio <= FLAT_MEMORY_RATIO,
      },
      {
        scenario,
        figure: 'peak RSS, second half of the 4× run vs its first half',
        measured: `${secondHalf} MiB`,
        baseline: `${firstHalf} MiB`,
        ratio: secondHalf / firstHalf,
        target: '',
        met: null,
      },
    ],
    raw: { base, one, four },
  };
}
