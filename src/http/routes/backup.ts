// The database dump for `attest backup` while `attest serve` holds the embedded workspace:
// only this process may read the PGlite folder, so it makes the dump and the CLI downloads it.
import type { FastifyPluginAsync } from 'fastify';
import { createHash } from 'node:crypto';
import type { Services } from '../../app/index.js';
import { errors } from '../schemas.js';

export const backupRoutes: FastifyPluginAsync<{ services: Services }> = async (app, { services }) => {
  app.get('/backup/database', {
    config: { permission: 'backup:read' },
    schema: {
      tags: ['backup'],
      summary: 'The embedded database as a gzipped tarball of its folder (for `attest backup`); its sha-256 is in Repr-Digest',
      description: 'Holds every organization of the workspace, so only `attest` commands on this machine may fetch it (the `backup:read` permission, which no role has): they present the local token from the workspace lock. A PostgreSQL server is backed up with pg_dump instead (400).',
      response: errors(400, 403),
    },
  }, async (_req, reply) => {
    // PGlite builds the tarball in memory, so sending it whole costs nothing more and gives
    // the client a Content-Length and a digest to check the transfer against.
    const dump = Buffer.from(await (await services.backup.dumpDatabase()).arrayBuffer());
    return reply
      .header('content-type', 'application/gzip')
      .header('content-length', String(dump.byteLength))
      .header('content-disposition', 'attachment; filename="database.tar.gz"')
      .header('repr-digest', `sha-256=:${createHash('sha256').update(dump).digest('base64')}:`)
      .header('cache-control', 'no-store')
      .send(dump);
  });
};
