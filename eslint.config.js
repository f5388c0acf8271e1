// ESLint: typescript-eslint's type-aware recommended rules, and the floors of the
// architecture as import rules (README, "Layout"). A lower floor never imports a higher one;
// only an adapter knows its platform's library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PLATFORM_LIBRARIES = ['discord.js', '@discordjs/*', 'telegraf', 'telegraf/*'];

/**
 * `no-restricted-imports` for files that may import, from the project, only the folders
 * named in `allowed` (relative to src/), besides their own folder. Third-party packages
 * stay allowed except the platform libraries.
 */
function floor(files, allowed, { depth = 1, platform = [], allowTypeImports = false } = {}) {
  const up = '\\.\\./'.repeat(depth);
  const escape = (a) => a.replace(/[.]/g, '\\.');
  // `text/` allows a folder; `config` allows the module itself (and nothing named config-something).
  const alternatives = allowed.map((a) => (a.endsWith('/') ? escape(a) : `${escape(a)}$`));
  const forbidden = allowed.length ? `^${up}(?!${alternatives.join('|')})` : `^${up}`;
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: forbidden,
              allowTypeImports,
              message: `This floor may import only ${allowed.length ? allowed.join(', ') : 'its own folder'} from the project (see README, Layout).`,
            },
            {
              group: PLATFORM_LIBRARIES.filter((p) => !platform.includes(p)),
              message: 'Only src/adapters/<platform>/ may import its platform library.',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'bench/results/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // The PostgreSQL worker's entry is plain JavaScript: it registers tsx before any TypeScript loads.
      parserOptions: {
        projectService: { allowDefaultProject: ['src/store/engine/pg-worker-entry.mjs', 'src/ingest/worker-entry.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Written as `_name` when a parameter or binding is deliberately unused.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `rows[i]!` marks indexed reads known to be present (ready for noUncheckedIndexedAccess).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Async functions without await implement Promise-returning interfaces (Adapter.start, isChannelAdmin).
      '@typescript-eslint/require-await': 'off',
      // Caught errors are rethrown or rejected with as they came, also after being kept (a failed background build).
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Errors are rethrown with the cause's (redacted) message; a raw cause could carry a token into a log.
      'preserve-caught-error': 'off',
      // Feed and text cleaners match control characters, emoji sequences and escaped punctuation on purpose.
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
      'no-useless-escape': 'off',
    },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      // node:test's test(), describe() and it() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      // Tests read untyped wire data (fake servers, JSON fixtures) and pass methods to assert.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // The floors, bottom up. Leaves: text and the message catalog import nothing of the project.
  floor(['src/text/**'], []),
  floor(['src/i18n/**'], []),
  // The core: command/reply/port types, router, validation, logging.
  floor(['src/core/**'], ['text/', 'i18n/']),
  floor(['src/store/**'], ['text/', 'i18n/', 'core/']),
  floor(['src/store/engine/**'], ['text/', 'i18n/', 'core/'], { depth: 2 }),
  floor(['src/feeds/**'], ['text/', 'i18n/', 'core/', 'store/db']),
  floor(['src/topics/**'], ['text/', 'i18n/', 'core/', 'store/']),
  floor(['src/search/**'], ['text/', 'i18n/', 'core/', 'store/', 'topics/']),
  floor(['src/ingest/**'], ['text/', 'i18n/', 'core/', 'store/', 'feeds/', 'topics/']),
  floor(['src/digest/**'], ['text/', 'i18n/', 'core/', 'store/', 'topics/']),
  floor(['src/cluster/**'], ['core/', 'store/']),
  // Keyword alerts: search's query planning for matching, the digests' delivery for sending.
  floor(['src/watch/**'], ['text/', 'i18n/', 'core/', 'store/', 'topics/', 'search/', 'digest/']),
  // Adapters see the bot only through the port (core) and their own settings (config).
  floor(['src/adapters/console/**'], ['core/', 'i18n/', 'text/', 'config'], { depth: 2 }),
  floor(['src/adapters/telegram/**'], ['core/', 'i18n/', 'text/', 'config'], { depth: 2, platform: ['telegraf', 'telegraf/*'] }),
  floor(['src/adapters/discord/**'], ['core/', 'i18n/', 'text/', 'config'], {
    depth: 2,
    platform: ['discord.js', '@discordjs/*'],
  }),
  // `npm run deploy-commands` is an entry point of its own: it reads the command list.
  floor(['src/adapters/discord/deploy-commands.ts'], ['core/', 'i18n/', 'text/', 'config', '../commands/index'], {
    depth: 2,
    platform: ['discord.js', '@discordjs/*'],
  }),
  // Commands: core at run time; the services they are handed, as types.
  floor(['commands/**'], ['src/core/', 'src/i18n/', 'src/text/'], { allowTypeImports: true }),
  // The composition layer (src/*.ts: wiring, entry points) may import any floor, but no platform library.
  {
    files: ['src/*.ts', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: PLATFORM_LIBRARIES, message: 'Only src/adapters/<platform>/ may import its platform library.' }] },
      ],
    },
  },
);
