import Module from "node:module";
import * as path from "node:path";

const CONTRACT = path.resolve(__dirname, "../contract/index.ts");

type Resolve = (request: string, ...rest: unknown[]) => string;
const mod = Module as unknown as { _resolveFilename: Resolve };

/**
 * Lets code outside jest (the site builder, scripts) load an implementation's files, which
 * import the node contract as "@raft/contract". Call once, under a TypeScript-aware loader.
 */
export function registerContractAlias(): void {
  const original = mod._resolveFilename;
  if ((original as { raftAlias?: boolean }).raftAlias) return;
  const patched: Resolve = (request, ...rest) =>
    original.call(mod, request === "@raft/contract" ? CONTRACT : request, ...rest);
  (patched as { raftAlias?: boolean }).raftAlias = true;
  mod._resolveFilename = patched;
}
