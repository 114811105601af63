/*
 * register.js: makes the policy register's table sortable. No libraries.
 * Loaded on every page; does nothing unless the page has `.op-register table`.
 * Each column heading becomes a <button> (so it is keyboard operable and announced as a
 * button); the sorted column carries aria-sort, and a polite live region says what changed.
 * Cells sort by a `data-sort` value, else a <time datetime>, else their text (numbers in
 * text compare as numbers, so version 10.0 comes after 9.1).
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("en-GB", { numeric: true, sensitivity: "base" });

  function keyOf(cell) {
    var marked = cell.querySelector("[data-sort]");
    if (marked) return marked.getAttribute("data-sort");
    var time = cell.querySelector("time[datetime]");
    if (time) return time.getAttribute("datetime");
    return cell.textContent.trim();
  }

  function enhance(table) {
    if (table.getAttribute("data-op-sort-ready")) return;
    table.setAttribute("data-op-sort-ready", "true");
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var body = table.tBodies[0];
    if (!body || headers.length === 0) return;

    var status = document.createElement("p");
    status.className = "op-sr";
    status.setAttribute("aria-live", "polite");
    table.parentNode.insertBefore(status, table.nextSibling);

    headers.forEach(function (th, index) {
      var label = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "op-sort";
      // The heading's own markup (e.g. the initial-sort marker) moves into the button.
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      var marker = button.querySelector("[data-sorted]");
      if (marker) th.setAttribute("aria-sort", marker.getAttribute("data-sorted"));

      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
          return { row: row, key: keyOf(row.cells[index]), position: position };
        });
        rows.sort(function (a, b) {
          var order = collator.compare(a.key, b.key);
          if (!ascending) order = -order;
          return order || a.position - b.position;  // stable
        });
        rows.forEach(function (item) { body.appendChild(item.row); });
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        status.textContent = "Sorted by " + label + ", " +
          (ascending ? "ascending" : "descending") + ".";
      });
    });
  }

  function init() {
    var tables = document.querySelectorAll(".op-register table");
    Array.prototype.forEach.call(tables, enhance);
  }

  // Material's instant navigation (if ever enabled) swaps pages without a reload.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
