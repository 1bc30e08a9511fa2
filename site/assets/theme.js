/*
 * Applies a remembered theme before the page paints. Without a stored choice the page
 * follows the system (CSS color-scheme: light dark), so this sets nothing.
 */
(function () {
  "use strict";
  try {
    var stored = localStorage.getItem("raft-workbook-theme");
    if (stored === "light" || stored === "dark") document.documentElement.setAttribute("data-theme", stored);
  } catch {
    /* storage may be off (private mode, file:// policies): the system theme it is */
  }
})();
