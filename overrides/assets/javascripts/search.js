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
 * value ticked, given the query and the OTHER facets. With no query, the page browses by
 * searching for the one word every page holds in its hidden keywords (BROWSE_WORD): Pagefind
 * 1.5 would load its whole word index for search(null, {filters}).
 *
 * Reading a teacher's question ("what works for disadvantaged readers in primary"). Pagefind
 * finds the pages that hold every word of a query (each word also matches longer words it
 * starts, and words with the same stem), so "what", "works", "for" and "in" would decide the
 * results. The query is read first (readQuery):
 *   - its words are normalised as terms.py normalise() does;
 *   - runs of words that name a vocabulary term are found first, longest first, so "pupils
 *     with SEND", "reading for pleasure" and "year 5" survive the next step. A name matches
 *     through a crude stemmer (stem(): "readers", "reader" and "reading" all meet at "read")
 *     and through its core, without words like "pupils" and "phase" ("disadvantaged" names
 *     Disadvantaged pupils, "primary" Primary phase);
 *   - the question words the core lists (terms.py QUESTION_WORDS, #op-search-query) are
 *     dropped, unless nothing else is left;
 *   - a word that names a term only through the stemmer is asked as that stem ("readers" ->
 *     "read"), which Pagefind extends to both: "readers" and "reading".
 * What is left is one Pagefind query. Vocabulary terms are found in the index itself:
 * terms.py puts the names of each item's terms, and of every wider term (`broader`: an item
 * tagged Key stage 2 carries "Primary phase"), in its keywords. So one search answers, and
 * Pagefind filters, counts and sorts it as before: no extra download for a question.
 * If no page has every word (whatever the filters), the words are left out one at a time,
 * keeping at each step the query with the most results (when none has any, the word that
 * matches the fewest pages goes: a typo, a word the site never uses) until some pages have
 * them all; the status says which words were left out. Those probes reuse the index chunks
 * the first search loaded.
 *
 * Ranking inside Pagefind (RANKING, pagefind.options): titles, summaries and vocabulary terms
 * weigh more than body text (document.py weights the summary and facts; metaWeights the
 * title, summary and keywords metadata), and the ordinary pages' bodies weigh half.
 *
 * Results show the summary, with the query's words marked, unless the body matched words
 * the summary does not have: then an excerpt of the body around the matches. Which words
 * matched where comes from the weight of each match (the title, summary and facts have
 * weights no body text has: HEAD_WEIGHTS).
 *
 * Sorting: Pagefind sorts on one key and leaves out pages without it (ordinary pages have no
 * date; policies no evidence strength). The sorted results come first, then the rest in
 * relevance order, so changing the sort never changes what was found.
 *
 * Below 60em (a phone) the filters are in a panel the "Filters (N)" button opens in place,
 * above the results (aria-expanded; Escape or "Show N results" closes it). A search sent
 * there (Enter, the Search button) moves focus to the results heading, which closes the
 * on-screen keyboard, and brings the results on screen; so does opening a shared search.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var DEBOUNCE_MS = 250;
  var EXCERPT_WORDS = 30;
  var NARROW = "(max-width: 59.9375em)"; // as search.css: the filters are a panel
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
  // Pagefind's ranking (https://pagefind.app/docs/ranking/). A match in the title, summary
  // or keywords (a term's names) lifts a page more than one in the body; dates, types and
  // labels in the metadata lift nothing. A page's length matters less than by default: an
  // evaluated write-up is long, and must not lose to a short page that mentions the word.
  var RANKING = {
    pageLength: 0.5,
    termSimilarity: 2.0,
    metaWeights: {
      title: 6.0, summary: 2.0, keywords: 2.0, schools: 0.5,
      type: 0.0, kind: 0.0, date: 0.0, date_label: 0.0, evidence: 0.0, evidence_label: 0.0,
      review: 0.0, review_state: 0.0,
    },
  };
  // Words a term's name can drop and still name it: "disadvantaged pupils", "primary phase".
  var GENERIC = ["pupil", "pupils", "child", "children", "learners", "students", "phase", "with"];

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
  var resultsHeading = app.querySelector("#op-results-heading");
  var moreButton = app.querySelector("[data-op-more]");
  var clearButton = app.querySelector("[data-op-clear]");
  var activeEl = app.querySelector("[data-op-active]");
  var chipsEl = app.querySelector("[data-op-chips]");
  var suggestEl = app.querySelector("[data-op-suggestions]");
  var toolbar = app.querySelector("[data-op-toolbar]");
  var filtersEl = app.querySelector("#op-filters");
  var toggleButton = app.querySelector("[data-op-filters-toggle]");
  var toggleCount = app.querySelector("[data-op-filters-count]");
  var doneButtons = Array.prototype.slice.call(app.querySelectorAll("[data-op-filters-done]"));
  var facetEls = Array.prototype.slice.call(app.querySelectorAll("[data-op-facet]"));
  var facetKeys = facetEls.map(function (el) { return el.getAttribute("data-op-facet"); });
  var legends = {};
  facetEls.forEach(function (el) {
    legends[el.getAttribute("data-op-facet")] = el.querySelector("legend").textContent.trim();
  });

  function readJson(id, fallback) {
    var node = document.getElementById(id);
    try {
      return (node && JSON.parse(node.textContent)) || fallback;
    } catch (e) {
      return fallback;
    }
  }
  var synonyms = readJson("op-search-synonyms", []);
  var settings = readJson("op-search-query", {});
  var STOP_WORDS = new Set(settings.stop_words || []);
  var HEAD_WEIGHTS = settings.head_weights || [];
  // Every page's hidden keywords hold this word (document.py BROWSE_WORD): browsing searches
  // for it, since a search with no words makes Pagefind load its whole word index.
  var BROWSE_WORD = settings.browse_word || null;
  var narrow = window.matchMedia ? window.matchMedia(NARROW) : { matches: false };

  var state = { q: "", sort: "", filters: {} };
  var pagefind = null;
  var current = null; // {results, shown, plan}
  var searchSeq = 0;
  var debounceTimer = null;
  var closest = new Map(); // query text -> the words a query without results is asked with

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

  /* ---------- reading a query ---------- */

  // as openpractice/search/terms.py normalise(): letters and digits, lower case
  function normalise(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || []).join(" ");
  }

  // A crude English stemmer, the same for queries and for the vocabulary: enough that
  // "readers", "reader" and "reading" meet at "read", "disadvantaged" and "disadvantage" at
  // "disadvantag", "modelled" and "modelling" at "model". Words with digits are left alone.
  function stem(word) {
    var w = word;
    if (w.length <= 3 || /\d/.test(w)) return w;
    if (/ies$/.test(w) && w.length > 4) w = w.slice(0, -3) + "y";
    else if (/[^su]s$/.test(w)) w = w.slice(0, -1);
    var suffix = /(ing|ed|er)$/.exec(w);
    if (suffix && w.length - suffix[1].length >= 3) w = w.slice(0, -suffix[1].length);
    else if (/e$/.test(w) && w.length > 3) w = w.slice(0, -1);
    if (/([b-df-hj-np-tv-z])\1$/.test(w) && w.length > 3) w = w.slice(0, -1);
    return w;
  }

  function stemKey(words) { return words.map(stem).join(" "); }

  // stemmed name -> [{term, name}]: every name of every term, and its core (the name without
  // GENERIC words) when that differs (`name` null: not the term's own name).
  function buildVocabulary(terms) {
    var byKey = new Map();
    var longest = 1;
    function add(words, term, name) {
      var key = stemKey(words);
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push({ term: term, name: name });
      longest = Math.max(longest, words.length);
    }
    terms.forEach(function (term) {
      (term.terms || []).forEach(function (name) {
        var words = name.split(" ");
        add(words, term, name);
        var core = words.filter(function (w) { return GENERIC.indexOf(w) === -1; });
        if (core.length && core.length < words.length) add(core, term, null);
      });
    });
    return { byKey: byKey, longest: longest };
  }
  var vocabulary = buildVocabulary(synonyms);

  // One word or name of the query: its words, and the text Pagefind is asked for it.
  function concept(words, hits) {
    var text = words.join(" ");
    if (words.length === 1 && hits) {
      var key = stem(text);
      var named = hits.some(function (hit) { return hit.name === text; });
      if (!named && key.length >= 4) text = key; // "readers" -> "read": reader*, reading
    }
    return { words: words, text: text };
  }

  // The query as Pagefind will be asked it: {mode: "none" | "plain", text, concepts,
  // marks (stems of the words to mark in summaries and excerpts), dropped (words left out
  // because no page has them all: see closestQuery)}.
  function readQuery(q) {
    var plan = { mode: "none", text: "", concepts: [], marks: [], dropped: [] };
    if (!q) return plan;
    plan.mode = "plain";
    var tokens = normalise(q).split(" ").filter(Boolean);
    if (q.indexOf("\"") !== -1 || !tokens.length) {
      // a quoted phrase is Pagefind's exact search: asked as typed
      plan.text = q;
      plan.marks = tokens.filter(function (t) { return !STOP_WORDS.has(t); }).map(stem);
      return plan;
    }
    var i = 0;
    while (i < tokens.length) {
      var taken = 0;
      for (var n = Math.min(vocabulary.longest, tokens.length - i); n >= 2 && !taken; n--) {
        var words = tokens.slice(i, i + n);
        if (vocabulary.byKey.has(stemKey(words))) {
          plan.concepts.push(concept(words, null));
          taken = n;
        }
      }
      if (!taken) {
        var word = tokens[i];
        if (!STOP_WORDS.has(word)) plan.concepts.push(concept([word], vocabulary.byKey.get(stem(word))));
        taken = 1;
      }
      i += taken;
    }
    if (!plan.concepts.length) {
      // nothing but question words: search for them as typed
      plan.text = q;
      plan.marks = tokens.map(stem);
      return plan;
    }
    plan.text = plan.concepts.map(function (c) { return c.text; }).join(" ");
    plan.concepts.forEach(function (c) {
      c.words.forEach(function (w) { if (!STOP_WORDS.has(w)) plan.marks.push(stem(w)); });
    });
    return plan;
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
      return Promise.resolve(module.options({ ranking: RANKING }))
        .then(function () { return module.init(); })
        .then(function () { return module; });
    });
  }

  // filters() loads every facet's filter index (at 5,000 items 140 KB, more than the query
  // itself); until it has, a search only counts the facets it filters on. So the first
  // results are shown first, then the indexes load and the counts are filled in.
  var countsReady = false;
  function loadCounts() {
    return Promise.resolve(pagefind.filters()).then(function () {
      countsReady = true;
      var seq = searchSeq;
      return search(readQuery(state.q)).then(function (found) {
        if (seq !== searchSeq) return; // a newer search counts for itself
        updateCounts(found.counts);
        app.setAttribute("data-op-done", String(seq));
      });
    });
  }

  // One Pagefind search, filtered, sorted and counted by Pagefind.
  function plainSearch(term) {
    var sortKey = effectiveSort();
    var filters = pagefindFilters(null);
    var jobs = [pagefind.search(term, { filters: filters })];
    jobs.push(SORTS[sortKey] ? pagefind.search(term, { filters: filters, sort: SORTS[sortKey] })
                             : Promise.resolve(null));
    var inUse = facetKeys.filter(function (key) { return (state.filters[key] || []).length; });
    inUse.forEach(function (key) {
      jobs.push(pagefind.search(term, { filters: pagefindFilters(key) }));
    });
    return Promise.all(jobs).then(function (found) {
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
      return { results: results, counts: counts };
    });
  }

  function count(text) {
    return pagefind.search(text, { filters: {} }).then(function (r) { return r.results.length; });
  }

  function textOf(concepts) {
    return concepts.map(function (c) { return c.text; }).join(" ");
  }

  // When no page has every word of a query (filters aside): the words it is asked with
  // instead. One word is left out at a time, keeping the query with the most results; when
  // none has any, the word that matches the fewest pages on its own goes (a typo, or a word
  // the site never uses). Resolves to {concepts, dropped}; made once per query.
  function closestQuery(plan) {
    if (plan.concepts.length < 2) return Promise.resolve(null);
    if (closest.has(plan.text)) return closest.get(plan.text);
    var alone = null;
    function step(concepts, dropped) {
      return count(textOf(concepts)).then(function (n) {
        if (n || concepts.length < 2) return n ? { concepts: concepts, dropped: dropped } : null;
        var tries = concepts.map(function (c, i) {
          return concepts.filter(function (_, j) { return j !== i; });
        });
        return Promise.all(tries.map(function (t) { return count(textOf(t)); })).then(function (ns) {
          var best = ns.indexOf(Math.max.apply(null, ns));
          if (ns[best] > 0) {
            return { concepts: tries[best], dropped: dropped.concat([concepts[best]]) };
          }
          alone = alone || Promise.all(plan.concepts.map(function (c) { return count(c.text); }));
          return alone.then(function (single) {
            var rarest = 0;
            concepts.forEach(function (c, i) {
              if (single[plan.concepts.indexOf(c)] < single[plan.concepts.indexOf(concepts[rarest])]) rarest = i;
            });
            return step(tries[rarest], dropped.concat([concepts[rarest]]));
          });
        });
      });
    }
    var job = step(plan.concepts, []);
    closest.set(plan.text, job);
    job.catch(function () { closest.delete(plan.text); });
    return job;
  }

  // The plan's results, with its words narrowed down first if no page has them all.
  function search(plan) {
    if (plan.mode === "none") return plainSearch(BROWSE_WORD);
    return plainSearch(plan.text).then(function (found) {
      if (found.results.length || plan.concepts.length < 2) return found;
      return closestQuery(plan).then(function (near) {
        if (!near || !near.dropped.length) return found;
        plan.dropped = near.dropped;
        plan.text = textOf(near.concepts);
        return plainSearch(plan.text);
      });
    });
  }

  function runSearch(reveal) {
    var seq = ++searchSeq;
    var plan = readQuery(state.q);
    resultsEl.setAttribute("aria-busy", "true"); // the list, not the live region's ancestors
    return search(plan).then(function (found) {
      if (seq !== searchSeq) return; // a newer search has started
      current = { results: found.results, shown: 0, plan: plan };
      updateCounts(found.counts);
      updateChips();
      updateSuggestions();
      resultsEl.textContent = "";
      return showMore(seq).then(function () {
        if (seq !== searchSeq) return;
        announce();
        if (reveal) revealResults();
        // for tests: this search is on screen, with its counts
        if (countsReady) app.setAttribute("data-op-done", String(seq));
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

  // The query's word (a stem of `marks`) that a word of the text is, or null: the same stem,
  // or a longer word starting with one, as Pagefind matches prefixes.
  function queryWord(word, marks) {
    var key = stem(normalise(word).split(" ")[0] || "");
    if (!key) return null;
    for (var i = 0; i < marks.length; i++) {
      if (key === marks[i] || (marks[i].length >= 3 && key.indexOf(marks[i]) === 0)) return marks[i];
    }
    return null;
  }

  function isQueryWord(word, marks) { return queryWord(word, marks) !== null; }

  // The query's words (stems) that some of `words` are.
  function wordsFound(words, marks) {
    var found = new Set();
    words.forEach(function (w) { var m = queryWord(w, marks); if (m) found.add(m); });
    return found;
  }

  // Text as nodes, the words at `at` (indexes into its words) or matching `marks` in <mark>.
  function markedWords(words, at, marks) {
    var out = document.createDocumentFragment();
    words.forEach(function (word, i) {
      if (i) out.appendChild(document.createTextNode(" "));
      if (at.has(i) || isQueryWord(word, marks)) out.appendChild(el("mark", null, word));
      else out.appendChild(document.createTextNode(word));
    });
    return out;
  }

  function isHeadWeight(weight) {
    return HEAD_WEIGHTS.some(function (w) { return Math.abs(w - weight) < 0.01; });
  }

  // The words of the page's body that matched, as indexes into data.content's words.
  function bodyMatches(data) {
    return (data.weighted_locations || []).filter(function (l) { return !isHeadWeight(l.weight); })
      .map(function (l) { return l.location; });
  }

  // EXCERPT_WORDS words of the body around its densest matches, as Pagefind would cut them:
  // {from, words} (`from`: the index of the first word in data.content's words).
  function bodyWindow(data, matches) {
    var words = String(data.content || "").split(/\s+/);
    var hits = new Set(matches);
    var best = 0;
    var bestAt = matches.length ? Math.min.apply(null, matches) : 0;
    matches.forEach(function (start) {
      var n = 0;
      hits.forEach(function (at) { if (at >= start && at < start + EXCERPT_WORDS) n++; });
      if (n > best) { best = n; bestAt = start; }
    });
    var from = Math.max(0, Math.min(bestAt - 5, words.length - EXCERPT_WORDS));
    return { from: from, words: words.slice(from, from + EXCERPT_WORDS), total: words.length,
             hits: hits };
  }

  function bodyExcerpt(cut, marks) {
    var at = new Set();
    cut.hits.forEach(function (i) {
      if (i >= cut.from && i < cut.from + EXCERPT_WORDS) at.add(i - cut.from);
    });
    var out = markedWords(cut.words, at, marks);
    if (cut.from > 0) out.insertBefore(document.createTextNode("\u2026 "), out.firstChild);
    if (cut.from + EXCERPT_WORDS < cut.total) out.appendChild(document.createTextNode(" \u2026"));
    return out;
  }

  // The summary, its query words marked; or, when the body matched words the summary does
  // not have, an excerpt of the body around them. A page without a summary (an ordinary
  // page) shows Pagefind's excerpt.
  function resultText(data, meta) {
    var plan = current && current.plan;
    if (!plan || plan.mode === "none") return document.createTextNode(meta.summary || data.excerpt || "");
    var matches = bodyMatches(data);
    var summary = meta.summary ? meta.summary.split(/\s+/) : null;
    if (matches.length && data.content) {
      var cut = bodyWindow(data, matches);
      var inSummary = summary ? wordsFound(summary, plan.marks) : new Set();
      var inBody = wordsFound(cut.words, plan.marks);
      var more = false;
      inBody.forEach(function (m) { if (!inSummary.has(m)) more = true; });
      if (more || !summary) return bodyExcerpt(cut, plan.marks);
    }
    if (summary) return markedWords(summary, new Set(), plan.marks);
    return excerptNodes(data.excerpt || "");
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
      // the strength, for the badge's colour: none for a write-up citing no research
      if (meta.evidence) ev.setAttribute("data-op-evidence", meta.evidence);
      badges.appendChild(ev);
    }
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
    text.appendChild(resultText(data, meta));
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
    var n = activeCount();
    clearButton.hidden = n === 0;
    toggleCount.textContent = n ? " (" + n + ")" : "";
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
      message += ".";
      if (current.plan.dropped.length) {
        message += " No result has every word you searched for; these leave out " +
          current.plan.dropped.map(function (c) { return "\u201c" + c.words.join(" ") + "\u201d"; })
            .join(" and ") + ".";
      }
    } else {
      message += ". Try fewer words or filters.";
    }
    statusEl.textContent = message;
    doneButtons.forEach(function (button) {
      button.textContent = "Show " + plural(total, "result", "results");
    });
  }

  function fail(error) {
    if (window.console) console.error("Open Practice search:", error);
    statusEl.textContent = "Search is not available right now. Browse the practice, research " +
      "and policies pages instead, or try again later.";
    moreButton.hidden = true;
    app.setAttribute("data-op-done", "error");
  }

  /* ---------- the filters panel (narrow screens) ---------- */

  function panelOpen() {
    return app.classList.contains("op-explore--filters-open");
  }

  function setPanel(open) {
    app.classList.toggle("op-explore--filters-open", open);
    toggleButton.setAttribute("aria-expanded", String(open));
    doneButtons.forEach(function (button) { button.hidden = !open; });
  }

  // The results heading on screen, just under the sticky header, unless the first result
  // already is (a phone after a search: the screen would otherwise stay on the search box).
  function revealResults() {
    if (!narrow.matches) return;
    var first = resultsEl.firstElementChild || statusEl;
    var box = first.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      resultsHeading.scrollIntoView({ block: "start" });
    }
  }

  /* ---------- events ---------- */

  function update(reveal) {
    writeUrl();
    if (!pagefind) return Promise.resolve();
    return runSearch(reveal);
  }

  function fromControls(reveal) {
    controlsToState();
    sortSelect.querySelector('option[value="relevance"]').disabled = !state.q;
    sortSelect.value = effectiveSort();
    return update(reveal);
  }

  // A search sent on purpose (Enter, the Search button): on a phone, close the panel and take
  // focus to the results heading, which closes the on-screen keyboard; the results come on
  // screen when they are ready.
  function submitted() {
    if (!narrow.matches) return false;
    setPanel(false);
    resultsHeading.focus({ preventScroll: true });
    return true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(debounceTimer);
    fromControls(submitted());
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

  toggleButton.addEventListener("click", function () {
    setPanel(!panelOpen());
  });

  doneButtons.forEach(function (button) {
    button.addEventListener("click", function () {
      setPanel(false);
      resultsHeading.focus({ preventScroll: true });
      resultsHeading.scrollIntoView({ block: "start" });
    });
  });

  // Escape in the open panel closes it and gives focus back to its button (no trap: Tab
  // leaves the panel as it leaves any part of the page).
  filtersEl.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !panelOpen() || !narrow.matches) return;
    event.preventDefault();
    setPanel(false);
    toggleButton.focus();
  });

  if (header) {
    header.addEventListener("submit", function (event) {
      event.preventDefault();
      var input = header.querySelector("input[name=q]");
      state.q = input.value.trim();
      stateToControls();
      update(submitted());
    });
  }

  /* ---------- start ---------- */

  readUrl();
  stateToControls();
  app.classList.add("op-explore--js");
  toolbar.hidden = false;
  setPanel(false);
  if (narrow.matches) {
    facetEls.forEach(function (el) { el.open = (state.filters[el.getAttribute("data-op-facet")] || []).length > 0; });
  }
  statusEl.textContent = "Loading search\u2026";
  loadPagefind().then(function (module) {
    pagefind = module;
    // a shared search opened on a phone: its results on screen, focus left where it is
    return update(Boolean(state.q || activeCount()));
  }).then(loadCounts).catch(fail);
})();
