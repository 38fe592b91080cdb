/* Small layout helpers for narrow screens; every page works without them.
   - The header's "Menu" button folds and unfolds the menu on a phone (without this script the menu is simply shown).
   - A table marked `stack` becomes one card per row on a phone; each cell without a data-label gets its
     column's heading as label, so a template need only mark the table. */
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".topbar .menu-toggle");
  var menu = document.getElementById("menu-chinh");
  if (button && menu) {
    button.hidden = false;
    document.documentElement.classList.add("has-menu-toggle");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
  }
  document.querySelectorAll("table.stack").forEach(function (table) {
    var heads = table.querySelectorAll("thead tr:first-child th");
    if (!heads.length) return;
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        var span = cell.colSpan || 1;
        if (span === 1 && !cell.hasAttribute("data-label") && !cell.classList.contains("card-title") && heads[column]) {
          cell.setAttribute("data-label", heads[column].textContent.trim());
        }
        column += span;
      });
    });
  });
});
