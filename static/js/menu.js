/* The header's menu on a phone: the "Menu" button folds and unfolds it. Without this script the menu is simply
   shown (the button stays hidden), so every page works without JavaScript. */
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".topbar .menu-toggle");
  var menu = document.getElementById("menu-chinh");
  if (!button || !menu) return;
  button.hidden = false;
  document.documentElement.classList.add("has-menu-toggle");
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
});
