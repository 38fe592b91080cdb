/* Type-ahead fields (core/widgets.py, templates/core/widgets/type_ahead.html): the text box becomes an ARIA
   combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/) whose listbox shows the suggestions of the field's
   JSON endpoint for what is typed: arrow keys move through them, Enter or a tap picks one, Escape closes the list.
   A pick sets the hidden value the page reads and the label shown; nothing is submitted until the user submits the
   form. Text typed but not picked is submitted as it is and found by the server, as without JavaScript. */
(function () {
  var DELAY = 200;

  function setUp(root) {
    var box = root.querySelector("[data-type-ahead-box]");
    var value = root.querySelector("[data-type-ahead-value]");
    var shown = root.querySelector("[data-type-ahead-shown]");
    var list = root.querySelector(".type-ahead-list");
    var status = root.querySelector("[data-type-ahead-status]");
    var form = box.form;
    var results = [], active = -1, timer = null, asked = 0, controller = null;

    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", list.id);
    list.setAttribute("role", "listbox");

    function say(text) { status.textContent = text; }

    function close() {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!results.length) return;
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = index;
      if (active < 0) { box.removeAttribute("aria-activedescendant"); return; }
      options[active].setAttribute("aria-selected", "true");
      box.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function pick(index) {
      var chosen = results[index];
      value.value = chosen.value;
      box.value = chosen.label;
      shown.value = chosen.label;
      close();
      say(root.dataset.msgPicked.replace("{label}", chosen.label));
    }

    function render(found) {
      results = found;
      list.textContent = "";
      active = -1;
      found.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        if (item.kind) {
          var kind = document.createElement("span");
          kind.className = "type-ahead-kind";
          kind.textContent = item.kind;
          option.appendChild(kind);
        }
        var label = document.createElement("span");
        label.textContent = item.label;
        option.appendChild(label);
        // Keep the focus in the box, so the pick does not close the list through a blur first.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { pick(index); });
        list.appendChild(option);
      });
      if (found.length) { open(); say(root.dataset.msgCount.replace("{n}", found.length)); }
      else { close(); say(root.dataset.msgNone); }
    }

    function ask() {
      var text = box.value.trim();
      if (!text) { results = []; list.textContent = ""; close(); say(""); return; }
      var url = new URL(root.dataset.url, window.location.href);
      url.searchParams.set("q", text);
      (root.dataset.include || "").split(/\s+/).forEach(function (name) {
        var field = name && form && form.elements[name];
        if (field && field.value) url.searchParams.set(name, field.value);
      });
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var number = ++asked;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin",
                   signal: controller ? controller.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (number === asked && document.activeElement === box) render(data.results || []); })
        .catch(function () { /* aborted by a newer request, or offline: the server finds the text on submit */ });
    }

    box.addEventListener("input", function () {
      if (!box.value.trim()) {
        // An emptied box stands for the field's default ("all"), as the server reads it.
        value.value = root.dataset.cleared;
        shown.value = "";
      }
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });

    box.addEventListener("keydown", function (event) {
      var count = results.length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!count) return;
        event.preventDefault();
        if (list.hidden) { open(); highlight(event.key === "ArrowDown" ? 0 : count - 1); return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        highlight(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); pick(active); }
        else close();  // the form is submitted with the text as typed
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      }
    });

    box.addEventListener("blur", close);

    if (form) {
      form.addEventListener("submit", function () {
        // An unchanged box adds nothing to the URL: the hidden value says it all. The names come back at once,
        // after the browser has read the form.
        if (box.value.trim() !== shown.value.trim()) return;
        var named = [[box, box.name], [shown, shown.name]];
        named.forEach(function (pair) { pair[0].removeAttribute("name"); });
        setTimeout(function () { named.forEach(function (pair) { pair[0].name = pair[1]; }); }, 0);
      });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-type-ahead]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
