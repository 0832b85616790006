import { defineFixtures } from '../types.js';
import { dockerfile, empty, good } from './lib/fixture-builders.js';

const sha = 'ab'.repeat(32);

export default defineFixtures('container.dockerfile', {
  pass: [
    good(),
    dockerfile(`FROM alpine:3.20\nADD rootfs.tar.gz /\nADD --chown=app:app ["conf dir/app.conf", "/etc/app/"]`),
    dockerfile(`FROM alpine:3.20\nADD --checksum=sha256:${sha} https://example.com/tool.tgz /tmp/`),
    dockerfile(`FROM alpine:3.20\nADD git@github.com:acme/lib.git#${'f0'.repeat(20)} /src/lib`),
  ],
  fail: [
    { attributes: dockerfile('FROM alpine:3.20\nADD https://example.com/install.sh /tmp/install.sh'), reason: 'remote_add' },
    { attributes: dockerfile('FROM alpine:3.20 AS build\nADD ["http://example.com/a.tgz", "/tmp/"]\nFROM alpine:3.20'), reason: 'remote_add' },
    { attributes: dockerfile('FROM alpine:3.20\nADD https://github.com/acme/lib.git#main /src/lib'), reason: 'remote_git_add' },
  ],
  notApplicable: [{ attributes: empty(), reason: 'no_stages' }],
  unknown: [],
});
