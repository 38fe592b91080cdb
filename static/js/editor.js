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

/* One rule for what is saved when: the activity's own fields are saved by "Lưu" (targets and budget lines by their
   own buttons), and leaving an item with something typed and not saved asks first — opening another item of the
   tree, adding one (which opens it), archiving it, or leaving the page. A panel the server sent back unsaved (a
   unit search, a refused save) carries data-unsaved="1". Errors that come back are scrolled into view and their
   field focused, wherever they are on the page (the "Lý do điều chỉnh" box sits far above the "Lưu" button). */
(function () {
  "use strict";
  var dirtyForms = new Set();

  function panel() { return document.getElementById("activity-panel"); }

  function isDirty() {
    var activityForm = document.getElementById("activity-form");
    if (activityForm && activityForm.dataset.unsaved === "1") return true;
    dirtyForms.forEach(function (form) { if (!document.contains(form)) dirtyForms.delete(form); });
    return dirtyForms.size > 0;
  }

  function message() {
    var root = document.querySelector("[data-unsaved-message]");
    return root ? root.dataset.unsavedMessage : "";
  }

  function forget() {
    dirtyForms.clear();
    var activityForm = document.getElementById("activity-form");
    if (activityForm) delete activityForm.dataset.unsaved;
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    var box = panel();
    if (!box || !target || !box.contains(target) || !target.form) return;
    if (target.dataset && target.dataset.enterClicks) return;  // a unit search box: nothing to lose
    dirtyForms.add(target.form);
  });

  function replacesPanel(detail) {
    var submitter = detail.triggeringEvent && detail.triggeringEvent.submitter;
    if (submitter && /^add-/.test(submitter.value || "")) return true;  // the new item opens in the panel
    return detail.verb === "get" && detail.target && detail.target.id === "activity-panel";
  }

  document.addEventListener("htmx:confirm", function (event) {
    if (!isDirty() || !replacesPanel(event.detail)) return;
    event.preventDefault();
    if (window.confirm(message())) {
      forget();
      event.detail.issueRequest(true);
    }
  });

  // A refusal that leaves the forms as typed (HX-Reswap: none: the reason of an issued plan is missing, the server
  // is busy) saved nothing: what was typed stays unsaved.
  function keptAsTyped(detail) {
    return !!detail.xhr && detail.xhr.getResponseHeader("HX-Reswap") === "none";
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (form && event.detail.successful && !keptAsTyped(event.detail)) dirtyForms.delete(form);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (keptAsTyped(event.detail)) return;
    if (event.detail.target && event.detail.target.id === "activity-panel") dirtyForms.clear();
  });

  window.addEventListener("beforeunload", function (event) {
    if (!isDirty()) return;
    event.preventDefault();
    event.returnValue = message();
  });
  // A plain (non-htmx) submit of the activity form leaves the page on purpose: no question then.
  document.addEventListener("submit", function (event) {
    if (event.target && event.target.id === "activity-form" && !event.defaultPrevented) forget();
  });

  function showFirstError(root) {
    if (!root || !root.querySelector) return;
    var invalid = root.querySelector('[aria-invalid="true"], .has-error input, .has-error textarea, .has-error select');
    var shown = invalid || root.querySelector(".field-error, .error[role='alert']");
    if (!shown) return;
    shown.scrollIntoView({block: "center"});
    if (invalid && invalid.focus) invalid.focus({preventScroll: true});
  }
  document.addEventListener("htmx:afterSettle", function (event) { showFirstError(event.detail.elt); });
  document.addEventListener("htmx:oobAfterSwap", function (event) { showFirstError(event.detail.target); });
})();
