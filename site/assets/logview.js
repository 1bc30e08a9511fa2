/*
 * Draws Raft logs as a table: one row per node, one cell per entry, coloured and labelled by
 * term, committed entries marked. The site builder uses it for the static figures and the
 * player uses it in the browser, so a figure and a player frame always look alike.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RaftLogView = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var TERM_COLOURS = 8;

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function isCommitted(index, commitIndex) {
    return commitIndex !== null && commitIndex !== undefined && index <= commitIndex;
  }

  /**
   * Chapter 6's writes are JSON ({ op, key, value, client, seq }): shown as "put k=v1" with
   * the client and sequence number after it, the whole command in the cell's title.
   */
  function kvText(command) {
    if (command.charAt(0) !== "{") return null;
    var c;
    try {
      c = JSON.parse(command);
    } catch {
      return null;
    }
    if (!c || (c.op !== "put" && c.op !== "append") || typeof c.key !== "string" || typeof c.value !== "string")
      return null;
    return c.op + " " + c.key + (c.op === "put" ? "=" : "+=") + c.value + " (" + c.client + "#" + c.seq + ")";
  }

  /** A no-op's command is "": an empty cell would read as a missing command. */
  function commandText(command) {
    if (command === "") return '<span class="cmd noop">no-op</span>';
    var kv = kvText(command);
    if (kv !== null) return '<span class="cmd kv" title="' + escapeHtml(command) + '">' + escapeHtml(kv) + "</span>";
    return '<span class="cmd">' + escapeHtml(command) + "</span>";
  }

  /** `before` is the node's commitIndex one step earlier: entries above it are the ones this step committed. */
  function entryCell(entry, index, commitIndex, before) {
    var term = entry[0];
    var committed = isCommitted(index, commitIndex);
    var fresh = committed && typeof before === "number" && index > before;
    var classes =
      "entry term-c" +
      (((term % TERM_COLOURS) + TERM_COLOURS) % TERM_COLOURS) +
      (committed ? " committed" : "") +
      (fresh ? " fresh" : "");
    var mark = fresh ? " (committed just now)" : " (committed)";
    return (
      '<td class="' +
      classes +
      '">' +
      commandText(entry[1]) +
      '<span class="term">t' +
      escapeHtml(term) +
      "</span>" +
      (committed ? '<span class="visually-hidden">' + mark + "</span>" : "") +
      "</td>"
    );
  }

  /** Whether any row has an entry at or below its commitIndex, so a legend need not promise marks nobody sees. */
  function hasCommitted(nodes) {
    return nodes.some(function (n) {
      return n.entries.length > 0 && isCommitted(1, n.commitIndex);
    });
  }

  function rowHeader(n) {
    var label = n.label ? '<span class="node-label">' + escapeHtml(n.label) + "</span>" : "";
    return '<th scope="row">' + escapeHtml(n.id) + label + "</th>";
  }

  /**
   * spec: { caption, columns?: [header], nodes: [{ id, entries: [[term, command]] from index 1,
   * commitIndex: number | null, commitIndexBefore?: number, label?: string,
   * values?: [cell text per column], current?: boolean, down?: boolean }] }
   */
  function renderLogTable(spec) {
    var columns = spec.columns || [];
    var width = 1;
    spec.nodes.forEach(function (n) {
      width = Math.max(width, n.entries.length);
    });
    var head = '<th scope="col">Node</th>';
    columns.forEach(function (c) {
      head += '<th scope="col">' + escapeHtml(c) + "</th>";
    });
    for (var i = 1; i <= width; i++) head += '<th scope="col" class="idx">' + i + "</th>";
    var rows = spec.nodes.map(function (n) {
      var cls = (n.current ? " current" : "") + (n.down ? " down" : "");
      var row =
        '<tr data-node="' + escapeHtml(n.id) + '"' + (cls ? ' class="' + cls.trim() + '"' : "") + ">" + rowHeader(n);
      (n.values || []).forEach(function (v) {
        row += "<td>" + escapeHtml(v) + "</td>";
      });
      for (var k = 0; k < width; k++) {
        row +=
          k < n.entries.length
            ? entryCell(n.entries[k], k + 1, n.commitIndex, n.commitIndexBefore)
            : '<td class="empty"></td>';
      }
      return row + "</tr>";
    });
    return (
      '<div class="logs-scroll" tabindex="0" role="group" aria-label="' +
      escapeHtml(spec.caption) +
      '">' +
      '<table class="logs"><caption>' +
      escapeHtml(spec.caption) +
      "</caption><thead><tr>" +
      head +
      "</tr></thead><tbody>" +
      rows.join("") +
      "</tbody></table></div>"
    );
  }

  return { renderLogTable: renderLogTable, hasCommitted: hasCommitted, escapeHtml: escapeHtml };
});
