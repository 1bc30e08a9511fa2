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

  function entryCell(entry, index, commitIndex) {
    var term = entry[0];
    var committed = commitIndex !== null && commitIndex !== undefined && index <= commitIndex;
    var classes =
      "entry term-c" + (((term % TERM_COLOURS) + TERM_COLOURS) % TERM_COLOURS) + (committed ? " committed" : "");
    return (
      '<td class="' +
      classes +
      '"><span class="cmd">' +
      escapeHtml(entry[1]) +
      '</span><span class="term">t' +
      escapeHtml(term) +
      "</span>" +
      (committed ? '<span class="visually-hidden"> (committed)</span>' : "") +
      "</td>"
    );
  }

  /**
   * spec: { caption, columns?: [header], nodes: [{ id, entries: [[term, command]] from index 1,
   * commitIndex: number | null, values?: [cell text per column], current?: boolean, down?: boolean }] }
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
        '<tr data-node="' +
        escapeHtml(n.id) +
        '"' +
        (cls ? ' class="' + cls.trim() + '"' : "") +
        '><th scope="row">' +
        escapeHtml(n.id) +
        "</th>";
      (n.values || []).forEach(function (v) {
        row += "<td>" + escapeHtml(v) + "</td>";
      });
      for (var k = 0; k < width; k++) {
        row += k < n.entries.length ? entryCell(n.entries[k], k + 1, n.commitIndex) : '<td class="empty"></td>';
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

  return { renderLogTable: renderLogTable, escapeHtml: escapeHtml };
});
