import * as ts from "typescript";

/** A chapter's bug zoo: edits of the reference, so its text would hand out pieces of the solution. */
const ZOO = /^grader\/chapters\/[^/]+\/zoo\.ts$/;

export function isWithheld(file: string): boolean {
  return ZOO.test(file);
}

/**
 * The zoo module as a starter repository ships it: the grader reaches it through the chapter
 * descriptors, so it stays, with its type imports and every exported list emptied.
 */
export function withoutMutants(source: string, file: string): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const kept = sf.statements.flatMap((s): string[] => {
    if (ts.isImportDeclaration(s)) return s.importClause?.isTypeOnly ? [s.getText(sf)] : [];
    const exported = ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) return [];
    if (!ts.isVariableStatement(s)) throw new Error(`${file}: only exported lists can be withheld from a starter`);
    return s.declarationList.declarations.map((d) => {
      if (!d.initializer || !ts.isArrayLiteralExpression(d.initializer))
        throw new Error(`${file}: ${d.name.getText(sf)} is not a list, so it cannot be shipped empty`);
      const type = d.type ? `: ${d.type.getText(sf)}` : "";
      return `export const ${d.name.getText(sf)}${type} = [];`;
    });
  });
  return `// The bug zoo stays with the workbook; a starter repository grades without it.\n${kept.join("\n")}\n`;
}
