/** The reader's files, kept in this browser's localStorage under one key per file. */
const PREFIX = "raft-workbook.lab.v1:";

export function savedFile(file: string): string | null {
  try {
    return localStorage.getItem(PREFIX + file);
  } catch {
    return null;
  }
}

export function saveFile(file: string, source: string): void {
  try {
    localStorage.setItem(PREFIX + file, source);
  } catch {
    // Storage full or refused (a private window): the editor keeps the text for this visit.
  }
}

export function forgetFile(file: string): void {
  localStorage.removeItem(PREFIX + file);
}
