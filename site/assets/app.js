/* Page behaviour shared by every page: the theme toggle, ←/→ between pages, the print button. */
(function () {
  "use strict";
  var KEY = "raft-workbook-theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : systemDark.matches;
  }

  function setupThemeToggle() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    var sync = function () {
      button.setAttribute("aria-pressed", String(isDark()));
    };
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try {
        localStorage.setItem(KEY, next);
      } catch {
        /* the choice then lasts for this page only */
      }
      sync();
    });
    systemDark.addEventListener("change", sync);
    sync();
  }

  function typingIn(el) {
    if (!el || el === document.body) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  // ←/→ turn the page, unless the key means something where it was pressed (a field, the player).
  function setupPageKeys() {
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
      if (typingIn(e.target) || (e.target.closest && e.target.closest(".player, .search"))) return;
      var link = document.querySelector(e.key === "ArrowLeft" ? 'link[rel="prev"]' : 'link[rel="next"]');
      if (!link) return;
      e.preventDefault();
      window.location.href = link.getAttribute("href");
    });
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
  setupPageKeys();
  setupPrint();
})();
