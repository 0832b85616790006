import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

export default defineFixtures('container.dockerfile', {
  pass: [
    good(),
    dockerfile('FROM alpine:3.20\nARG NPM_TOKEN\nENV DB_PASSWORD_FILE=/run/secrets/db TOKEN_TTL=3600\nENV GPG_KEY 0D96DF4D4110E5C43FBFB17F2D347EF6BE8C6E2B'),
    dockerfile('FROM alpine:3.20\nARG API_KEY\nENV API_KEY=${API_KEY}'),
  ],
  fail: [
    { attributes: dockerfile('FROM alpine:3.20\nENV DB_PASSWORD=s3cr3t-value'), reason: 'secret_in_env' },
    { attributes: dockerfile('FROM alpine:3.20\nENV LOG_LEVEL=info JWT_SECRET="two words"'), reason: 'secret_in_env' },
    { attributes: dockerfile('FROM alpine:3.20\nENV GITHUB_TOKEN ghp_abcdefghijklmnop'), reason: 'secret_in_env' },
    { attributes: dockerfile('FROM alpine:3.20 AS build\nARG NPM_TOKEN=npm_abcdefghijklmnop\nFROM alpine:3.20'), reason: 'secret_in_arg' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_stages' }],
  unknown: [],
});
