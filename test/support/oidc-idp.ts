// A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1 for single sign-on
// tests, and a browser at it: follows redirects by hand, keeps its cookies, signs in as an
// account and consents. No mock.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The provider's people: account id → claims. */
export const PEOPLE: Record<string, { email: string; email_verified: boolean; name: string }> = {
  dana: { email: 'Dana@Acme.example', email_verified: true, name: 'Dana Scully' },
  newcomer: { email: 'newcomer@acme.example', email_verified: true, name: 'New Comer' },
  unverified: { email: 'unverified@acme.example', email_verified: false, name: 'Un Verified' },
  leaver: { email: 'leaver@acme.example', email_verified: true, name: 'Lea Ver' },
  milton: { email: 'milton@initech.example', email_verified: true, name: 'Milton Waddams' },
};

/** Where inject()'s requests come from (Host localhost:80), normalized as URLs write it. */
export const CALLBACK = 'http://localhost/api/auth/oidc/callback';

export interface Idp {
  issuer: string;
  /** Runs the provider's side of a sign-in from Attest's redirect; returns the URL it sends the browser back to. */
  signIn(start: string, account: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a provider with confidential clients (id → secret) whose redirect URI is CALLBACK. */
export async function startIdp(clients: Record<string, string>): Promise<Idp> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: Object.entries(clients).map(([id, secret]) => ({ client_id: id, client_secret: secret, redirect_uris: [CALLBACK], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' })),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['a test provider cookie key'] },
    findAccount: async (_ctx, id) => (PEOPLE[id] ? { accountId: id, claims: async () => ({ sub: id, ...PEOPLE[id]! }) } : undefined),
  });
  // The provider's development warnings are expected here.
  provider.on('server_error', (_ctx, err) => { throw err; });
  server.on('request', provider.callback());
  return { issuer, signIn: (start, account) => atProvider(start, account), close: () => new Promise((done) => { server.close(() => done()); server.closeAllConnections(); }) };
}

async function atProvider(start: string, account: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(CALLBACK)) return url;
    const interaction = /\/interaction\/([\w-]+)$/.exec(new URL(url).pathname);
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let res: Response;
    if (interaction) {
      const page = await (await fetch(url, { headers: { cookie } })).text();
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1] ?? (page.includes('name="login"') ? 'login' : 'consent');
      const body = new URLSearchParams(prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt });
      res = await fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
    } else {
      res = await fetch(url, { redirect: 'manual', headers: { cookie } });
    }
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${url} with ${res.status}: ${(await res.text()).slice(0, 300)}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects at the provider');
}
