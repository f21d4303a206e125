import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/*
 * The return lifecycle (this folder) is the only code that writes a return's status (issue 14). This check reads
 * every source file of the API and fails on any other write it can see:
 *   - SQL text that updates statistical_return and sets its status;
 *   - a TypeORM update/save/upsert/insert of ReturnEntity (on the manager, a repository, a query builder) whose
 *     values name `status`;
 *   - a return created (`create(ReturnEntity, …)`) in any state but DRAFT: a return starts as a draft, the
 *     lifecycle moves it on.
 * The demo seed (libs/demo) is scanned too: its returns move through the lifecycle like real ones. Tests and
 * benchmark harnesses set up states of their own and are not scanned.
 */

const SRC = join(__dirname, '../../..');
const DEMO = join(__dirname, '../../../../../../libs/demo/src');
const LIFECYCLE = join(__dirname);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const SQL_STATUS_WRITE = /UPDATE\s+statistical_return\b[^;]*?\bSET\b[^;]*?(?<![_.\w])status\s*=/i;
const WRITE_METHODS = new Set(['update', 'save', 'upsert', 'insert', 'set', 'values']);

const namesStatus = (node: ts.Node | undefined): boolean =>
  !!node &&
  ts.isObjectLiteralExpression(node) &&
  node.properties.some(
    (p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && p.name.getText() === 'status',
  );

/** Whether the expression mentions ReturnEntity as the entity a call works on (argument or repository). */
const onReturnEntity = (call: ts.CallExpression): boolean =>
  call.arguments[0]?.getText() === 'ReturnEntity' ||
  /getRepository\(ReturnEntity\)|update\(ReturnEntity\)|into\(ReturnEntity\)/.test(call.expression.getText());

export function statusWrites(file: string, text: string): string[] {
  const found: string[] = [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const where = (n: ts.Node) => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node) => {
    if (
      (ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n) || ts.isStringLiteral(n)) &&
      SQL_STATUS_WRITE.test(n.getText())
    ) {
      found.push(`${where(n)} SQL sets statistical_return.status`);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const method = n.expression.name.text;
      if (WRITE_METHODS.has(method) && onReturnEntity(n) && n.arguments.some(namesStatus))
        found.push(`${where(n)} ${method}() of ReturnEntity sets status`);
      if (method === 'create' && n.arguments[0]?.getText() === 'ReturnEntity') {
        const values = n.arguments[1];
        if (values && ts.isObjectLiteralExpression(values)) {
          const status = values.properties.find(
            (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === 'status',
          );
          if (status && status.initializer.getText() !== "'DRAFT'")
            found.push(`${where(n)} a return created as ${status.initializer.getText()}, not DRAFT`);
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe("a return's status is written by the lifecycle only", () => {
  it('no source outside returns/lifecycle writes statistical_return.status', () => {
    const outside = [...sources(SRC), ...sources(DEMO)].filter((f) => !f.startsWith(LIFECYCLE + sep));
    expect(outside.some((f) => f.startsWith(DEMO + sep))).toBe(true);
    const writes = outside.flatMap((f) => statusWrites(relative(SRC, f), readFileSync(f, 'utf8')));
    expect(writes).toEqual([]);
  });

  it('the lifecycle itself is seen writing it (the check would notice a write)', () => {
    const inside = sources(LIFECYCLE);
    const writes = inside.flatMap((f) => statusWrites(relative(SRC, f), readFileSync(f, 'utf8')));
    expect(writes.length).toBeGreaterThan(0);
  });

  it.each([
    ["m.query(`UPDATE statistical_return SET status = 'DRAFT' WHERE id = $1`, [id])", 1],
    ['m.query(`UPDATE statistical_return r\n SET version = 2, status = x.s FROM x`)', 1],
    ['m.query(`UPDATE statistical_return SET materiality = $2 WHERE id = $1`)', 0],
    ["m.update(ReturnEntity, { id }, { status: 'APPROVED', version: 2 })", 1],
    ['m.update(ReturnEntity, { id }, { version: 2 })', 0],
    ["m.getRepository(ReturnEntity).update({ id }, { status: 'SUBMITTED' })", 1],
    ["m.createQueryBuilder().update(ReturnEntity).set({ status: 'APPROVED' }).execute()", 1],
    ["m.create(ReturnEntity, { enterpriseId, status: 'APPROVED' })", 1],
    ["m.create(ReturnEntity, { enterpriseId, status: 'DRAFT' })", 0],
    ["m.update(ValidationRunEntity, { id }, { status: 'DONE' })", 0],
  ])('%s: %i write(s) found', (code, count) => {
    expect(statusWrites('x.ts', code as string)).toHaveLength(count as number);
  });
});
