import * as ts from "typescript";
import { SyntaxProblem } from "./transpile-cached";
import type { ModuleState } from "./module-state";
import { moduleState } from "./state-free";

/** A learner file as the host evaluates it: CommonJS JavaScript, its loops guarded, and its map back to the source. */
export interface Transpiled {
  readonly code: string;
  readonly map: string;
  /** What the module holds at module level (see state-free.ts); null when it may hold state, or for trusted code. */
  readonly state?: ModuleState | null;
}

/**
 * Inserts a call of `guard(label:line)` at the top of every loop body, so a loop that never
 * ends is reported with its line instead of running until the watchdog stops the run.
 */
function loopGuard(label: string, guard: string): ts.TransformerFactory<ts.SourceFile> {
  return (context) => {
    const f = context.factory;
    const visit = (node: ts.Node): ts.Node => {
      const visited = ts.visitEachChild(node, visit, context);
      if (!ts.isIterationStatement(visited, false)) return visited;
      const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
      const call = f.createExpressionStatement(
        f.createCallExpression(f.createIdentifier(guard), undefined, [f.createStringLiteral(`${label}:${line + 1}`)]),
      );
      const body = visited.statement;
      const block = f.createBlock([call, ...(ts.isBlock(body) ? body.statements : [body])], true);
      if (ts.isForStatement(visited))
        return f.updateForStatement(visited, visited.initializer, visited.condition, visited.incrementor, block);
      if (ts.isForOfStatement(visited))
        return f.updateForOfStatement(visited, visited.awaitModifier, visited.initializer, visited.expression, block);
      if (ts.isForInStatement(visited))
        return f.updateForInStatement(visited, visited.initializer, visited.expression, block);
      if (ts.isWhileStatement(visited)) return f.updateWhileStatement(visited, visited.expression, block);
      if (ts.isDoStatement(visited)) return f.updateDoStatement(visited, block, visited.expression);
      return visited;
    };
    return (sourceFile) => ts.visitNode(sourceFile, visit) as ts.SourceFile;
  };
}

/** Transpiles one TypeScript file; `guard` names the loop guard, or null for trusted code. */
export function transpile(source: string, fileName: string, label: string, guard: string | null): Transpiled {
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: true,
    },
    transformers: guard === null ? undefined : { before: [loopGuard(label, guard)] },
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = errors
      .map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
        return `${label}${where ? `:${where.line + 1}:${where.character + 1}` : ""} — ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      })
      .join("\n");
    throw new SyntaxProblem(text);
  }
  const code = out.outputText.replace(/\/\/# sourceMappingURL=.*$/m, "");
  if (guard === null) return { code, map: out.sourceMapText ?? "" };
  const state = moduleState(source, fileName);
  // A state-free module freezes its own top-level values once evaluated, when the host shares one evaluation.
  const seal = state && state.locals.length > 0 ? `\n${guard}.seal([${state.locals.join(", ")}]);\n` : "";
  return { code: code + seal, map: out.sourceMapText ?? "", state };
}
