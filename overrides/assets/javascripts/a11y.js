// a11y.js: keyboard fixes to stock Material for MkDocs 9.8 that need a script, because the
// markup concerned sits in Material's partials/header.html, outside every template block.
// Without JavaScript nothing here is needed: the drawer cannot open and the shortcuts do not
// exist. The browser gates (tests/browser/test_keyboard.py) check each fix.
(() => {
  "use strict";

  // 2.1.1 Keyboard: below 76.25em the site navigation is in a drawer opened by a <label> in
  // the header, which Tab never reaches. Make it a real button for keyboard and screen-reader
  // users: focusable, named, its state announced, opened with Enter or Space; focus goes into
  // the drawer when it opens and back to the button when Escape closes it.
  const toggle = document.getElementById("__drawer");
  const button = document.querySelector(".md-header label.md-header__button[for='__drawer']");
  const drawer = document.querySelector(".md-sidebar--primary");
  if (toggle && button) {
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    button.setAttribute("aria-label", "Menu");
    const sync = () => button.setAttribute("aria-expanded", String(toggle.checked));
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      event.stopPropagation(); // Material also clicks a focused label on Enter: once is enough
      toggle.click();
      sync();
      if (toggle.checked && drawer) {
        const first = drawer.querySelector("a[href], [tabindex='0']");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && toggle.checked) {
        toggle.click();
        sync();
        button.focus();
      }
    });
  }

  // 2.1.4 Character key shortcuts: Material moves to the next or previous page when n . p or
  // , is pressed anywhere outside a text field, with no way to turn it off. Speech-input users
  // and anyone who mistypes are sent to another page. Stop those keys reaching Material's
  // listener (on window) unless a modifier is held; text fields are not affected.
  const shortcuts = new Set(["n", ".", "p", ","]);
  document.addEventListener("keydown", (event) => {
    if (!shortcuts.has(event.key) || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable
        || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.stopPropagation();
  });
})();
