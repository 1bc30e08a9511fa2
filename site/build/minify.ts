import { minifySync } from "@swc/core";

/*
 * The browser's scripts and style sheet ship minified: a chapter page loads all of them, and
 * their comments and indentation were most of its weight. No source maps: a map would only be
 * fetched by developer tools, and the readable sources are in site/assets/ beside the build.
 */

/** A plain script (not a module): top-level names stay, since the scripts share globals such as RAFT_TRACES. */
function minifyScript(code: string, file: string): string {
  try {
    return minifySync(code, { compress: true, mangle: true, module: false, sourceMap: false }).code;
  } catch (err) {
    throw new Error(`minifying ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/*
 * CSS needs no parser to lose its comments and spacing safely: outside strings, whitespace
 * runs become one space, and a space next to { } ; , or before ! carries no meaning, nor one
 * after the colon of a declaration (a property name right after { or ;). Other spaces around
 * : + > ~ stay, since `.a :focus` and calc(1px + 2px) need theirs.
 */
const CSS_STRING = /"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/.source;
// Comments first, in one scan with the strings: a comment may hold a quote, and a string "/*".
const CSS_SPACE = new RegExp(`(${CSS_STRING})|/\\*[\\s\\S]*?\\*/|\\s+`, "g");
const CSS_STRINGS = new RegExp(`(${CSS_STRING})`);

function minifyStyle(css: string): string {
  return css
    .replace(CSS_SPACE, (_, string: string | undefined) => string ?? " ")
    .split(CSS_STRINGS)
    .map((part, k) =>
      k % 2
        ? part
        : part
            .replace(/ ?([{};,]) ?/g, "$1")
            .replace(/([{;][-\w]+): /g, "$1:")
            .replace(/ !/g, "!")
            .replace(/;}/g, "}"),
    )
    .join("")
    .trim();
}

/** The file as the site ships it: scripts and style sheets minified, anything else as it is. */
export function minifyAsset(file: string, content: Buffer): Buffer | string {
  if (file.endsWith(".js")) return minifyScript(content.toString("utf8"), file);
  if (file.endsWith(".css")) return minifyStyle(content.toString("utf8"));
  return content;
}
