// Choose the controls a piece of evidence supports: a search box over a checkbox list, and
// the chosen ones as removable chips.
import { useState } from 'react';
import type { ControlSummary, FieldError } from '../api/types';
import { FieldErrorText } from './Feedback';

const SHOWN = 40;

export interface ControlPickerProps {
  controls: ControlSummary[] | undefined;
  selected: string[];
  onChange: (selected: string[]) => void;
  errors?: FieldError[];
}

export function ControlPicker({ controls, selected, onChange, errors }: ControlPickerProps) {
  const [search, setSearch] = useState('');
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (controls ?? []).filter((c) => words.every((w) => `${c.id} ${c.title}`.toLowerCase().includes(w)));
  const titles = new Map((controls ?? []).map((c) => [c.id, c.title]));

  const handleToggle = (id: string, checked: boolean) => onChange(checked ? [...selected, id] : selected.filter((s) => s !== id));
  const handleRemove = (id: string) => onChange(selected.filter((s) => s !== id));

  return (
    <fieldset className={`control-picker${errors?.length ? ' has-error' : ''}`} aria-describedby={errors?.length ? 'controls-error' : 'controls-hint'}>
      <legend>Controls</legend>
      <p className="hint" id="controls-hint">The controls this file evidences; at least one.</p>
      {selected.length > 0 && (
        <ul className="chips" aria-label="Chosen controls">
          {selected.map((id) => (
            <li key={id} className="chip">
              <span>{id}</span>
              <button type="button" onClick={() => handleRemove(id)} aria-label={`Remove ${id} ${titles.get(id) ?? ''}`}>×</button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor="control-search">Find a control</label>
        <input id="control-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Id or title, e.g. AST-01 or access review" autoComplete="off" />
      </div>
      {!controls ? <p className="muted">Loading controls…</p> : (
        <ul className="picker-list" aria-label="Matching controls">
          {matches.slice(0, SHOWN).map((c) => (
            <li key={c.id}>
              <input type="checkbox" id={`pick-${c.id}`} checked={selected.includes(c.id)} onChange={(e) => handleToggle(c.id, e.target.checked)} />
              <label htmlFor={`pick-${c.id}`}><span className="id">{c.id}</span> {c.title}</label>
            </li>
          ))}
          {matches.length > SHOWN && <li className="muted small">{matches.length - SHOWN} more: narrow the search.</li>}
          {matches.length === 0 && <li className="muted">No control matches “{search}”.</li>}
        </ul>
      )}
      <FieldErrorText id="controls-error" errors={errors} />
    </fieldset>
  );
}
