import { basicSetup, EditorView } from "codemirror";
import { EditorState } from "@codemirror/state";
import { javascript } from "@codemirror/lang-javascript";
import { siteTheme } from "./editor-theme";

/**
 * One editor, one document per file: switching files swaps the state, so each keeps its own
 * undo history and selection. Tab is left to the page (move focus), as CodeMirror advises.
 */
export class FileEditor {
  private readonly view: EditorView;
  private readonly states = new Map<string, EditorState>();
  private current = "";

  constructor(
    parent: HTMLElement,
    private readonly onChange: (file: string, text: string) => void,
  ) {
    // In a shadow root, CodeMirror writes its generated styles into a constructed stylesheet
    // (through the CSSOM, from this script) instead of a <style> element it adds to the page, which
    // the site's policy (style-src 'self') refuses. So the lab keeps the site's CSP unchanged; a
    // nonce (EditorView.cspNonce) would need a server minting one per response, which a static
    // site cannot do, and its class names are generated at run time, so no stylesheet file could
    // carry them.
    const root = parent.attachShadow({ mode: "open" });
    // Outside its shadow root a key typed in the editor seems to come from the editor's box, not
    // from a text field, so the site's page keys (/ and s to search, ←/→ to turn the page) would
    // take it: the keys typed here are the editor's alone.
    parent.addEventListener("keydown", (e) => e.stopPropagation());
    this.view = new EditorView({ parent: root, root });
  }

  private stateFor(file: string, text: string): EditorState {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        javascript({ typescript: true }),
        siteTheme,
        // The stubs' TODOs are long comments: wrapped, they read without scrolling sideways.
        EditorView.lineWrapping,
        // A contenteditable is in the tab order already; saying so lets checkers (axe) see the scroller's focusable content.
        EditorView.contentAttributes.of({ "aria-label": `${file}, TypeScript`, tabindex: "0" }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) this.onChange(file, u.state.doc.toString());
        }),
      ],
    });
  }

  show(file: string, text: string): void {
    if (this.current) this.states.set(this.current, this.view.state);
    this.current = file;
    this.view.setState(this.states.get(file) ?? this.stateFor(file, text));
  }

  /** Replaces a file's text (a reset, an upload): the file's history starts again. */
  replace(file: string, text: string): void {
    const state = this.stateFor(file, text);
    this.states.set(file, state);
    if (file === this.current) this.view.setState(state);
  }

  text(file: string): string | undefined {
    return file === this.current ? this.view.state.doc.toString() : this.states.get(file)?.doc.toString();
  }
}
