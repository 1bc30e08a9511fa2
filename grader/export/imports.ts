import * as fs from "node:fs";
import { isBuiltin } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";

export interface ImportClosure {
  /** Every file reached, relative to the root, sorted. */
  readonly files: readonly string[];
  /** The npm packages those files import, sorted. */
  readonly packages: readonly string[];
}

/** The name of the package a bare specifier imports from: "@swc/jest" for "@swc/jest/x", "jest" for "jest". */
function packageOf(specifier: string): string {
  return specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");
}

/**
 * The files reachable from `entries` (relative to `root`) by import, import type, require
 * and require.resolve with a literal, resolved the way the root's tsconfig.json resolves them
 * (so "@raft/contract" is a file), and the packages they import on the way. `textOf` gives
 * the text a file will have where it goes, whose imports are the ones that count. An import
 * that resolves to nothing fails here rather than in the copy that would miss it.
 */
export function importClosure(
  root: string,
  entries: readonly string[],
  textOf: (file: string) => string,
): ImportClosure {
  const options = compilerOptions(root);
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = entries.map((e) => path.resolve(root, e));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    if (files.has(rel)) continue;
    if (!fs.existsSync(file)) throw new Error(`${rel} is needed but does not exist`);
    files.add(rel);
    if (!/\.[cm]?[jt]s$/.test(file)) continue;
    for (const specifier of specifiers(textOf(rel))) {
      if (isBuiltin(specifier)) continue;
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (resolved && !resolved.isExternalLibraryImport) pending.push(path.resolve(resolved.resolvedFileName));
      else if (!specifier.startsWith(".") && !path.isAbsolute(specifier)) packages.add(packageOf(specifier));
      else throw new Error(`${rel} imports ${specifier}, which does not exist`);
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/** require.resolve("x") names a module that is loaded by path later, often in another process. */
const REQUIRE_RESOLVE = /\brequire\.resolve\(\s*(["'])([^"']+)\1\s*\)/g;

function specifiers(text: string): string[] {
  const imported = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  return [...imported, ...[...text.matchAll(REQUIRE_RESOLVE)].map((m) => m[2])];
}

function compilerOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, "tsconfig.json");
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  // allowJs: the grader's plain-JS files (jest's config and transform, the child process) require TypeScript modules.
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, root).options, allowJs: true };
}
