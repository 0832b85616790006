// A button for an action that is hard to undo (revoke, disable): the first press asks, in
// place, without a dialog; the second does it.
import { useState } from 'react';
import './settings.css';

export interface ConfirmButtonProps {
  label: string;
  /** The question shown after the first press, e.g. "Revoke this token?". */
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
  busy?: boolean;
  disabled?: boolean;
}

export function ConfirmButton({ label, question, confirmLabel = label, onConfirm, busy, disabled }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <button type="button" className="button-secondary" disabled={disabled || busy} onClick={() => setAsking(true)}>{label}</button>;
  const handleConfirm = () => {
    setAsking(false);
    onConfirm();
  };
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="small">{question}</span>
      <button type="button" className="button-danger" onClick={handleConfirm} disabled={busy}>{confirmLabel}</button>
      <button type="button" className="button-secondary" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
