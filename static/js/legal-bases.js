/* Legal bases on the plan form: add a row from the formset's empty form, move rows up and down.
   Without this script the page still works: "Thêm căn cứ" posts back for a new row and the
   "Thứ tự" numbers set the order. */
(function () {
  "use strict";

  function renumber(list) {
    var rows = list.querySelectorAll("[data-basis-row]");
    rows.forEach(function (row, index) {
      var position = row.querySelector("input.position");
      if (position) position.value = index + 1;
      var label = row.querySelector(".basis-index");
      if (label) label.textContent = index + 1;
    });
  }

  function showMoveButtons(row) {
    row.querySelectorAll("[data-move]").forEach(function (button) { button.hidden = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("[data-basis-list]");
    var template = document.getElementById("basis-template");
    var add = document.querySelector("[data-add-basis]");
    var total = document.querySelector("input[name$='-TOTAL_FORMS']");
    if (!list || !template || !add || !total) return;

    list.querySelectorAll("[data-basis-row]").forEach(showMoveButtons);

    add.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(total.value, 10) || 0;
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      list.appendChild(row);
      total.value = index + 1;
      showMoveButtons(row);
      renumber(list);
      var empty = document.querySelector("[data-basis-empty]");
      if (empty) empty.hidden = true;
      var first = row.querySelector("select, input:not([type=hidden]):not(.position)");
      if (first) first.focus();
    });

    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      var row = button.closest("[data-basis-row]");
      if (button.dataset.move === "up" && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
      } else if (button.dataset.move === "down" && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
      }
      renumber(list);
      button.focus();
    });
  });
})();
