/**
 * Opens a trace in the page's player the way a reader does, through its "Open trace" file
 * input, then moves its position slider to the event where the run failed.
 */
export async function openInPlayer(figure: HTMLElement, name: string, text: string): Promise<void> {
  const input = figure.querySelector<HTMLInputElement>(".player-file");
  const slider = figure.querySelector<HTMLInputElement>(".player-slider");
  if (!input || !slider) throw new Error("the page has no player");
  const trace = JSON.parse(text) as { events: unknown[]; failure?: { event?: number } | null };
  const files = new DataTransfer();
  files.items.add(new File([text], name, { type: "application/json" }));
  input.files = files.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
  const last = String(trace.events.length - 1);
  // The player reads the file asynchronously; it is loaded once its slider spans the run.
  for (let i = 0; i < 200 && slider.max !== last; i++) await new Promise((r) => setTimeout(r, 10));
  const at = trace.failure?.event ?? trace.events.length - 1;
  slider.value = String(at);
  slider.dispatchEvent(new Event("input", { bubbles: true }));
  figure.scrollIntoView({ block: "start" });
  figure.querySelector<HTMLElement>(".player-now")?.focus();
}
