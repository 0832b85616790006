import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

export default defineFixtures('container.dockerfile', {
  pass: [good(), dockerfile('FROM alpine:3.20 AS base\nHEALTHCHECK CMD wget -q -O- http://localhost:8080/healthz\nFROM base')],
  fail: [
    { attributes: dockerfile('FROM alpine:3.20\nCMD ["app"]'), reason: 'no_healthcheck' },
    { attributes: dockerfile('FROM alpine:3.20 AS build\nHEALTHCHECK CMD true\nFROM alpine:3.20'), reason: 'no_healthcheck' },
    { attributes: dockerfile('FROM alpine:3.20\nHEALTHCHECK NONE'), reason: 'healthcheck_disabled' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_stages' }],
  unknown: [],
});
