import * as path from "node:path";
import * as ts from "typescript";

const CONTRACT = path.resolve(__dirname, "../contract/index.ts");

/**
 * Type-checks the learner's chapter files as the workbook's tsconfig would (strict), and
 * returns the errors found in each of them, as "file:line:col — message" with the file shown
 * the way the user named the implementation.
 */
export function typeCheck(implRoot: string, implArg: string, files: readonly string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true,
    noImplicitOverride: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ["lib.es2022.d.ts"],
    types: ["node"],
    typeRoots: [path.resolve(__dirname, "../../node_modules/@types")],
    baseUrl: path.resolve(__dirname, "../.."),
    paths: { "@raft/contract": [CONTRACT] },
  };
  const roots = files.map((f) => path.join(implRoot, f)).filter((f) => ts.sys.fileExists(f));
  const program = ts.createProgram(roots, options);
  const byFile = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (d.category !== ts.DiagnosticCategory.Error || !d.file) continue;
    const file = path.resolve(d.file.fileName);
    if (!file.startsWith(implRoot + path.sep)) continue;
    const rel = path.relative(implRoot, file);
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    const text = `${path.join(implArg, rel)}:${line + 1}:${character + 1} — ${ts.flattenDiagnosticMessageText(d.messageText, "\n  ")}`;
    byFile.set(rel, [...(byFile.get(rel) ?? []), text]);
  }
  return byFile;
}
