/* Talk page: the player, the transcript following it, landing at a moment, quoting.
   Works without this script too: every moment is a plain link that reloads the page at ?t=,
   and the "Watch on …" link opens the video at the moment on its own site. */
(function () {
  "use strict";
  var page = document.querySelector(".talk-page");
  if (!page) return;
  var PLAYER_TIMEOUT_MS = 10000;
  var box = document.getElementById("player");
  var body = document.querySelector(".transcript-body");
  var follow = document.getElementById("follow");
  var rows = Array.prototype.filter.call(document.querySelectorAll(".segments li[data-start], .parallel tr[data-start]"), function (el) {
    return el.dataset.start !== "";
  });
  var starts = rows.map(function (el) { return Number(el.dataset.start); });
  var current = document.querySelector(".segments .current, .parallel .current");
  var selected = null;
  var player = null;
  var working = false;

  function rowAt(ms) {
    var low = 0, high = starts.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (starts[middle] <= ms) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found < 0 ? rows[0] : rows[found];
  }

  /* Scrolling: one page scroll. The cue goes a quarter of the way down the part of the window that the
     sticky parts above it (the search bar; on phones the player too) leave free. */
  function coveredTop(el) {
    var bottom = 0, box = el.getBoundingClientRect();
    document.querySelectorAll(".player-panel, .transcript-toolbar").forEach(function (sticky) {
      var style = getComputedStyle(sticky), edge = sticky.getBoundingClientRect();
      var above = edge.left < box.right && box.left < edge.right;  // beside the cue (the wide player) covers nothing
      if (style.position === "sticky" && sticky.offsetHeight && above) bottom = Math.max(bottom, (parseFloat(style.top) || 0) + sticky.offsetHeight);
    });
    return bottom;
  }
  function revealOnce(el) {
    var covered = coveredTop(el);
    var y = Math.max(0, window.scrollY + el.getBoundingClientRect().top - covered - (window.innerHeight - covered) / 4);
    var distance = Math.abs(y - window.scrollY);
    window.scrollTo(0, y);
    return distance;
  }
  // Cues off screen are laid out at an estimated height (content-visibility: auto); a frame or two after
  // the jump the cues around the target take their real height and the target moves: keep aiming at it
  // for half a second (a no-op once it has settled), unless the reader scrolls meanwhile. The listeners
  // capture, so the key that asked for this reveal (F3, Enter) counts as before it, not as the reader moving on.
  var REVEAL_FRAMES = 30, lastScrollByReader = 0;
  ["wheel", "touchstart", "keydown", "pointerdown"].forEach(function (name) {
    window.addEventListener(name, function () { lastScrollByReader = Date.now(); }, { passive: true, capture: true });
  });
  function reveal(el) {
    var left = REVEAL_FRAMES, started = Date.now(), currentThen = current;
    (function aim() {
      if (lastScrollByReader > started || current !== currentThen) return;  // the reader or the video moved on
      revealOnce(el);
      if (--left > 0) window.requestAnimationFrame(aim);
    })();
  }

  function markCurrent(el, scroll) {
    if (!el) return;
    if (current && current !== el) current.classList.remove("current");
    current = el;
    el.classList.add("current");
    if (scroll) reveal(el);
  }

  function failed() {
    working = false;
    if (player) player.ready = false;
    var panel = box.closest(".player-panel");
    panel.classList.add("player-panel--failed");
    box.hidden = true;
    panel.querySelector(".player-failed").hidden = false;
  }

  function watchdog(adapter) {
    window.setTimeout(function () { if (!adapter.ready) failed(); }, PLAYER_TIMEOUT_MS);
    if (navigator.onLine === false) failed();
  }

  function youtubePlayer() {
    var mount = document.createElement("div");
    box.appendChild(mount);
    var adapter = {
      yt: null, pending: null, ready: false,
      seek: function (seconds) {
        if (this.yt && this.yt.seekTo) { this.yt.seekTo(seconds, true); this.yt.playVideo(); } else { this.pending = seconds; }
      },
      time: function () { return this.yt && this.yt.getCurrentTime ? this.yt.getCurrentTime() : null; }
    };
    window.onYouTubeIframeAPIReady = function () {
      adapter.ready = true;
      adapter.yt = new window.YT.Player(mount, {
        videoId: box.dataset.videoId,
        playerVars: { start: Math.floor(Number(box.dataset.start || 0)), playsinline: 1, rel: 0 },
        events: { onReady: function () { if (adapter.pending !== null) adapter.seek(adapter.pending); } }
      });
    };
    var script = document.createElement("script");
    script.src = "https://www.youtube.com/iframe_api";
    script.onerror = failed;
    document.head.appendChild(script);
    watchdog(adapter);
    return adapter;
  }

  function bilibiliPlayer() {
    var frame = box.querySelector("iframe");
    var adapter = {
      ready: false,
      // The Bilibili player has no seek API: load it again at the new second.
      seek: function (seconds) {
        var url = new URL(frame.src);
        url.searchParams.set("t", String(Math.floor(seconds)));
        url.searchParams.set("autoplay", "1");
        frame.src = url.toString();
      },
      time: function () { return null; }
    };
    // A blocked frame loads too (the browser's error page), so its load event says nothing (and may
    // come before this script runs): the player's own address must answer. Until then the frame stays
    // dark (data-state=loading in talk.css).
    function settle() {
      if (!box.hidden) { adapter.ready = true; box.dataset.state = "ready"; }
    }
    box.dataset.state = "loading";
    if (box.dataset.probe && window.fetch) {
      fetch(box.dataset.probe, { mode: "no-cors", cache: "no-store", credentials: "omit" }).then(settle, failed);
    } else {
      settle();
    }
    watchdog(adapter);
    return adapter;
  }

  if (box && box.dataset.platform === "youtube") player = youtubePlayer();
  if (box && box.dataset.platform === "bilibili") player = bilibiliPlayer();
  working = Boolean(player) && page.dataset.synced === "1";
  window.talkPlayer = player;

  if (player && working) {
    window.setInterval(function () {
      var seconds = working ? player.time() : null;
      if (seconds === null || seconds === undefined || !rows.length) return;
      var el = rowAt(seconds * 1000);
      if (el !== current) markCurrent(el, follow && follow.checked);
    }, 250);
  }

  /* Selecting a cue: its moment can be linked to and cited. The links are the server's moment URLs. */
  var tools = document.querySelector(".transcript-tools .selection");
  function ownText(el) {
    var text = "";
    el.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
      else if (node.nodeType === Node.ELEMENT_NODE && !node.matches(".moment, .speaker, .anchor")) text += ownText(node);
    });
    return text;
  }
  function momentUrl(el) {
    var moment = el.querySelector(".moment");
    if (moment) return moment.href;
    var anchor = el.closest("p") && el.closest("p").querySelector(".anchor");
    var url = new URL(anchor ? anchor.href : window.location.href);
    url.hash = el.id;
    return url.toString();
  }
  function speakerOf(el) {
    // The speaker turn this line belongs to: the last speaker named at or before it.
    var paragraph = el.closest(".paragraphs p");
    if (paragraph) {
      var label = paragraph.querySelector(".speaker");
      return label ? label.textContent.trim() : page.dataset.speakers;
    }
    for (var row = el; row; row = row.previousElementSibling) {
      var named = row.querySelector(".speaker");
      if (named) return named.textContent.trim();
    }
    return page.dataset.speakers;
  }
  function citation(el) {
    var moment = el.querySelector(".moment");
    var parts = [speakerOf(el), "“" + page.dataset.title + "”", page.dataset.event, page.dataset.date,
                 moment ? moment.textContent.trim() : ""];
    var quote = ownText(el).replace(/\s+/g, " ").trim();
    return "“" + quote + "” — " + parts.filter(Boolean).join(", ") + ". " + momentUrl(el);
  }
  function select(el) {
    selected = el;
    if (!tools) return;
    var moment = el.querySelector(".moment");
    tools.querySelector(".selection-time").textContent = moment ? moment.textContent : "¶";
    tools.querySelector(".copied").textContent = "";
    tools.hidden = false;
  }
  function copy(text) {
    var done = function () { tools.querySelector(".copied").textContent = tools.dataset.copied || "✓"; };
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).then(done, done);
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    document.execCommand("copy");
    area.remove();
    done();
  }
  if (tools) {
    tools.querySelector(".copy-link").addEventListener("click", function () { if (selected) copy(momentUrl(selected)); });
    tools.querySelector(".copy-citation").addEventListener("click", function () { if (selected) copy(citation(selected)); });
  }
  function cueOf(target) { return target.closest(".segments li, .parallel tr, .paragraphs .seg"); }

  // A link to a moment, and the cue it names: a time link's own line, or a paragraph's first line.
  function linkedCue(link) {
    return link.matches(".anchor") ? link.closest("p").querySelector(".seg") : cueOf(link);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".transcript-body a.moment, .transcript-body a.anchor");
    var el = link ? linkedCue(link) : cueOf(event.target);
    if (!el || !el.id) return;
    select(el);
    if (!link) return;
    // A recording that follows the transcript but cannot play here: reload at the moment, so the
    // "Watch on …" link opens it there. Otherwise the page stays: the cue is marked, the URL names it.
    if (!working && page.dataset.synced === "1") return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    markCurrent(el, false);
    if (working && el.dataset.start) player.seek(Number(el.dataset.start) / 1000);
  });
  document.addEventListener("focusin", function (event) {
    var el = event.target.matches(".transcript-body a.moment, .transcript-body a.anchor") ? linkedCue(event.target) : null;
    if (el) select(el);
  });

  /* A long transcript comes in parts: a moment link whose #seg- is on another part asks the server for
     the part that holds it (untimed cues have no ?t= to find it by). */
  var wanted = /^#seg-(\d+)$/.exec(window.location.hash);
  if (wanted && !document.getElementById("seg-" + wanted[1]) && document.querySelector(".parts")) {
    var there = new URL(window.location.href);
    if (there.searchParams.get("cue") !== wanted[1]) {
      there.searchParams.delete("part");
      there.searchParams.delete("t");
      there.searchParams.set("cue", wanted[1]);
      window.location.replace(there.toString());
      return;
    }
  }

  /* Opened at a moment: that cue is the current one, in view below the title and the sticky parts. */
  var target = (window.location.hash && document.getElementById(window.location.hash.slice(1))) || current;
  function land() {
    if (!target) return;
    var cue = cueOf(target) || target;
    markCurrent(cue, false);
    select(cue);
    reveal(cue);
  }
  // The browser jumps to the #fragment itself (to the top edge, under the sticky parts), and cues laid out
  // late can move it: land again once the page has loaded, unless the reader has moved on already.
  var moved = false;
  ["wheel", "touchstart", "keydown", "pointerdown"].forEach(function (name) {
    window.addEventListener(name, function () { moved = true; }, { once: true, passive: true });
  });
  land();
  window.requestAnimationFrame(function () { if (!moved) land(); });
  window.addEventListener("load", function () { if (!moved) land(); });
  /* The transcript is one tab stop: its links rove (one has tabindex 0, the rest -1). Up and down
     arrows move between lines, Home and End to the first and last, Page keys ten lines; Enter follows
     the link (plays the line, or marks it and names it in the URL). */
  var stops = Array.prototype.slice.call(document.querySelectorAll(".transcript-body a.moment, .transcript-body a.anchor"));
  var stop = null;
  function rove(link, focus) {
    if (!link) return;
    if (stop) stop.tabIndex = -1;
    stop = link;
    link.tabIndex = 0;
    if (focus) link.focus();
  }
  function stopOf(cue) {
    if (!cue) return null;
    var paragraph = cue.closest(".paragraphs p");
    return (paragraph || cue).querySelector("a.moment, a.anchor");
  }
  stops.forEach(function (link) { link.tabIndex = -1; });
  rove(stopOf(target ? cueOf(target) || target : current) || stops[0], false);
  var KEYS = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10, Home: -Infinity, End: Infinity };
  if (body) {
    body.addEventListener("keydown", function (event) {
      var index = stops.indexOf(event.target);
      if (index < 0 || !(event.key in KEYS) || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      var to = Math.max(0, Math.min(stops.length - 1, index + KEYS[event.key]));
      rove(stops[to], true);
    });
    body.addEventListener("focusin", function (event) { if (stops.indexOf(event.target) >= 0) rove(event.target, false); });
  }

  window.talkPage = { rove: function (cue) { rove(stopOf(cue), false); }, reveal: reveal, landing: target ? cueOf(target) || target : null, cueOf: cueOf };

  /* On phones the toolbar sticks just below the player panel, whatever its height (player, or the notice
     that it cannot play and the watch link): the panel's height is handed to the CSS. */
  var panel = document.querySelector(".player-panel");
  var layout = document.querySelector(".talk-layout");
  if (panel && layout && window.ResizeObserver) {
    new ResizeObserver(function () {
      layout.style.setProperty("--player-panel-height", panel.offsetHeight + "px");
    }).observe(panel);
  }

  /* On phones the sticky toolbar names the talk once its heading has scrolled away. */
  var heading = document.querySelector(".talk-header h1");
  if (heading && window.IntersectionObserver) {
    new IntersectionObserver(function (entries) {
      page.classList.toggle("heading-hidden", !entries[0].isIntersecting);
    }).observe(heading);
  }
})();
