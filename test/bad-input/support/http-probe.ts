import { toJsonText } from './hostile-values';

export interface HttpCall {
  readonly method: string;
  /** Sent as is: percent-encode what must be encoded. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface HttpAnswer {
  readonly status: number;
  /** Parsed JSON, or null when the body is not JSON. */
  readonly json: Record<string, unknown> | null;
  readonly text: string;
}

/** Raw HTTP against a listening service: any method, path, header and body bytes, no client-side checks. */
export class HttpProbe {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string | null,
  ) {}

  async send(call: HttpCall): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...call.headers };
    if (this.apiKey !== null && !('authorization' in headers))
      headers.authorization = `Bearer ${this.apiKey}`;
    const response = await fetch(`${this.baseUrl}${call.path}`, {
      method: call.method,
      headers,
      // Buffers go out byte for byte (fetch takes them as Uint8Array).
      body: typeof call.body === 'string' || call.body === undefined ? call.body : new Uint8Array(call.body),
    });
    const text = await response.text();
    return { status: response.status, json: parseObject(text), text };
  }

  /** A JSON body (hostile values included, see `toJsonText`). */
  sendJson(method: string, path: string, body: unknown): Promise<HttpAnswer> {
    return this.send({
      method,
      path,
      headers: { 'content-type': 'application/json' },
      body: toJsonText(body),
    });
  }

  async getJson<T>(path: string): Promise<T> {
    const answer = await this.send({ method: 'GET', path });
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text.slice(0, 300)}`);
    return answer.json as T;
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

interface EndpointCount {
  inputs: number;
  serverErrors: number;
  readonly statuses: Map<number, number>;
}

/** Inputs tried and answers seen, per endpoint, for the summary lines the run prints. */
export class BadInputTally {
  private readonly counts = new Map<string, EndpointCount>();

  constructor(private readonly area: string) {}

  record(endpoint: string, status: number): void {
    const count = this.counts.get(endpoint) ?? { inputs: 0, serverErrors: 0, statuses: new Map() };
    count.inputs += 1;
    if (status >= 500) count.serverErrors += 1;
    count.statuses.set(status, (count.statuses.get(status) ?? 0) + 1);
    this.counts.set(endpoint, count);
  }

  get inputs(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count.inputs, 0);
  }

  get serverErrors(): number {
    return [...this.counts.values()].reduce((sum, count) => sum + count.serverErrors, 0);
  }

  inputsOf(endpoint: string): number {
    return this.counts.get(endpoint)?.inputs ?? 0;
  }

  lines(): string[] {
    const rows = [...this.counts.entries()].map(([endpoint, count]) => {
      const statuses = [...count.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, times]) => `${status}×${times}`)
        .join(' ');
      return `[bad-input] ${endpoint}: ${count.inputs} inputs, ${count.serverErrors} 5xx (${statuses})`;
    });
    const total = `[bad-input] ${this.area} total: ${this.inputs} inputs, ${this.serverErrors} 5xx`;
    return [...rows, total];
  }

  print(): void {
    // One block, so the lines stay together in Jest's output.
    console.log(this.lines().join('\n'));
  }
}

/** The field paths an error answer names: the 400's `errors`, a domain error's `details.field`. */
function namedPaths(answer: HttpAnswer): string[] {
  const errors = answer.json?.errors;
  const paths = Array.isArray(errors)
    ? errors.map((error) => String((error as { field?: unknown }).field))
    : [];
  const details = answer.json?.details as { field?: unknown } | undefined;
  if (typeof details?.field === 'string') paths.push(details.field);
  return paths;
}

/** `a` is `b`, lies inside it, or contains it: `customers` and `customers[0].customerId` are related. */
function related(a: string, b: string): boolean {
  const inside = (inner: string, outer: string) =>
    inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return inside(a, b) || inside(b, a);
}

/** Whether the answer names `field` (`customers[0].customerId`, `frequency.period`), by path or by name. */
function namesField(answer: HttpAnswer, field: string): boolean {
  if (namedPaths(answer).some((path) => related(path, field))) return true;
  const leaf =
    field
      .replace(/\[\d+\]/g, '')
      .split('.')
      .pop() ?? field;
  return leaf !== '' && answer.text.toLowerCase().includes(leaf.toLowerCase());
}

/**
 * The answer to bad input: a 4xx in the services' error shape whose message says what is wrong,
 * naming at least one of `fields` when the request's fault lies in fields.
 */
export function refusalProblem(answer: HttpAnswer, fields: readonly string[] = []): string | null {
  if (answer.status < 400 || answer.status >= 500) return `expected a 4xx, got ${answer.status}`;
  const message = answer.json?.message;
  if (typeof message !== 'string' || message.trim() === '')
    return `a ${answer.status} without a message: ${answer.text.slice(0, 200)}`;
  if (answer.json?.statusCode !== answer.status)
    return `statusCode ${String(answer.json?.statusCode)} in the body`;
  // A body over the limit is refused before any field is read: the size is the problem it names.
  if (answer.status !== 413 && fields.length > 0 && !fields.some((field) => namesField(answer, field)))
    return `the ${answer.status} names none of ${fields.join(', ')}: ${answer.text.slice(0, 400)}`;
  return null;
}

/** Short text of a request for failure messages (bodies can be megabytes). */
export function describeCall(call: HttpCall): string {
  const body = call.body === undefined ? '' : ` ${String(call.body).slice(0, 300)}`;
  const more = call.body !== undefined && call.body.length > 300 ? `… (${call.body.length} bytes)` : '';
  return `${call.method} ${call.path.slice(0, 200)} ${JSON.stringify(call.headers ?? {})}${body}${more}`;
}
