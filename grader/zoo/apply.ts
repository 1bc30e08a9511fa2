import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Mutant } from "./mutant";

/** An edit of an implementation: a mutant, a correct variant, a hostile submission. */
export type Edit = Pick<Mutant, "id" | "file" | "find" | "replace" | "more">;

/** Copies an implementation (the reference, the stubs) into a fresh folder and applies one edit to it. */
export function materialize(referenceRoot: string, mutant: Edit): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `raft-zoo-${mutant.id}-`));
  fs.cpSync(referenceRoot, dir, { recursive: true });
  const file = path.join(dir, mutant.file);
  let text = fs.readFileSync(file, "utf8");
  for (const { find, replace } of [mutant, ...(mutant.more ?? [])]) {
    const at = text.indexOf(find);
    if (at < 0)
      throw new Error(`mutant ${mutant.id}: its edit no longer applies; ${mutant.file} has no ${JSON.stringify(find)}`);
    text = text.slice(0, at) + replace + text.slice(at + find.length);
  }
  fs.writeFileSync(file, text);
  return dir;
}
