// Evidence: upload (drag and drop or a file input) with progress, linked to controls and
// dated; the list, with each file's sha-256 and a download link.
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { fieldErrors, uploadEvidence, useApi } from '../../api/client';
import type { ControlSummary, Evidence, EvidencePage } from '../../api/types';
import { EmptyState, ErrorMessage, FieldErrorText, Loading } from '../../components/Feedback';
import { TextField } from '../../components/Fields';
import { EvidenceList } from '../../components/EvidenceList';
import { ControlPicker } from '../../components/ControlPicker';
import { formatBytes, plural, today } from '../../format';
import { Link, usePageTitle, useQueryState } from '../../router';

const PAGE = 50;

export default function EvidencePage() {
  usePageTitle('Evidence');
  const [query, setQuery] = useQueryState();
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const list = useApi<EvidencePage>(`/api/evidence?limit=${PAGE}&offset=${offset}`);
  const controls = useApi<ControlSummary[]>('/api/controls');
  const preselected = query.get('control');

  return (
    <>
      <div className="page-header">
        <h1>Evidence</h1>
        <p className="lede">Files that show controls operating. Each is stored once, by its sha-256, and never changes.</p>
      </div>
      <UploadForm controls={controls.data} preselected={preselected ? preselected.toUpperCase() : null} onUploaded={list.reload} />
      <section className="panel" aria-labelledby="list-heading">
        <h2 id="list-heading">All evidence</h2>
        {list.error ? <ErrorMessage error={list.error} /> : !list.data ? <Loading /> : list.data.total === 0 ? (
          <EmptyState title="No evidence yet">
            <p>Upload a file above, or add one from the command line with <code>attest evidence add FILE --control ID</code>.</p>
          </EmptyState>
        ) : (
          <>
            <p className="muted">{plural(list.data.total, 'file')}{list.data.total > PAGE && `, ${offset + 1} to ${Math.min(offset + PAGE, list.data.total)} shown`}</p>
            <EvidenceList items={list.data.items} caption="All evidence" />
            {list.data.total > PAGE && (
              <nav className="pager" aria-label="Pages">
                <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => setQuery({ offset: String(Math.max(0, offset - PAGE)) })}>Previous</button>
                <button type="button" className="button-secondary" disabled={offset + PAGE >= list.data.total} onClick={() => setQuery({ offset: String(offset + PAGE) })}>Next</button>
              </nav>
            )}
          </>
        )}
      </section>
    </>
  );
}

interface UploadFormProps {
  controls: ControlSummary[] | undefined;
  preselected: string | null;
  onUploaded: () => void;
}

function UploadForm({ controls, preselected, onUploaded }: UploadFormProps) {
  const [file, setFile] = useState<File | null>(null);
  const [selected, setSelected] = useState<string[]>(preselected ? [preselected] : []);
  const [effectiveDate, setEffectiveDate] = useState(today());
  const [description, setDescription] = useState('');
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploaded, setUploaded] = useState<Evidence | null>(null);
  const [dragging, setDragging] = useState(false);
  const abort = useRef<(() => void) | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const errors = fieldErrors(error);
  const uploading = progress !== null;

  const chooseFile = (f: File | null) => {
    setFile(f);
    setUploaded(null);
    setError(null);
  };
  const handleDragOver = (e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const handleDragLeave = () => setDragging(false);
  const handleDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) chooseFile(dropped);
  };

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setUploaded(null);
    // The server checks every field (and says when the file is missing) in one answer.
    const job = uploadEvidence({ file, controls: selected, effectiveDate, description }, (loaded, total) => setProgress({ loaded, total }));
    abort.current = job.abort;
    setProgress({ loaded: 0, total: file?.size ?? 0 });
    try {
      const evidence = await job.done;
      setUploaded(evidence);
      setFile(null);
      setDescription('');
      if (input.current) input.current.value = '';
      onUploaded();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };
  const handleCancel = () => abort.current?.();

  const percent = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <form className="panel form" onSubmit={handleSubmit} noValidate aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload evidence</h2>
      {error !== null && <ErrorMessage error={error} shownFields={new Set(['file', 'controls', 'effectiveDate', 'description'])} />}

      <div className={`drop-zone${dragging ? ' dragging' : ''}${errors.get('file') ? ' has-error' : ''}`} onDragOver={handleDragOver} onDragEnter={handleDragOver} onDragLeave={handleDragLeave} onDrop={handleDrop} data-testid="drop-zone">
        <p className="drop-hint">Drop a file here, or</p>
        <label htmlFor="file" className="button button-secondary">Choose a file</label>
        <input ref={input} id="file" name="file" type="file" className="visually-hidden-input" onChange={(e) => chooseFile(e.target.files?.[0] ?? null)}
          aria-describedby={errors.get('file') ? 'file-error' : 'file-chosen'} aria-invalid={errors.get('file') ? true : undefined} />
        <p id="file-chosen" className="file-chosen" aria-live="polite">
          {file ? <><span className="user-text">{file.name}</span> <span className="muted">· {formatBytes(file.size)}</span></> : <span className="muted">No file chosen</span>}
        </p>
        <FieldErrorText id="file-error" errors={errors.get('file')} />
      </div>

      <ControlPicker controls={controls} selected={selected} onChange={setSelected} errors={errors.get('controls')} />

      <div className="field-row">
        <div className="field">
          <label htmlFor="effectiveDate">Effective date</label>
          <p className="hint" id="effectiveDate-hint">The day the evidence shows, such as the date of the review or export.</p>
          <input id="effectiveDate" type="date" value={effectiveDate} max={today()} onChange={(e) => setEffectiveDate(e.target.value)}
            aria-describedby={`effectiveDate-hint${errors.get('effectiveDate') ? ' effectiveDate-error' : ''}`} aria-invalid={errors.get('effectiveDate') ? true : undefined} />
          <FieldErrorText id="effectiveDate-error" errors={errors.get('effectiveDate')} />
        </div>
      </div>
      <TextField id="description" label="Description (optional)" multiline rows={2} value={description} onChange={setDescription} errors={errors.get('description')} maxLength={2000} />

      <div className="form-actions">
        <button type="submit" disabled={uploading}>Upload</button>
        {uploading && <button type="button" className="button-secondary" onClick={handleCancel}>Cancel</button>}
      </div>
      {progress && (
        <div className="upload-progress">
          <label htmlFor="upload-progress">Uploading {percent}%</label>
          <progress id="upload-progress" max={100} value={percent} />
        </div>
      )}
      {uploaded && (
        <div className="alert alert-success" role="status" data-testid="upload-result">
          <p>Uploaded <strong className="user-text">{uploaded.filename}</strong> ({formatBytes(uploaded.size)}), effective {uploaded.effectiveAt.slice(0, 10)}, for{' '}
            {uploaded.controls.map((c, i) => <span key={c}>{i > 0 && ', '}<Link to={`/controls/${encodeURIComponent(c)}`}>{c}</Link></span>)}.</p>
          <p className="hash-line">SHA-256 <code className="hash" data-testid="uploaded-sha256">{uploaded.sha256}</code></p>
          <p><a href={`/api/evidence/${encodeURIComponent(uploaded.id)}/download`} download={uploaded.filename}>Download</a></p>
        </div>
      )}
    </form>
  );
}
