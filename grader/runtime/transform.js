// The grader's jest transform. The grader's own TypeScript goes through swc (fast); every other
// file — the implementation being graded — goes through TypeScript with a loop guard inserted at
// the top of each loop body, so a loop that never ends is reported with its line instead of
// hanging the grader. Plain JS so jest can load it without transforming it first.
const path = require("node:path");
const crypto = require("node:crypto");
const ts = require("typescript");
const { createTransformer } = require("@swc/jest");

const GRADER_DIR = path.resolve(__dirname, "..") + path.sep;
const VERSION = "loop-guard-1";
const swc = createTransformer({
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
});

function isGraderFile(filename) {
  return filename.startsWith(GRADER_DIR) || filename.includes(`${path.sep}node_modules${path.sep}`);
}

function loopGuard(label) {
  return (context) => {
    const f = context.factory;
    const visit = (node) => {
      const visited = ts.visitEachChild(node, visit, context);
      if (!ts.isIterationStatement(visited, false)) return visited;
      const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
      const guard = f.createExpressionStatement(
        f.createCallExpression(f.createIdentifier("__raftLoopGuard"), undefined, [
          f.createStringLiteral(`${label}:${line + 1}`),
        ]),
      );
      const body = visited.statement;
      const block = f.createBlock([guard, ...(ts.isBlock(body) ? body.statements : [body])], true);
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
    return (sourceFile) => ts.visitNode(sourceFile, visit);
  };
}

/** How the learner knows the file: relative to the implementation root as they named it. */
function labelOf(filename) {
  const root = process.env.RAFT_IMPL && path.resolve(process.env.RAFT_IMPL);
  if (root && filename.startsWith(root + path.sep))
    return path.join(process.env.RAFT_IMPL_ARG || root, path.relative(root, filename));
  const relative = path.relative(process.cwd(), filename);
  return relative.startsWith("..") ? filename : relative;
}

function guardedTranspile(source, filename) {
  const label = labelOf(filename);
  const out = ts.transpileModule(source, {
    fileName: filename,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      sourceMap: true,
      inlineSources: true,
    },
    transformers: { before: [loopGuard(label)] },
  });
  const errors = (out.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = errors
      .map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
        return `${label}${where ? `:${where.line + 1}:${where.character + 1}` : ""} — ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      })
      .join("\n");
    // Thrown as the module's body, so the test that requires the file fails with the compiler's words.
    return { code: `throw new SyntaxError(${JSON.stringify(`syntax error:\n${text}`)});` };
  }
  const map = JSON.parse(out.sourceMapText);
  return { code: out.outputText.replace(/\/\/# sourceMappingURL=.*$/m, ""), map };
}

module.exports = {
  process(source, filename, options) {
    return isGraderFile(filename) ? swc.process(source, filename, options) : guardedTranspile(source, filename);
  },
  getCacheKey(source, filename, options) {
    const base = isGraderFile(filename)
      ? swc.getCacheKey(source, filename, options)
      : `${labelOf(filename)}\n${source}`;
    return crypto.createHash("sha1").update(VERSION).update(filename).update(base).digest("hex");
  },
};
