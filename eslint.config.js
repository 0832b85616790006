// One lint config for the whole repository. The import-boundary rules below are the
// enforcement of the layers in ../shared/DESIGN.md: dependencies point inward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const infrastructure = ['pg', 'pg-*', '@electric-sql/*', 'fastify', '@fastify/*', 'commander', 'node:fs', 'node:fs/*', 'node:child_process', 'node:net', 'node:http', 'node:https', '@aws-sdk/*', 'octokit', '@octokit/*'];

const layer = (dir, forbiddenDirs, forbiddenPackages = [], typeOnlyDirs = []) => ({
  files: [`src/${dir}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        ...forbiddenDirs.map((d) => ({ group: [`**/${d}/*`, `**/${d}`], message: `src/${dir} must not import src/${d} (see docs/ARCHITECTURE.md: dependencies point inward).` })),
        ...typeOnlyDirs.map((d) => ({ group: [`**/${d}/*`, `**/${d}`], allowTypeImports: true, message: `src/${dir} may use only the types of src/${d}; receive implementations as arguments.` })),
        ...(forbiddenPackages.length ? [{ group: forbiddenPackages, message: `src/${dir} must stay free of database, HTTP and SDK code.` }] : []),
      ],
    }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.attest/**', 'src/web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer('domain', ['content', 'checks', 'collectors', 'app', 'store', 'jobs', 'reports', 'http', 'cli', 'web', 'agent'], infrastructure),
  layer('content', ['checks', 'collectors', 'app', 'store', 'jobs', 'reports', 'http', 'cli', 'web'], infrastructure.filter((p) => !p.startsWith('node:fs'))),
  layer('checks', ['collectors', 'app', 'store', 'jobs', 'reports', 'http', 'cli', 'web'], infrastructure.filter((p) => !p.startsWith('node:fs'))),
  layer('collectors', ['app', 'store', 'jobs', 'reports', 'http', 'cli', 'web']),
  layer('app', ['http', 'cli', 'web'], ['pg', '@electric-sql/*', 'fastify', '@fastify/*', 'commander'], ['store']),
  layer('store', ['app', 'http', 'cli', 'web', 'jobs', 'reports']),
  layer('jobs', ['http', 'cli', 'web', 'agent'], ['pg', '@electric-sql/*', 'fastify', '@fastify/*', 'commander'], ['store']),
  layer('reports', ['store', 'http', 'cli', 'web']),
  layer('http', ['cli', 'web'], ['pg', '@electric-sql/*', 'commander'], ['store']),
  {
    files: ['bin/**/*.js', 'bench/**/*.{js,mjs}', 'scripts/**/*.{js,mjs}', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
