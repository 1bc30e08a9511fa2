import * as ts from "typescript";

const TODO_MARK = /^\/\*\*\s*(?:\*\s*)?TODO (\d+\.\d+)\b/;

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Makes a chapter's stub from its reference file: every method whose doc comment starts with
 * "TODO n.m" keeps its signature and doc, and its body becomes a call to `todo` naming the
 * TODO, the method and the file. So exercises/ and solutions/ hold the same files with the
 * same exports by construction.
 */
export function stubFromSolution(source: string, file: string): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const marked = todoMethods(sf);
  if (marked.length === 0) throw new Error(`${file}: no method is marked with a "TODO n.m" doc comment`);
  const edits = marked.flatMap(({ node, todo }) => stubMethod(node, todo.id, file, sf));
  edits.push(importTodo(sf));
  return applyEdits(source, edits);
}

/** One TODO of a chapter file, as its doc comment states it. */
export interface Todo {
  readonly id: string;
  readonly method: string;
  /** The doc comment's words after "TODO n.m —". */
  readonly text: string;
}

/** The TODOs of a chapter file (stub or reference), in file order. */
export function listTodos(source: string, file: string): Todo[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return todoMethods(sf).map(({ todo }) => todo);
}

function todoMethods(sf: ts.SourceFile): { node: ts.MethodDeclaration; todo: Todo }[] {
  const found: { node: ts.MethodDeclaration; todo: Todo }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isMethodDeclaration(node) && node.body) {
      const todo = todoOf(sf, node);
      if (todo) found.push({ node, todo });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function todoOf(sf: ts.SourceFile, node: ts.MethodDeclaration): Todo | null {
  const source = sf.text;
  const comments = ts.getLeadingCommentRanges(source, node.getFullStart()) ?? [];
  const last = comments[comments.length - 1];
  if (!last) return null;
  const comment = source.slice(last.pos, last.end);
  const id = TODO_MARK.exec(comment)?.[1];
  if (!id) return null;
  const words = comment
    .replace(/^\/\*\*|\*\/$/g, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\*\s?/, "").trim())
    .join(" ")
    .trim()
    .replace(/^TODO\s+\d+\.\d+\s*[—–:-]?\s*/, "");
  return { id, method: node.name.getText(sf), text: words };
}

function stubMethod(node: ts.MethodDeclaration, todo: string, file: string, sf: ts.SourceFile): Edit[] {
  const name = node.name.getText(sf);
  const returnsValue = node.type !== undefined && node.type.kind !== ts.SyntaxKind.VoidKeyword;
  const call = `todo("TODO ${todo} (${name} in exercises/${file})");`;
  const body = node.body;
  if (!body) throw new Error(`${file}: the TODO ${todo} method ${name} has no body`);
  const indent = " ".repeat(sf.getLineAndCharacterOfPosition(node.getStart(sf)).character);
  const edits: Edit[] = [
    {
      start: body.getStart(sf),
      end: body.getEnd(),
      text: `{\n${indent}  ${returnsValue ? "return " : ""}${call}\n${indent}}`,
    },
  ];
  // Unused-parameter underscores make sense in the reference, not in a signature to fill in.
  for (const p of node.parameters) {
    if (ts.isIdentifier(p.name) && p.name.text.startsWith("_")) {
      edits.push({ start: p.name.getStart(sf), end: p.name.getEnd(), text: p.name.text.slice(1) });
    }
  }
  return edits;
}

/** Adds `todo` to the import from "@raft/contract" (turning `import type {…}` into per-name `type`). */
function importTodo(sf: ts.SourceFile): Edit {
  const decl = sf.statements.find(
    (s): s is ts.ImportDeclaration =>
      ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === "@raft/contract",
  );
  const bindings = decl?.importClause?.namedBindings;
  if (!decl || !bindings || !ts.isNamedImports(bindings)) {
    return { start: 0, end: 0, text: 'import { todo } from "@raft/contract";\n' };
  }
  const typeOnly = decl.importClause?.isTypeOnly === true;
  const names = bindings.elements.map((e) => (typeOnly && !e.isTypeOnly ? `type ${e.getText(sf)}` : e.getText(sf)));
  const values = names.filter((n) => !n.startsWith("type "));
  const types = names.filter((n) => n.startsWith("type "));
  const all = [...values, "todo"].sort().concat(types);
  return { start: decl.getStart(sf), end: decl.getEnd(), text: `import { ${all.join(", ")} } from "@raft/contract";` };
}

function applyEdits(source: string, edits: readonly Edit[]): string {
  let out = source;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
