/* Talk page: the player, the transcript following it, search within the talk, quoting.
   Works without this script too: every moment is a plain link that reloads the page at ?t=. */
(function () {
  "use strict";
  var page = document.querySelector(".talk-page");
  if (!page) return;
  var box = document.getElementById("player");
  var synced = page.dataset.synced === "1";
  var follow = document.getElementById("follow");
  var rows = Array.prototype.filter.call(document.querySelectorAll("li[data-start], tr[data-start]"), function (el) {
    return el.dataset.start !== "";
  });
  var starts = rows.map(function (el) { return Number(el.dataset.start); });
  var current = document.querySelector(".segments .current, .parallel .current");
  var selected = null;
  var player = null;

  function rowAt(ms) {
    var low = 0, high = starts.length - 1, found = -1;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (starts[middle] <= ms) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    return found < 0 ? rows[0] : rows[found];
  }

  function markCurrent(el, scroll) {
    if (!el) return;
    if (current && current !== el) current.classList.remove("current");
    current = el;
    el.classList.add("current");
    if (scroll) el.scrollIntoView({ block: "center" });
  }

  function youtubePlayer() {
    var start = Number(box.dataset.start || 0);
    var mount = document.createElement("div");
    box.appendChild(mount);
    var adapter = {
      yt: null, pending: null,
      seek: function (seconds) {
        if (this.yt && this.yt.seekTo) { this.yt.seekTo(seconds, true); this.yt.playVideo(); } else { this.pending = seconds; }
      },
      time: function () { return this.yt && this.yt.getCurrentTime ? this.yt.getCurrentTime() : null; }
    };
    window.onYouTubeIframeAPIReady = function () {
      adapter.yt = new window.YT.Player(mount, {
        videoId: box.dataset.videoId,
        playerVars: { start: Math.floor(start), playsinline: 1, rel: 0 },
        events: { onReady: function () { if (adapter.pending !== null) adapter.seek(adapter.pending); } }
      });
    };
    var script = document.createElement("script");
    script.src = "https://www.youtube.com/iframe_api";
    document.head.appendChild(script);
    return adapter;
  }

  function bilibiliPlayer() {
    var frame = box.querySelector("iframe");
    return {
      // The Bilibili player has no seek API: load it again at the new second.
      seek: function (seconds) {
        var url = new URL(frame.src);
        url.searchParams.set("t", String(Math.floor(seconds)));
        url.searchParams.set("autoplay", "1");
        frame.src = url.toString();
      },
      time: function () { return null; }
    };
  }

  if (box && box.dataset.platform === "youtube") player = youtubePlayer();
  if (box && box.dataset.platform === "bilibili") player = bilibiliPlayer();
  window.talkPlayer = player;

  if (player && synced) {
    window.setInterval(function () {
      var seconds = player.time();
      if (seconds === null || seconds === undefined) return;
      var el = rowAt(seconds * 1000);
      if (el !== current) markCurrent(el, follow && follow.checked);
    }, 250);
  }

  /* Selecting a segment: its moment can be linked to and cited. */
  var tools = document.querySelector(".transcript-tools .selection");
  function segmentOf(el) { return el.closest("[id^='seg-']"); }
  function momentUrl(el) {
    var url = new URL(window.location.href);
    url.search = "";
    url.searchParams.set("transcript", page.dataset.transcript);
    var moment = el.querySelector(".moment");
    if (moment) url.searchParams.set("t", String(Math.floor(Number(moment.dataset.seconds))));
    url.hash = el.id;
    return url.toString();
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
  function citation(el) {
    var speaker = el.querySelector(".segment-speaker");
    var moment = el.querySelector(".moment");
    var parts = [speaker ? speaker.textContent : page.dataset.speakers, "“" + page.dataset.title + "”",
                 page.dataset.event, page.dataset.date, moment ? moment.textContent.trim() : ""];
    var quote = el.querySelector(".text").textContent.trim();
    return "“" + quote + "” — " + parts.filter(Boolean).join(", ") + ". " + momentUrl(el);
  }
  if (tools) {
    tools.querySelector(".copy-link").addEventListener("click", function () { if (selected) copy(momentUrl(selected)); });
    tools.querySelector(".copy-citation").addEventListener("click", function () { if (selected) copy(citation(selected)); });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.moment");
    var el = event.target.closest(".segments li, .parallel tr, .paragraphs .seg");
    if (!el || !el.id) return;
    select(el);
    if (!link) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    markCurrent(el, false);
    if (player && synced) player.seek(Number(link.dataset.seconds));
  });

  /* Search within the talk, through the same search backend as the site search. */
  var within = document.querySelector("form.within");
  var matches = [], position = -1;
  function show(index) {
    if (!matches.length) return;
    position = (index + matches.length) % matches.length;
    matches.forEach(function (el) { el.classList.remove("match-current"); });
    var el = matches[position];
    el.classList.add("match-current");
    el.scrollIntoView({ block: "center" });
    within.querySelector(".within-status").textContent = (position + 1) + " / " + matches.length;
  }
  function clearMatches() {
    matches.forEach(function (el) {
      var text = el.querySelector(".text");
      text.textContent = text.dataset.original;
      el.classList.remove("match", "match-current");
    });
    matches = [];
  }
  if (within) {
    within.addEventListener("submit", function (event) {
      event.preventDefault();
      var q = within.querySelector("input[name=q]").value.trim();
      var status = within.querySelector(".within-status");
      clearMatches();
      if (!q) { status.textContent = ""; return; }
      var params = new URLSearchParams({ q: q, talk: page.dataset.talk, all_hits: "1" });
      fetch(within.dataset.api + "?" + params.toString()).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (answer) {
        if (!answer.ok) { status.textContent = answer.data.error; return; }
        var seen = {};
        (answer.data.talks[0] ? answer.data.talks[0].hits : []).forEach(function (hit) {
          var el = document.getElementById("seg-" + hit.segment_id);
          if (!el || seen[hit.segment_id]) return;
          seen[hit.segment_id] = true;
          var text = el.querySelector(".text");
          if (text.dataset.original === undefined) text.dataset.original = text.textContent;
          text.innerHTML = hit.snippet_html;  // escaped by the server; only <mark> added
          el.classList.add("match");
          matches.push(el);
        });
        matches.sort(function (a, b) { return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1; });
        within.querySelector(".within-prev").hidden = within.querySelector(".within-next").hidden = !matches.length;
        if (matches.length) { show(0); } else { status.textContent = within.dataset.none; }
      });
    });
    within.querySelector(".within-next").addEventListener("click", function () { show(position + 1); });
    within.querySelector(".within-prev").addEventListener("click", function () { show(position - 1); });
  }

  /* Opened at a moment: go there. */
  var target = (window.location.hash && document.getElementById(window.location.hash.slice(1))) || current;
  if (target) {
    var row = target.closest("li, tr, .seg") || target;
    if (row.matches("li, tr")) markCurrent(row, false);
    row.scrollIntoView({ block: "center" });
    select(row);
  }
})();
