/*
 * The clients' history of a run (chapter 6 on) as a timeline under the player: one lane per
 * client, each operation a bar from its call to its answer, the operations the
 * linearizability checker names highlighted, and a cursor at the time of the player's event.
 * A trace file is untrusted input: everything from it is set as text, never parsed as markup.
 */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  /** Labels are monospace, so their width can be known before they are drawn. */
  var CHAR_PX = 7.3;
  var GUTTER = 44;
  var RIGHT = 16;
  var ROW = 16;
  var BAR = 12;
  var LANE_GAP = 12;
  var AXIS = 34;
  var TARGET_WIDTH = 640;
  var MIN_TICK_PX = 2;
  var MAX_TICK_PX = 24;

  function el(name, attrs, parent, ns) {
    var node = ns ? document.createElementNS(ns, name) : document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, String(attrs[k]));
    });
    if (parent) parent.appendChild(node);
    return node;
  }

  function svg(name, attrs, parent) {
    return el(name, attrs, parent, SVG);
  }

  function textOf(node, text) {
    node.textContent = text;
    return node;
  }

  function isOpen(h) {
    return typeof h.ret !== "number";
  }

  /** `put k=v1`, `append k+x`, `get k → v2`: what the operation did, as short as a bar's label can be. */
  function operation(h) {
    var o = h.op;
    if (o.op === "put") return "put " + o.key + "=" + o.value;
    if (o.op === "append") return "append " + o.key + "+" + o.value;
    if (isOpen(h)) return "get " + o.key;
    return "get " + o.key + " → " + (h.value === "" ? '""' : h.value);
  }

  function label(h, marked) {
    return (marked ? "⚠ " : "") + operation(h) + (isOpen(h) ? " (no answer)" : "");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function verdictText(lin) {
    if (lin.verdict === "linearizable") return { head: "Linearizable", rest: "" };
    if (lin.verdict === "not-linearizable") return { head: "Not linearizable", rest: lin.explanation || "" };
    return { head: "Unknown", rest: lin.explanation || "the checker reached no verdict" };
  }

  /** A step of 1, 2 or 5 times a power of ten whose marks stand at least 48 px apart. */
  function tickStep(px) {
    for (var base = 1; ; base *= 10) {
      var steps = [base, 2 * base, 5 * base];
      for (var k = 0; k < steps.length; k++) if (steps[k] * px >= 48) return steps[k];
    }
  }

  /**
   * Where each operation's label goes: from its call, or ending at the chart's right edge if
   * it would run past it, on the first row above its lane's bars that is free from there on,
   * so short operations close together never write over each other.
   */
  function layout(history, marked, x, right) {
    var lanes = [];
    var byClient = Object.create(null);
    history.forEach(function (h, i) {
      var lane = byClient[h.client];
      if (!lane) {
        lane = byClient[h.client] = { client: h.client, ops: [], rows: [] };
        lanes.push(lane);
      }
      var width = label(h, marked[i]).length * CHAR_PX;
      var from = Math.max(GUTTER, Math.min(x(h.call), right - width));
      var row = 0;
      while (row < lane.rows.length && lane.rows[row] > from) row++;
      lane.rows[row] = from + width + 10;
      lane.ops.push({ h: h, i: i, row: row, labelX: from, labelEnd: from + width });
    });
    return lanes;
  }

  function Timeline(trace) {
    var history = trace.history;
    var lin = trace.linearizability || null;
    var marked = history.map(function () {
      return false;
    });
    (lin ? lin.marked : []).forEach(function (i) {
      marked[i] = true;
    });
    var end = trace.events[trace.events.length - 1].t;
    // Operations completed before the run (a scenario's starting logs hold them) have times below 0.
    var start = 0;
    history.forEach(function (h) {
      end = Math.max(end, h.call + 1, isOpen(h) ? 0 : h.ret);
      start = Math.min(start, h.call);
    });
    var px = Math.max(MIN_TICK_PX, Math.min(MAX_TICK_PX, (TARGET_WIDTH - GUTTER - RIGHT) / (end - start)));
    this.x = function (t) {
      return GUTTER + (t - start) * px;
    };
    this.start = start;
    this.end = end;
    this.history = history;
    this.marked = marked;
    this.lanes = layout(history, marked, this.x, this.x(end) + RIGHT);

    this.element = el("div", { class: "player-timeline" });
    el("p", { class: "player-subtitle" }, this.element).textContent = "Clients' operations";
    if (lin) this.renderVerdict(lin);
    this.scroller = el(
      "div",
      { class: "timeline-scroll", tabindex: "0", role: "group", "aria-label": "Timeline of the clients' operations" },
      this.element,
    );
    this.renderChart(lin, px);
    this.renderLegend();
    this.renderTable();
  }

  Timeline.prototype.renderVerdict = function (lin) {
    var v = verdictText(lin);
    var p = el("p", { class: "timeline-verdict verdict-" + lin.verdict }, this.element);
    textOf(el("strong", {}, p), v.head + (v.rest ? ":" : "."));
    if (v.rest) {
      p.appendChild(document.createTextNode(" "));
      textOf(el("span", { class: "timeline-explanation" }, p), v.rest);
    }
  };

  Timeline.prototype.summary = function (lin) {
    var self = this;
    var open = this.history.filter(isOpen).length;
    var names = this.history
      .filter(function (h, i) {
        return self.marked[i];
      })
      .map(function (h) {
        return h.client + " " + operation(h);
      });
    return (
      "Timeline of the clients' operations: " +
      plural(this.lanes.length, "client", "clients") +
      ", " +
      plural(this.history.length, "operation", "operations") +
      (open ? ", " + open + " never answered" : "") +
      ". " +
      (lin ? verdictText(lin).head + "." : "") +
      (names.length ? " The checker marks " + names.join(", ") + "." : "")
    );
  };

  Timeline.prototype.renderChart = function (lin, px) {
    var self = this;
    var x = this.x;
    var width = x(this.end) + RIGHT;
    var y = 0;
    var chart = svg("svg", { class: "timeline-chart", role: "img", "aria-label": this.summary(lin) }, this.scroller);
    this.lanes.forEach(function (lane) {
      var g = svg("g", { class: "timeline-lane", "data-client": lane.client }, chart);
      var barTop = y + lane.rows.length * ROW + 4;
      textOf(svg("text", { class: "timeline-client", x: 4, y: barTop + BAR - 1 }, g), lane.client);
      lane.ops.forEach(function (o) {
        var bad = self.marked[o.i];
        var open = isOpen(o.h);
        var from = x(o.h.call);
        var to = x(open ? self.end : o.h.ret);
        var op = svg(
          "g",
          { class: "timeline-op" + (bad ? " lin-bad" : "") + (open ? " op-open" : ""), "data-index": o.i },
          g,
        );
        textOf(
          svg("title", {}, op),
          lane.client +
            ": " +
            operation(o.h) +
            ", called at t = " +
            o.h.call +
            (open ? ", never answered" : ", answered at t = " + o.h.ret) +
            (bad ? " — one of the operations the checker cannot order" : ""),
        );
        svg("rect", { x: from, y: barTop, width: Math.max(3, to - from), height: BAR, rx: 3 }, op);
        textOf(svg("text", { x: o.labelX, y: barTop - 4 - o.row * ROW }, op), label(o.h, bad));
        // Only a label longer than the whole chart is wider than it.
        width = Math.max(width, o.labelEnd + 4);
      });
      y = barTop + BAR + LANE_GAP;
    });
    this.renderAxis(chart, y, px);
    this.cursor = svg("line", { class: "timeline-cursor", x1: x(0), x2: x(0), y1: 0, y2: y }, chart);
    this.cursorLabel = svg("text", { class: "timeline-cursor-label", x: x(0), y: y + AXIS - 4 }, chart);
    chart.setAttribute("width", String(Math.ceil(width)));
    chart.setAttribute("height", String(y + AXIS));
    chart.setAttribute("viewBox", "0 0 " + Math.ceil(width) + " " + (y + AXIS));
  };

  Timeline.prototype.renderAxis = function (chart, y, px) {
    var axis = svg("g", { class: "timeline-axis" }, chart);
    svg("line", { x1: this.x(this.start), x2: this.x(this.end), y1: y, y2: y }, axis);
    var step = tickStep(px);
    for (var t = Math.ceil(this.start / step) * step; t <= this.end; t += step) {
      svg("line", { x1: this.x(t), x2: this.x(t), y1: y, y2: y + 4 }, axis);
      textOf(svg("text", { x: this.x(t), y: y + 15 }, axis), String(t));
    }
    textOf(svg("text", { x: 12, y: y + 15 }, axis), "t");
  };

  Timeline.prototype.renderLegend = function () {
    var p = el("p", { class: "timeline-legend" }, this.element);
    p.textContent =
      "Each bar is one operation, from the tick its client invoked it to the tick it heard the answer; " +
      "a dashed bar was never answered and runs to the end. The line marks the time of the current event." +
      (this.marked.indexOf(true) >= 0
        ? " A thick outline and ⚠ mark the operations the checker names: together they cannot be put in any order."
        : "");
  };

  /** The same operations as a table, for readers who cannot see the chart. */
  Timeline.prototype.renderTable = function () {
    var self = this;
    var details = el("details", { class: "timeline-details" }, this.element);
    textOf(el("summary", {}, details), "The operations as a table");
    var table = el("table", {}, details);
    textOf(el("caption", {}, table), "Clients' operations, in the order invoked");
    var head = el("tr", {}, el("thead", {}, table));
    ["Client", "Operation", "Called at", "Answered at", "Checker"].forEach(function (h) {
      textOf(el("th", { scope: "col" }, head), h);
    });
    var body = el("tbody", {}, table);
    this.history.forEach(function (h, i) {
      var tr = el("tr", self.marked[i] ? { class: "lin-bad" } : {}, body);
      textOf(el("th", { scope: "row" }, tr), h.client);
      [
        operation(h),
        "t = " + h.call,
        isOpen(h) ? "no answer" : "t = " + h.ret,
        self.marked[i] ? "⚠ cannot be ordered" : "–",
      ].forEach(function (cell) {
        textOf(el("td", {}, tr), cell);
      });
    });
  };

  /** Moves the cursor to time `t`, scrolling it into view when the chart is wider than its box. */
  Timeline.prototype.at = function (t) {
    var cx = this.x(Math.min(t, this.end));
    this.cursor.setAttribute("x1", String(cx));
    this.cursor.setAttribute("x2", String(cx));
    this.cursorLabel.setAttribute("x", String(cx));
    this.cursorLabel.textContent = "t = " + t;
    var box = this.scroller;
    if (cx < box.scrollLeft + GUTTER || cx > box.scrollLeft + box.clientWidth - RIGHT)
      box.scrollLeft = Math.max(0, cx - box.clientWidth / 2);
  };

  window.RaftTimeline = {
    create: function (trace) {
      return new Timeline(trace);
    },
  };
})();
