// Settings → Two-factor: your own account. Enrol (scan the QR code, confirm with a current code,
// keep the recovery codes shown once) or turn it off with your password and a code.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/action';
import { api, fieldErrors } from '../../api/client';
import { usePermissions } from '../../api/caller';
import { ErrorMessage, Loading, Notice } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { SettingsHeader } from './_layout';

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

export default function TwoFactorPage() {
  const { caller, resource } = usePermissions();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [turnedOff, setTurnedOff] = useState(false);

  const header = <SettingsHeader title="Two-factor sign-in">With two-factor on, signing in with your password also asks for a six-digit code from an authenticator app on your phone.</SettingsHeader>;
  if (resource.error) return <>{header}<ErrorMessage error={resource.error} /></>;
  if (!caller) return <>{header}<Loading /></>;
  if (!caller.user) return <>{header}<div className="alert alert-info" role="status"><p>Two-factor belongs to a person's account; this caller is {caller.kind === 'token' ? 'an API token' : 'the local attest command'}.</p></div></>;

  const handleEnabled = (codes: string[]) => {
    setRecoveryCodes(codes);
    setTurnedOff(false);
    resource.reload();
  };
  const handleDisabled = () => {
    setTurnedOff(true);
    setRecoveryCodes(null);
    resource.reload();
  };

  return (
    <>
      {header}
      <p data-testid="two-factor-state">Two-factor sign-in is <strong>{caller.user.twoFactor ? 'on' : 'off'}</strong> for <span className="user-text">{caller.user.email}</span>.</p>
      {turnedOff && <Notice>Two-factor is off. Remove Attest from your authenticator app; your recovery codes no longer work.</Notice>}
      {recoveryCodes && (
        <section className="panel" aria-labelledby="codes-heading">
          <h2 id="codes-heading">Two-factor is on: keep your recovery codes</h2>
          <OneTimeSecret id="recovery-codes" label="Recovery codes" multiline value={recoveryCodes.join('\n')} warning="Each code signs you in once if you lose your phone. Store them somewhere safe (a password manager): they are shown only now." onDone={() => setRecoveryCodes(null)} />
        </section>
      )}
      {caller.user.twoFactor ? (!recoveryCodes && <DisableForm onDisabled={handleDisabled} />) : <EnrolPanel onEnabled={handleEnabled} />}
    </>
  );
}

interface EnrolPanelProps {
  onEnabled: (recoveryCodes: string[]) => void;
}

function EnrolPanel({ onEnabled }: EnrolPanelProps) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();

  const handleStart = async () => {
    const started = await run(() => api<Enrolment>('/api/auth/two-factor/enrol', { method: 'POST' }));
    if (started) setEnrolment(started);
  };
  const handleConfirm = async (e: FormEvent) => {
    e.preventDefault();
    const confirmed = await run(() => api<{ recoveryCodes: string[] }>('/api/auth/two-factor/confirm', { method: 'POST', body: { code: code.replace(/\s/g, '') } }));
    if (confirmed) onEnabled(confirmed.recoveryCodes);
  };

  if (!enrolment) {
    return (
      <section className="panel" aria-labelledby="enrol-heading">
        <h2 id="enrol-heading">Turn on two-factor</h2>
        <p>You need an authenticator app (any app that reads TOTP QR codes). Setting up takes a minute.</p>
        <ErrorMessage error={error} />
        <button type="button" onClick={() => void handleStart()} disabled={busy}>{busy ? 'Please wait…' : 'Set up two-factor'}</button>
      </section>
    );
  }
  const errors = fieldErrors(error);
  return (
    <form className="form panel" onSubmit={(e) => void handleConfirm(e)} noValidate aria-labelledby="scan-heading">
      <h2 id="scan-heading">Scan the code, then enter the code your app shows</h2>
      <ol className="steps">
        <li>
          <p>In your authenticator app, add an account and scan this QR code.</p>
          <img className="qr-code" src={enrolment.qrCode} alt="QR code of the two-factor secret for your authenticator app" width="200" height="200" />
        </li>
        <li>
          <p>Cannot scan? Enter this key by hand (time-based, 6 digits, 30 seconds):</p>
          <p><code className="hash" data-testid="totp-secret">{enrolment.secret}</code></p>
        </li>
        <li>
          <TextField id="totp-code" label="Six-digit code" autoComplete="one-time-code" inputMode="numeric" value={code} onChange={setCode} errors={errors.get('code')} maxLength={20} required />
        </li>
      </ol>
      <ErrorMessage error={error} shownFields={new Set(['code'])} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Turn on two-factor'}</button>
      </div>
    </form>
  );
}

interface DisableFormProps {
  onDisabled: () => void;
}

function DisableForm({ onDisabled }: DisableFormProps) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const { busy, error, run } = useAction();
  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const second = code.trim();
    const done = await run(async () => {
      await api('/api/auth/two-factor/disable', { method: 'POST', body: { password, ...(useRecovery ? { recoveryCode: second } : { code: second.replace(/\s/g, '') }) } });
      return true;
    });
    if (done) onDisabled();
  };
  const errors = fieldErrors(error);
  const codeField = useRecovery ? 'recoveryCode' : 'code';
  return (
    <form className="form panel" onSubmit={(e) => void handleSubmit(e)} noValidate aria-labelledby="disable-heading">
      <h2 id="disable-heading">Turn off two-factor</h2>
      <p>Your password and a current code (or one of your recovery codes) prove it is you.</p>
      <TextField id="disable-password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} errors={errors.get('password')} required />
      <TextField id="disable-code" label={useRecovery ? 'Recovery code' : 'Six-digit code'} autoComplete="one-time-code" inputMode={useRecovery ? undefined : 'numeric'} value={code} onChange={setCode} errors={errors.get(codeField)} maxLength={20} required />
      <p><button type="button" className="link-button" onClick={() => setUseRecovery(!useRecovery)}>{useRecovery ? 'Use a code from the app instead' : 'Use a recovery code instead'}</button></p>
      <ErrorMessage error={error} shownFields={new Set(['password', codeField])} />
      <div className="form-actions">
        <button type="submit" className="button-danger" disabled={busy}>{busy ? 'Please wait…' : 'Turn off two-factor'}</button>
      </div>
    </form>
  );
}
