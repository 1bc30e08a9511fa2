/** A problem in the book's sources: printed as is, without a stack, and the build fails. */
export class BuildError extends Error {
  override readonly name = "BuildError";
}
