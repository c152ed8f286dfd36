/*
 * Edition behaviour for Material for MkDocs.
 *
 * 1. Every numbered paragraph or list item ([data-n]) gets a button that
 *    copies the absolute URL of that paragraph (page URL + #id) to the
 *    clipboard, with brief Dutch feedback in an aria-live region.
 * 2. After Material's instant navigation to a URL with a fragment (…#p12),
 *    the target is scrolled to and highlighted (class `ed-target`), because
 *    pushState does not update the CSS `:target`.
 *
 * 3. Search with Pagefind in Material's search box (see the end of this file).
 *
 * Runs on every page view: through Material's `document$` observable when it
 * exists (instant navigation), otherwise on DOMContentLoaded. Idempotent.
 */
(function () {
  "use strict";

  var LIVE_ID = "ed-live";
  var FEEDBACK_MS = 2000;
  var feedbackTimer = null;

  /* --------------------------------------------------------------------
   * Clipboard
   * ----------------------------------------------------------------- */

  function copyWithTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "0";
    area.style.left = "0";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (err) {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithTextarea(text); }
      );
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  /* --------------------------------------------------------------------
   * Feedback
   * ----------------------------------------------------------------- */

  function liveRegion() {
    var region = document.getElementById(LIVE_ID);
    if (!region) {
      region = document.createElement("div");
      region.id = LIVE_ID;
      region.className = "ed-toast ed-ui";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(message) {
    var region = liveRegion();
    /* Clear first so that the same message is announced again. */
    region.textContent = "";
    region.classList.remove("is-visible");
    window.setTimeout(function () {
      region.textContent = message;
      region.classList.add("is-visible");
    }, 50);
    window.clearTimeout(feedbackTimer);
    feedbackTimer = window.setTimeout(function () {
      region.classList.remove("is-visible");
      region.textContent = "";
    }, FEEDBACK_MS + 50);
  }

  /* --------------------------------------------------------------------
   * Copy-link buttons
   * ----------------------------------------------------------------- */

  function paragraphUrl(id) {
    var url = new URL(window.location.href);
    url.hash = id;
    return url.href;
  }

  function onCopyClick(event) {
    var button = event.currentTarget;
    var target = button.closest("[data-n]");
    if (!target || !target.id) return;
    var url = paragraphUrl(target.id);
    copyText(url).then(function (ok) {
      if (ok) {
        button.setAttribute("data-state", "copied");
        announce("Link gekopieerd");
        window.setTimeout(function () {
          button.removeAttribute("data-state");
        }, FEEDBACK_MS);
      } else {
        /* Last resort: show the address so that it can be copied by hand. */
        announce("Kopiëren lukte niet. Link: " + url);
      }
    });
  }

  function addCopyButtons(root) {
    var items = root.querySelectorAll("[data-n][id]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (item.querySelector(":scope > .ed-copy")) continue;
      var label = "Kopieer link naar alinea " + item.getAttribute("data-n");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ed-copy ed-ui";
      button.setAttribute("aria-label", label);
      button.setAttribute("title", label);
      button.addEventListener("click", onCopyClick);
      var number = item.querySelector(":scope > .ed-pn");
      if (number) {
        number.insertAdjacentElement("afterend", button);
      } else {
        item.insertBefore(button, item.firstChild);
      }
    }
  }

  /* --------------------------------------------------------------------
   * Target highlight
   * ----------------------------------------------------------------- */

  function targetFromHash() {
    var hash = window.location.hash;
    if (!hash || hash.length < 2) return null;
    var id;
    try {
      id = decodeURIComponent(hash.slice(1));
    } catch (err) {
      id = hash.slice(1);
    }
    return document.getElementById(id);
  }

  function markTarget(scroll) {
    var previous = document.querySelectorAll(".ed-target");
    for (var i = 0; i < previous.length; i++) {
      previous[i].classList.remove("ed-target");
    }
    var target = targetFromHash();
    if (!target) return;
    if (target.hasAttribute("data-n")) {
      target.classList.add("ed-target");
    }
    if (scroll) {
      /* After the new content is laid out. scroll-margin-top in the CSS keeps
         the target clear of the fixed header. */
      window.requestAnimationFrame(function () {
        target.scrollIntoView({ block: "start" });
      });
    }
  }

  /* --------------------------------------------------------------------
   * Accessibility fixes for Material's markup
   * ----------------------------------------------------------------- */

  function headingBefore(element) {
    for (var node = element.previousElementSibling; node;
         node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) {
        var copy = node.cloneNode(true);
        var links = copy.querySelectorAll(".headerlink, .ed-ui");
        for (var i = 0; i < links.length; i++) links[i].remove();
        return ": " + copy.textContent.trim();
      }
    }
    return "";
  }

  function fixAccessibility() {
    /* The search dialog has role="dialog" but no name. */
    var search = document.querySelector(".md-search[role='dialog']");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", "Zoeken");
    }
    /* Wide tables scroll horizontally on small screens: make the scrolling
       region reachable with the keyboard. */
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      if (wraps[i].hasAttribute("tabindex")) continue;
      wraps[i].setAttribute("tabindex", "0");
      wraps[i].setAttribute("role", "region");
      /* Landmarks need distinct names: number them, with the heading. */
      wraps[i].setAttribute("aria-label",
        "Tabel " + (i + 1) + headingBefore(wraps[i]));
    }
  }

  /* --------------------------------------------------------------------
   * Set-up
   * ----------------------------------------------------------------- */

  /* --------------------------------------------------------------------
   * Anchor redirects (redirects.yml): an old paragraph or heading address
   * that a teacher may have shared is sent on to where that text now is.
   * ----------------------------------------------------------------- */

  function followAnchorRedirect() {
    var holder = document.getElementById("ed-redirects");
    if (!holder || !window.location.hash) return false;
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (e) {
      return false;  /* a malformed hash (#%E0) is no old anchor; the page must still work */
    }
    var map = JSON.parse(holder.getAttribute("data-map") || "{}");
    if (!id || !Object.prototype.hasOwnProperty.call(map, id)) return false;
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    var target = new URL(base.replace(/\/?$/, "/") + map[id], window.location.href);
    /* The offline copy has no server to turn a folder into its index.html. */
    if (target.protocol === "file:" && /\/$/.test(target.pathname)) target.pathname += "index.html";
    window.location.replace(target.href);
    return true;
  }

  /* "Citeer deze tekst": today's date as the access date (the reader's, not the build's, so
     the HTML stays the same on every build), and a button that copies the reference. */
  var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december"];

  function citationBox(root) {
    var now = new Date();
    var today = now.getDate() + " " + MONTHS[now.getMonth()] + " " + now.getFullYear();
    root.querySelectorAll(".ed-today").forEach(function (el) { el.textContent = today; });
    root.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        var source = document.querySelector(button.getAttribute("data-copy"));
        if (!source) return;
        copyText(source.textContent.replace(/\s+/g, " ").trim()).then(function (ok) {
          announce(ok ? "Verwijzing gekopieerd" : "Kopiëren is niet gelukt");
        });
      });
    });
  }

  var firstView = true;

  function onPage() {
    if (followAnchorRedirect()) return;
    liveRegion();
    fixAccessibility();
    addCopyButtons(document);
    citationBox(document);
    /* On the first (normal) page load the browser has already scrolled to
       the fragment; after an instant navigation it may not have. */
    markTarget(!firstView);
    firstView = false;
  }

  window.addEventListener("hashchange", function () {
    if (followAnchorRedirect()) return;
    markTarget(false);
  });

  /* Material's instant navigation changes the URL with pushState, also for
     links within the page; follow its location$ observable too. */
  if (typeof window.location$ !== "undefined" &&
      typeof window.location$.subscribe === "function") {
    window.location$.subscribe(function () {
      window.setTimeout(function () { markTarget(false); }, 0);
    });
  }

  if (typeof window.document$ !== "undefined" &&
      typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();

/* 3. Search with Pagefind (src/edition/search.py writes site/pagefind/) in the search box of
 * overrides/partials/pagefind.html, which has Material's markup and classes. Pagefind's script is
 * imported at the first query typed, never before: a page view fetches nothing of the index. Pagefind
 * stems Dutch itself (its WebAssembly for `nl`). Results are written with Material's result markup
 * and strings (__config.translations), every value of the index written as text. The offline copy has Material's own search box
 * instead (no [data-ed-search]), as Pagefind cannot run from file://. */
(function () {
  "use strict";
  var root = document.querySelector("[data-ed-search]");
  var toggle = document.getElementById("__search");
  var holder = document.getElementById("__config");
  if (!root || !toggle || !holder) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input.md-search__input");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var config = JSON.parse(holder.textContent);
  var words = config.translations || {};
  /* Resolved once, on the page this script was loaded with (instant navigation keeps the script). */
  var base = new URL(String(config.base || ".").replace(/\/?$/, "/"), window.location.href);
  var PAGE = 10;      /* results shown at a time (each fetches its fragment) */
  var SECTIONS = 3;   /* sections shown under a result; the others behind a <details> */
  var pagefind = null;  /* the promise of Pagefind's module, made at the first query */
  var latest = 0;       /* the number of the latest query: answers to older ones are dropped */
  var timer = null;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        /* Result URLs are site-relative in the index; the site may live below a path (SITE_URL). */
        return Promise.resolve(module.options({ baseUrl: base.pathname })).then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });  /* a later query tries again */
    }
    return pagefind;
  }

  function count(n) {
    if (n === 0) return words["search.result.none"];
    if (n === 1) return words["search.result.one"];
    return String(words["search.result.other"]).replace("#", n);
  }

  /* The excerpt is made here from the page's text and the positions of the words found, not taken
     from Pagefind's `excerpt` (HTML with <mark>, in which a `&lt;` of the source reads as `<`):
     the words are written as text, so nothing of the index is ever parsed as markup. */
  var EXCERPT_WORDS = 30;

  function excerpt(content, locations) {
    var textWords = String(content || "").split(/[\r\n\s]+/g);
    var found = (locations || []).slice().sort(function (a, b) { return a - b; });
    var start = 0;
    var best = -1;
    found.forEach(function (at) {  /* the window with the most words found, a little before the first */
      var from = Math.max(0, at - 5);
      var hits = found.filter(function (x) { return x >= from && x < from + EXCERPT_WORDS; }).length;
      if (hits > best) { best = hits; start = from; }
    });
    var end = Math.min(textWords.length, start + EXCERPT_WORDS);
    var marked = {};
    found.forEach(function (at) { marked[at] = true; });
    var p = document.createElement("p");
    p.appendChild(document.createTextNode(start > 0 ? "… " : ""));
    for (var i = start; i < end; i++) {
      if (i > start) p.appendChild(document.createTextNode(" "));
      if (marked[i]) {  /* the word marked, not the punctuation around it */
        var parts = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(textWords[i]);
        var mark = document.createElement("mark");
        mark.textContent = parts[2];
        p.appendChild(document.createTextNode(parts[1]));
        p.appendChild(mark);
        p.appendChild(document.createTextNode(parts[3]));
      } else {
        p.appendChild(document.createTextNode(textWords[i]));
      }
    }
    if (end < textWords.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  /* The words found, as they stand on the page (Pagefind matched them by their stem): `?h=` of the
     result's address, which the page marks when it opens (highlight below), as Material's
     `search.highlight` does with its own results. */
  function foundWords(content, locations) {
    var textWords = String(content || "").split(/[\r\n\s]+/g);
    var seen = [];
    (locations || []).forEach(function (at) {
      var w = String(textWords[at] || "").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").toLowerCase();
      if (w && seen.indexOf(w) < 0) seen.push(w);
    });
    return seen.join(" ");
  }

  function link(url, level, title, text, main) {  /* text: [content, locations] */
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    var target = new URL(url, window.location.href);
    var words = text ? foundWords(text[0], text[1]) : "";
    if (words) target.searchParams.set("h", words);
    a.href = target.href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (main ? " md-search-result__article--document" : "");
    if (main) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var heading = document.createElement(level);
    heading.textContent = title;
    article.appendChild(heading);
    if (text) article.appendChild(excerpt(text[0], text[1]));
    a.appendChild(article);
    return a;
  }

  /* A result: the page, then its sections with the words found, the most words first; as in
     Material, the first few shown and the others behind "N extra overeenkomsten op deze pagina". */
  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var title = (data.meta && data.meta.title) || data.url;
    li.appendChild(link(data.url, "h1", title, [data.content, data.locations], true));
    var sections = (data.sub_results || [])
      .filter(function (sub) { return sub.url !== data.url && sub.title !== title; })  /* not the page itself */
      .map(function (sub, i) { return { sub: sub, i: i }; })
      .sort(function (a, b) { return (b.sub.locations || []).length - (a.sub.locations || []).length || a.i - b.i; })
      .map(function (x) { return link(x.sub.url, "h2", x.sub.title, [data.content, x.sub.locations], false); });
    sections.slice(0, SECTIONS).forEach(function (a) { li.appendChild(a); });
    var more = sections.slice(SECTIONS);
    if (more.length) {
      var details = document.createElement("details");
      details.className = "md-search-result__more";
      var summary = document.createElement("summary");
      var label = document.createElement("div");  /* Material's markup, for its styles */
      label.textContent = String(words[more.length === 1 ? "search.result.more.one" : "search.result.more.other"])
        .replace("#", more.length);
      summary.appendChild(label);
      details.appendChild(summary);
      more.forEach(function (a) { details.appendChild(a); });
      li.appendChild(details);
    }
    return li;
  }

  /* Results FROM..FROM+PAGE (each fetches its fragment), then a button for the next ones. */
  function show(results, from, n) {
    return Promise.all(results.slice(from, from + PAGE).map(function (r) { return r.data(); }))
      .then(function (found) {
        if (n !== latest) return;
        if (from === 0) {
          list.replaceChildren();
          meta.textContent = count(results.length);
        }
        found.forEach(function (data) { list.appendChild(item(data)); });
        if (from + PAGE < results.length) {
          var li = document.createElement("li");
          li.className = "ed-search-more";
          var button = document.createElement("button");
          button.type = "button";
          button.className = "ed-search-more__button";
          button.textContent = root.getAttribute("data-ed-more");
          button.addEventListener("click", function () {
            li.remove();
            show(results, from + PAGE, n);
          });
          li.appendChild(button);
          list.appendChild(li);
        }
      });
  }

  /* Pagefind finds the pages with every word of the query. Those come first; after them, as
     Material's search did, the pages with only some of the words (most relevant first), unless the
     query asks for an exact phrase ("…"). */
  function results(module, query) {
    var terms = query.trim().split(/\s+/);
    if (terms.length < 2 || query.indexOf('"') >= 0) {
      return module.search(query).then(function (search) { return search.results; });
    }
    return Promise.all([module.search(query)].concat(terms.map(function (term) { return module.search(term); })))
      .then(function (searches) {
        var all = searches[0].results;
        var seen = {};
        all.forEach(function (r) { seen[r.id] = true; });
        var some = {};
        searches.slice(1).forEach(function (search) {
          search.results.forEach(function (r) {
            if (seen[r.id]) return;
            if (!some[r.id]) some[r.id] = { result: r, score: 0 };
            some[r.id].score += r.score;
          });
        });
        var rest = Object.keys(some).map(function (id) { return some[id]; })
          .sort(function (a, b) { return b.score - a.score; })
          .map(function (x) { return x.result; });
        return all.concat(rest);
      });
  }

  function run(query) {
    var n = ++latest;
    if (!query.trim()) {
      meta.textContent = words["search.result.placeholder"];
      list.replaceChildren();
      return;
    }
    load()
      .then(function (module) { return results(module, query); })
      .then(function (found) { if (n === latest) return show(found, 0, n); })
      .catch(function () {
        if (n !== latest) return;
        list.replaceChildren();
        meta.textContent = root.getAttribute("data-ed-failed");
      });
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  function editable(element) {
    return element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = input.value;
    timer = window.setTimeout(function () { run(query); }, 100);
  });
  toggle.addEventListener("change", function () {
    if (!toggle.checked || document.activeElement === input) return;
    input.focus();
    /* On a phone the box is shown by a transition: focus again once it can take it. */
    if (document.activeElement !== input) window.setTimeout(function () { input.focus(); }, 50);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a.md-search-result__link");
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { run(""); input.focus(); }, 0);
  });
  /* A result opens its page (by instant navigation too): the dialog closes. */
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) close();
  });
  root.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!links.length) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
      (next < 0 ? input : links[next]).focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      close();
    } else if (!toggle.checked && (event.key === "/" || event.key === "s" || event.key === "f") &&
               !event.ctrlKey && !event.metaKey && !event.altKey && !editable(event.target)) {
      event.preventDefault();  /* Material's shortcuts for its search box */
      open();
      input.focus();
    }
  });

  /* A page opened from a result (`?h=word word`) marks those words in its reading text (not in what
     the edition adds), and shows the first one after the passage the address points to. */
  function highlight() {
    var wanted = (new URL(window.location.href).searchParams.get("h") || "").toLowerCase().split(/\s+/).filter(Boolean);
    var body = document.querySelector("[data-pagefind-body]");
    if (!wanted.length || !body || body.querySelector("mark.ed-found")) return;
    var escaped = wanted.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var pattern = new RegExp("(?<![\\p{L}\\p{N}])(?:" + escaped.join("|") + ")(?![\\p{L}\\p{N}])", "giu");
    var walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".ed-ui, .headerlink, mark, script, style")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      pattern.lastIndex = 0;
      var parts = document.createDocumentFragment();
      var last = 0;
      text.replace(pattern, function (match, offset) {
        parts.appendChild(document.createTextNode(text.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.className = "ed-found";
        mark.textContent = match;
        parts.appendChild(mark);
        last = offset + match.length;
        return match;
      });
      parts.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(parts, node);
    });
    var marks = Array.prototype.slice.call(body.querySelectorAll("mark.ed-found"));
    var anchor = null;
    try {
      anchor = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    } catch (err) {
      anchor = null;  /* a malformed hash: no passage to show */
    }
    var first = anchor
      ? marks.filter(function (m) { return anchor.compareDocumentPosition(m) & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_CONTAINED_BY); })[0]
      : null;
    if (first) {
      var box = first.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
    }
  }

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { window.setTimeout(highlight, 0); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
})();
