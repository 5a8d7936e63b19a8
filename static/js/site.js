/* Every page: "/" puts the cursor in the search box (as on GitHub or YouTube), unless the person is typing. */
(function () {
  "use strict";
  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var box = document.querySelector("[data-search-shortcut]");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
