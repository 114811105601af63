/*
 * copy.js: a Copy button for each reference and credit line on an item page (the elements
 * marked `data-op-copy`, whose value is the button's name). No libraries.
 * Without JavaScript the text is plain, selectable text and there is no button to miss.
 * The button is a real <button>, so Tab reaches it and Enter or Space press it; a polite live
 * region says what happened. Where the clipboard cannot be written (an old browser, a page
 * opened from disk) the text is selected instead, and the message says to press Ctrl+C.
 * A Harvard reference's "Accessed" date (`time[data-op-accessed]`, the day the site was
 * built) becomes today's date, the day the reader uses the page.
 */
(function () {
  "use strict";

  var blocks = document.querySelectorAll("[data-op-copy]");
  if (!blocks.length) return;

  var today = new Date();
  var accessed = today.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  var iso = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
    String(today.getDate()).padStart(2, "0");
  Array.prototype.forEach.call(document.querySelectorAll("time[data-op-accessed]"), function (time) {
    time.textContent = accessed;
    time.setAttribute("datetime", iso);
  });

  var status = document.createElement("p");
  status.className = "op-sr";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  document.body.appendChild(status);

  function say(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copied(button, label) {
    button.firstChild.nodeValue = "Copied";
    say(label.replace(/^Copy /, "").replace(/^t/, "T") + " is copied to the clipboard.");
    window.setTimeout(function () { button.firstChild.nodeValue = "Copy"; }, 2000);
  }

  function copy(element, button, label) {
    var text = element.textContent.replace(/\s+/g, " ").trim();
    var fallback = function () {
      select(element);
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      if (done) copied(button, label);
      else say("The text is selected: press Ctrl+C (or Command+C) to copy it.");
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { copied(button, label); }, fallback);
    } else {
      fallback();
    }
  }

  Array.prototype.forEach.call(blocks, function (element) {
    var label = element.getAttribute("data-op-copy") || "Copy";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "op-copy";
    // Seen: "Copy"; heard: the whole name ("Copy the APA reference"), which starts with it.
    var hidden = document.createElement("span");
    hidden.className = "op-sr";
    hidden.textContent = label.replace(/^Copy/, "");
    button.appendChild(document.createTextNode("Copy"));
    button.appendChild(hidden);
    button.addEventListener("click", function () { copy(element, button, label); });
    element.insertAdjacentElement("afterend", button);
  });
})();
