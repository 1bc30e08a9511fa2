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

  /** Labels under a cell (the player's nextIndex and matchIndex marks); a line kept even when empty, so rows keep their height. */
  function marksOf(labels, reserve) {
    if (!reserve) return "";
    return '<span class="marks">' + escapeHtml((labels || []).join(" ")) + "</span>";
  }

  /**
   * `before` is the node's commitIndex one step earlier: entries above it are the ones this
   * step committed. `changed` marks an entry the step wrote.
   */
  function entryCell(entry, index, n, marks) {
    var term = entry[0];
    var committed = isCommitted(index, n.commitIndex);
    var fresh = committed && typeof n.commitIndexBefore === "number" && index > n.commitIndexBefore;
    var changed = typeof n.changedFrom === "number" && index >= n.changedFrom;
    var classes =
      "entry term-c" +
      (((term % TERM_COLOURS) + TERM_COLOURS) % TERM_COLOURS) +
      (committed ? " committed" : "") +
      (fresh ? " fresh" : "") +
      (changed ? " changed" : "");
    var mark =
      (changed ? " (written just now)" : "") + (fresh ? " (committed just now)" : committed ? " (committed)" : "");
    return (
      '<td class="' +
      classes +
      '">' +
      commandText(entry[1]) +
      '<span class="term">t' +
      escapeHtml(term) +
      "</span>" +
      (mark ? '<span class="visually-hidden">' + mark + "</span>" : "") +
      marksOf(n.marks && n.marks[index], marks) +
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
    var summary = (n.summary || [])
      .map(function (line) {
        return '<span class="node-summary">' + escapeHtml(line) + "</span>";
      })
      .join("");
    return '<th scope="row">' + escapeHtml(n.id) + label + summary + "</th>";
  }

  /** How many index columns the table needs: the longest log, or a mark past its end. */
  function widthOf(nodes) {
    var width = 1;
    nodes.forEach(function (n) {
      width = Math.max(width, n.entries.length);
      Object.keys(n.marks || {}).forEach(function (k) {
        width = Math.max(width, Number(k));
      });
    });
    return width;
  }

  function row(n, columns, width, marks) {
    var cls = (n.current ? " current" : "") + (n.sender ? " sender" : "") + (n.down ? " down" : "");
    var out =
      '<tr data-node="' + escapeHtml(n.id) + '"' + (cls ? ' class="' + cls.trim() + '"' : "") + ">" + rowHeader(n);
    (n.values || []).forEach(function (v, k) {
      out +=
        "<td" +
        (n.changedValues && n.changedValues[k] ? ' class="value changed"' : ' class="value"') +
        ">" +
        escapeHtml(v) +
        "</td>";
    });
    for (var k = 0; k < width; k++) {
      out +=
        k < n.entries.length
          ? entryCell(n.entries[k], k + 1, n, marks)
          : '<td class="empty">' + marksOf(n.marks && n.marks[k + 1], marks) + "</td>";
    }
    return out + "</tr>";
  }

  /** One body per group of nodes that can reach each other (a partition), headed by what the group is; one body without heading otherwise. */
  function bodies(spec, columns, width) {
    var byId = {};
    spec.nodes.forEach(function (n) {
      byId[n.id] = n;
    });
    var groups = spec.groups || [
      {
        label: null,
        ids: spec.nodes.map(function (n) {
          return n.id;
        }),
      },
    ];
    return groups
      .map(function (g) {
        var head = g.label
          ? '<tr class="group"><th scope="rowgroup" colspan="' +
            (1 + columns.length + width) +
            '">' +
            escapeHtml(g.label) +
            "</th></tr>"
          : "";
        var rows = g.ids.map(function (id) {
          return row(byId[id], columns, width, spec.marks);
        });
        return "<tbody" + (g.label ? ' class="grouped"' : "") + ">" + head + rows.join("") + "</tbody>";
      })
      .join("");
  }

  /**
   * spec: { caption, columns?: [header], marks?: boolean, groups?: [{ label, ids }],
   * nodes: [{ id, entries: [[term, command]] from index 1, commitIndex: number | null,
   * commitIndexBefore?: number, changedFrom?: number, label?: string, summary?: [line],
   * values?: [cell text per column], changedValues?: [boolean], marks?: { index: [label] },
   * current?: boolean, sender?: boolean, down?: boolean }] } — the types are in logview.d.ts.
   */
  function renderLogTable(spec) {
    var columns = spec.columns || [];
    var width = widthOf(spec.nodes);
    var head = '<th scope="col">Node</th>';
    columns.forEach(function (c) {
      head += '<th scope="col" class="value">' + escapeHtml(c) + "</th>";
    });
    for (var i = 1; i <= width; i++) head += '<th scope="col" class="idx">' + i + "</th>";
    return (
      '<div class="logs-scroll" tabindex="0" role="group" aria-label="' +
      escapeHtml(spec.caption) +
      '">' +
      '<table class="logs"><caption>' +
      escapeHtml(spec.caption) +
      "</caption><thead><tr>" +
      head +
      "</tr></thead>" +
      bodies(spec, columns, width) +
      "</table></div>"
    );
  }

  return { renderLogTable: renderLogTable, hasCommitted: hasCommitted, escapeHtml: escapeHtml };
});
