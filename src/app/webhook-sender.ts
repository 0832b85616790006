// Outbound webhook requests to user-supplied URLs, guarded against server-side request forgery:
// the host is resolved once, every address it resolves to must be public (src/domain/
// net-address.ts) unless the administrator allows private ones (ATTEST_WEBHOOK_ALLOW_PRIVATE),
// and the connection goes to the address that was checked — never to a second lookup a
// rebinding DNS server could answer differently. Redirects are not followed.
import { createHmac } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { invalidField, type FieldError } from '../domain/errors.js';
import { classifyAddress, isIpLiteral } from '../domain/net-address.js';

/** Resolves a host name to its addresses (node:dns by default; tests pass their own). */
export type HostLookup = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

export const MAX_WEBHOOK_URL = 2000;

/** The shape of a webhook URL: http(s), a host, no credentials. Every problem, on `field`. */
export function webhookUrlProblems(raw: string, field = 'url'): FieldError[] {
  if (raw.trim() === '') return [{ field, code: 'required', message: 'the URL to POST alerts to is required' }];
  if (raw.length > MAX_WEBHOOK_URL) return [{ field, code: 'too_long', message: `at most ${MAX_WEBHOOK_URL} characters` }];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [{ field, code: 'invalid_url', message: 'not a URL; expected e.g. https://hooks.slack.com/services/…' }];
  }
  const out: FieldError[] = [];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') out.push({ field, code: 'invalid_url', message: 'only http:// and https:// URLs are accepted' });
  if (url.username || url.password) out.push({ field, code: 'invalid_url', message: 'credentials in the URL are not accepted; the request is signed instead' });
  if (url.hostname === '') out.push({ field, code: 'invalid_url', message: 'the URL has no host' });
  return out;
}

export interface ResolvedTarget {
  url: URL;
  /** The checked address the connection goes to. */
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and judges every address. Throws invalid_input (field `url`, code
 * `private_address`) when one is not public and private addresses are not allowed, or
 * `unresolvable` when the name does not resolve. IP literals are judged without any lookup.
 */
export async function resolveWebhookTarget(raw: string, opts: { allowPrivate: boolean; lookup?: HostLookup; field?: string }): Promise<ResolvedTarget> {
  const field = opts.field ?? 'url';
  const problems = webhookUrlProblems(raw, field);
  if (problems.length) throw invalidField(problems[0]!.field, problems[0]!.code, problems[0]!.message);
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIpLiteral(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch (e) {
      throw invalidField(field, 'unresolvable', `the host ${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? 'lookup failed'})`);
    }
    if (addresses.length === 0) throw invalidField(field, 'unresolvable', `the host ${host} does not resolve`);
  }
  for (const a of addresses) {
    const verdict = classifyAddress(a.address);
    if (!verdict.public && !opts.allowPrivate) {
      throw invalidField(field, 'private_address', `the host ${host} is (or resolves to) a ${verdict.class.replace('_', '-')} address; webhooks reach only public addresses unless the administrator sets ATTEST_WEBHOOK_ALLOW_PRIVATE=true`);
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** `sha256=<hex>`: the HMAC-SHA256, keyed with the endpoint's secret, of `<timestamp>.<body>`. */
export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export interface WebhookOutcome {
  /** The HTTP status, or null when no answer came (connection refused, timeout). */
  statusCode: number | null;
  ok: boolean;
  error: string | null;
}

/**
 * POSTs a signed JSON body to a checked target. Resolves with the outcome (a non-2xx answer is
 * not thrown); throws only for the address rule (invalid_input).
 */
export async function postWebhook(req: {
  url: string; body: string; secret: string; headers?: Record<string, string>; allowPrivate: boolean; lookup?: HostLookup; timeoutMs?: number; now: Date;
}): Promise<WebhookOutcome> {
  const target = await resolveWebhookTarget(req.url, { allowPrivate: req.allowPrivate, ...(req.lookup ? { lookup: req.lookup } : {}) });
  const timestamp = String(Math.floor(req.now.getTime() / 1000));
  const secure = target.url.protocol === 'https:';
  const hostname = target.url.hostname.replace(/^\[|\]$/g, '');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(req.body)),
    'user-agent': 'Attest-Webhook/1',
    host: target.url.host,
    'x-attest-timestamp': timestamp,
    'x-attest-signature': webhookSignature(req.secret, timestamp, req.body),
    ...req.headers,
  };
  const options: https.RequestOptions = {
    method: 'POST',
    // The checked address, not the name: no second lookup between the check and the connection.
    host: target.address,
    family: target.family,
    port: target.url.port || (secure ? 443 : 80),
    path: `${target.url.pathname}${target.url.search}`,
    headers,
    timeout: req.timeoutMs ?? 10_000,
    // TLS still verifies the certificate against the name in the URL.
    ...(secure && !isIpLiteral(hostname) ? { servername: hostname } : {}),
  };
  return new Promise((resolve) => {
    const request = (secure ? https : http).request(options, (res) => {
      const status = res.statusCode ?? 0;
      let seen = 0;
      res.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 64 * 1024) res.destroy(); // the answer is not read; a large one is cut short
      });
      const done = () => resolve({
        statusCode: status, ok: status >= 200 && status < 300,
        error: status >= 200 && status < 300 ? null : status >= 300 && status < 400 ? `answered ${status} (a redirect, not followed)` : `answered ${status}`,
      });
      res.on('end', done);
      res.on('close', done);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${(req.timeoutMs ?? 10_000) / 1000} s`)));
    request.on('error', (e: NodeJS.ErrnoException) => resolve({ statusCode: null, ok: false, error: e.code ? `${e.code}: ${e.message}` : e.message }));
    request.end(req.body);
  });
}
