/*
 * The scenario player: steps through a recorded trace (the chapter's own, from
 * traces/<chapter>.js, or a file the learner opens), showing each node's role, term, commit
 * index, last applied index, election timer and votes, and log with its commit point and its
 * leader's nextIndex and matchIndex; the nodes grouped as a partition cuts them; what each
 * event did, in words drawn from the trace (the receiver's reply and how its state changed),
 * with the delivered message and the cells it changed highlighted; the messages in flight;
 * the clients waiting; and, for a run with a history, the operations on a timeline
 * (timeline.js).
 */
(function () {
  "use strict";
  var MAX_FILE_BYTES = 50 * 1024 * 1024;
  var PLAY_MS = 700;
  var ROLE_WORDS = { leader: "becomes leader", candidate: "becomes a candidate", follower: "becomes a follower" };

  function describe(msg) {
    var t = msg.type;
    if (t === "AppendEntries") {
      var entries = Array.isArray(msg.entries)
        ? msg.entries
            .map(function (e) {
              return e && e.command === "" ? "no-op" : e && e.command;
            })
            .join(" ")
        : "";
      return (
        "AppendEntries term " +
        msg.term +
        ", prev (" +
        msg.prevLogIndex +
        ", t" +
        msg.prevLogTerm +
        "), entries [" +
        entries +
        "], commit " +
        msg.leaderCommit
      );
    }
    if (t === "AppendEntriesReply")
      return (
        "AppendEntriesReply term " +
        msg.term +
        ", " +
        (msg.success ? "success" : "refused") +
        ", prev " +
        msg.prevLogIndex +
        ", " +
        msg.entryCount +
        " entries"
      );
    if (t === "RequestVote")
      return "RequestVote term " + msg.term + ", last (" + msg.lastLogIndex + ", t" + msg.lastLogTerm + ")";
    if (t === "RequestVoteReply")
      return "RequestVoteReply term " + msg.term + ", " + (msg.voteGranted ? "granted" : "refused");
    return String(t);
  }

  function listOf(value) {
    return Array.isArray(value) ? value : [];
  }

  function snapshotOf(event, id) {
    return event
      ? event.state.filter(function (s) {
          return s.id === id;
        })[0]
      : undefined;
  }

  /** A restart of a node that was up changes nothing (the grader ignores it), so it must not reset anything. */
  function restarts(trace, i, id) {
    var e = trace.events[i];
    var before = snapshotOf(trace.events[i - 1], id);
    return e.kind === "restart" && e.node === id && (!before || !before.up);
  }

  /**
   * For each event, every node's lastApplied after it: the highest index it has applied in its
   * current incarnation. The trace records applies, not the field, and a restarted node is a new
   * object whose state machine starts empty, so a restart brings it back to 0.
   */
  function appliedLevels(trace) {
    var level = {};
    return trace.events.map(function (e, i) {
      e.state.forEach(function (s) {
        if (!(s.id in level) || restarts(trace, i, s.id)) level[s.id] = 0;
      });
      listOf(e.applied).forEach(function (a) {
        level[a.node] = Math.max(level[a.node] || 0, a.index);
      });
      return Object.assign({}, level);
    });
  }

  /**
   * The id of each client request, by event: the trace's events do not carry it, but the
   * scenario's schedule does when it names one, and its actions run in order at their time.
   */
  function requestIds(trace) {
    var pending = listOf(trace.scenario && trace.scenario.schedule).filter(function (a) {
      return a && typeof a.id === "string" && (typeof a.write === "string" || typeof a.read === "string");
    });
    return trace.events.map(function (e) {
      if (e.kind !== "write" && e.kind !== "read") return null;
      for (var k = 0; k < pending.length; k++) {
        var a = pending[k];
        if (a.at === e.t && a[e.kind] === e.node) return pending.splice(k, 1)[0].id;
      }
      return null;
    });
  }

  function everCommits(trace) {
    return trace.events.some(function (e) {
      return e.state.some(function (s) {
        return s.up && s.commitIndex > 0 && s.log.length > 1;
      });
    });
  }

  /** "5", "5–6", or "1–3, 5" for indexes in ascending order. */
  function ranges(indexes) {
    var out = [];
    indexes.forEach(function (n) {
      var last = out[out.length - 1];
      if (last && n === last[1] + 1) last[1] = n;
      else out.push([n, n]);
    });
    return out
      .map(function (r) {
        return r[0] === r[1] ? String(r[0]) : r[0] + "–" + r[1];
      })
      .join(", ");
  }

  /** A node's commitIndex one event earlier: 0 while it was down; at the first event its own, so nothing is new. */
  function commitBefore(trace, i, s) {
    if (i === 0) return s.commitIndex;
    var was = snapshotOf(trace.events[i - 1], s.id);
    return was && was.up ? was.commitIndex : 0;
  }

  /** A leader decides that entries are committed; a follower only learns it from the leader's message. */
  function commitsAt(trace, i) {
    return trace.events[i].state
      .filter(function (s) {
        return s.up && s.commitIndex > commitBefore(trace, i, s);
      })
      .map(function (s) {
        var span = ranges(range(commitBefore(trace, i, s) + 1, s.commitIndex));
        return s.role === "leader" ? s.id + " commits " + span : s.id + " learns " + span + " committed";
      });
  }

  function range(from, to) {
    var out = [];
    for (var n = from; n <= to; n++) out.push(n);
    return out;
  }

  /** A down node has lost its volatile state: its commit index and lastApplied are gone, not 0. */
  function volatileValue(s, v) {
    return s.up ? String(v) : "–";
  }

  function appliesAt(e) {
    var byNode = {};
    var order = [];
    listOf(e.applied).forEach(function (a) {
      if (!byNode[a.node]) order.push(a.node);
      (byNode[a.node] = byNode[a.node] || []).push(a.index);
    });
    return order.map(function (node) {
      return node + " applies " + ranges(byNode[node]);
    });
  }

  function answer(reply) {
    if (!reply.ok)
      return reply.reason === "not-leader"
        ? "not leader" + (reply.leaderHint ? " (try " + reply.leaderHint + ")" : "")
        : String(reply.reason);
    if (typeof reply.value === "string") return "ok, value " + JSON.stringify(reply.value);
    return typeof reply.index === "number" ? "ok at index " + reply.index : "ok";
  }

  /** Client replies come from the node that handled the event. */
  function repliesAt(e) {
    return listOf(e.replies).map(function (r) {
      return (e.node || "a node") + " answers " + r.id + ": " + answer(r);
    });
  }

  /** For each event, the messages still on the wire after it, and those the network dropped at it. */
  function flights(trace) {
    var pending = new Map();
    return trace.events.map(function (e) {
      if ((e.kind === "deliver" || e.kind === "lost") && pending.has(e.msgId)) {
        var p = pending.get(e.msgId);
        p.left -= 1;
        if (p.left <= 0) pending.delete(e.msgId);
      }
      var dropped = [];
      e.sent.forEach(function (s) {
        if (s.arrivals.length) pending.set(s.id, { sent: s, left: s.arrivals.length });
        else dropped.push(s);
      });
      return {
        inFlight: Array.from(pending.values())
          .map(function (p) {
            return { sent: p.sent, next: p.sent.arrivals[p.sent.arrivals.length - p.left], copies: p.left };
          })
          .sort(function (a, b) {
            return a.next - b.next || a.sent.id - b.sent.id;
          }),
        dropped: dropped,
      };
    });
  }

  function byId(state) {
    var out = {};
    state.forEach(function (s) {
      out[s.id] = s;
    });
    return out;
  }

  /** The nodes as they stood before event i: the first event has nothing before it, so it is its own. */
  function stateBefore(trace, i) {
    return trace.events[i > 0 ? i - 1 : 0].state;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function isHeartbeat(msg) {
    return (
      (msg.type === "AppendEntries" && listOf(msg.entries).length === 0) ||
      (msg.type === "AppendEntriesReply" && msg.success && msg.entryCount === 0)
    );
  }

  // ---- what a step changed ----

  /** The first log index where two logs differ (1 past the shorter when one extends the other), or 0 when they are the same. */
  function firstChange(before, after) {
    var n = Math.max(before.length, after.length);
    for (var k = 1; k < n; k++) {
      var b = before[k];
      var a = after[k];
      if (!a || !b || a[0] !== b[0] || a[1] !== b[1]) return k;
    }
    return 0;
  }

  /** What happened to a log: "writes index 3–4", "removes index 5–6", "overwrites index 3 and writes 4". */
  function logChange(before, after) {
    var k = firstChange(before.log, after.log);
    if (!k) return null;
    var removed = before.log.length - k;
    var added = after.log.length - k;
    if (removed > 0 && added > 0)
      return "replaces index " + ranges(range(k, before.log.length - 1)) + " with " + plural(added, "entry", "entries");
    if (removed > 0) return "removes index " + ranges(range(k, before.log.length - 1));
    return "writes index " + ranges(range(k, after.log.length - 1));
  }

  /** Whether anything but election timers moved at a node: a heartbeat only resets timers. */
  function nodeMoved(b, a) {
    return (
      b.up !== a.up ||
      b.role !== a.role ||
      b.term !== a.term ||
      b.votedFor !== a.votedFor ||
      b.commitIndex !== a.commitIndex ||
      firstChange(b.log, a.log) !== 0 ||
      JSON.stringify(b.progress || null) !== JSON.stringify(a.progress || null)
    );
  }

  /**
   * Whether event i is one "Next change" stops at: anything other than heartbeats and their
   * replies flowing, with no node changing more than its election timer.
   */
  function isChange(trace, i) {
    var e = trace.events[i];
    if (i === 0 || ["deliver", "tick", "lost"].indexOf(e.kind) < 0) return true;
    if (listOf(e.applied).length || listOf(e.replies).length || listOf(e.notes).length) return true;
    if (e.msg && !isHeartbeat(e.msg)) return true;
    if (
      e.sent.some(function (s) {
        return !isHeartbeat(s.msg);
      })
    )
      return true;
    var before = byId(stateBefore(trace, i));
    return e.state.some(function (s) {
      return !before[s.id] || nodeMoved(before[s.id], s);
    });
  }

  // ---- votes ----

  /**
   * For each event, the votes each candidate holds in its current term: its own, and every
   * granted RequestVoteReply of that term delivered to it. A node that wins keeps its count
   * at the event that made it leader, so the step that decides the election can say so.
   */
  function votesHeld(trace) {
    var held = {};
    return trace.events.map(function (e, i) {
      var before = byId(stateBefore(trace, i));
      e.state.forEach(function (s) {
        var b = before[s.id];
        var standing = s.up && s.role === "candidate" && (!held[s.id] || held[s.id].term !== s.term);
        if (standing) held[s.id] = { term: s.term, voters: s.votedFor === s.id ? [s.id] : [] };
        if (!s.up || (s.role !== "candidate" && !(s.role === "leader" && b && b.role === "candidate")))
          held[s.id] = null;
      });
      var m = e.kind === "deliver" ? e.msg : null;
      var c = m && m.type === "RequestVoteReply" && m.voteGranted ? held[e.node] : null;
      if (c && c.term === m.term && c.voters.indexOf(e.from) < 0) c.voters = c.voters.concat([e.from]);
      return JSON.parse(JSON.stringify(held));
    });
  }

  // ---- the network's groups ----

  /** Partitioned nodes reach only their own group; a node the partition leaves out reaches nobody. */
  function groupsOf(partition, nodes) {
    var groups = partition.map(function (g) {
      return g.slice();
    });
    nodes.forEach(function (id) {
      if (
        !groups.some(function (g) {
          return g.indexOf(id) >= 0;
        })
      )
        groups.push([id]);
    });
    return groups;
  }

  /** For each event, the groups the network is cut into (null while it is whole): the scenario's partitions, in the order its schedule runs them. */
  function networkGroups(trace) {
    var pending = listOf(trace.scenario && trace.scenario.schedule).filter(function (a) {
      return a && Array.isArray(a.partition);
    });
    var nodes = trace.events[0].state.map(function (s) {
      return s.id;
    });
    var groups = null;
    return trace.events.map(function (e) {
      if (e.kind === "partition" && pending.length) groups = groupsOf(pending.shift().partition, nodes);
      if (e.kind === "heal") groups = null;
      return groups;
    });
  }

  // ---- what the receiver did, in words ----

  /** The answer the receiver of a delivered request sent back, if it sent one. */
  function replyOf(e) {
    return e.sent.filter(function (s) {
      return s.to === e.from && s.msg.type === e.msg.type + "Reply";
    })[0];
  }

  /** Why a follower could not take an AppendEntries, as far as its state before it shows. */
  function appendRefusal(msg, before) {
    if (msg.term < before.term) return "term " + msg.term + " is older than its term " + before.term;
    var at = before.log[msg.prevLogIndex];
    if (!at) return "no entry at " + msg.prevLogIndex;
    if (at[0] !== msg.prevLogTerm)
      return "its entry at " + msg.prevLogIndex + " has term " + at[0] + ", not " + msg.prevLogTerm;
    return null;
  }

  function explainAppend(e, before, after) {
    var reply = replyOf(e);
    var msg = e.msg;
    var change = logChange(before, after);
    if (!reply) return e.node + " sends no reply" + (change ? " and " + change : "");
    if (!reply.msg.success) {
      var why = appendRefusal(msg, before);
      return e.node + " refuses" + (why ? ": " + why : "") + (change ? ", and " + change : "");
    }
    var n = listOf(msg.entries).length;
    var took = n
      ? "accepts " + plural(n, "entry", "entries") + " after index " + msg.prevLogIndex
      : "accepts the heartbeat";
    return e.node + " " + took + (change ? " and " + change : n ? ", which it already held" : "");
  }

  function explainAppendReply(e, before, after) {
    var b = (before.progress || {})[e.from];
    var a = (after.progress || {})[e.from];
    var said = e.from + (e.msg.success ? " took it" : " refused it");
    if (after.role !== "leader" || !a) return said + "; " + e.node + " is not leading, so it changes nothing";
    var moved = [];
    if (!b || b.matchIndex !== a.matchIndex) moved.push("matchIndex " + a.matchIndex);
    if (!b || b.nextIndex !== a.nextIndex) moved.push("nextIndex " + a.nextIndex);
    return moved.length
      ? said + ": " + e.node + " sets " + e.from + "'s " + moved.join(" and ")
      : said + "; " + e.node + "'s view of " + e.from + " stays (next " + a.nextIndex + ", match " + a.matchIndex + ")";
  }

  function isBehind(msg, s) {
    var last = s.log[s.log.length - 1];
    return msg.lastLogTerm < last[0] || (msg.lastLogTerm === last[0] && msg.lastLogIndex < s.log.length - 1);
  }

  /** Why a node refused its vote, as far as its state shows. */
  function voteRefusal(msg, before, after) {
    if (msg.term < after.term) return "term " + msg.term + " is older than its term " + after.term;
    if (after.votedFor && after.votedFor !== msg.candidateId)
      return "it already voted for " + after.votedFor + " in term " + after.term;
    if (isBehind(msg, before))
      return (
        "its own log is more up to date (last entry term " +
        before.log[before.log.length - 1][0] +
        " at " +
        (before.log.length - 1) +
        ")"
      );
    return null;
  }

  function explainVote(e, before, after) {
    var reply = replyOf(e);
    if (!reply) return e.node + " sends no reply";
    if (reply.msg.voteGranted) return e.node + " grants its vote to " + e.from + " for term " + e.msg.term;
    var why = voteRefusal(e.msg, before, after);
    return e.node + " refuses its vote" + (why ? ": " + why : "");
  }

  function explainVoteReply(e, before, after, votes, size) {
    var held = votes[e.node];
    var count = held ? " (" + held.voters.length + " of " + size + ": " + held.voters.join(" ") + ")" : "";
    if (!e.msg.voteGranted) return e.from + " refuses " + e.node + " its vote";
    if (before.role !== "candidate") return e.from + "'s vote comes late: " + e.node + " is no longer a candidate";
    if (after.role === "leader" && before.role !== "leader")
      return e.node + " gets " + e.from + "'s vote and wins term " + after.term + count;
    return e.node + " gets " + e.from + "'s vote" + count;
  }

  function explainTick(e, before, after) {
    if (after.role === "candidate" && after.term > before.term)
      return e.node + "'s election timer ran out: it stands for term " + after.term + " and asks for votes";
    var to = e.sent.map(function (s) {
      return s.to;
    });
    if (!to.length) return null;
    var beats = e.sent.every(function (s) {
      return isHeartbeat(s.msg);
    });
    return e.node + " sends " + (beats ? "heartbeats" : "AppendEntries") + " to " + to.join(" ");
  }

  /** The sentence about the event's own node, from its reply and its change. */
  function explainOwn(e, before, after, votes, size) {
    if (!before || !after) return null;
    if (e.kind === "tick") return explainTick(e, before, after);
    if ((e.kind !== "deliver" && e.kind !== "inject") || !e.msg || !after.up) return null;
    if (e.msg.type === "AppendEntries") return explainAppend(e, before, after);
    if (e.msg.type === "AppendEntriesReply") return explainAppendReply(e, before, after);
    if (e.msg.type === "RequestVote") return explainVote(e, before, after);
    if (e.msg.type === "RequestVoteReply") return explainVoteReply(e, before, after, votes, size);
    return null;
  }

  /** Terms adopted and roles taken at this event, by any node, beyond what the own sentence said. */
  function stateNews(e, before, skip) {
    var out = [];
    e.state.forEach(function (s) {
      var b = before[s.id];
      if (!b || !s.up || !b.up || s.id === skip) return;
      if (s.term > b.term) out.push(s.id + " adopts term " + s.term);
      if (s.role !== b.role) out.push(s.id + " " + ROLE_WORDS[s.role]);
    });
    return out;
  }

  /** The explanation line: what the receiver did, then what else the event changed. */
  function explain(trace, i, votes) {
    var e = trace.events[i];
    if (i === 0) return [];
    var before = byId(stateBefore(trace, i));
    var after = byId(e.state);
    var own = explainOwn(e, before[e.node], after[e.node], votes, e.state.length);
    // A candidate's win and a timer's run-out already say what the node became.
    var said = own && /wins term|stands for term/.test(own) ? e.node : null;
    return (own ? [own] : []).concat(stateNews(e, before, said));
  }

  // ---- clients ----

  /** The operations a run's clients are waiting on at time t (chapter 6's history). */
  function historyWaiting(history, t) {
    return history
      .filter(function (h) {
        return h.call <= t && !(typeof h.ret === "number" && h.ret <= t);
      })
      .map(function (h) {
        var o = h.op;
        var what = o.op + " " + o.key + (o.op === "put" ? "=" + o.value : o.op === "append" ? "+" + o.value : "");
        return h.client + " waits on " + what + " since t = " + h.call;
      });
  }

  /** For each event, the client requests not answered yet (chapter 5's writes and reads), or a run's waiting operations. */
  function waitingClients(trace, ids) {
    var history = listOf(trace.history);
    var pending = [];
    return trace.events.map(function (e, i) {
      if (history.length) return historyWaiting(history, e.t);
      if (ids[i]) pending.push({ id: ids[i], text: "request " + ids[i] + " (" + e.what + ", t = " + e.t + ")" });
      listOf(e.replies).forEach(function (r) {
        pending = pending.filter(function (p) {
          return p.id !== r.id;
        });
      });
      return pending.map(function (p) {
        return p.text + " waits for an answer";
      });
    });
  }

  /** Whether a run has clients to show: a history, or requests the schedule names. */
  function hasClients(trace) {
    return (
      listOf(trace.history).length > 0 ||
      trace.events.some(function (e) {
        return e.kind === "write" || e.kind === "read";
      })
    );
  }

  function Player(figure) {
    this.figure = figure;
    this.title = figure.querySelector(".player-title");
    this.back = figure.querySelector(".player-back");
    this.play = figure.querySelector(".player-play");
    this.forward = figure.querySelector(".player-forward");
    this.nextChange = figure.querySelector(".player-next-change");
    this.speed = figure.querySelector(".player-speed");
    this.slider = figure.querySelector(".player-slider");
    this.counter = figure.querySelector(".player-counter");
    this.event = figure.querySelector(".player-event");
    this.explanation = figure.querySelector(".player-explain");
    this.notes = figure.querySelector(".player-notes");
    this.progress = figure.querySelector(".player-progress");
    this.failure = figure.querySelector(".player-failure");
    this.state = figure.querySelector(".player-state");
    this.tallest = figure.querySelector(".player-tallest");
    this.legend = figure.querySelector(".player-legend");
    this.messages = figure.querySelector(".player-messages ul");
    this.clients = figure.querySelector(".player-clients");
    this.file = figure.querySelector(".player-file");
    this.error = figure.querySelector(".player-error");
    this.timeline = null;
    this.trace = null;
    this.index = 0;
    this.timer = null;
    this.bind();
  }

  Player.prototype.bind = function () {
    var self = this;
    this.back.addEventListener("click", function () {
      self.stop();
      self.go(self.index - 1);
    });
    this.forward.addEventListener("click", function () {
      self.stop();
      self.go(self.index + 1);
    });
    this.nextChange.addEventListener("click", function () {
      self.stop();
      self.go(self.changeFrom(1));
    });
    this.play.addEventListener("click", function () {
      self.toggle();
    });
    this.speed.addEventListener("change", function () {
      // A new speed takes effect at once while playing.
      if (self.timer) self.start();
    });
    this.slider.addEventListener("input", function () {
      self.stop();
      self.go(Number(self.slider.value));
    });
    this.file.addEventListener("change", function (e) {
      var file = e.target.files && e.target.files[0];
      e.target.value = "";
      if (file) self.open(file);
    });
    this.figure.addEventListener("keydown", function (e) {
      self.key(e);
    });
  };

  /** What a key does in the player, or null: ←/→ step (with Shift, to the previous or next change), Home/End, Space plays. */
  Player.prototype.action = function (e) {
    var self = this;
    var onSlider = e.target === this.slider;
    var arrow = e.key === "ArrowLeft" ? -1 : e.key === "ArrowRight" ? 1 : 0;
    if (arrow && e.shiftKey)
      return function () {
        self.go(self.changeFrom(arrow));
      };
    // The slider moves itself on arrows and Home/End, and its input event steps the player.
    if (onSlider && (arrow || e.key === "Home" || e.key === "End")) return null;
    if (arrow)
      return function () {
        self.go(self.index + arrow);
      };
    if (e.key === "Home") return this.go.bind(this, 0);
    if (e.key === "End") return this.go.bind(this, this.last());
    // Space opens the file chooser and the speed list when they have focus; everywhere else it plays.
    if (e.key === " " && e.target !== this.file && e.target !== this.speed) return this.toggle.bind(this);
    return null;
  };

  Player.prototype.key = function (e) {
    if (!this.trace || e.altKey || e.ctrlKey || e.metaKey) return;
    // Arrows in the player are the player's, even where it leaves them to the slider: they never turn the page.
    if (e.key === "ArrowLeft" || e.key === "ArrowRight") e.stopPropagation();
    var act = this.action(e);
    if (!act) return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key !== " ") this.stop();
    act();
  };

  Player.prototype.last = function () {
    return this.trace ? this.trace.events.length - 1 : 0;
  };

  /** The nearest event in direction `dir` (1 or -1) that changed more than heartbeats and timers; the end of the run if none. */
  Player.prototype.changeFrom = function (dir) {
    for (var i = this.index + dir; i > 0 && i < this.last(); i += dir) if (this.changes[i]) return i;
    return dir > 0 ? this.last() : 0;
  };

  Player.prototype.load = function (trace, title) {
    this.stop();
    this.trace = trace;
    this.flights = flights(trace);
    this.applied = appliedLevels(trace);
    this.requests = requestIds(trace);
    this.votes = votesHeld(trace);
    this.groups = networkGroups(trace);
    this.waiting = waitingClients(trace, this.requests);
    this.changes = trace.events.map(function (e, i) {
      return isChange(trace, i);
    });
    this.columns = columnsOf(trace);
    this.hasProgress = trace.events.some(function (e) {
      return e.state.some(function (s) {
        return !!s.progress;
      });
    });
    this.clients.parentNode.hidden = !hasClients(trace);
    // The legend explains the commit bar only to a run that shows one, as a figure's does.
    this.legend.hidden = !everCommits(trace);
    this.showTimeline(trace);
    this.title.textContent = title;
    this.slider.max = String(this.last());
    this.fixHeight();
    this.go(0);
  };

  /**
   * Keeps the page still while stepping: the node table shares its place with a hidden copy of
   * the run's tallest frame, the one with the most groups (every row is one line of entries and
   * one of marks), so the place is as tall as that frame at any width, with no measuring and no
   * style attribute (the page's CSP allows none).
   */
  Player.prototype.fixHeight = function () {
    var most = 0;
    this.groups.forEach(function (g, i) {
      if (g && g.length > (this.groups[most] || []).length) most = i;
    }, this);
    this.index = most;
    this.tallest.innerHTML = this.stateHtml(this.trace.events[most]);
  };

  Player.prototype.go = function (i) {
    if (!this.trace) return this.render();
    this.index = Math.max(0, Math.min(this.last(), i));
    this.render();
  };

  Player.prototype.interval = function () {
    return PLAY_MS / (Number(this.speed.value) || 1);
  };

  Player.prototype.start = function () {
    var self = this;
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(function () {
      if (self.index >= self.last()) self.stop();
      else self.go(self.index + 1);
    }, this.interval());
    this.play.textContent = "Pause";
  };

  Player.prototype.toggle = function () {
    if (this.timer) return this.stop();
    if (!this.trace) return;
    if (this.index >= this.last()) this.go(0);
    this.start();
  };

  Player.prototype.stop = function () {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = "Play";
  };

  function disable(button, off) {
    if (off) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }

  Player.prototype.render = function () {
    var trace = this.trace;
    disable(this.back, !trace || this.index === 0);
    disable(this.forward, !trace || this.index >= this.last());
    disable(this.nextChange, !trace || this.index >= this.last());
    disable(this.play, !trace);
    this.slider.disabled = !trace;
    if (!trace) {
      this.event.textContent = "No trace open: open a trace file the grader wrote with --trace-dir.";
      this.counter.textContent = "";
      return;
    }
    var e = trace.events[this.index];
    var n = trace.events.length;
    this.slider.value = String(this.index);
    this.slider.setAttribute("aria-valuetext", "Event " + (this.index + 1) + " of " + n + ": " + e.what);
    this.counter.textContent = "Event " + (this.index + 1) + " of " + n;
    this.renderEvent(e);
    this.explanation.textContent = explain(trace, this.index, this.votes[this.index]).join(". ");
    this.renderFailure(trace.failure);
    this.replaceState(this.stateHtml(e));
    this.renderMessages(e, this.flights[this.index]);
    this.renderList(this.clients, this.waiting[this.index], "none waiting");
    this.renderNotes(e);
    this.renderProgress(e.state);
    if (this.timeline) this.timeline.at(e.t);
  };

  /** A run with clients (chapter 6 on) shows their history under the cluster; a run without has none to show. */
  Player.prototype.showTimeline = function (trace) {
    if (this.timeline) this.figure.removeChild(this.timeline.element);
    this.timeline = listOf(trace.history).length ? window.RaftTimeline.create(trace) : null;
    if (this.timeline) this.figure.insertBefore(this.timeline.element, this.figure.querySelector(".player-messages"));
  };

  /** The event, then what it committed, applied and answered: the moments chapter 5 is about. */
  Player.prototype.renderEvent = function (e) {
    var id = this.requests[this.index];
    var el = this.event;
    el.textContent = "t = " + e.t + " · " + e.what + (id ? " (request " + id + ")" : "");
    commitsAt(this.trace, this.index)
      .concat(appliesAt(e), repliesAt(e))
      .forEach(function (text) {
        var span = document.createElement("span");
        span.className = "player-outcome";
        span.textContent = text;
        el.appendChild(document.createTextNode(" · "));
        el.appendChild(span);
      });
  };

  /** The table's columns: the election timer and the votes only for a run that has them (chapter 4 on). */
  function columnsOf(trace) {
    var timers = false;
    var candidates = false;
    trace.events.forEach(function (e) {
      e.state.forEach(function (s) {
        timers = timers || typeof s.nextElection === "number";
        candidates = candidates || s.role === "candidate";
      });
    });
    return { timers: timers, votes: candidates };
  }

  /** Each leader's nextIndex and matchIndex, as marks on its followers' logs: "next", or "N1 next" while two nodes lead. */
  function progressMarks(state) {
    var leaders = state.filter(function (s) {
      return s.up && s.role === "leader" && s.progress && typeof s.progress === "object";
    });
    var marks = {};
    leaders.forEach(function (l) {
      var who = leaders.length > 1 ? l.id + " " : "";
      Object.keys(l.progress).forEach(function (peer) {
        var p = l.progress[peer] || {};
        var m = (marks[peer] = marks[peer] || {});
        if (p.matchIndex > 0) (m[p.matchIndex] = m[p.matchIndex] || []).push(who + "match");
        if (p.nextIndex > 0) (m[p.nextIndex] = m[p.nextIndex] || []).push(who + "next");
      });
    });
    return marks;
  }

  /** A node's values, as columns on a wide screen; the same as short lines beside its id on a narrow one. */
  Player.prototype.valuesOf = function (s, e) {
    var applied = this.applied[this.index];
    var held = this.votes[this.index][s.id];
    var values = [
      s.up ? s.role : "down",
      String(s.term),
      s.votedFor || "–",
      volatileValue(s, s.commitIndex),
      volatileValue(s, applied[s.id] || 0),
    ];
    if (this.columns.timers)
      values.push(
        s.up && s.role !== "leader" && typeof s.nextElection === "number"
          ? String(Math.max(0, s.nextElection - e.t))
          : "–",
      );
    if (this.columns.votes)
      values.push(held ? held.voters.length + " of " + e.state.length + ": " + held.voters.join(" ") : "–");
    return values;
  };

  Player.prototype.headers = function () {
    var columns = ["Role", "Term", "Voted for", "Commit index", "Last applied"];
    if (this.columns.timers) columns.push("Election in");
    if (this.columns.votes) columns.push("Votes");
    return columns;
  };

  function summaryOf(headers, values) {
    var lines = [values[0] + " · term " + values[1]];
    for (var k = 2; k < values.length; k++)
      if (values[k] !== "–") lines.push(headers[k].toLowerCase() + " " + values[k]);
    return lines;
  }

  function groupLabels(groups) {
    return groups
      ? groups.map(function (g, k) {
          return { label: "Partition side " + (k + 1) + " of " + groups.length + ": " + g.join(" "), ids: g };
        })
      : null;
  }

  /** The node table at event e, which is event this.index. */
  Player.prototype.stateHtml = function (e) {
    var self = this;
    var trace = this.trace;
    var i = this.index;
    var before = byId(stateBefore(trace, i));
    var prev = i > 0 ? this.valuesAt(i - 1) : null;
    var marks = progressMarks(e.state);
    var headers = this.headers();
    return window.RaftLogView.renderLogTable({
      caption: "Nodes after event " + (i + 1),
      columns: headers,
      marks: true,
      groups: groupLabels(this.groups[i]),
      nodes: e.state.map(function (s) {
        var values = self.valuesOf(s, e);
        var b = before[s.id];
        var changed = i > 0 && b ? firstChange(b.log, s.log) : 0;
        return {
          id: s.id,
          entries: s.log.slice(1),
          commitIndex: s.commitIndex,
          commitIndexBefore: commitBefore(trace, i, s),
          changedFrom: changed && changed < s.log.length ? changed : undefined,
          values: values,
          // A timer counts down by itself: only a value the event set is news.
          changedValues: values.map(function (v, k) {
            return !!prev && headers[k] !== "Election in" && prev[s.id][k] !== v;
          }),
          marks: marks[s.id],
          summary: summaryOf(headers, values),
          current: s.id === e.node,
          sender: (e.kind === "deliver" || e.kind === "inject") && s.id === e.from,
          down: !s.up,
        };
      }),
    });
  };

  /** Every node's values at event i, to tell which ones an event changed. */
  Player.prototype.valuesAt = function (i) {
    var self = this;
    var at = this.index;
    this.index = i;
    var out = {};
    this.trace.events[i].state.forEach(function (s) {
      out[s.id] = self.valuesOf(s, self.trace.events[i]);
    });
    this.index = at;
    return out;
  };

  /** Redraws the table where it was: scrolled as far, and still focused if it had the focus, so the keys keep working. */
  Player.prototype.replaceState = function (html) {
    var old = this.state.querySelector(".logs-scroll");
    var focused = !!old && this.state.contains(document.activeElement);
    var left = old ? old.scrollLeft : 0;
    this.state.innerHTML = html;
    var scroller = this.state.querySelector(".logs-scroll");
    scroller.scrollLeft = left;
    if (focused) scroller.focus({ preventScroll: true });
  };

  /** What node code printed while handling this event. */
  Player.prototype.renderNotes = function (e) {
    var notes = Array.isArray(e.notes) ? e.notes : [];
    this.notes.hidden = notes.length === 0;
    this.notes.textContent = notes
      .map(function (n) {
        return n.node + " printed: " + n.text;
      })
      .join("\n");
  };

  /** Each leader's nextIndex and matchIndex per follower, when the trace records them (chapter 3 on). */
  Player.prototype.renderProgress = function (state) {
    var lines = state
      .filter(function (s) {
        return s.up && s.role === "leader" && s.progress && typeof s.progress === "object";
      })
      .map(function (s) {
        var peers = Object.keys(s.progress).map(function (peer) {
          var p = s.progress[peer] || {};
          return peer + " next " + p.nextIndex + ", match " + p.matchIndex;
        });
        return s.id + "'s followers: " + peers.join(" · ");
      });
    // Kept in place once a run has leaders with progress, so the player does not change height as they come and go.
    this.progress.hidden = !this.hasProgress;
    this.progress.textContent = lines.length ? lines.join("\n") : "No node leads now.";
  };

  Player.prototype.renderFailure = function (failure) {
    var reached = failure && (typeof failure.event !== "number" || this.index >= failure.event);
    this.failure.hidden = !reached;
    this.failure.textContent = reached
      ? "This run failed" +
        (typeof failure.event === "number" ? " at event " + (failure.event + 1) : "") +
        ": " +
        failure.message
      : "";
  };

  Player.prototype.renderList = function (list, lines, empty, first) {
    list.textContent = "";
    var add = function (text, cls) {
      var li = document.createElement("li");
      li.textContent = text;
      if (cls) li.className = cls;
      list.appendChild(li);
    };
    (first || []).forEach(function (f) {
      add(f.text, f.cls);
    });
    lines.forEach(function (l) {
      add(typeof l === "string" ? l : l.text, typeof l === "string" ? "" : l.cls);
    });
    // "none" speaks of the list itself (what is on the wire), not of the event's own message above it.
    if (!lines.length) add(empty, "none");
  };

  /** The message this event delivered (or lost) first, highlighted; then those still on the wire, and those the network dropped. */
  Player.prototype.renderMessages = function (e, f) {
    var now = [];
    if (e.msg && (e.kind === "deliver" || e.kind === "inject" || e.kind === "lost"))
      now.push({
        text: (e.kind === "lost" ? "Lost now: " : "Delivered now: ") + e.from + " → " + e.node + ": " + describe(e.msg),
        cls: e.kind === "lost" ? "delivered lost" : "delivered",
      });
    var lines = f.inFlight
      .map(function (m) {
        return (
          m.sent.from +
          " → " +
          m.sent.to +
          ": " +
          describe(m.sent.msg) +
          " · arrives at t = " +
          m.next +
          (m.copies > 1 ? " (" + m.copies + " copies)" : "")
        );
      })
      .concat(
        f.dropped.map(function (s) {
          return { text: s.from + " → " + s.to + ": " + describe(s.msg) + " · dropped by the network", cls: "dropped" };
        }),
      );
    this.renderList(this.messages, lines, "none", now);
  };

  Player.prototype.showError = function (text) {
    this.error.hidden = !text;
    this.error.textContent = text || "";
  };

  Player.prototype.open = function (file) {
    var self = this;
    if (file.size > MAX_FILE_BYTES)
      return this.showError(
        "Could not open " +
          file.name +
          ": it is larger than a trace can be (" +
          Math.round(file.size / 1048576) +
          " MB).",
      );
    file.text().then(
      function (text) {
        try {
          var trace = window.RaftTrace.parseTrace(text);
          self.showError("");
          self.load(
            trace,
            file.name +
              " — " +
              (trace.test || "trace") +
              ", " +
              trace.scenario.title +
              (typeof trace.seed === "number" ? ", seed " + trace.seed : ""),
          );
        } catch (err) {
          self.showError("Could not open " + file.name + ": " + err.message + ".");
        }
      },
      function () {
        self.showError("Could not read " + file.name + ".");
      },
    );
  };

  var traces = window.RAFT_TRACES || {};
  var figures = document.querySelectorAll("figure.player");
  for (var i = 0; i < figures.length; i++) {
    var player = new Player(figures[i]);
    var key = figures[i].getAttribute("data-trace");
    if (!key) {
      player.render();
      continue;
    }
    try {
      player.load(
        window.RaftTrace.validateTrace(window.RaftTrace.unpackTrace(traces[key])),
        figures[i].querySelector(".player-title").textContent,
      );
    } catch (err) {
      player.render();
      player.showError("The recorded run of this scenario is missing or damaged: " + err.message + ".");
    }
  }
})();
