/*
 * Peer Support Hub: the search box's results, from the hub's own index (generator/search).
 *
 * Loaded by the small script of the theme's search partial when a reader first opens the
 * search, so a page that is only read downloads none of this. It fetches index.json, then
 * only the chunks of words a query falls in and the records of the results it shows.
 * Words are found as generator/search/index.py finds them: keep the two in step.
 *
 * No request leaves the site; results are built from text nodes (never innerHTML).
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-hub-search]");
  if (!box || box.hubSearch) return;

  var FORMAT = 1;
  var FIRST = 5;           // results shown at first (each may need one small file)
  var MORE = 10;           // added by "Show more results"
  var MAX_TERMS = 8;
  var PREFIX_CHUNKS = 3;   // a prefix that spans more chunks is matched exactly
  var WEIGHT = [0, 1, 2.5, 6]; // by place: -, text, fields, title
  var BEFORE = 10, AFTER = 18; // words of an excerpt around the first word found

  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var APOSTROPHES = /['\u2019\u02bc]/g;
  var WORD = /[\p{L}\p{N}]+/gu;
  var RUN = /[\p{L}\p{N}\p{M}'\u2019\u02bc]+/gu;

  var toggle = document.getElementById("__search");
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector("form");
  var status = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var results = box.querySelector(".md-search-result");
  var base = new URL(box.getAttribute("data-index"), location.href);
  var siteRoot = new URL("../", base);

  /* ------------------------------------------------------------------ words */

  function words(text) {
    text = text.normalize("NFKD").replace(MARKS, "").toLowerCase().replace(APOSTROPHES, "");
    return (text.match(WORD) || []).filter(function (w) { return w.length <= 40; });
  }

  /* Forms of a query word to look for: the word itself (and longer words it starts), and
     the word without a common ending ("stories" finds "story", "walking" finds "walked"). */
  function forms(term) {
    var out = [{ word: term, prefix: term.length >= 3, quality: 1 }];
    function add(stem) {
      if (stem.length >= 3 && !out.some(function (f) { return f.word === stem; }))
        out.push({ word: stem, prefix: stem.length >= 4, quality: 0.8 });
    }
    var n = term.length;
    if (n > 4 && /ies$/.test(term)) add(term.slice(0, -3) + "y");
    if (n > 4 && /(ch|sh|ss|x|z)es$/.test(term)) add(term.slice(0, -2));
    if (n > 3 && /[^su]s$/.test(term)) add(term.slice(0, -1));
    if (n > 5 && /ing$/.test(term)) { add(term.slice(0, -3)); add(term.slice(0, -3) + "e"); }
    if (n > 4 && /ed$/.test(term)) { add(term.slice(0, -2)); add(term.slice(0, -1)); }
    return out;
  }

  /* ------------------------------------------------------------------ files */

  var files = {};
  function get(path) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, base), { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }

  var meta = null;
  function loadMeta() {
    if (!meta) {
      meta = get("index.json").then(function (m) {
        if (m.format !== FORMAT) throw new Error("index format " + m.format);
        return m;
      });
      meta.catch(function () { meta = null; });
    }
    return meta;
  }

  function chunkIndex(m, word) {
    var lo = 0, hi = m.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.chunks[mid][0] <= word) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function chunk(m, i) {
    return get("c/" + m.chunks[i][1] + ".json");
  }

  /* A record's card (title, kind, date, summary) and, separately, its text (for excerpts). */
  function part(m, which, dir, record) {
    var size = m[which][0], names = m[which][1];
    return get(dir + "/" + names[Math.floor(record / size)] + ".json").then(function (items) {
      return items[record % size];
    });
  }
  function card(m, record) { return part(m, "cards", "r", record); }
  function text(m, record) { return part(m, "texts", "x", record); }

  /* The postings of word i of a chunk: record numbers and the weight of each. */
  function postings(c, i) {
    c.decoded = c.decoded || [];
    if (!c.decoded[i]) {
      var p = c.p[i], ids = new Int32Array(p.length), weights = new Uint8Array(p.length), previous = -1;
      for (var j = 0; j < p.length; j++) {
        previous += p[j] >> 2;
        ids[j] = previous;
        weights[j] = p[j] & 3;
      }
      c.decoded[i] = { ids: ids, weights: weights };
    }
    return c.decoded[i];
  }

  function firstAtLeast(sorted, word) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  /* ------------------------------------------------------------------ searching */

  /* For one query word: each record that holds one of its forms, with its best score, and
     the index words that matched (to mark them in excerpts). */
  function matchTerm(m, term) {
    var wanted = forms(term).map(function (f) {
      var first = chunkIndex(m, f.word);
      var last = f.prefix ? chunkIndex(m, f.word + "\uffff") : first;
      if (last - first >= PREFIX_CHUNKS) { f.prefix = false; last = first; }
      f.chunks = [];
      for (var i = first; i <= last; i++) f.chunks.push(i);
      return f;
    });
    var needed = {};
    wanted.forEach(function (f) { f.chunks.forEach(function (i) { needed[i] = chunk(m, i); }); });
    var keys = Object.keys(needed);
    return Promise.all(keys.map(function (k) { return needed[k]; })).then(function (loaded) {
      var chunks = {};
      keys.forEach(function (k, n) { chunks[k] = loaded[n]; });
      var scores = new Map(), matched = new Set();
      wanted.forEach(function (f) {
        f.chunks.forEach(function (i) {
          var c = chunks[i];
          for (var w = firstAtLeast(c.w, f.word); w < c.w.length; w++) {
            var word = c.w[w];
            var exact = word === f.word;
            if (!exact && !(f.prefix && word.lastIndexOf(f.word, 0) === 0)) break;
            matched.add(word);
            var found = postings(c, w);
            var idf = Math.log(1 + m.records / found.ids.length);
            var quality = f.quality * (exact ? 1 : 0.6) * idf;
            for (var j = 0; j < found.ids.length; j++) {
              var score = WEIGHT[found.weights[j]] * quality;
              var id = found.ids[j];
              if (!(scores.get(id) >= score)) scores.set(id, score);
            }
          }
        });
      });
      return { scores: scores, matched: matched };
    });
  }

  function search(query) {
    var terms = Array.from(new Set(words(query))).slice(0, MAX_TERMS);
    return loadMeta().then(function (m) {
      if (!terms.length) return { meta: m, hits: null, matched: new Set() };
      return Promise.all(terms.map(function (t) { return matchTerm(m, t); })).then(function (found) {
        found.sort(function (a, b) { return a.scores.size - b.scores.size; });
        var total = new Map(found[0].scores);
        found.slice(1).forEach(function (f) {
          total.forEach(function (score, id) {
            var more = f.scores.get(id);
            if (more === undefined) total.delete(id); else total.set(id, score + more);
          });
        });
        var matched = new Set();
        found.forEach(function (f) { f.matched.forEach(function (w) { matched.add(w); }); });
        return { meta: m, hits: total, matched: matched };
      });
    });
  }

  /* ------------------------------------------------------------------ filters */

  var facets = null;     // [{key, label, values: [{label, ids: Set}]}], once loaded
  var chosen = {};       // key -> Set of value labels
  var filterBox = null, filterToggle = null, filterPanel = null;

  function loadFacets(m) {
    return get("f/" + m.facets + ".json").then(function (data) {
      if (!facets) {
        facets = data.facets.map(function (facet) {
          return {
            key: facet.key,
            label: facet.label,
            values: facet.values.map(function (pair) {
              var ids = new Set(), previous = -1;
              pair[1].forEach(function (gap) { previous += gap; ids.add(previous); });
              return { label: pair[0], ids: ids };
            }),
          };
        });
      }
      return facets;
    });
  }

  function allowedBy(facet, id) {
    var wanted = chosen[facet.key];
    if (!wanted || !wanted.size) return true;
    return facet.values.some(function (v) { return wanted.has(v.label) && v.ids.has(id); });
  }

  function filtersOn() {
    return Object.keys(chosen).some(function (k) { return chosen[k].size > 0; });
  }

  function passes(id, except) {
    if (!facets) return true;
    return facets.every(function (f) { return f === except || allowedBy(f, id); });
  }

  function buildFilters() {
    filterBox = document.createElement("div");
    filterBox.className = "hub-search-filters";
    filterToggle = document.createElement("button");
    filterToggle.type = "button";
    filterToggle.className = "hub-search-filters__toggle";
    filterToggle.setAttribute("aria-expanded", "false");
    filterToggle.setAttribute("aria-controls", "hub-search-filter-panel");
    filterToggle.textContent = "Filter results";
    filterPanel = document.createElement("div");
    filterPanel.id = "hub-search-filter-panel";
    filterPanel.className = "hub-search-filters__panel";
    filterPanel.hidden = true;
    filterBox.append(filterToggle, filterPanel);
    results.insertBefore(filterBox, list);
    filterToggle.addEventListener("click", function () {
      var open = filterPanel.hidden;
      filterPanel.hidden = !open;
      filterToggle.setAttribute("aria-expanded", String(open));
      if (open) loadMeta().then(loadFacets).then(function () { drawFilters(); run(); });
    });
  }

  function drawFilters(hits) {
    if (!facets || filterPanel.hidden) return;
    var fresh = !filterPanel.firstChild;
    facets.forEach(function (facet, n) {
      var counts = facet.values.map(function (v) {
        var count = 0;
        v.ids.forEach(function (id) {
          if ((!hits || hits.has(id)) && passes(id, facet)) count++;
        });
        return count;
      });
      if (fresh) {
        var set = document.createElement("fieldset");
        var legend = document.createElement("legend");
        legend.textContent = facet.label;
        set.append(legend);
        facet.values.forEach(function (v) {
          var label = document.createElement("label");
          var check = document.createElement("input");
          check.type = "checkbox";
          check.value = v.label;
          check.addEventListener("change", function () {
            chosen[facet.key] = chosen[facet.key] || new Set();
            if (check.checked) chosen[facet.key].add(v.label); else chosen[facet.key].delete(v.label);
            run();
          });
          var count = document.createElement("span");
          count.className = "hub-search-filters__count";
          label.append(check, " " + v.label + " ", count);
          set.append(label);
        });
        filterPanel.append(set);
      }
      var labels = filterPanel.children[n].querySelectorAll(".hub-search-filters__count");
      counts.forEach(function (c, i) { labels[i].textContent = "(" + c + ")"; });
    });
  }

  /* ------------------------------------------------------------------ showing results */

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* A few words around the first word found, with the words found marked; null if none. */
  function excerpt(text, matched) {
    var runs = [], m, hit = -1;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text))) {
      var isHit = words(m[0]).some(function (w) { return matched.has(w); });
      runs.push({ start: m.index, end: m.index + m[0].length, hit: isHit });
      if (isHit && hit < 0) hit = runs.length - 1;
      if (hit >= 0 && runs.length > hit + AFTER) break;
    }
    if (hit < 0) return null;
    var from = Math.max(0, hit - BEFORE), to = Math.min(runs.length - 1, hit + AFTER);
    var out = document.createDocumentFragment();
    var at = runs[from].start;
    if (from > 0) out.append("… ");
    for (var i = from; i <= to; i++) {
      if (!runs[i].hit) continue;
      out.append(text.slice(at, runs[i].start));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(runs[i].start, runs[i].end);
      out.append(mark);
      at = runs[i].end;
    }
    out.append(text.slice(at, runs[to].end));
    if (runs[to].end < text.length) out.append(" …");
    return { nodes: out, word: text.slice(runs[hit].start, runs[hit].end) };
  }

  function textDirective(word) {
    return "#:~:text=" + encodeURIComponent(word).replace(/-/g, "%2D");
  }

  /* A result from its card: title, kind and date, and for now the summary (the notes and
     the summary, for a story with content notes: never words of the story out of context). */
  function item(record, matched) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = new URL(record.u, siteRoot).href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("p");
    title.className = "hub-search-title";
    title.textContent = record.t;
    var kind = document.createElement("p");
    kind.className = "hub-search-kind";
    kind.textContent = record.d ? record.k + " · " + record.d : record.k;
    var teaser = document.createElement("p");
    teaser.className = "md-search-result__teaser";
    if (record.n) {
      var note = document.createElement("span");
      note.className = "hub-search-note";
      note.textContent = "Content notes: " + record.n + ". ";
      teaser.append(note, record.s || "");
    } else {
      teaser.append(cut(record.s || "", matched, a) || record.s || "");
    }
    article.append(title, kind, teaser);
    a.append(article);
    li.append(a);
    return { li: li, link: a, teaser: teaser };
  }

  /* An excerpt of ``source`` around the first word found, and the link made to land on it. */
  function cut(source, matched, link) {
    var found = excerpt(source, matched);
    if (!found) return null;
    link.href = link.href.split("#")[0] + textDirective(found.word);
    return found.nodes;
  }

  var current = 0;          // the search being shown; older ones give way
  var searching = false;    // a search for what is typed has not been shown yet
  var follow = false;       // Enter was pressed before the results were shown
  var shown = null;         // {order, matched, count, meta, query}
  var more = null;

  /* Show the next results: each as soon as its card is read (the best one's first), then,
     once typing has paused, excerpts from their texts. */
  function showMore(focusFirst) {
    var s = shown, turn = current;
    var batch = s.order.slice(s.count, s.count + (s.count ? MORE : FIRST));
    s.count += batch.length;
    var slots = batch.map(function () {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      li.hidden = true;
      list.append(li);
      return li;
    });
    if (more) more.hidden = s.count >= s.order.length;
    var first = batch.length ? card(s.meta, batch[0]) : Promise.resolve(null);
    return first.then(function () {
      return Promise.all(batch.map(function (id, n) {
        return card(s.meta, id).then(function (record) {
          if (turn !== current) return;
          var shownItem = item(record, s.matched);
          list.replaceChild(shownItem.li, slots[n]);
          if (focusFirst && n === 0) shownItem.link.focus();
          if (follow && n === 0 && s.count <= FIRST) { follow = false; shownItem.link.click(); }
          if (record.h) excerptLater(s, id, shownItem, turn);
        });
      }));
    });
  }

  function excerptLater(s, id, shownItem, turn) {
    var wait = typed + TEXT_SETTLE - Date.now();
    setTimeout(function () {
      if (turn !== current) return;
      text(s.meta, id).then(function (source) {
        if (turn !== current || !source) return;
        var nodes = cut(source, s.matched, shownItem.link);
        if (nodes) {
          shownItem.teaser.textContent = "";
          shownItem.teaser.append(nodes);
        }
      });
    }, Math.max(0, wait));
  }

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  function draw(found, query) {
    var hits = found.hits;
    var m = found.meta;
    list.textContent = "";
    if (!hits && !filtersOn()) {
      say("Type to start searching");
      drawFilters(null);
      if (more) more.hidden = true;
      return Promise.resolve();
    }
    var order = [];
    if (hits) {
      hits.forEach(function (score, id) { if (passes(id)) order.push(id); });
      order.sort(function (a, b) { return hits.get(b) - hits.get(a) || a - b; });
    } else {
      for (var id = 0; id < m.records; id++) if (passes(id)) order.push(id);
    }
    drawFilters(hits);
    var filtered = filtersOn() ? " with the filters chosen" : "";
    var about = query ? " for “" + query + "”" : "";
    say(order.length ? plural(order.length, "result", "results") + about + filtered
      : "No results" + about + filtered + ". Check the spelling, or try another word.");
    shown = { order: order, matched: found.matched, count: 0, meta: m };
    if (!more) {
      more = document.createElement("button");
      more.type = "button";
      more.className = "hub-search-more";
      more.textContent = "Show more results";
      more.addEventListener("click", function () { showMore(true); });
      results.append(more);
    }
    return showMore(false);
  }

  /* While the reader types, each pause runs the search, which fetches the chunks the words
     fall in (the next letters mostly need the same ones). Results are shown once typing
     has paused for SETTLE ms (their cards are small); their excerpts, whose texts are
     bigger, once it has paused for TEXT_SETTLE ms, so a word typed letter by letter does
     not download the texts of every result on the way. */
  var timer = 0, typed = Date.now();
  var PAUSE = 80, SETTLE = 150, TEXT_SETTLE = 600;
  function run() {
    clearTimeout(timer);
    var turn = ++current, query = input.value.trim();
    searching = true;
    search(query).then(function (found) {
      var wait = typed + SETTLE - Date.now();
      return new Promise(function (resolve) { setTimeout(resolve, Math.max(0, wait)); }).then(function () {
        if (turn !== current) return;
        searching = false;
        return draw(found, query);
      });
    }, function () {
      if (turn === current) say("Search is not available just now. Please try again later.");
    });
  }

  /* ------------------------------------------------------------------ the box */

  function isOpen() { return toggle.checked; }

  function setOpen(open) {
    if (toggle.checked === open) return;
    toggle.checked = open;
    toggle.dispatchEvent(new Event("change"));
  }

  function close() {
    var inside = box.contains(document.activeElement);
    setOpen(false);
    if (!inside) return;
    if (matchMedia("(min-width: 60em)").matches) {
      input.focus(); // in the header, where it stays
    } else {
      var opener = document.querySelector("[data-hub-search-open]");
      if (opener) opener.focus();
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("input", function () {
    setOpen(true);
    typed = Date.now();
    searching = true;
    follow = false;
    clearTimeout(timer);
    timer = setTimeout(run, PAUSE);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); });
  });
  box.addEventListener("keydown", function (event) {
    var stops = [input].concat(links());
    var at = stops.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && at >= 0) {
      event.preventDefault();
      var next = at + (event.key === "ArrowDown" ? 1 : -1);
      stops[Math.max(0, Math.min(stops.length - 1, next))].focus();
    } else if (event.key === "Enter" && document.activeElement === input) {
      // Enter follows the best result, as soon as it is shown.
      event.preventDefault();
      if (isOpen() && stops[1] && !searching) stops[1].click();
      else if (input.value.trim()) follow = true;
      setOpen(true);
    }
  });
  box.addEventListener("focusout", function (event) {
    var to = event.relatedTarget;
    if (to && !box.contains(to) && isOpen()) setOpen(false);
  });

  box.hubSearch = { words: words }; // loaded; and how it finds words, for the tests
  buildFilters();
  loadMeta().catch(function () {});
  if (input.value.trim() || isOpen()) run();
})();
