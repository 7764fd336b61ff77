export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface HttpAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <key>` on every request. */
  readonly apiKey: string;
  /** What to add to an error about an unexpected answer, e.g. the tail of the service's log. */
  readonly diagnostics?: () => string;
}

/** JSON over fetch, with the API key; `call` asserts the status, `send` returns whatever came. */
export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  async send<T = unknown>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer<T>> {
    const response = await fetch(`${this.options.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.options.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // Not JSON (metrics, a proxy error page): keep the text.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** What the service said lately (its log tail), for a failure message; empty when unknown. */
  diagnostics(): string {
    return this.options.diagnostics?.() ?? '';
  }

  /** Sends and resolves the body when the status is `expected`; any other answer throws, saying what came. */
  async call<T>(method: HttpMethod, path: string, expected: number, body?: unknown): Promise<T> {
    const answer = await this.send<T>(method, path, body);
    if (answer.status !== expected) {
      const diagnostics = this.diagnostics();
      throw new Error(
        `${method} ${path} answered ${answer.status}, expected ${expected}: ${JSON.stringify(answer.body)}` +
          (diagnostics ? `\n${diagnostics}` : ''),
      );
    }
    return answer.body;
  }
}
