/** The one use the grading core has for node:crypto in the lab: an unguessable name for the loop guard. */
export function randomBytes(n: number): { toString(encoding: "hex"): string } {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return { toString: () => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") };
}
