/*
 * Page behaviour shared by every page: the theme button, the phone's chapter menu, ←/→
 * between pages, copy buttons on code blocks, the on-this-page list following the reading
 * position, and the print button.
 */
(function () {
  "use strict";
  var KEY = "raft-workbook-theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function systemScheme() {
    return systemDark.matches ? "dark" : "light";
  }

  /** The theme pinned on this page, or null while it follows the system. */
  function pinned() {
    var theme = root.getAttribute("data-theme");
    return theme === "light" || theme === "dark" ? theme : null;
  }

  // Following the system, a click pins the scheme not on screen; pinned, a click follows the system again.
  function nextTheme() {
    if (pinned()) return null;
    return systemScheme() === "dark" ? "light" : "dark";
  }

  function themeAction(theme) {
    return theme === null ? "Follow system" : theme === "dark" ? "Use dark" : "Use light";
  }

  // "… theme" ends every label; a phone hides the word from sight (not from screen readers) to fit one row.
  function label(button, action) {
    button.textContent = action;
    var noun = document.createElement("span");
    noun.className = "theme-noun";
    noun.textContent = " theme";
    button.appendChild(noun);
  }

  function remember(theme) {
    try {
      if (theme) localStorage.setItem(KEY, theme);
      else localStorage.removeItem(KEY);
    } catch {
      /* the choice then lasts for this page only */
    }
  }

  // The button's name says what a click will do; its title says what the page shows now.
  function setupThemeToggle() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    var sync = function () {
      label(button, themeAction(nextTheme()));
      var now = pinned();
      button.title = now
        ? "Showing the " + now + " theme, chosen here"
        : "Showing the system's " + systemScheme() + " theme";
    };
    button.addEventListener("click", function () {
      var theme = nextTheme();
      if (theme) root.setAttribute("data-theme", theme);
      else root.removeAttribute("data-theme");
      remember(theme);
      sync();
    });
    systemDark.addEventListener("change", sync);
    sync();
  }

  // On a phone the chapter list folds behind the menu button (the stylesheet hides it until opened).
  function setupMenu() {
    var button = document.getElementById("menu-toggle");
    var menu = document.getElementById("sidebar");
    if (!button || !menu) return;
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    };
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      setOpen(open);
      if (open) (menu.querySelector('a[aria-current="page"]') || menu.querySelector("a")).focus();
    });
    menu.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
      setOpen(false);
      button.focus();
    });
  }

  // Where ←/→ already mean something: moving in a field, scrolling a code block or a figure,
  // stepping the player, walking search results.
  var OWN_ARROWS = "input, textarea, select, pre, figure, .logs-scroll, .timeline-scroll, .player, .search";

  function arrowsBelongTo(el) {
    return !!el && (el.isContentEditable || (typeof el.closest === "function" && el.closest(OWN_ARROWS) !== null));
  }

  function setupPageKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      if (arrowsBelongTo(e.target)) return;
      var link = document.querySelector(e.key === "ArrowLeft" ? 'link[rel="prev"]' : 'link[rel="next"]');
      if (!link) return;
      e.preventDefault();
      window.location.href = link.getAttribute("href");
    });
  }

  function copyToClipboard(text) {
    if (!navigator.clipboard || !window.isSecureContext) return Promise.reject(new Error("no clipboard here"));
    return navigator.clipboard.writeText(text);
  }

  // Without a clipboard (an insecure origin), the code is selected so that Ctrl+C copies it.
  function selectContents(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function addCopyButton(code, status) {
    var pre = code.parentNode;
    var block = document.createElement("div");
    block.className = "code-block";
    pre.parentNode.insertBefore(block, pre);
    block.appendChild(pre);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    block.appendChild(button);
    button.addEventListener("click", function () {
      copyToClipboard(code.textContent).then(
        function () {
          status.textContent = "Copied the code to the clipboard.";
        },
        function () {
          selectContents(code);
          status.textContent = "The code is selected: press Ctrl+C to copy it.";
        },
      );
    });
  }

  function setupCopyButtons() {
    var blocks = document.querySelectorAll("main pre > code");
    if (!blocks.length) return;
    var status = document.createElement("p");
    status.className = "visually-hidden copy-status";
    status.setAttribute("role", "status");
    document.querySelector("main").appendChild(status);
    for (var i = 0; i < blocks.length; i++) addCopyButton(blocks[i], status);
  }

  /** The on-this-page links, each with the heading it points at. */
  function tocTargets() {
    var links = document.querySelectorAll('.toc a[href^="#"]');
    var found = [];
    for (var i = 0; i < links.length; i++) {
      var target = document.getElementById(decodeURIComponent(links[i].hash.slice(1)));
      if (target) found.push({ link: links[i], target: target });
    }
    return found;
  }

  /** The section being read: the last heading at or above the line just under the sticky top bar. */
  function sectionAt(sections) {
    var bar = document.querySelector(".topbar");
    var line = (bar ? bar.getBoundingClientRect().bottom : 0) + 24;
    var doc = document.documentElement;
    // At the very bottom, the last headings may never reach the line: the last one is being read.
    if (window.scrollY > 0 && window.innerHeight + window.scrollY >= doc.scrollHeight - 2)
      return sections[sections.length - 1];
    var at = null;
    for (var i = 0; i < sections.length && sections[i].target.getBoundingClientRect().top <= line; i++)
      at = sections[i];
    return at;
  }

  function setupScrollspy() {
    var sections = tocTargets();
    if (!sections.length) return;
    var current = null;
    var queued = false;
    var update = function () {
      queued = false;
      var at = sectionAt(sections);
      if (at === current) return;
      if (current) current.link.removeAttribute("aria-current");
      current = at;
      if (current) current.link.setAttribute("aria-current", "location");
    };
    var queue = function () {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(update);
    };
    window.addEventListener("scroll", queue, { passive: true });
    window.addEventListener("resize", queue);
    update();
  }

  // Folded answers print unfolded: paper cannot be clicked open.
  function setupPrint() {
    var buttons = document.querySelectorAll(".print-button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        window.print();
      });
    }
    window.addEventListener("beforeprint", function () {
      var closed = document.querySelectorAll("details:not([open])");
      for (var j = 0; j < closed.length; j++) {
        closed[j].setAttribute("open", "");
        closed[j].setAttribute("data-print-opened", "");
      }
    });
    window.addEventListener("afterprint", function () {
      var opened = document.querySelectorAll("details[data-print-opened]");
      for (var j = 0; j < opened.length; j++) {
        opened[j].removeAttribute("open");
        opened[j].removeAttribute("data-print-opened");
      }
    });
  }

  setupThemeToggle();
  setupMenu();
  setupPageKeys();
  setupCopyButtons();
  setupScrollspy();
  setupPrint();
})();
