// Two-factor sign-in: TOTP enrolment (URI, QR code), confirmation, sign-in with a code and
// with recovery codes, replay refusal, turning it off; the secret encrypted at rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, totp, totpStep } from '../../src/domain/totp.js';
import { errorOf, fieldCodes, openApp, type Caller, type Harness } from './harness.js';

const PASSWORD = 'two factors are better than one';

let h: Harness;
beforeAll(async () => {
  h = await openApp();
});
afterAll(async () => {
  await h?.close();
});

let ip = 0;
const login = (body: object) => h.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: `10.9.0.${++ip}` });

/** Enrols and confirms; returns the secret and the recovery codes. */
async function enrol(person: Caller): Promise<{ secret: Uint8Array; recoveryCodes: string[] }> {
  const res = await person.inject({ method: 'POST', url: '/api/auth/two-factor/enrol' });
  expect(res.statusCode, res.body).toBe(200);
  const secret = base32Decode(res.json<{ secret: string }>().secret)!;
  const confirm = await person.inject({ method: 'POST', url: '/api/auth/two-factor/confirm', payload: { code: totp(secret, h.services.now.value) } });
  expect(confirm.statusCode, confirm.body).toBe(200);
  return { secret, recoveryCodes: confirm.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/** Moves the test clock on by whole TOTP steps, so a new code is current. */
const nextStep = (n = 1) => { h.services.now.value = new Date(h.services.now.value.getTime() + n * 30_000); };

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vectors (8 digits) and RFC 4226 HOTP values', () => {
    const key = new TextEncoder().encode('12345678901234567890');
    const vectors: [number, string][] = [[59, '94287082'], [1111111109, '07081804'], [1111111111, '14050471'], [1234567890, '89005924'], [2000000000, '69279037'], [20000000000, '65353130']];
    for (const [t, code] of vectors) expect(totp(key, new Date(t * 1000), 8), `T=${t}`).toBe(code);
    expect([0, 1, 2, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '520489']);
  });
});

describe('enrolment', () => {
  it('returns an otpauth URI and a QR code, and stores the secret encrypted until confirmed', async () => {
    const person = await h.as('member', { email: 'enrol@acme.example', password: PASSWORD });
    const res = await person.inject({ method: 'POST', url: '/api/auth/two-factor/enrol' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ secret: string; otpauthUri: string; qrCode: string }>();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Attest:enrol@acme.example');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret: body.secret, issuer: 'Attest', algorithm: 'SHA1', digits: '6', period: '30' });
    expect(body.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(body.qrCode.split(',')[1]!, 'base64').toString()).toMatch(/^<svg[^>]*viewBox/);
    expect(res.headers['cache-control']).toBe('no-store');

    const creds = (await h.services.ctx.store.repos.users.getCredentials(h.org!.id, person.user!.id))!;
    expect(creds.totpSecret).toBeNull();
    expect(creds.totpPendingSecret).toMatch(/^v1\./);
    expect(creds.totpPendingSecret).not.toContain(body.secret);
    expect(Buffer.from(creds.totpPendingSecret!.split('.')[3]!, 'base64url').equals(Buffer.from(base32Decode(body.secret)!))).toBe(false);
    // Not on yet: signing in needs only the password.
    expect((await login({ email: 'enrol@acme.example', password: PASSWORD })).statusCode).toBe(200);
  });

  it('refuses a wrong confirmation code and stays off', async () => {
    const person = await h.as('member');
    const res = await person.inject({ method: 'POST', url: '/api/auth/two-factor/enrol' });
    const secret = base32Decode(res.json<{ secret: string }>().secret)!;
    const wrongCode = String((Number(totp(secret, h.services.now.value)) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await person.inject({ method: 'POST', url: '/api/auth/two-factor/confirm', payload: { code: wrongCode } });
    expect(wrong.statusCode).toBe(400);
    expect(fieldCodes(wrong)).toEqual(['code invalid_code']);
    expect((await h.services.ctx.store.repos.users.getById(h.org!.id, person.user!.id))!.twoFactor).toBe(false);
  });

  it('is for people: an API token cannot enrol', async () => {
    const token = await h.tokenFor('owner');
    const res = await token.inject({ method: 'POST', url: '/api/auth/two-factor/enrol' });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).code).toBe('forbidden');
  });
});

describe('signing in with two-factor on', () => {
  let person: Caller;
  let secret: Uint8Array;
  let recoveryCodes: string[];
  const email = 'totp@acme.example';
  beforeAll(async () => {
    person = await h.as('admin', { email, password: PASSWORD });
    ({ secret, recoveryCodes } = await enrol(person));
  });

  it('gives ten distinct recovery codes, stored only as keyed hashes, and records the change', async () => {
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const creds = (await h.services.ctx.store.repos.users.getCredentials(h.org!.id, person.user!.id))!;
    expect(creds.recoveryCodeHashes).toHaveLength(10);
    for (const c of recoveryCodes) expect(creds.recoveryCodeHashes.join()).not.toContain(c.replace('-', ''));
    expect(creds.totpSecret).toMatch(/^v1\./);
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!;
    expect(entry).toMatchObject({ action: 'user.two_factor.enable', actor: person.actor, entityId: person.user!.id });
  });

  it('asks for the code after a right password, and gives no session until then', async () => {
    const res = await login({ email, password: PASSWORD });
    expect(res.statusCode).toBe(401);
    expect(errorOf(res).code).toBe('two_factor_required');
    expect(res.headers['set-cookie']).toBeUndefined();
    // A wrong password still says only that.
    expect(errorOf(await login({ email, password: 'wrong password!!' })).code).toBe('unauthorized');
  });

  it('signs in with a current code once; the same code is refused the second time', async () => {
    nextStep();
    const code = totp(secret, h.services.now.value);
    const wrong = await login({ email, password: PASSWORD, code: String((Number(code) + 5) % 1_000_000).padStart(6, '0') });
    expect(wrong.statusCode).toBe(401);
    expect(fieldCodes(wrong)).toEqual(['code invalid_code']);
    const ok = await login({ email, password: PASSWORD, code });
    expect(ok.statusCode, ok.body).toBe(200);
    const replay = await login({ email, password: PASSWORD, code });
    expect(replay.statusCode).toBe(401);
    expect(fieldCodes(replay)).toEqual(['code invalid_code']);
    // The previous step's code (clock drift) is accepted once the next step has come; an older one is not.
    nextStep(2);
    const previous = totp(secret, new Date(h.services.now.value.getTime() - 30_000));
    expect((await login({ email, password: PASSWORD, code: previous })).statusCode).toBe(200);
    nextStep();
    const stale = totp(secret, new Date(h.services.now.value.getTime() - 60_000));
    expect((await login({ email, password: PASSWORD, code: stale })).statusCode).toBe(401);
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 10)).find((e) => e.action === 'user.login' && e.entityId === person.user!.id);
    expect(entry?.detail).toEqual({ method: 'password+totp' });
    expect(totpStep(h.services.now.value)).toBeGreaterThan(0);
  });

  it('signs in with a recovery code, each code once, whatever its case and dashes', async () => {
    const [first, second] = recoveryCodes;
    const ok = await login({ email, password: PASSWORD, recoveryCode: first!.toUpperCase().replace('-', ' ') });
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await login({ email, password: PASSWORD, recoveryCode: first });
    expect(again.statusCode).toBe(401);
    expect(fieldCodes(again)).toEqual(['recoveryCode invalid_code']);
    expect((await login({ email, password: PASSWORD, recoveryCode: second })).statusCode).toBe(200);
    const creds = (await h.services.ctx.store.repos.users.getCredentials(h.org!.id, person.user!.id))!;
    expect(creds.recoveryCodeHashes).toHaveLength(8);
    const entry = (await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 1))[0]!;
    expect(entry).toMatchObject({ action: 'user.login', detail: { method: 'password+recovery_code' } });
  });

  it('turns off only with the password and a current code', async () => {
    nextStep();
    const code = totp(secret, h.services.now.value);
    const noPassword = await person.inject({ method: 'POST', url: '/api/auth/two-factor/disable', payload: { password: 'not it at all', code } });
    expect(noPassword.statusCode).toBe(400);
    expect(fieldCodes(noPassword)).toEqual(['password invalid_credentials']);
    nextStep();
    const noCode = await person.inject({ method: 'POST', url: '/api/auth/two-factor/disable', payload: { password: PASSWORD } });
    expect(fieldCodes(noCode)).toEqual(['code invalid_code']);
    const off = await person.inject({ method: 'POST', url: '/api/auth/two-factor/disable', payload: { password: PASSWORD, code: totp(secret, h.services.now.value) } });
    expect(off.statusCode, off.body).toBe(204);
    const creds = (await h.services.ctx.store.repos.users.getCredentials(h.org!.id, person.user!.id))!;
    expect(creds).toMatchObject({ totpSecret: null, recoveryCodeHashes: [] });
    expect((await login({ email, password: PASSWORD })).statusCode).toBe(200);
    expect((await h.services.ctx.store.repos.auditLog.recent(h.org!.id, 3)).map((e) => e.action)).toContain('user.two_factor.disable');
  });
});

describe('a lost phone', () => {
  it('an admin turns a member\'s two-factor off; the member signs in with the password again', async () => {
    const member = await h.as('member', { email: 'lost@acme.example', password: PASSWORD });
    await enrol(member);
    expect(errorOf(await login({ email: 'lost@acme.example', password: PASSWORD })).code).toBe('two_factor_required');
    const admin = await h.as('admin');
    const res = await admin.inject({ method: 'PATCH', url: `/api/members/${member.user!.id}`, payload: { twoFactor: false } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ twoFactor: false });
    expect((await login({ email: 'lost@acme.example', password: PASSWORD })).statusCode).toBe(200);
  });
});
