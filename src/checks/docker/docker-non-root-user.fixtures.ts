import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

export default defineFixtures('container.dockerfile', {
  pass: [
    good(),
    dockerfile('FROM alpine:3.20\nUSER root\nRUN apk add curl\nUSER app'),
    dockerfile('FROM alpine:3.20 AS base\nUSER 1000\nFROM base AS final\nCMD ["app"]'),
  ],
  fail: [
    { attributes: dockerfile('FROM alpine:3.20\nCMD ["app"]'), reason: 'no_user' },
    { attributes: dockerfile('FROM alpine:3.20 AS build\nUSER app\nFROM alpine:3.20\nCMD ["app"]'), reason: 'no_user' },
    { attributes: dockerfile('FROM alpine:3.20\nUSER app\nUSER root'), reason: 'root_user' },
    { attributes: dockerfile('FROM alpine:3.20\nUSER 0:0'), reason: 'root_user' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_stages' }],
  unknown: [{ attributes: dockerfile('FROM alpine:3.20\nARG APP_UID\nUSER ${APP_UID}'), reason: 'unknown_value' }],
});
