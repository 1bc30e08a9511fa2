/*
 * Checks that a trace file is what the grader writes (format "raft-workbook-trace",
 * version 1) before the player draws anything from it: a file that is not, or is damaged,
 * gets a message that says what is wrong and where, instead of a blank or broken player.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.RaftTrace = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var FORMAT = "raft-workbook-trace";
  var VERSION = 1;
  var ROLES = ["follower", "candidate", "leader"];
  var OPS = ["get", "put", "append"];
  var VERDICTS = ["linearizable", "not-linearizable", "unknown"];

  function fail(where, what) {
    throw new Error((where ? where + ": " : "") + what);
  }

  function isObject(v) {
    return typeof v === "object" && v !== null && !Array.isArray(v);
  }

  function isCount(v) {
    return typeof v === "number" && Number.isInteger(v) && v >= 0;
  }

  function need(ok, where, what) {
    if (!ok) fail(where, what);
  }

  function checkSnapshot(s, where) {
    need(isObject(s), where, "should be a node's state");
    where += " (node " + (typeof s.id === "string" ? s.id : "?") + ")";
    need(typeof s.id === "string", where, "has no id");
    need(typeof s.up === "boolean", where, '"up" should be true or false');
    need(
      ROLES.indexOf(s.role) >= 0,
      where,
      "role should be one of " + ROLES.join(", ") + ", not " + JSON.stringify(s.role),
    );
    need(isCount(s.term), where, "term should be a whole number");
    need(isCount(s.commitIndex), where, "commitIndex should be a whole number");
    need(
      s.votedFor === null || s.votedFor === undefined || typeof s.votedFor === "string",
      where,
      "votedFor should be a node id or null",
    );
    need(
      Array.isArray(s.log) && s.log.length >= 1,
      where,
      "log should be a list of [term, command] starting with the base entry",
    );
    s.log.forEach(function (e, k) {
      need(
        Array.isArray(e) && e.length === 2 && isCount(e[0]) && typeof e[1] === "string",
        where,
        "log entry " + k + " should be [term, command]",
      );
    });
  }

  function checkSent(m, where) {
    need(isObject(m), where, "should be a message");
    need(isCount(m.id), where, "message id should be a whole number");
    need(typeof m.from === "string" && typeof m.to === "string", where, "message needs from and to");
    need(isObject(m.msg) && typeof m.msg.type === "string", where, "message needs a msg with a type");
    need(Array.isArray(m.arrivals) && m.arrivals.every(isCount), where, "arrivals should be a list of times");
  }

  function isApplied(a) {
    return isObject(a) && typeof a.node === "string" && isCount(a.index);
  }

  function isReply(r) {
    return isObject(r) && typeof r.id === "string" && typeof r.ok === "boolean";
  }

  /** Older traces may lack a list; one that is there must be what the player reads. */
  function checkList(list, every, where, what) {
    need(list === undefined || (Array.isArray(list) && list.every(every)), where, what);
  }

  function checkEvent(e, k) {
    var where = "event " + k;
    need(isObject(e), where, "should be an object");
    need(isCount(e.t), where, "t (the time) should be a whole number");
    need(typeof e.kind === "string", where, "kind should be a string");
    need(typeof e.what === "string", where, "what should be a description");
    need(e.msgId === undefined || isCount(e.msgId), where, "msgId should be a whole number");
    need(Array.isArray(e.sent), where, "sent should be a list");
    need(Array.isArray(e.state) && e.state.length > 0, where, "state should list every node");
    checkList(e.applied, isApplied, where, "applied should be a list of { node, index, command }");
    checkList(e.replies, isReply, where, "replies should be a list of client replies { id, ok, … }");
    e.sent.forEach(function (m, j) {
      checkSent(m, where + ", sent message " + j);
    });
    e.state.forEach(function (s, j) {
      checkSnapshot(s, where + ", state " + j);
    });
  }

  function checkOperation(h, k) {
    var where = "history, operation " + k;
    need(isObject(h), where, "should be a client's operation { client, op, call, ret?, value? }");
    need(typeof h.client === "string" && h.client !== "", where, "client should be a client's id");
    where += " (client " + h.client + ")";
    need(isObject(h.op), where, "op should be { op, key, value? }");
    need(
      OPS.indexOf(h.op.op) >= 0,
      where,
      "op should be one of " + OPS.join(", ") + ", not " + JSON.stringify(h.op.op),
    );
    need(typeof h.op.key === "string", where, "op should name its key");
    need(h.op.op === "get" || typeof h.op.value === "string", where, "a " + h.op.op + " should carry its value");
    // Below 0 for an operation completed before the run, which a scenario's starting logs hold.
    need(Number.isInteger(h.call), where, "call (the time it was invoked) should be a whole number");
    need(
      h.ret === undefined || (Number.isInteger(h.ret) && h.ret >= h.call),
      where,
      "ret (the time it was answered) should be a whole number no earlier than call, or absent if it never was",
    );
    need(h.value === undefined || typeof h.value === "string", where, "value (what a get read) should be a string");
    need(
      h.op.op !== "get" || h.ret === undefined || typeof h.value === "string",
      where,
      "a get that was answered should carry the value it read",
    );
  }

  /** The checker's verdict names operations by their place in the history: each must be one. */
  function checkLinearizability(lin, history) {
    var where = "linearizability";
    need(isObject(lin), where, "should be { verdict, explanation?, marked }");
    need(history !== undefined, where, "there is no history for it to be about");
    need(
      VERDICTS.indexOf(lin.verdict) >= 0,
      where,
      "verdict should be one of " + VERDICTS.join(", ") + ", not " + JSON.stringify(lin.verdict),
    );
    need(lin.explanation === undefined || typeof lin.explanation === "string", where, "explanation should be text");
    need(Array.isArray(lin.marked), where, "marked should be a list of places in the history");
    lin.marked.forEach(function (i) {
      need(
        isCount(i) && i < history.length,
        where,
        "marked names operation " +
          JSON.stringify(i) +
          ", but " +
          (history.length
            ? "the history's operations are numbered 0 to " + (history.length - 1)
            : "the history is empty"),
      );
    });
  }

  /** Returns the trace if it is one; throws an Error whose message tells the reader what is wrong. */
  function validateTrace(data) {
    need(isObject(data), "", "the file holds JSON, but not a trace object");
    need(
      data.format === FORMAT,
      "",
      'this is not a Raft Workbook trace ("format" is ' + JSON.stringify(data.format) + ', expected "' + FORMAT + '")',
    );
    need(
      data.version === VERSION,
      "",
      "this trace is version " + JSON.stringify(data.version) + "; this player reads version " + VERSION,
    );
    need(isObject(data.scenario) && typeof data.scenario.title === "string", "scenario", "should have a title");
    need(
      Array.isArray(data.scenario.nodes) &&
        data.scenario.nodes.every(function (n) {
          return typeof n === "string";
        }),
      "scenario",
      "nodes should be a list of ids",
    );
    need(
      data.failure === null ||
        data.failure === undefined ||
        (isObject(data.failure) && typeof data.failure.message === "string"),
      "failure",
      "should be null or have a message",
    );
    need(Array.isArray(data.events) && data.events.length > 0, "events", "should be a non-empty list");
    data.events.forEach(checkEvent);
    need(data.history === undefined || Array.isArray(data.history), "history", "should be a list of operations");
    if (data.history) data.history.forEach(checkOperation);
    if (data.linearizability !== undefined) checkLinearizability(data.linearizability, data.history);
    return data;
  }

  /*
   * The packed form the site ships its traces in (site/build/trace-pack.ts writes it): each
   * event holds only what changed since the one before, and leaves out what its own record
   * already says or what follows from the events before. unpackTrace rebuilds the trace the
   * grader recorded, event by event; a node that did not change shares its snapshot with the
   * event before.
   */
  var PACKED = 2;

  function unpackLog(log, d, where) {
    need(Array.isArray(d) && isCount(d[0]) && d[0] <= log.length, where, "a log change should be [kept, ...entries]");
    return log.slice(0, d[0]).concat(d.slice(1));
  }

  function unpackProgress(progress, d) {
    if (d === 0) return undefined;
    var out = {};
    Object.keys(Object.assign({}, progress, d)).forEach(function (peer) {
      var p = peer in d ? d[peer] : progress[peer];
      if (Array.isArray(p)) out[peer] = { nextIndex: p[0], matchIndex: p[1] };
      else if (p) out[peer] = p;
    });
    return out;
  }

  var NODE_FIELDS = { i: "id", u: "up", r: "role", e: "term", v: "votedFor", c: "commitIndex", x: "nextElection" };

  function unpackNode(before, d, where) {
    var s = Object.assign({}, before);
    Object.keys(NODE_FIELDS).forEach(function (k) {
      if (k in d) s[NODE_FIELDS[k]] = k === "u" ? d.u === 1 : d[k];
    });
    if (s.nextElection === null) delete s.nextElection;
    if ("l" in d) s.log = unpackLog(s.log || [], d.l, where);
    if ("p" in d) s.progress = unpackProgress(s.progress, d.p);
    if (s.progress === undefined) delete s.progress;
    return s;
  }

  function unpackState(before, d, where) {
    need(isObject(d), where, "its state change should be an object");
    var state = before.slice();
    Object.keys(d).forEach(function (k) {
      need(isCount(Number(k)) && Number(k) <= state.length, where, "names no node " + k);
      state[Number(k)] = unpackNode(state[Number(k)] || {}, d[k], where);
    });
    return state;
  }

  /**
   * A message stored as [shape, ...values], 0 for the one sent before on the same link, or as
   * it is; an AppendEntries' entry count stands for the sender's log from prevLogIndex + 1.
   */
  function unpackMessage(p, ctx, from, to, sender, where) {
    var link = from + " " + to;
    if (p === 0) {
      need(ctx.last.has(link), where, "repeats a message never sent from " + from + " to " + to);
      return ctx.last.get(link);
    }
    var msg = isObject(p) ? p : shaped(p, ctx.shapes, where);
    if (msg.type === "AppendEntries" && typeof msg.entries === "number") {
      need(sender, where, "an AppendEntries whose entries come from its sender names no sender");
      msg.entries = sender.log.slice(msg.prevLogIndex + 1, msg.prevLogIndex + 1 + msg.entries).map(function (l) {
        return { term: l[0], command: l[1] };
      });
    }
    ctx.last.set(link, msg);
    return msg;
  }

  function shaped(p, shapes, where) {
    var shape = Array.isArray(p) ? shapes[p[0]] : undefined;
    need(Array.isArray(shape), where, "a message should be [shape, ...values]");
    var msg = { type: shape[0] };
    for (var k = 1; k < shape.length; k++) msg[shape[k]] = p[k];
    return msg;
  }

  function usualWhat(e) {
    if (e.kind === "deliver" && e.msg) return e.node + " receives " + e.msg.type + " from " + e.from;
    if (e.kind === "tick") return e.node + " ticks";
    return undefined;
  }

  /** An applied entry stored as [node, index]: its command is the one at that index of the node's log. */
  function unpackApplied(a, state, where) {
    var node = state.filter(function (n) {
      return n.id === a[0];
    })[0];
    need(node && node.log && node.log[a[1]], where, "applies an entry " + a[0] + " does not hold");
    return { node: a[0], index: a[1], command: node.log[a[1]][1] };
  }

  /**
   * A sent message stored as [to, message, arrivals after the event's time, id, from], the
   * receiver a node's place in the state or an id; a 0 or a missing value at the end is the
   * same message as before on the link, the same delay as the message sent before, the id
   * after the one sent before, the event's node.
   */
  function unpackSent(s, e, ctx, where) {
    need(Array.isArray(s) && s.length >= 1, where, "a sent message should be [to, message?, arrivals?, …]");
    var from = s.length > 4 ? s[4] : e.node;
    var to = typeof s[0] === "number" ? e.state[s[0]] && e.state[s[0]].id : s[0];
    need(to !== undefined, where, "sends to no node at place " + s[0]);
    var id = s[3] ? s[3] : ctx.lastId + 1;
    var delay = s[2] ? s[2] : ctx.lastDelay;
    need(Array.isArray(delay), where, "a message's arrivals should be a list");
    var sender = e.state.filter(function (n) {
      return n.id === from;
    })[0];
    var msg = unpackMessage(s[1] || 0, ctx, from, to, sender, where);
    ctx.lastId = id;
    ctx.lastDelay = delay;
    var out = {
      id: id,
      from: from,
      to: to,
      msg: msg,
      arrivals: delay.map(function (a) {
        return a + e.t;
      }),
    };
    ctx.sent.set(id, out);
    return out;
  }

  function unpackEvent(p, k, before, ctx) {
    var where = "event " + k;
    need(isObject(p), where, "should be an object");
    var e = { i: "i" in p ? p.i : k, t: "t" in p ? p.t : before ? before.t : 0, kind: p.k || "deliver" };
    // A delivery without an id delivers the message after the last one handled; null says it has none.
    var msgId = "m" in p ? p.m : e.kind === "deliver" ? ctx.lastHandled + 1 : null;
    if (msgId !== null) e.msgId = ctx.lastHandled = msgId;
    var known = msgId !== null && !("n" in p) && !("f" in p) && !("g" in p) ? ctx.sent.get(msgId) : undefined;
    if (known) {
      e.node = known.to;
      e.from = known.from;
      e.msg = known.msg;
    }
    if ("n" in p) e.node = p.n;
    if ("f" in p) e.from = p.f;
    if ("g" in p) e.msg = p.g;
    e.state = "d" in p ? unpackState(before ? before.state : [], p.d, where) : before.state;
    e.what = "w" in p ? p.w : usualWhat(e);
    e.sent = (p.s || []).map(function (s) {
      return unpackSent(s, e, ctx, where);
    });
    e.replies = p.r || [];
    e.applied = (p.a || []).map(function (a) {
      return Array.isArray(a) ? unpackApplied(a, e.state, where) : a;
    });
    e.notes = p.o || [];
    return e;
  }

  /** The trace a packed one stands for; any other value as it is, for validateTrace to judge. */
  function unpackTrace(data) {
    if (!isObject(data) || data.packed === undefined) return data;
    need(
      data.packed === PACKED,
      "",
      "this trace is packed in form " + JSON.stringify(data.packed) + "; this player reads form " + PACKED,
    );
    need(
      Array.isArray(data.events) && Array.isArray(data.shapes),
      "",
      "a packed trace needs its events and message shapes",
    );
    var ctx = { shapes: data.shapes, sent: new Map(), last: new Map(), lastId: 0, lastDelay: [], lastHandled: 0 };
    var events = [];
    data.events.forEach(function (p, k) {
      events.push(unpackEvent(p, k, events[k - 1], ctx));
    });
    var trace = Object.assign({}, data, { events: events });
    delete trace.packed;
    delete trace.shapes;
    return trace;
  }

  /** Parses and validates a trace file's text, packed or as the grader wrote it. */
  function parseTrace(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new Error("the file is not JSON (" + err.message + ")");
    }
    return validateTrace(unpackTrace(data));
  }

  return {
    validateTrace: validateTrace,
    parseTrace: parseTrace,
    unpackTrace: unpackTrace,
    FORMAT: FORMAT,
    VERSION: VERSION,
    PACKED: PACKED,
  };
});
