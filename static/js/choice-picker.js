/* The filter box of a choice picker (core/widgets.py): shows only the choices whose name answers what is typed,
   best first, as core.search.rank does: no diacritics or case, every typed word the start of a word or the
   initials of consecutive words ("tgpl" = Trợ giúp pháp lý); whole words, then initials, then beginnings;
   in the typed order and close together first. Ticked choices always stay in view. */
(function () {
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(text) { return fold(text).match(/[a-z0-9]+/g) || []; }

  function candidates(typed, list) {
    var found = [];
    list.forEach(function (word, start) {
      if (word === typed) found.push([start, start + 1, 0]);
      else if (word.indexOf(typed) === 0) found.push([start, start + 1, 2]);
    });
    if (typed.length >= 2 && /^[a-z]+$/.test(typed)) {
      var loose = typed.length >= 3 ? 1 : 3;
      for (var start = 0; start + typed.length <= list.length; start++) {
        var ok = true;
        for (var k = 0; k < typed.length; k++) { if (list[start + k][0] !== typed[k]) { ok = false; break; } }
        if (ok) found.push([start, start + typed.length, loose]);
      }
    }
    return found;
  }

  function rank(typedWords, text) {
    var list = words(text), used = {}, previousEnd = 0, outOfOrder = 0, looseness = 0, gaps = 0, first = -1;
    for (var i = 0; i < typedWords.length; i++) {
      var options = candidates(typedWords[i], list).filter(function (c) {
        for (var p = c[0]; p < c[1]; p++) { if (used[p]) return false; }
        return true;
      });
      if (!options.length) return null;
      var inOrder = options.filter(function (c) { return c[0] >= previousEnd; });
      var pool = inOrder.length ? inOrder : options;
      pool.sort(function (a, b) { return a[2] - b[2] || a[0] - b[0]; });
      var best = pool[0];
      if (!inOrder.length) outOfOrder += 1; else if (first >= 0) gaps += best[0] - previousEnd;
      for (var q = best[0]; q < best[1]; q++) used[q] = true;
      looseness += best[2];
      previousEnd = best[1];
      if (first < 0) first = best[0];
    }
    return [looseness, outOfOrder, gaps, first, list.length];
  }

  function compare(a, b) {
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) return a[i] - b[i]; }
    return 0;
  }

  function setUp(picker) {
    var box = picker.querySelector("[data-choice-filter]");
    var list = picker.querySelector(".choice-list");
    var none = picker.querySelector("[data-choice-none]");
    var items = Array.prototype.slice.call(list.children);
    box.parentNode.hidden = false;
    box.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
    box.addEventListener("input", function () {
      var typed = words(box.value);
      var shown = 0;
      var scored = items.map(function (item, position) {
        var ticked = item.querySelector("input").checked;
        var score = typed.length ? rank(typed, item.textContent) : [0];
        return { item: item, position: position, ticked: ticked, score: score };
      });
      scored.sort(function (a, b) {
        if (!typed.length || (a.score === null && b.score === null)) return a.position - b.position;
        if (a.score === null) return 1;
        if (b.score === null) return -1;
        return compare(a.score, b.score) || a.position - b.position;
      });
      scored.forEach(function (entry) {
        var visible = entry.score !== null || entry.ticked;
        entry.item.hidden = !visible;
        if (visible && entry.score !== null) shown += 1;
        list.appendChild(entry.item);
      });
      none.hidden = !typed.length || shown > 0;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-choice-picker]").forEach(setUp);
  });
})();
