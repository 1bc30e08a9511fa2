/*
 * The scenario player: steps through a recorded trace (the chapter's own, from
 * traces/<chapter>.js, or a file the learner opens), showing each node's role, term, commit
 * index, last applied index and log with its commit point, what each event committed, applied
 * and answered clients, the messages in flight after each event, and, for a run with clients,
 * their operations on a timeline (timeline.js).
 */
(function () {
  "use strict";
  var MAX_FILE_BYTES = 50 * 1024 * 1024;
  var PLAY_MS = 700;

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

  function Player(figure) {
    this.figure = figure;
    this.title = figure.querySelector(".player-title");
    this.back = figure.querySelector(".player-back");
    this.play = figure.querySelector(".player-play");
    this.forward = figure.querySelector(".player-forward");
    this.slider = figure.querySelector(".player-slider");
    this.counter = figure.querySelector(".player-counter");
    this.event = figure.querySelector(".player-event");
    this.notes = figure.querySelector(".player-notes");
    this.progress = figure.querySelector(".player-progress");
    this.failure = figure.querySelector(".player-failure");
    this.state = figure.querySelector(".player-state");
    this.legend = figure.querySelector(".player-legend");
    this.messages = figure.querySelector(".player-messages ul");
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
    this.play.addEventListener("click", function () {
      self.toggle();
    });
    this.slider.addEventListener("input", function () {
      self.stop();
      self.go(Number(self.slider.value));
    });
    this.figure.querySelector(".player-file").addEventListener("change", function (e) {
      var file = e.target.files && e.target.files[0];
      e.target.value = "";
      if (file) self.open(file);
    });
    this.figure.addEventListener("keydown", function (e) {
      self.key(e);
    });
  };

  Player.prototype.key = function (e) {
    if (!this.trace || e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = e.target.tagName;
    var onSlider = e.target === this.slider;
    var handled = true;
    if (e.key === "ArrowLeft" && !onSlider) this.go(this.index - 1);
    else if (e.key === "ArrowRight" && !onSlider) this.go(this.index + 1);
    else if (e.key === "Home" && !onSlider) this.go(0);
    else if (e.key === "End" && !onSlider) this.go(this.last());
    else if (e.key === " " && tag !== "BUTTON" && tag !== "INPUT") this.toggle();
    else handled = false;
    if (handled) {
      e.preventDefault();
      if (e.key !== " ") this.stop();
    }
  };

  Player.prototype.last = function () {
    return this.trace ? this.trace.events.length - 1 : 0;
  };

  Player.prototype.load = function (trace, title) {
    this.stop();
    this.trace = trace;
    this.flights = flights(trace);
    this.applied = appliedLevels(trace);
    this.requests = requestIds(trace);
    // The legend explains the commit bar only to a run that shows one, as a figure's does.
    this.legend.hidden = !everCommits(trace);
    this.showTimeline(trace);
    this.title.textContent = title;
    this.slider.max = String(this.last());
    this.go(0);
  };

  Player.prototype.go = function (i) {
    if (!this.trace) return this.render();
    this.index = Math.max(0, Math.min(this.last(), i));
    this.render();
  };

  Player.prototype.toggle = function () {
    if (this.timer) return this.stop();
    if (!this.trace) return;
    if (this.index >= this.last()) this.go(0);
    var self = this;
    this.timer = setInterval(function () {
      if (self.index >= self.last()) self.stop();
      else self.go(self.index + 1);
    }, PLAY_MS);
    this.play.textContent = "Pause";
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
    this.renderFailure(trace.failure);
    this.renderState(e);
    this.renderMessages(this.flights[this.index]);
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

  Player.prototype.renderState = function (e) {
    var trace = this.trace;
    var i = this.index;
    var applied = this.applied[i];
    this.state.innerHTML = window.RaftLogView.renderLogTable({
      caption: "Nodes after event " + (i + 1),
      columns: ["Role", "Term", "Voted for", "Commit index", "Last applied"],
      nodes: e.state.map(function (s) {
        return {
          id: s.id,
          entries: s.log.slice(1),
          commitIndex: s.commitIndex,
          commitIndexBefore: commitBefore(trace, i, s),
          values: [
            s.up ? s.role : "down",
            String(s.term),
            s.votedFor || "–",
            volatileValue(s, s.commitIndex),
            volatileValue(s, applied[s.id] || 0),
          ],
          current: s.id === e.node,
          down: !s.up,
        };
      }),
    });
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
    this.progress.hidden = lines.length === 0;
    this.progress.textContent = lines.join("\n");
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

  Player.prototype.renderMessages = function (f) {
    var list = this.messages;
    list.textContent = "";
    var add = function (text, cls) {
      var li = document.createElement("li");
      li.textContent = text;
      if (cls) li.className = cls;
      list.appendChild(li);
    };
    f.inFlight.forEach(function (m) {
      add(
        m.sent.from +
          " → " +
          m.sent.to +
          ": " +
          describe(m.sent.msg) +
          " · arrives at t = " +
          m.next +
          (m.copies > 1 ? " (" + m.copies + " copies)" : ""),
      );
    });
    f.dropped.forEach(function (s) {
      add(s.from + " → " + s.to + ": " + describe(s.msg) + " · dropped by the network", "dropped");
    });
    if (!list.children.length) add("none", "none");
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
      player.load(window.RaftTrace.validateTrace(traces[key]), figures[i].querySelector(".player-title").textContent);
    } catch (err) {
      player.render();
      player.showError("The recorded run of this scenario is missing or damaged: " + err.message + ".");
    }
  }
})();
