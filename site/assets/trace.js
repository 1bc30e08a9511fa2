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
    need(isCount(h.call), where, "call (the time it was invoked) should be a whole number");
    need(
      h.ret === undefined || (isCount(h.ret) && h.ret >= h.call),
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

  /** Parses and validates a trace file's text. */
  function parseTrace(text) {
    var data;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new Error("the file is not JSON (" + err.message + ")");
    }
    return validateTrace(data);
  }

  return { validateTrace: validateTrace, parseTrace: parseTrace, FORMAT: FORMAT, VERSION: VERSION };
});
