import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

/** An exercises/ folder as a zip, for `npm run grade -- --impl <the unzipped exercises folder>`. */
export function zipExercises(files: Readonly<Record<string, string>>): Blob {
  const entries = Object.fromEntries(Object.entries(files).map(([name, text]) => [`exercises/${name}`, strToU8(text)]));
  return new Blob([zipSync(entries)], { type: "application/zip" });
}

/** The chapter files among what the reader uploaded (a zip of a folder, or .ts files), by file name. */
export async function readUpload(uploaded: readonly File[], known: readonly string[]): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  const take = (name: string, text: string) => {
    const base = name.split("/").pop() ?? name;
    if (known.includes(base)) found[base] = text;
  };
  for (const file of uploaded) {
    if (file.name.endsWith(".zip")) {
      const entries = unzipSync(new Uint8Array(await file.arrayBuffer()));
      for (const [name, bytes] of Object.entries(entries)) take(name, strFromU8(bytes));
    } else take(file.name, await file.text());
  }
  return found;
}
