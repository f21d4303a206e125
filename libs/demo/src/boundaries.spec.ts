import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/*
 * The demo seed stays out of production code (issue 14): the lint configuration's module-boundary rule refuses
 * any import of this project from the API or the web app, by its alias or by path, while the API's tests and the
 * seed's own entry may use it.
 */

const ROOT = join(__dirname, '../../..');

describe('the demo project behind the module boundaries', () => {
  /** The boundary rule's errors on `code` as if it were `file`, from the ESLint CLI and the repository's config. */
  const boundaryErrors = (file: string, code: string) => {
    const run = spawnSync(
      join(ROOT, 'node_modules/.bin/eslint'),
      ['--format', 'json', '--stdin', '--stdin-filename', join(ROOT, file)],
      { cwd: ROOT, input: code, encoding: 'utf8' },
    );
    const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string; severity: number; message: string }[] }[];
    return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries' && m.severity === 2);
  };

  beforeAll(() => {
    // The rule reads the cached project graph, as `npm run lint` creates it first.
    execFileSync(join(ROOT, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  }, 120_000);

  it.each([
    [
      'apps/api/src/modules/returns/uses-demo.ts',
      "import { DEMO_FIRMS } from '@portal/demo';\nexport const x = DEMO_FIRMS;\n",
    ],
    [
      'apps/api/src/modules/returns/uses-demo.ts',
      "import { DEMO_FIRMS } from '../../../../../libs/demo/src/demo-data';\nexport const x = DEMO_FIRMS;\n",
    ],
    ['apps/api/src/migrate-demo.ts', "import { loadDemoData } from '@portal/demo';\nexport const x = loadDemoData;\n"],
    ['apps/web/src/uses-demo.ts', "import { DEMO_FIRMS } from '@portal/demo';\nexport const x = DEMO_FIRMS;\n"],
  ])(
    'refuses %s importing it (%#)',
    (file, code) => {
      expect(boundaryErrors(file, code)).not.toEqual([]);
    },
    60_000,
  );

  it("lets the API's tests import it", () => {
    const code = "import { DEMO_FIRMS } from '@portal/demo';\nexport const x = DEMO_FIRMS;\n";
    expect(boundaryErrors('apps/api/test/utils/uses-demo.ts', code)).toEqual([]);
  }, 60_000);
});
