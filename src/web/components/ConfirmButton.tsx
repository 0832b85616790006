// A button for an action that is hard to undo (revoke, disable): the first press asks, in
// place, without a dialog; the second does it.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
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
  const confirm = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    // Keyboard users stay in place: on the question when it appears, back on the button after.
    if (asking) confirm.current?.focus();
    else if (wasAsking.current) first.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) return <button type="button" ref={first} className="button-secondary" disabled={disabled || busy} onClick={() => setAsking(true)}>{label}</button>;
  const handleConfirm = () => {
    setAsking(false);
    onConfirm();
  };
  const handleKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setAsking(false);
  };
  return (
    <span className="confirm" role="group" aria-label={question} onKeyDown={handleKeyDown}>
      <span className="small">{question}</span>
      <button type="button" ref={confirm} className="button-danger" onClick={handleConfirm} disabled={busy}>{confirmLabel}</button>
      <button type="button" className="button-secondary" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
