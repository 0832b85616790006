import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

export default defineFixtures('container.dockerfile', {
  pass: [
    good(),
    dockerfile(`FROM golang:1.23 AS build\nRUN go build -o /app\nFROM scratch\nCOPY --from=build /app /app`),
    dockerfile(`FROM ubuntu@sha256:${'e2'.repeat(32)}`),
  ],
  fail: [
    { attributes: dockerfile('FROM ubuntu\nRUN true'), reason: 'untagged' },
    { attributes: dockerfile('FROM registry.local:5000/base'), reason: 'untagged' },
    { attributes: dockerfile('FROM golang:latest AS build\nFROM alpine:3.20'), reason: 'latest_tag' },
  ],
  notApplicable: [
    { attributes: empty(), reason: 'no_stages' },
    { attributes: dockerfile('FROM scratch\nCOPY app /app'), reason: 'no_registry_base_image' },
  ],
  unknown: [{ attributes: dockerfile('ARG BASE=node:20\nFROM ${BASE}'), reason: 'unknown_value' }],
});
