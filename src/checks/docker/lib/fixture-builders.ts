// Builds Dockerfile fixtures from Dockerfile text, one instruction per line (no continuations),
// following the shape's rules: FROM opens a stage and is kept among its instructions, a missing
// tag reads as `latest`, a FROM naming an earlier stage sets fromStage.
import type { DockerStage, Dockerfile } from '../../../domain/resources/workloads.js';
import { parseImageRef } from './image-ref.js';

export function dockerfile(text: string): Dockerfile {
  const stages: DockerStage[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [, kw = '', value = ''] = /^(\S+)\s*(.*)$/.exec(trimmed) ?? [];
    const keyword = kw.toUpperCase();
    const location = { startLine: i + 1, endLine: i + 1 };
    if (keyword === 'FROM') {
      const words = value.split(/\s+/).filter((w) => !w.startsWith('--'));
      const baseImage = words[0] ?? '';
      const name = words[1]?.toUpperCase() === 'AS' ? (words[2] ?? null) : null;
      const fromStage = stages.some((s) => s.name !== null && s.name.toLowerCase() === baseImage.toLowerCase());
      const ref = parseImageRef(baseImage);
      const internal = fromStage || baseImage.toLowerCase() === 'scratch';
      stages.push({ name, baseImage, baseTag: internal ? null : (ref.tag ?? 'latest'), baseDigest: internal ? null : ref.digest, fromStage, instructions: [{ keyword, value, location }] });
      return;
    }
    stages[stages.length - 1]?.instructions.push({ keyword, value, location });
  });
  const final = stages[stages.length - 1];
  const users = final?.instructions.filter((i) => i.keyword === 'USER') ?? [];
  return {
    stages,
    finalUser: users.length ? users[users.length - 1]!.value : null,
    finalHealthcheck: final?.instructions.some((i) => i.keyword === 'HEALTHCHECK' && !/^NONE\b/i.test(i.value)) ?? false,
  };
}

/** A hardened Dockerfile that passes every check. */
export const GOOD = `
FROM node:20.18-alpine@sha256:${'c0'.repeat(32)} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
FROM gcr.io/distroless/nodejs20-debian12:nonroot@sha256:${'d1'.repeat(32)}
COPY --from=build /src/dist /app
ENV NODE_ENV=production PORT=8080
EXPOSE 8080
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/nodejs/bin/node", "/app/healthcheck.js"]
CMD ["/app/server.js"]
`;

export const good = (): Dockerfile => dockerfile(GOOD);
export const empty = (): Dockerfile => ({ stages: [], finalUser: null, finalHealthcheck: false });
