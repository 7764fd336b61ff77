import type { Request } from 'express';

/** `application/json` and structured `+json` types, with or without parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** RFC 9112: a request has a body when it says how long it is (non-zero) or is chunked. */
function hasBody(request: Pick<Request, 'headers'>): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  return Number(request.headers['content-length'] ?? 0) > 0;
}

/**
 * Writes take JSON only: why this request's body is refused (415), or null when it is not. Without
 * it a form post (which a browser sends cross-site without asking) is parsed into the same command
 * as JSON, and XML or text bodies reach handlers that take no body as if they were empty.
 */
export function unacceptedBodyReason(request: Pick<Request, 'method' | 'headers'>): string | null {
  const type = request.headers['content-type'];
  if (!WRITE_METHODS.has(request.method) || !hasBody(request) || JSON_MEDIA_TYPE.test(type ?? ''))
    return null;
  return type === undefined
    ? 'A request body needs "Content-Type: application/json"'
    : `Content-Type ${JSON.stringify(type.slice(0, 100))} is not accepted: send the body as application/json`;
}
