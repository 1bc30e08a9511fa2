import * as path from "node:path";
import type { GradedChapter } from "../chapters/descriptor";
import type { KvClientClass, NodeClass } from "../contract";
import { registerContractAlias } from "../runtime/alias";
import { LocalHost } from "../sim/local-host";

/**
 * A chapter's node class (and client class, from chapter 6) loaded from `implRoot` into this
 * process: trusted code only (the reference, for the site, the benchmarks and the self-tests).
 */
export function trustedClasses(
  implRoot: string,
  info: GradedChapter,
): { nodeClass: NodeClass; clientClass?: KvClientClass } {
  registerContractAlias();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the implementation is loaded by path
  const mod = require(path.resolve(implRoot, info.file)) as Record<string, NodeClass & KvClientClass>;
  const clientClass = info.clientClassName === undefined ? undefined : mod[info.clientClassName];
  return { nodeClass: mod[info.className], ...(clientClass ? { clientClass } : {}) };
}

/** The chapter's trusted classes, run in this process. */
export function trustedHost(implRoot: string, info: GradedChapter): LocalHost {
  const { nodeClass, clientClass } = trustedClasses(implRoot, info);
  return new LocalHost(nodeClass, clientClass);
}
