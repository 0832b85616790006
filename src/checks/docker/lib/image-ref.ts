// Container image references: `registry:5000/team/app:1.2@sha256:…` → name, tag, digest.
// Shared by the Dockerfile and Kubernetes checks.

export interface ImageRef {
  name: string;
  /** The tag as written; null when none is given (the registry then serves `latest`). */
  tag: string | null;
  /** A content digest (`sha256:<64 hex>`), null when absent or malformed. */
  digest: string | null;
}

const DIGEST = /^sha(256|384|512):[0-9a-f]{64,128}$/;

export function parseImageRef(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const d = rest.slice(at + 1);
    digest = DIGEST.test(d) ? d : null;
    rest = rest.slice(0, at);
  }
  // A colon after the last slash separates the tag; one before it is a registry port.
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, tag: null, digest };
}

/** Written with a variable (`${BASE}`, `$(IMAGE)`, a template) and so not known statically. */
export const isTemplated = (s: string): boolean => s.includes('$') || s.includes('{{');
