import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

export default defineFixtures('container.dockerfile', {
  pass: [good(), dockerfile('FROM alpine:3.20 AS build\nEXPOSE 22\nFROM alpine:3.20\nEXPOSE 80/tcp 443 8000-8010')],
  fail: [
    { attributes: dockerfile('FROM alpine:3.20\nEXPOSE 8080 22/tcp'), reason: 'ssh_port' },
    { attributes: dockerfile('FROM alpine:3.20 AS base\nEXPOSE 3389\nFROM base'), reason: 'admin_port' },
    { attributes: dockerfile('FROM alpine:3.20\nEXPOSE 5000-6000'), reason: 'admin_port' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_stages' }],
  unknown: [{ attributes: dockerfile('FROM alpine:3.20\nEXPOSE $PORT'), reason: 'unknown_value' }],
});
