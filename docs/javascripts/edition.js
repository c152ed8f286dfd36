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
 * 3. Search also finds inflected forms (see the end of this file).
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

/* 3. `onderhandelingen` also finds `onderhandelen`: each query word's stem (one common Dutch ending
 * off, word ≥ 6 letters, stem ≥ 4) is added with a wildcard on the way to Material's search worker;
 * lunr ORs the terms, so exact hits rank first. No lunr stemmer: it breaks on Material's wildcards. */
(function () {
  "use strict";
  var ENDINGS = ["ingen", "heden", "lijke", "ing", "heid", "lijk", "tjes", "tje", "den", "ten", "en", "e", "s"];
  function stem(word) {
    if (word.length < 6 || /[^a-zà-ÿ]/i.test(word)) return null;
    for (var i = 0; i < ENDINGS.length; i++) {
      var end = ENDINGS[i];
      if (word.slice(-end.length).toLowerCase() === end && word.length - end.length >= 4) return word.slice(0, -end.length);
    }
    return null;
  }
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string") {  // {type: 2, data: query}
      var extra = message.data.split(/\s+/).map(stem).filter(Boolean).map(function (s) { return s + "*"; });
      if (extra.length) message = {type: 2, data: message.data + " " + extra.join(" ")};
    }
    return post.apply(this, [message].concat([].slice.call(arguments, 1)));
  };
})();
