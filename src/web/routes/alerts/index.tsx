// Alerts: what I hear about when a status changes (at once, in a daily digest, or not at all),
// the recent alerts, and — for admins — the webhook endpoints (add, test, pause, delete) and
// the delivery log. docs/ALERTS.md describes the payload and how to verify its signature.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/action';
import { usePermissions } from '../../api/caller';
import { ALERT_KIND_LABELS, ALERT_KINDS, type AlertEvent, type AlertKind, type Delivery, type DeliveryMode, type Subscription, type Webhook } from '../../api/alerts';
import { api, fieldErrors, useApi } from '../../api/client';
import { ConfirmButton } from '../../components/ConfirmButton';
import { EmptyState, ErrorMessage, FieldErrorText, Loading } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { formatDateTime } from '../../format';
import { Link, usePageTitle } from '../../router';
import '../../components/settings.css';
import '../../components/alerts.css';

const MODES: { value: DeliveryMode; label: string; hint: string }[] = [
  { value: 'immediate', label: 'Immediately', hint: 'One email per alert, as it happens.' },
  { value: 'digest', label: 'Daily digest', hint: "One email each morning (07:00 UTC) with the previous day's alerts; none when nothing happened." },
  { value: 'off', label: 'No email', hint: 'You can still read the recent alerts on this page.' },
];

const DELIVERY_CLASS: Record<Delivery['state'], string> = { delivered: 'state-ready', failed: 'state-gap', pending: 'state-partial' };

export default function AlertsPage() {
  usePageTitle('Alerts');
  const { caller, can, resource } = usePermissions();
  const events = useApi<AlertEvent[]>(caller ? '/api/alerts/events?limit=20' : null);
  return (
    <>
      <div className="page-header">
        <h1>Alerts</h1>
        <p className="lede">When a control starts failing, its evidence expires or a task becomes overdue, Attest tells the people and the chat channels that asked.</p>
      </div>
      {resource.error ? <ErrorMessage error={resource.error} /> : !caller ? <Loading /> : (
        <>
          <SubscriptionForm />
          {can('alerts:manage') && <Webhooks />}
          <section className="panel" aria-labelledby="events-heading">
            <h2 id="events-heading">Recent alerts</h2>
            {events.error ? <ErrorMessage error={events.error} /> : !events.data ? <Loading /> : events.data.length === 0 ? (
              <EmptyState title="No alerts yet"><p>Alerts appear when the hourly status evaluation sees a control change: record a scan or add evidence on the <Link to="/controls">controls</Link> to see one.</p></EmptyState>
            ) : (
              <ul className="alerts-list" aria-label="Recent alerts">
                {events.data.map((e) => (
                  <li key={e.id} data-kind={e.kind}>
                    <strong>{ALERT_KIND_LABELS[e.kind] ?? e.kind}</strong>: {e.subjectType === 'control' ? <Link to={`/controls/${encodeURIComponent(e.subjectId)}`}>{e.subjectId}</Link> : null} <span className="user-text">{e.subjectTitle}</span>
                    {(e.before || e.after) && <span className="muted"> ({e.before ?? '—'} → {e.after ?? '—'})</span>}
                    <br /><span className="small muted">{formatDateTime(e.at)} · {e.detail}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

interface KindBoxesProps {
  idPrefix: string;
  legend: string;
  value: AlertKind[];
  onChange: (kinds: AlertKind[]) => void;
  errors: Map<string, { message: string; field: string; code: string }[]>;
}

function KindBoxes({ idPrefix, legend, value, onChange, errors }: KindBoxesProps) {
  const problems = [...errors.entries()].filter(([k]) => k === 'kinds' || k.startsWith('kinds.')).flatMap(([, v]) => v);
  const handleToggle = (k: AlertKind, on: boolean) => onChange(on ? [...value, k] : value.filter((x) => x !== k));
  return (
    <fieldset aria-describedby={problems.length ? `${idPrefix}-kinds-error` : undefined}>
      <legend>{legend}</legend>
      <ul className="checkbox-list">
        {ALERT_KINDS.map((k) => (
          <li key={k}>
            <input type="checkbox" id={`${idPrefix}-${k}`} checked={value.includes(k)} onChange={(e) => handleToggle(k, e.target.checked)} />
            <label htmlFor={`${idPrefix}-${k}`}>{ALERT_KIND_LABELS[k]}</label>
          </li>
        ))}
      </ul>
      <FieldErrorText id={`${idPrefix}-kinds-error`} errors={problems} />
    </fieldset>
  );
}

function SubscriptionForm() {
  const current = useApi<Subscription>('/api/alerts/subscription');
  const [draft, setDraft] = useState<{ kinds: AlertKind[]; mode: DeliveryMode } | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  if (current.error) return <section className="panel"><h2>My alerts</h2><ErrorMessage error={current.error} /></section>;
  if (!current.data) return <section className="panel"><h2>My alerts</h2><Loading /></section>;
  const value = draft ?? { kinds: current.data.kinds, mode: current.data.mode };
  const errors = fieldErrors(error);
  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const next = await run(() => api<Subscription>('/api/alerts/subscription', { method: 'PUT', body: value }));
    if (!next) return;
    current.set(next);
    setDraft(null);
    setSaved(true);
  };
  return (
    <form className="form panel" onSubmit={(e) => void handleSubmit(e)} noValidate aria-labelledby="mine-heading">
      <h2 id="mine-heading">My alerts</h2>
      {!current.data.emailAvailable && <p className="hint" role="note">This server sends no email yet: an administrator sets <code>ATTEST_SMTP_URL</code> and <code>ATTEST_SMTP_FROM</code> (see docs/ALERTS.md). Your choice is kept until then.</p>}
      <KindBoxes idPrefix="mine" legend="Tell me when" value={value.kinds} onChange={(kinds) => { setDraft({ ...value, kinds }); setSaved(false); }} errors={errors} />
      <fieldset className="alerts-modes" aria-describedby={errors.get('mode') ? 'mode-error' : undefined}>
        <legend>By email to <span className="user-text">{current.data.email}</span></legend>
        {MODES.map((m) => (
          <div className="radio-row" key={m.value}>
            <input type="radio" id={`mode-${m.value}`} name="mode" value={m.value} checked={value.mode === m.value} onChange={() => { setDraft({ ...value, mode: m.value }); setSaved(false); }} aria-describedby={`mode-${m.value}-hint`} />
            <label htmlFor={`mode-${m.value}`}>{m.label}</label> <span className="hint" id={`mode-${m.value}-hint`}>{m.hint}</span>
          </div>
        ))}
        <FieldErrorText id="mode-error" errors={errors.get('mode')} />
      </fieldset>
      <ErrorMessage error={error} shownFields={new Set(['mode', 'kinds', ...ALERT_KINDS.map((_, i) => `kinds.${i}`)])} />
      <div className="form-actions">
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save my alerts'}</button>
        {saved && <span role="status" className="small">Saved.</span>}
      </div>
    </form>
  );
}

function Webhooks() {
  const list = useApi<Webhook[]>('/api/alerts/webhooks');
  const deliveries = useApi<Delivery[]>('/api/alerts/deliveries?limit=30');
  const [created, setCreated] = useState<{ webhook: Webhook; secret: string } | null>(null);
  const handleCreated = (c: { webhook: Webhook; secret: string }) => {
    setCreated(c);
    list.set([...(list.data ?? []), c.webhook]);
  };
  const handleChanged = (w: Webhook | null, id: string) => {
    list.set((list.data ?? []).flatMap((x) => (x.id !== id ? [x] : w ? [w] : [])));
    deliveries.reload();
  };
  return (
    <>
      <WebhookForm onCreated={handleCreated} />
      {created && (
        <section className="panel" aria-labelledby="webhook-secret-heading">
          <h2 id="webhook-secret-heading">Signing secret of <span className="user-text">{created.webhook.name}</span></h2>
          <OneTimeSecret id="webhook-secret" label="Signing secret" value={created.secret} warning="Copy it now into the receiver that verifies the X-Attest-Signature header: it is shown only this once." onDone={() => setCreated(null)} />
        </section>
      )}
      <section className="panel" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhook endpoints</h2>
        {list.error ? <ErrorMessage error={list.error} /> : !list.data ? <Loading /> : list.data.length === 0 ? (
          <EmptyState title="No webhook endpoints yet"><p>Add one above — a Slack incoming-webhook URL works as it is — then press Test to check it receives.</p></EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="responsive-table">
              <caption className="visually-hidden">Webhook endpoints</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">URL</th><th scope="col">Alerts</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
              <tbody>{list.data.map((w) => <WebhookRow key={w.id} webhook={w} onChanged={handleChanged} />)}</tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Recent deliveries</h2>
        {deliveries.error ? <ErrorMessage error={deliveries.error} /> : !deliveries.data ? <Loading /> : deliveries.data.length === 0 ? (
          <EmptyState title="Nothing delivered yet"><p>Every webhook request and alert email is listed here with its attempts and errors.</p></EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="responsive-table">
              <caption className="visually-hidden">Recent deliveries</caption>
              <thead><tr><th scope="col">When</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Answer</th></tr></thead>
              <tbody>
                {deliveries.data.map((d) => (
                  <tr key={d.id} data-state={d.state}>
                    <td data-label="When"><span className="small">{formatDateTime(d.createdAt)}</span></td>
                    <td data-label="To">{d.channel === 'webhook' ? 'Webhook' : 'Email'} <span className="user-text small">{d.target}</span></td>
                    <td data-label="State"><span className={`badge ${DELIVERY_CLASS[d.state]}`}>{d.state}</span></td>
                    <td data-label="Attempts">{d.attempts}</td>
                    <td data-label="Answer"><span className="small">{d.statusCode ?? ''} {d.error ?? (d.state === 'delivered' ? 'OK' : '')}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function WebhookForm({ onCreated }: { onCreated: (c: { webhook: Webhook; secret: string }) => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [kinds, setKinds] = useState<AlertKind[]>([...ALERT_KINDS]);
  const { busy, error, run } = useAction();
  const errors = fieldErrors(error);
  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const created = await run(() => api<{ webhook: Webhook; secret: string }>('/api/alerts/webhooks', { method: 'POST', body: { name: name.trim(), url: url.trim(), kinds } }));
    if (!created) return;
    onCreated(created);
    setName('');
    setUrl('');
  };
  return (
    <form className="form panel" onSubmit={(e) => void handleSubmit(e)} noValidate aria-labelledby="webhook-add-heading">
      <h2 id="webhook-add-heading">Add a webhook endpoint</h2>
      <div className="field-row">
        <TextField id="webhook-name" label="Name" hint="Where it goes, e.g. “#compliance on Slack”." value={name} onChange={setName} errors={errors.get('name')} maxLength={100} required />
        <TextField id="webhook-url" label="URL" hint="Receives a signed JSON POST. Private and loopback addresses are refused unless the server allows them." value={url} onChange={setUrl} errors={errors.get('url')} maxLength={2000} required />
      </div>
      <KindBoxes idPrefix="webhook" legend="Send these alerts" value={kinds} onChange={setKinds} errors={errors} />
      <ErrorMessage error={error} shownFields={new Set(['name', 'url', 'kinds', ...ALERT_KINDS.map((_, i) => `kinds.${i}`)])} />
      <div className="form-actions"><button type="submit" disabled={busy}>{busy ? 'Adding…' : 'Add endpoint'}</button></div>
    </form>
  );
}

function WebhookRow({ webhook: w, onChanged }: { webhook: Webhook; onChanged: (w: Webhook | null, id: string) => void }) {
  const { busy, error, run } = useAction();
  const [tested, setTested] = useState<Delivery | null>(null);
  const handleTest = async () => {
    const d = await run(() => api<Delivery>(`/api/alerts/webhooks/${encodeURIComponent(w.id)}/test`, { method: 'POST' }));
    if (d) {
      setTested(d);
      onChanged(w, w.id);
    }
  };
  const handleToggle = async () => {
    const next = await run(() => api<Webhook>(`/api/alerts/webhooks/${encodeURIComponent(w.id)}`, { method: 'PATCH', body: { enabled: !w.enabled } }));
    if (next) onChanged(next, w.id);
  };
  const handleDelete = async () => {
    const gone = await run(() => api<Webhook>(`/api/alerts/webhooks/${encodeURIComponent(w.id)}`, { method: 'DELETE' }));
    if (gone) onChanged(null, w.id);
  };
  return (
    <tr data-webhook={w.name}>
      <th scope="row" data-label="Name"><span className="user-text">{w.name}</span></th>
      <td data-label="URL"><code className="small user-text">{w.url}</code></td>
      <td data-label="Alerts"><span className="small">{w.kinds.map((k) => ALERT_KIND_LABELS[k] ?? k).join('; ')}</span></td>
      <td data-label="State"><span className={`badge ${w.enabled ? 'state-ready' : 'status-excluded'}`}>{w.enabled ? 'on' : 'paused'}</span></td>
      <td data-label="Actions">
        <div className="button-row">
          <button type="button" className="button-secondary" onClick={() => void handleTest()} disabled={busy}>Test</button>
          <button type="button" className="button-secondary" onClick={() => void handleToggle()} disabled={busy}>{w.enabled ? 'Pause' : 'Resume'}</button>
          <ConfirmButton label="Delete" question={`Delete ${w.name}? Its deliveries stay in the log.`} onConfirm={() => void handleDelete()} busy={busy} />
        </div>
        {tested && <p role="status" className="small">{tested.state === 'delivered' ? `Test delivered (HTTP ${tested.statusCode}).` : `Test not delivered: ${tested.error ?? 'unknown error'}`}</p>}
        {error !== undefined && <ErrorMessage error={error} />}
      </td>
    </tr>
  );
}
