// A secret the server shows once (an invitation or reset link, an API token, recovery codes):
// read-only, selectable, with a copy button and a warning that it will not be shown again.
import { useEffect, useRef, useState } from 'react';
import './settings.css';

export interface OneTimeSecretProps {
  id: string;
  label: string;
  value: string;
  /** What to do with it, and that it is shown once. */
  warning: string;
  multiline?: boolean;
  onDone?: () => void;
}

export function OneTimeSecret({ id, label, value, warning, multiline, onDone }: OneTimeSecretProps) {
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  // It appears after a form's answer, perhaps below the fold on a phone: bring it into view, selected.
  useEffect(() => {
    field.current?.focus();
  }, [value]);
  const handleCopy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard access (an insecure origin, a refused permission): select it for Ctrl+C.
      field.current?.select();
      setCopied('select');
    }
  };
  const common = { id, ref: field, readOnly: true, value, 'aria-describedby': `${id}-warning`, onFocus: () => field.current?.select(), className: 'secret-value' };
  return (
    <div className="one-time-secret" data-testid={id}>
      <label htmlFor={id}>{label}</label>
      <p className="hint warning" id={`${id}-warning`}>{warning}</p>
      <div className="secret-row">
        {multiline ? <textarea rows={Math.min(12, value.split('\n').length)} {...common} /> : <input type="text" {...common} />}
        <button type="button" className="button-secondary" onClick={() => void handleCopy()}>Copy</button>
      </div>
      <p className="small muted" role="status">{copied === 'yes' ? 'Copied to the clipboard.' : copied === 'select' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}</p>
      {onDone && <button type="button" className="link-button" onClick={onDone}>I have saved it, hide it</button>}
    </div>
  );
}
