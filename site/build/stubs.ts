/** One TODO of a stub file, as its doc comment states it. */
export interface StubTodo {
  readonly id: string;
  /** The method the TODO's comment sits on, when there is one. */
  readonly method: string | null;
  readonly text: string;
}

const DOC_COMMENT = /\/\*\*([\s\S]*?)\*\/\s*\n([^\n]*)/g;
const TODO = /^TODO\s+(\d+(?:\.\d+)*)\s*[—–:-]\s*([\s\S]*)$/;

/** The TODOs a stub file's doc comments list, in file order ("TODO 2.1 — …" above a method). */
export function stubTodos(source: string): StubTodo[] {
  const todos: StubTodo[] = [];
  for (const m of source.matchAll(DOC_COMMENT)) {
    const text = m[1]
      .split("\n")
      .map((l) => l.replace(/^\s*\*\s?/, "").trim())
      .join(" ")
      .trim();
    const todo = TODO.exec(text);
    if (!todo) continue;
    const method = /(\w+)\s*(?:<[^>]*>)?\s*\(/.exec(m[2])?.[1] ?? null;
    todos.push({ id: todo[1], method, text: todo[2].trim() });
  }
  return todos;
}
