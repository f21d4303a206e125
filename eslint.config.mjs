// ESLint 9 flat config. typescript-eslint's recommended rules without type information (fast enough for every
// save), Prettier owns formatting, and Nx's module-boundary rule keeps the scopes apart:
// shared depends on nothing but shared; api and web only on themselves and shared; e2e on anything. The demo seed
// (libs/demo, `scope:demo` / `type:seed`) is production code's to never import: only the demo-mode bootstrap
// (its own entry, started by scripts/stack.mjs) and the API's tests load it.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

// Server-only packages the browser bundle must not pull in, and frameworks the pure-TS libs must not use.
const SERVER_ONLY = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'bcryptjs', 'express', 'nestjs-pino'];
const UI_ONLY = ['react', 'react-dom', 'react-admin', 'ra-*', '@mui/*', '@emotion/*'];

/** `allow`: import specifiers (regular expressions) the rule does not check. */
const moduleBoundaries = (allow) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow,
    depConstraints: [
      {
        sourceTag: 'scope:shared',
        onlyDependOnLibsWithTags: ['scope:shared'],
        bannedExternalImports: [...SERVER_ONLY, ...UI_ONLY],
      },
      { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
      { sourceTag: 'type:app', notDependOnLibsWithTags: ['type:seed'] },
      { sourceTag: 'scope:demo', onlyDependOnLibsWithTags: ['scope:demo', 'scope:shared'] },
      {
        sourceTag: 'scope:web',
        onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
        bannedExternalImports: SERVER_ONLY,
      },
      { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
    ],
  },
];

// migrations/ sits at the top (the api's schema history, also read by the drift check) and belongs to no
// project; the api's data source imports its ordered index by relative path.
const MIGRATIONS_INDEX = '^(\\.\\./)+migrations$';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.data/**',
      '**/tmp/**',
      '**/coverage/**',
      '**/.nx/**',
      'apps/web/dist/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@nx/enforce-module-boundaries': moduleBoundaries([MIGRATIONS_INDEX]),
    },
  },
  {
    // Journeys start the whole stack: the apps from their sources and scripts/stack.mjs (npm start's starter).
    // Neither has an import alias, so the path is relative.
    files: ['e2e/**'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([MIGRATIONS_INDEX, '^(\\.\\./)+(apps|migrations|scripts)/']),
    },
  },
  {
    // The API's test helpers start processes the way npm start does (scripts/*.mjs, which belong to no project), and
    // its tests start from the demo data (test/utils/app.ts) and the golden fixtures, both in libs/demo.
    files: ['apps/api/test/**'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([MIGRATIONS_INDEX, '^(\\.\\./)+scripts/', '^@portal/demo$']),
    },
  },
  {
    // The demo seed loads its data through the API's own services and entities, which have no import alias.
    files: ['libs/demo/**'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries([MIGRATIONS_INDEX, '^(\\.\\./)+apps/api/src/']),
    },
  },
  {
    // CommonJS config and helper files may use require().
    files: ['**/*.cjs', '**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
