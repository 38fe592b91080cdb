/* Content editor: Enter in a unit search or "add an outside body" box presses that box's own button
   instead of the form's first button ("Lưu"), so typing a search never saves the activity by accident. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var input = event.target;
    if (!input || !input.dataset || !input.dataset.enterClicks) return;
    var button = document.getElementById(input.dataset.enterClicks);
    if (!button) return;
    event.preventDefault();
    button.click();
  });
})();
