import { defineCheck } from '../types.js';
import { fail, notApplicable, pass, unknownOutcome } from '../util.js';
import { effectiveInstruction, finalStage, fromLocation, lastInstruction } from './lib/dockerfile.js';
import { isTemplated } from './lib/image-ref.js';

export default defineCheck({
  meta: {
    id: 'docker-non-root-user',
    title: 'Images run as a non-root user',
    description: 'The final stage of a Dockerfile should switch to an unprivileged user; otherwise the container\'s main process runs as root, and any flaw in it starts with the most powerful account of the container. A USER set in an earlier stage that the final stage builds on counts.',
    severity: 'medium',
    resourceType: 'container.dockerfile',
    controls: ['VUL-06', 'VUL-07'],
    remediation: {
      text: 'Create an unprivileged user and end the final stage with a USER instruction naming it (a numeric id works best with Kubernetes\' runAsNonRoot).',
      snippet: {
        language: 'dockerfile',
        code: `FROM node:20.18-alpine
RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
COPY --chown=app:app . /app
USER 10001:10001`,
      },
    },
  },
  evaluate({ attributes: d }) {
    const final = finalStage(d);
    if (!final) return notApplicable('no_stages');
    const instruction = lastInstruction(final, 'USER') ?? (d.finalUser === null ? effectiveInstruction(d, 'USER') : undefined);
    const user = d.finalUser ?? instruction?.value.trim() ?? null;
    if (user === null) return fail('no_user', 'the final stage sets no USER, so the container runs as root', fromLocation(final));
    if (isTemplated(user)) return unknownOutcome('unknown_value', `the user is set by a build variable (${user})`);
    const name = user.split(':')[0]!.trim();
    if (name === 'root' || /^0+$/.test(name)) return fail('root_user', `the final stage runs as ${user}`, instruction?.location);
    return pass();
  },
});
