import { EditorView } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

/**
 * The editor in the site's own colours: custom properties inherit into the editor's shadow root,
 * and their light-dark() pairs follow the page's scheme and theme toggle, so the editor needs no
 * dark variant of its own. The code colours are the ones the site's highlighted listings use.
 */
export const siteTheme = [
  EditorView.theme({
    "&": {
      color: "var(--fg)",
      backgroundColor: "var(--code-bg)",
      border: "1px solid var(--border)",
      borderRadius: "6px",
      height: "min(36rem, 70vh)",
      fontSize: "0.9rem",
    },
    "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "1px" },
    ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.5" },
    ".cm-content": { caretColor: "var(--fg)" },
    ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--fg)" },
    "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": {
      backgroundColor: "var(--current-bg)",
    },
    ".cm-activeLine": { backgroundColor: "transparent" },
    ".cm-gutters": { backgroundColor: "var(--panel)", color: "var(--muted)", borderRight: "1px solid var(--border)" },
    ".cm-activeLineGutter": { backgroundColor: "var(--current-bg)" },
    ".cm-panels": { backgroundColor: "var(--panel)", color: "var(--fg)" },
    ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--fg)", border: "1px solid var(--border)" },
    ".cm-searchMatch": { backgroundColor: "var(--mark)" },
  }),
  syntaxHighlighting(
    HighlightStyle.define([
      { tag: [t.keyword, t.modifier, t.operatorKeyword, t.controlKeyword], color: "var(--hl-keyword)" },
      { tag: [t.string, t.regexp], color: "var(--hl-string)" },
      { tag: [t.comment, t.lineComment, t.blockComment], color: "var(--hl-comment)", fontStyle: "italic" },
      { tag: [t.number, t.bool, t.null, t.atom], color: "var(--hl-number)" },
      {
        tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.variableName)],
        color: "var(--hl-title)",
      },
      { tag: [t.typeName, t.className, t.namespace], color: "var(--hl-type)" },
    ]),
  ),
];
