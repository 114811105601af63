/* Open Practice search (loaded on every page; no build step, no dependencies).
 *
 * 1. Header search (partials/op-header-search.html): a plain GET form to the Explore page
 *    (?q=...). On the Explore page itself it runs the search in place instead of reloading.
 * 2. The Explore page (op-explore.html): faceted search over the Pagefind index, with
 *    Pagefind's JS API (pagefind/pagefind.js, imported relative to the site root).
 *
 * State lives in the URL, so every search can be shared and bookmarked:
 *   ?q=reading&theme=Reading&group=Disadvantaged+pupils&sort=evidence
 * one parameter per ticked value, named after its facet (Pagefind filter name); values are
 * the labels shown on the page. The URL is kept current with history.replaceState.
 *
 * Semantics: values ticked within one facet are alternatives (any of them); facets narrow one
 * another (all of them). Each facet's counts say how many results you would get with that
 * value ticked, given the query and the OTHER facets (one extra Pagefind search per facet in
 * use). With no query, Pagefind browses the whole index: search(null, {filters}).
 *
 * Sorting: Pagefind sorts on one key and leaves out pages without it (ordinary pages have no
 * date; policies no evidence strength). The sorted results come first, then the rest in
 * relevance order, so changing the sort never changes what was found.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 250;
  var SORTS = {
    relevance: null,
    date: { date: "desc" },
    "date-asc": { date: "asc" },
    evidence: { evidence: "desc" },
  };
  var SORT_WORDS = {
    relevance: "best match first",
    date: "newest first",
    "date-asc": "oldest first",
    evidence: "strongest evidence first",
  };

  var app = document.querySelector("[data-op-explore]");
  var header = document.querySelector("[data-op-header-search]");

  if (!app) {
    return; // the header form works without script: it is a GET form to the Explore page
  }

  var form = app.querySelector("#op-explore-form");
  var queryInput = app.querySelector("#op-q");
  var sortSelect = app.querySelector("#op-sort");
  var statusEl = app.querySelector("#op-status");
  var resultsEl = app.querySelector("[data-op-results]");
  var moreButton = app.querySelector("[data-op-more]");
  var clearButton = app.querySelector("[data-op-clear]");
  var activeEl = app.querySelector("[data-op-active]");
  var chipsEl = app.querySelector("[data-op-chips]");
  var suggestEl = app.querySelector("[data-op-suggestions]");
  var facetEls = Array.prototype.slice.call(app.querySelectorAll("[data-op-facet]"));
  var facetKeys = facetEls.map(function (el) { return el.getAttribute("data-op-facet"); });
  var legends = {};
  facetEls.forEach(function (el) {
    legends[el.getAttribute("data-op-facet")] = el.querySelector("legend").textContent.trim();
  });
  var synonyms = [];
  try {
    synonyms = JSON.parse(document.getElementById("op-search-synonyms").textContent) || [];
  } catch (e) {
    synonyms = [];
  }

  var state = { q: "", sort: "", filters: {} };
  var pagefind = null;
  var current = null; // {ids, results, shown}
  var searchSeq = 0;
  var debounceTimer = null;

  /* ---------- state <-> controls <-> URL ---------- */

  function checkboxes(key) {
    return Array.prototype.slice.call(
      app.querySelectorAll('input[type="checkbox"][name="' + key + '"]'));
  }

  function knownValues(key) {
    return checkboxes(key).map(function (box) { return box.value; });
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    state.q = (params.get("q") || "").trim();
    var sort = params.get("sort") || "";
    state.sort = Object.prototype.hasOwnProperty.call(SORTS, sort) ? sort : "";
    state.filters = {};
    facetKeys.forEach(function (key) {
      var known = knownValues(key);
      var values = params.getAll(key).filter(function (v, i, all) {
        return known.indexOf(v) !== -1 && all.indexOf(v) === i;
      });
      if (values.length) state.filters[key] = values;
    });
  }

  function writeUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    facetKeys.forEach(function (key) {
      (state.filters[key] || []).forEach(function (v) { params.append(key, v); });
    });
    if (state.sort) params.set("sort", state.sort);
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  }

  // The sort in force: the one chosen, else best match with a query and newest without one
  // ("best match" means nothing without a query).
  function effectiveSort() {
    if (state.sort && !(state.sort === "relevance" && !state.q)) return state.sort;
    return state.q ? "relevance" : "date";
  }

  function stateToControls() {
    queryInput.value = state.q;
    if (header && header.querySelector("input[name=q]")) {
      header.querySelector("input[name=q]").value = state.q;
    }
    sortSelect.querySelector('option[value="relevance"]').disabled = !state.q;
    sortSelect.value = effectiveSort();
    facetEls.forEach(function (el) {
      var key = el.getAttribute("data-op-facet");
      var chosen = state.filters[key] || [];
      checkboxes(key).forEach(function (box) { box.checked = chosen.indexOf(box.value) !== -1; });
      if (chosen.length) el.open = true;
    });
  }

  function controlsToState() {
    state.q = queryInput.value.trim();
    state.filters = {};
    facetKeys.forEach(function (key) {
      var values = checkboxes(key).filter(function (b) { return b.checked; })
        .map(function (b) { return b.value; });
      if (values.length) state.filters[key] = values;
    });
  }

  function activeCount() {
    return facetKeys.reduce(function (n, key) { return n + (state.filters[key] || []).length; }, 0);
  }

  /* ---------- Pagefind ---------- */

  function pagefindFilters(exceptKey) {
    var filters = {};
    facetKeys.forEach(function (key) {
      if (key !== exceptKey && state.filters[key] && state.filters[key].length) {
        filters[key] = { any: state.filters[key].slice() };
      }
    });
    return filters;
  }

  function loadPagefind() {
    var url = new URL(app.getAttribute("data-op-pagefind"), window.location.href).href;
    return import(url).then(function (module) {
      // filters() loads every facet's filter index; until it has, a search only counts the
      // facets it filters on.
      return Promise.resolve(module.init()).then(function () { return module.filters(); })
        .then(function () { return module; });
    });
  }

  function runSearch() {
    var seq = ++searchSeq;
    var term = state.q ? state.q : null;
    var sortKey = effectiveSort();
    var filters = pagefindFilters(null);
    var jobs = [pagefind.search(term, { filters: filters })];
    jobs.push(SORTS[sortKey] ? pagefind.search(term, { filters: filters, sort: SORTS[sortKey] })
                             : Promise.resolve(null));
    var inUse = facetKeys.filter(function (key) { return (state.filters[key] || []).length; });
    inUse.forEach(function (key) {
      jobs.push(pagefind.search(term, { filters: pagefindFilters(key) }));
    });
    resultsEl.setAttribute("aria-busy", "true"); // the list, not the live region's ancestors
    return Promise.all(jobs).then(function (found) {
      if (seq !== searchSeq) return; // a newer search has started
      var main = found[0];
      var sorted = found[1];
      var counts = {};
      facetKeys.forEach(function (key) { counts[key] = (main.filters || {})[key] || {}; });
      inUse.forEach(function (key, i) { counts[key] = (found[i + 2].filters || {})[key] || {}; });
      var results = main.results;
      if (sorted) {
        var seen = new Set();
        results = sorted.results.slice();
        results.forEach(function (r) { seen.add(r.id); });
        main.results.forEach(function (r) { if (!seen.has(r.id)) results.push(r); });
      }
      current = { results: results, shown: 0 };
      updateCounts(counts);
      updateChips();
      updateSuggestions();
      resultsEl.textContent = "";
      return showMore(seq).then(function () {
        if (seq !== searchSeq) return;
        announce();
        app.setAttribute("data-op-done", String(seq)); // for tests: this search is on screen
      });
    }).catch(function (error) {
      if (seq !== searchSeq) return;
      fail(error);
    }).then(function () {
      if (seq === searchSeq) resultsEl.removeAttribute("aria-busy");
    });
  }

  function showMore(seq) {
    var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    // data() is per search (the excerpt marks this query's words); Pagefind caches the fetch
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
      if (seq !== searchSeq) return null;
      var first = null;
      datas.forEach(function (data) {
        var li = renderResult(data);
        if (!first) first = li;
        resultsEl.appendChild(li);
      });
      current.shown += datas.length;
      var left = current.results.length - current.shown;
      moreButton.hidden = left <= 0;
      moreButton.textContent = left > PAGE_SIZE
        ? "Show " + PAGE_SIZE + " more results (" + left + " not shown yet)"
        : "Show the last " + plural(left, "result", "results");
      return first;
    });
  }

  /* ---------- rendering ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  // Pagefind's excerpt is escaped page text with <mark> around matches: rebuild it from text
  // nodes and <mark> only, so nothing else from the index can become markup.
  function excerptNodes(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var out = document.createDocumentFragment();
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") out.appendChild(el("mark", null, node.textContent));
      else out.appendChild(document.createTextNode(node.textContent));
    });
    return out;
  }

  function badge(text, modifier) {
    return el("span", "op-badge" + (modifier ? " op-badge--" + modifier : ""), text);
  }

  function renderResult(data) {
    var meta = data.meta || {};
    var li = el("li", "op-result");
    var kind = meta.kind || "page";
    li.setAttribute("data-op-kind", kind);

    var heading = el("h3", "op-result__title");
    var link = el("a", null, meta.title || data.url);
    link.href = data.url;
    heading.appendChild(link);
    li.appendChild(heading);

    var badges = el("p", "op-result__badges");
    badges.appendChild(badge(meta.type || "Page", "type op-badge--" + kind));
    if (meta.evidence_label) {
      var ev = badge(meta.evidence_label, "evidence");
      ev.setAttribute("data-op-evidence", meta.evidence || "");
      badges.appendChild(ev);
    }
    if (meta.stage) badges.appendChild(badge("Stage: " + meta.stage, "stage"));
    if (meta.review) badges.appendChild(badge("Review: " + meta.review, "review-" + (meta.review_state || "")));
    li.appendChild(badges);

    var facts = [];
    if (meta.schools) facts.push(meta.schools);
    if (meta.date_label) facts.push(meta.date_label);
    if (facts.length) {
      var where = el("p", "op-result__facts", facts.join(" · "));
      if (meta.date) where.setAttribute("data-op-date", meta.date);
      li.appendChild(where);
    }

    var text = el("p", "op-result__text");
    if (state.q && data.excerpt) text.appendChild(excerptNodes(data.excerpt));
    else text.textContent = meta.summary || data.excerpt || "";
    if (text.textContent.trim()) li.appendChild(text);
    return li;
  }

  function updateCounts(counts) {
    facetEls.forEach(function (facetEl) {
      var key = facetEl.getAttribute("data-op-facet");
      var chosen = state.filters[key] || [];
      checkboxes(key).forEach(function (box) {
        var n = counts[key][box.value] || 0;
        var countEl = facetEl.querySelector('label[for="' + box.id + '"] [data-op-count]');
        countEl.textContent = String(n);
        countEl.appendChild(el("span", "op-search-sr", n === 1 ? " result" : " results"));
        box.closest(".op-facet__option").classList.toggle("op-facet__option--empty", n === 0);
      });
      var selected = facetEl.querySelector("[data-op-selected]");
      selected.textContent = chosen.length ? " (" + chosen.length + " selected)" : "";
    });
    clearButton.hidden = activeCount() === 0;
  }

  function updateChips() {
    chipsEl.textContent = "";
    facetKeys.forEach(function (key) {
      (state.filters[key] || []).forEach(function (value) {
        var li = el("li", "op-chip");
        var button = el("button", "op-chip__button");
        button.type = "button";
        button.appendChild(el("span", null, legends[key] + ": " + value));
        button.appendChild(el("span", "op-chip__x", "\u00d7"));
        button.setAttribute("aria-label", "Remove filter " + legends[key] + ": " + value);
        button.addEventListener("click", function () {
          var next = chipsEl.querySelectorAll("button");
          var index = Array.prototype.indexOf.call(next, button);
          state.filters[key] = (state.filters[key] || []).filter(function (v) { return v !== value; });
          if (!state.filters[key].length) delete state.filters[key];
          stateToControls();
          update().then(function () {
            // keep keyboard focus in the list of filters, or on the search box when it empties
            var buttons = chipsEl.querySelectorAll("button");
            if (buttons.length) buttons[Math.min(index, buttons.length - 1)].focus();
            else queryInput.focus();
          });
        });
        li.appendChild(button);
        chipsEl.appendChild(li);
      });
    });
    activeEl.hidden = activeCount() === 0;
  }

  // as openpractice/search/terms.py normalise(): letters and digits, lower case
  function normalise(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).join(" ");
  }

  // "SEN" is a name of the theme SEND and of the pupil group "Pupils with SEND": offer those
  // filters (the text search already finds items tagged with them, through their synonyms).
  function updateSuggestions() {
    suggestEl.textContent = "";
    var q = normalise(state.q);
    var offers = [];
    if (q) {
      synonyms.forEach(function (term) {
        if (term.terms.indexOf(q) === -1) return;
        if (knownValues(term.facet).indexOf(term.label) === -1) return;
        if ((state.filters[term.facet] || []).indexOf(term.label) !== -1) return;
        offers.push(term);
      });
    }
    suggestEl.hidden = offers.length === 0;
    if (!offers.length) return;
    suggestEl.appendChild(el("p", "op-explore__suggest-lead",
      "\u201c" + state.q + "\u201d is a term we tag items with. Show only items tagged:"));
    var list = el("ul", "op-explore__suggest-list");
    offers.slice(0, 4).forEach(function (term) {
      var li = el("li");
      var button = el("button", "op-explore__suggest md-button", legends[term.facet] + ": " + term.label);
      button.type = "button";
      button.addEventListener("click", function () {
        state.filters[term.facet] = (state.filters[term.facet] || []).concat([term.label]);
        state.q = "";
        stateToControls();
        update().then(function () { queryInput.focus(); });
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    suggestEl.appendChild(list);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function announce() {
    var total = current.results.length;
    var parts = [plural(total, "result", "results")];
    if (state.q) parts.push("for \u201c" + state.q + "\u201d");
    var n = activeCount();
    if (n) parts.push("with " + plural(n, "filter", "filters"));
    var message = parts.join(" ");
    if (total > 0) {
      message += ", " + SORT_WORDS[effectiveSort()];
      if (total > current.shown) message += "; showing the first " + current.shown;
    } else {
      message += ". Try fewer words or filters.";
    }
    statusEl.textContent = message + (total > 0 ? "." : "");
  }

  function fail(error) {
    if (window.console) console.error("Open Practice search:", error);
    statusEl.textContent = "Search is not available right now. Browse the practice, research " +
      "and policies pages instead, or try again later.";
    moreButton.hidden = true;
    app.setAttribute("data-op-done", "error");
  }

  /* ---------- events ---------- */

  function update() {
    writeUrl();
    if (!pagefind) return Promise.resolve();
    return runSearch();
  }

  function fromControls() {
    controlsToState();
    sortSelect.querySelector('option[value="relevance"]').disabled = !state.q;
    sortSelect.value = effectiveSort();
    return update();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(debounceTimer);
    fromControls();
  });

  queryInput.addEventListener("input", function () {
    window.clearTimeout(debounceTimer);
    debounceTimer = window.setTimeout(fromControls, DEBOUNCE_MS);
  });

  app.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches('input[type="checkbox"][form="op-explore-form"]')) fromControls();
  });

  sortSelect.addEventListener("change", function () {
    state.sort = sortSelect.value;
    if (state.sort === (state.q ? "relevance" : "date")) state.sort = ""; // the default
    update();
  });

  clearButton.addEventListener("click", function () {
    state.filters = {};
    stateToControls();
    update().then(function () { queryInput.focus(); });
  });

  moreButton.addEventListener("click", function () {
    var seq = searchSeq;
    showMore(seq).then(function (first) {
      if (!first) return;
      announce();
      var link = first.querySelector("a");
      if (link) link.focus(); // the first of the newly shown results
    });
  });

  if (header) {
    header.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = header.querySelector("input[name=q]");
      state.q = input.value.trim();
      stateToControls();
      update();
    });
  }

  /* ---------- start ---------- */

  readUrl();
  stateToControls();
  if (window.matchMedia && window.matchMedia("(max-width: 59.9375em)").matches) {
    facetEls.forEach(function (el) { el.open = (state.filters[el.getAttribute("data-op-facet")] || []).length > 0; });
  }
  statusEl.textContent = "Loading search\u2026";
  loadPagefind().then(function (module) {
    pagefind = module;
    return update();
  }).catch(fail);
})();
