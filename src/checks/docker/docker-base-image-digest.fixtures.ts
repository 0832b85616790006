import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

export default defineFixtures('container.dockerfile', {
  pass: [good(), dockerfile(`FROM ubuntu:24.04@sha256:${'e2'.repeat(32)} AS base\nFROM base`)],
  fail: [
    { attributes: dockerfile('FROM ubuntu:24.04'), reason: 'not_pinned_by_digest' },
    { attributes: dockerfile(`FROM golang:1.23 AS build\nFROM alpine:3.20@sha256:${'e2'.repeat(32)}`), reason: 'not_pinned_by_digest' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_stages' }],
  unknown: [{ attributes: dockerfile('FROM node:${NODE_VERSION}'), reason: 'unknown_value' }],
});
