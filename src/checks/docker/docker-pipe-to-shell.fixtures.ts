import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

export default defineFixtures('container.dockerfile', {
  pass: [
    good(),
    dockerfile([
      'FROM alpine:3.20',
      'RUN curl -fsSLo /tmp/i.sh https://example.com/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh',
      'RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg',
      'RUN wget -qO- https://example.com/tool.tgz | tar xz -C /usr/local/bin',
      'RUN curl -s https://example.com/sums | shasum -a 256 -c',
    ].join('\n')),
  ],
  fail: [
    { attributes: dockerfile('FROM alpine:3.20\nRUN curl -fsSL https://get.example.com | sh'), reason: 'pipe_to_shell' },
    { attributes: dockerfile('FROM alpine:3.20\nRUN apk add wget && wget -qO- "https://example.com/x?a=1&b=2" | sudo -E bash -s -- --yes'), reason: 'pipe_to_shell' },
    { attributes: dockerfile('FROM alpine:3.20\nRUN /bin/sh -c "$(curl -fsSL https://example.com/install.sh)"'), reason: 'pipe_to_shell' },
    { attributes: dockerfile('FROM alpine:3.20\nRUN bash <(wget -qO- https://example.com/i.sh)'), reason: 'pipe_to_shell' },
    { attributes: dockerfile('FROM alpine:3.20\nRUN curl -sSL https://install.python-poetry.org | python3 -'), reason: 'pipe_to_shell' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_stages' }],
  unknown: [],
});
