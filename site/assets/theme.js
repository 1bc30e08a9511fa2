/*
 * Runs in <head>, before the page paints. It applies a remembered theme (without a stored
 * choice the page follows the system: CSS color-scheme: light dark), and marks that scripts
 * run, so that the phone layout can fold the chapter list behind its menu button only when
 * that button works.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var stored = localStorage.getItem("raft-workbook-theme");
    if (stored === "light" || stored === "dark") root.setAttribute("data-theme", stored);
  } catch {
    /* storage may be off (private mode, file:// policies): the system theme it is */
  }
})();
