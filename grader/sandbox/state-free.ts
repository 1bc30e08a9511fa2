import * as ts from "typescript";
import type { ModuleState } from "./module-state";

/**
 * What a learner's module holds at module level, as far as sharing one evaluation of it goes.
 * One evaluation, frozen, can serve every node of every run when no module of the bundle holds
 * state of its own: the node classes are then the same objects for all nodes, and V8 runs
 * their methods with the type feedback of one class instead of the mixture a fresh class per
 * node gives (a sixth less CPU for a full grade, a third less for chapter 5's chaos test).
 *
 * The test is a whitelist; a bundle that fails it is evaluated afresh for each node, as
 * before. A module's top level may hold only imports, types, classes and functions, and
 * `const` bindings whose values are immutable once frozen (literals, functions, and arrays or
 * objects of such declared readonly). No code may assign to a top-level binding or to a
 * property reached from one, write to `this` in a static member or by a computed key, or
 * reach `eval`, `Function` or `Reflect`; and no module may assign a property that some
 * module's class declares as a method (a frozen prototype refuses that). Whatever slips
 * through can only hit a frozen object, which throws a TypeError: the grader then runs the
 * test again with fresh modules (see grader/harness/hosts.ts).
 *
 * Returns what the module holds (module-state.ts), or null when it may hold state of its own.
 */
export function moduleState(source: string, fileName: string): ModuleState | null {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const top = new Set<string>();
  const locals: string[] = [];
  const methods = new Set<string>();
  for (const statement of file.statements) {
    const names = topLevelNames(statement, methods);
    if (names === null) return null;
    for (const name of names) top.add(name);
    if (!exported(statement)) locals.push(...names);
  }
  const writes = propertyWrites(file, top);
  return writes && { locals, methods: [...methods], writes: [...writes] };
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind): boolean =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
const exported = (node: ts.Node): boolean => hasModifier(node, ts.SyntaxKind.ExportKeyword);

/** The value names a top-level statement binds, or null when the statement may hold state. */
function topLevelNames(statement: ts.Statement, methods: Set<string>): string[] | null {
  if (hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) return [];
  if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) return [];
  if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return [];
  if (ts.isEmptyStatement(statement)) return [];
  if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) return [];
  if (ts.isFunctionDeclaration(statement)) {
    if (!statement.name) return null;
    return statement.body ? [statement.name.text] : [];
  }
  if (ts.isClassDeclaration(statement)) {
    return statement.name && stateFreeClass(statement, methods) ? [statement.name.text] : null;
  }
  if (ts.isVariableStatement(statement)) {
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) return null;
    const names: string[] = [];
    for (const d of statement.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer) return null;
      if (!immutable(d.initializer, readonlyType(d.type), methods)) return null;
      names.push(d.name.text);
    }
    return names;
  }
  return null;
}

/** A type that TypeScript keeps from being written through: `readonly T[]`, `readonly [..]`, `Readonly<..>`, `ReadonlyArray<..>`. */
function readonlyType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isTypeOperatorNode(type)) return type.operator === ts.SyntaxKind.ReadonlyKeyword;
  return (
    ts.isTypeReferenceNode(type) &&
    ts.isIdentifier(type.typeName) &&
    (type.typeName.text === "Readonly" || type.typeName.text === "ReadonlyArray")
  );
}

const PURE_BINARY = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
  ts.SyntaxKind.AsteriskAsteriskToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
]);

/** An initializer whose value, once frozen, can hold nothing: `frozen` says an array or object literal is declared readonly. */
function immutable(e: ts.Expression, frozen: boolean, methods: Set<string>): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e)) {
    return immutable(e.expression, frozen, methods);
  }
  if (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) {
    const asConst =
      ts.isTypeReferenceNode(e.type) && ts.isIdentifier(e.type.typeName) && e.type.typeName.text === "const";
    return immutable(e.expression, frozen || asConst || readonlyType(e.type), methods);
  }
  switch (e.kind) {
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
      return true;
  }
  if (ts.isPrefixUnaryExpression(e)) return immutable(e.operand, frozen, methods);
  if (ts.isBinaryExpression(e)) {
    return (
      PURE_BINARY.has(e.operatorToken.kind) && immutable(e.left, false, methods) && immutable(e.right, false, methods)
    );
  }
  if (ts.isConditionalExpression(e)) {
    return [e.condition, e.whenTrue, e.whenFalse].every((x) => immutable(x, frozen, methods));
  }
  if (ts.isClassExpression(e)) return stateFreeClass(e, methods);
  if (ts.isArrayLiteralExpression(e)) return frozen && e.elements.every((x) => immutable(x, frozen, methods));
  if (ts.isObjectLiteralExpression(e)) {
    return (
      frozen &&
      e.properties.every(
        (p) =>
          (ts.isPropertyAssignment(p) &&
            !ts.isComputedPropertyName(p.name) &&
            immutable(p.initializer, frozen, methods)) ||
          ts.isShorthandPropertyAssignment(p),
      )
    );
  }
  return false;
}

/** A class whose own object holds no state: no static blocks, no writable static fields, no computed names or decorators. */
function stateFreeClass(c: ts.ClassLikeDeclaration, methods: Set<string>): boolean {
  const decorated = (n: ts.Node) => ts.canHaveDecorators(n) && (ts.getDecorators(n)?.length ?? 0) > 0;
  if (decorated(c) || c.members.some(decorated)) return false;
  const base = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (base && !ts.isIdentifier(base.expression)) return false;
  for (const m of c.members) {
    if (ts.isClassStaticBlockDeclaration(m)) return false;
    if (m.name && ts.isComputedPropertyName(m.name)) return false;
    const isStatic = hasModifier(m, ts.SyntaxKind.StaticKeyword);
    if (ts.isPropertyDeclaration(m) && isStatic) {
      if (!hasModifier(m, ts.SyntaxKind.ReadonlyKeyword)) return false;
      if (m.initializer && !immutable(m.initializer, readonlyType(m.type), methods)) return false;
    }
    if ((ts.isMethodDeclaration(m) || ts.isGetAccessor(m) || ts.isSetAccessor(m)) && m.name && !isStatic) {
      if (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) methods.add(m.name.text);
    }
  }
  return true;
}

const ASSIGNMENTS = new Set<ts.SyntaxKind>();
for (let k = ts.SyntaxKind.FirstAssignment; k <= ts.SyntaxKind.LastAssignment; k++) ASSIGNMENTS.add(k);
const REFUSED = new Set(["eval", "Function", "Reflect"]);

/** The expression under any parentheses, type assertions and non-null marks. */
function bare(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isTypeAssertionExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

/** A name whose binding lives in the module's function: its own values, and what CommonJS and TypeScript's helpers add. */
const moduleBinding = (top: ReadonlySet<string>, name: string): boolean =>
  top.has(name) || name === "exports" || name === "module" || name === "require" || name.startsWith("_");

/** The property names the file's code writes, or null when it writes a module binding or what a frozen class would refuse. */
function propertyWrites(file: ts.SourceFile, top: ReadonlySet<string>): Set<string> | null {
  let ok = true;
  const writes = new Set<string>();
  const target = (written: ts.Expression, inStatic: boolean): void => {
    const t = bare(written);
    if (ts.isIdentifier(t)) {
      if (moduleBinding(top, t.text)) ok = false;
      return;
    }
    if (ts.isArrayLiteralExpression(t)) return t.elements.forEach((x) => target(x, inStatic));
    if (ts.isSpreadElement(t)) return target(t.expression, inStatic);
    if (ts.isObjectLiteralExpression(t)) {
      for (const p of t.properties) {
        if (ts.isPropertyAssignment(p)) target(p.initializer, inStatic);
        else if (ts.isShorthandPropertyAssignment(p)) target(p.name, inStatic);
        else if (ts.isSpreadAssignment(p)) target(p.expression, inStatic);
      }
      return;
    }
    if (ts.isBinaryExpression(t) && t.operatorToken.kind === ts.SyntaxKind.EqualsToken) return target(t.left, inStatic);
    if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
      if (ts.isPropertyAccessExpression(t)) writes.add(t.name.text);
      const object = bare(t.expression);
      if (object.kind === ts.SyntaxKind.ThisKeyword && (inStatic || ts.isElementAccessExpression(t))) ok = false;
      let root = object;
      while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = bare(root.expression);
      if (ts.isIdentifier(root) && moduleBinding(top, root.text)) ok = false;
    }
  };
  const visit = (node: ts.Node, inStatic: boolean): void => {
    if (!ok) return;
    if (ts.isIdentifier(node) && REFUSED.has(node.text)) ok = false;
    if (ts.isBinaryExpression(node) && ASSIGNMENTS.has(node.operatorToken.kind)) target(node.left, inStatic);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isStep(node.operator)) {
      target(node.operand, inStatic);
    }
    if (ts.isDeleteExpression(node)) target(node.expression, inStatic);
    if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      target(node.initializer, inStatic);
    }
    const staticHere = ts.isClassElement(node) ? hasModifier(node, ts.SyntaxKind.StaticKeyword) : inStatic;
    // A function of its own (not an arrow) has its own `this`: only a static member's is the class.
    const inner = ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) ? false : staticHere;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(file, false);
  return ok ? writes : null;
}

const isStep = (op: ts.SyntaxKind): boolean =>
  op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken;
