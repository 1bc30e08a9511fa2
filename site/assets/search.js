/*
 * Search over the prebuilt index. The index is a script (search-index.js) setting a global,
 * loaded the first time the field is used: a <script> element works from file://, where
 * fetching JSON does not. A result's link carries the search's words (?highlight=…), and the
 * page it opens marks them; / and s focus the field from anywhere but another field.
 */
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var panel = document.getElementById("search-results");
  if (!input || !panel) return;
  var MAX_RESULTS = 20;
  var loading = false;
  var timer = null;
  var rendered = null;

  function index() {
    return window.RAFT_SEARCH_INDEX || null;
  }

  function loadIndex() {
    if (index() || loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = "search-index.js";
    script.addEventListener("load", run);
    script.addEventListener("error", function () {
      show([], "The search index could not be loaded.");
    });
    document.head.appendChild(script);
  }

  function terms(query) {
    return query
      .toLowerCase()
      .split(/[^\p{L}\p{N}_]+/u)
      .filter(Boolean);
  }

  function score(doc, words) {
    var title = doc[1].toLowerCase();
    var text = doc[3].toLowerCase();
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var inTitle = title.indexOf(words[i]) >= 0;
      var count = text.split(words[i]).length - 1;
      if (!inTitle && count === 0) return 0;
      total += (inTitle ? 10 : 0) + Math.min(count, 5);
    }
    return total;
  }

  function snippet(text, word) {
    var at = text.toLowerCase().indexOf(word);
    if (at < 0) return { before: text.slice(0, 140), match: "", after: "" };
    var start = Math.max(0, at - 60);
    return {
      before: (start > 0 ? "…" : "") + text.slice(start, at),
      match: text.slice(at, at + word.length),
      after: text.slice(at + word.length, at + word.length + 80) + "…",
    };
  }

  /** A result's address with the words to mark on arrival, before its #anchor. */
  function withHighlight(href, words) {
    var hash = href.indexOf("#");
    var page = hash < 0 ? href : href.slice(0, hash);
    return page + "?highlight=" + encodeURIComponent(words.join(" ")) + (hash < 0 ? "" : href.slice(hash));
  }

  function resultItem(doc, words) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = withHighlight(doc[2], words);
    var where = document.createElement("span");
    where.className = "search-where";
    where.textContent = doc[0];
    var title = document.createElement("span");
    title.className = "search-title";
    title.textContent = doc[1];
    var cut = snippet(doc[3], words[0]);
    var text = document.createElement("span");
    text.className = "search-snippet";
    text.appendChild(document.createTextNode(cut.before));
    if (cut.match) {
      var mark = document.createElement("mark");
      mark.textContent = cut.match;
      text.appendChild(mark);
    }
    text.appendChild(document.createTextNode(cut.after));
    a.appendChild(where);
    a.appendChild(title);
    a.appendChild(text);
    li.appendChild(a);
    return li;
  }

  function show(items, message) {
    panel.textContent = "";
    var status = document.createElement("p");
    status.className = "search-status";
    status.setAttribute("role", "status");
    status.textContent = message;
    panel.appendChild(status);
    if (items.length) {
      var list = document.createElement("ul");
      items.forEach(function (li) {
        list.appendChild(li);
      });
      panel.appendChild(list);
    }
    panel.hidden = false;
  }

  function run() {
    var words = terms(input.value);
    if (!words.length) {
      panel.hidden = true;
      rendered = null;
      return;
    }
    var docs = index();
    if (!docs) {
      show([], "Loading the index…");
      loadIndex();
      return;
    }
    // The index arriving and the typing timer can both ask for the same query: render it once,
    // so a result the keyboard has already focused is not replaced under it.
    var query = words.join(" ");
    if (query === rendered && !panel.hidden) return;
    rendered = query;
    var hits = docs
      .map(function (doc) {
        return { doc: doc, score: score(doc, words) };
      })
      .filter(function (h) {
        return h.score > 0;
      })
      .sort(function (a, b) {
        return b.score - a.score;
      })
      .slice(0, MAX_RESULTS);
    var label =
      hits.length === 0
        ? "No results for “" + input.value.trim() + "”"
        : hits.length + (hits.length === 1 ? " result" : " results");
    show(
      hits.map(function (h) {
        return resultItem(h.doc, words);
      }),
      label,
    );
  }

  function links() {
    return Array.prototype.slice.call(panel.querySelectorAll("a"));
  }

  /** The text nodes of the page's content, outside scripts and marks already made. */
  function textNodes(within) {
    var walker = document.createTreeWalker(within, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode.closest("script, style, mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  }

  /** Wraps every occurrence of `pattern` in `node` in a <mark>. */
  function markIn(node, pattern) {
    var text = node.nodeValue;
    var parts = text.split(pattern);
    if (parts.length === 1) return;
    var fragment = document.createDocumentFragment();
    parts.forEach(function (part, i) {
      if (!part) return;
      // split() with a capturing group puts the matches at the odd places.
      if (i % 2 === 0) fragment.appendChild(document.createTextNode(part));
      else {
        var mark = document.createElement("mark");
        mark.className = "search-hit";
        mark.textContent = part;
        fragment.appendChild(mark);
      }
    });
    node.parentNode.replaceChild(fragment, node);
  }

  // The page a result opened marks the words searched for, as the results list did.
  function highlightArrival() {
    var words = terms(new URLSearchParams(window.location.search).get("highlight") || "");
    var content = document.getElementById("content");
    if (!words.length || !content) return;
    // terms() keeps only letters, digits and "_", so the words need no escaping in a pattern.
    var pattern = new RegExp("(" + words.join("|") + ")", "giu");
    textNodes(content).forEach(function (node) {
      markIn(node, pattern);
    });
  }

  function typingIn(el) {
    var tag = el && el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (!!el && el.isContentEditable);
  }

  function setupFocusKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if ((e.key !== "/" && e.key !== "s") || typingIn(e.target)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  }

  highlightArrival();
  setupFocusKeys();
  input.addEventListener("focus", loadIndex);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("keydown", function (e) {
    // Results for the last keystrokes may still be on their timer: show them now, so they are
    // not drawn again under the result the keyboard moves to.
    if (e.key === "ArrowDown" || e.key === "Enter") {
      clearTimeout(timer);
      run();
    }
    if (e.key === "ArrowDown" && links().length) {
      e.preventDefault();
      links()[0].focus();
    } else if (e.key === "Escape") {
      input.value = "";
      panel.hidden = true;
    } else if (e.key === "Enter" && links().length) {
      window.location.href = links()[0].href;
    }
  });
  panel.addEventListener("keydown", function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var next = at + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else if (next < all.length) all[next].focus();
    } else if (e.key === "Escape") {
      panel.hidden = true;
      input.focus();
    }
  });
  // A click on a result inside the same page changes only the hash: close the panel then too.
  panel.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) panel.hidden = true;
  });
  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".search")) panel.hidden = true;
  });
})();
