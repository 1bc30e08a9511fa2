/*
 * The scenario player: steps through a recorded trace (the chapter's own, from
 * traces/<chapter>.js, or a file the learner opens), showing each node's role, term and
 * log with its commit point, and the messages in flight after each event.
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
              return e && e.command;
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
    this.messages = figure.querySelector(".player-messages ul");
    this.error = figure.querySelector(".player-error");
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
    this.event.textContent = "t = " + e.t + " · " + e.what;
    this.renderFailure(trace.failure);
    this.state.innerHTML = window.RaftLogView.renderLogTable({
      caption: "Nodes after event " + (this.index + 1),
      columns: ["Role", "Term", "Voted for", "Commit index"],
      nodes: e.state.map(function (s) {
        return {
          id: s.id,
          entries: s.log.slice(1),
          commitIndex: s.commitIndex,
          values: [s.up ? s.role : "down", String(s.term), s.votedFor || "–", String(s.commitIndex)],
          current: s.id === e.node,
          down: !s.up,
        };
      }),
    });
    this.renderMessages(this.flights[this.index]);
    this.renderNotes(e);
    this.renderProgress(e.state);
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
