/* Search within the talk, through the site's search API (same analysis: stems, Chinese words, phrases).
   The hits say which cues match and which words the search found in them; those words are marked in
   the cues here. Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to the previous one.
   Opened from a search result (?q=), the page runs the query at once and steps on from the hit.
   Editing the query starts the stepping again; Escape clears it. On a long transcript shown in parts,
   the matches of the other parts count too: stepping to one opens its part, at that match. */
(function () {
  "use strict";
  var page = document.querySelector(".talk-page");
  var within = document.querySelector("form.within");
  if (!page || !within) return;
  var input = within.querySelector("input[name=q]");
  var status = within.querySelector(".within-status");
  var previous = within.querySelector(".within-prev");
  var next = within.querySelector(".within-next");
  var matches = [], position = -1, searched = null;

  function cueOf(el) { return window.talkPage ? window.talkPage.cueOf(el) || el : el; }

  /* all: every hit of this transcript in order, {id, el}; el is null for a hit on another part. */
  var all = [];
  function show(index, scroll) {
    if (!all.length) return;
    position = (index + all.length) % all.length;
    matches.forEach(function (el) { el.classList.remove("match-current"); });
    var hit = all[position];
    status.textContent = (position + 1) + " / " + all.length;
    if (!hit.el) { openPart(hit.id); return; }
    hit.el.classList.add("match-current");
    if (window.talkPage) window.talkPage.rove(cueOf(hit.el));
    if (scroll !== false && window.talkPage) window.talkPage.reveal(cueOf(hit.el));
  }
  function openPart(id) {
    var url = new URL(window.location.href);
    ["part", "t", "cue"].forEach(function (name) { url.searchParams.delete(name); });
    url.searchParams.set("transcript", page.dataset.transcript);
    url.searchParams.set("cue", id);
    url.searchParams.set("q", searched);
    url.hash = "seg-" + id;
    window.location.assign(url.toString());
  }

  function unmark() {
    document.querySelectorAll(".transcript-body mark").forEach(function (mark) {
      var parent = mark.parentNode;
      parent.replaceChild(document.createTextNode(mark.textContent), mark);
      parent.normalize();
    });
    matches.forEach(function (el) { el.classList.remove("match", "match-current"); });
    matches = [];
    all = [];
    position = -1;
  }

  function escape(word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  function parse(snippetHtml) { return new DOMParser().parseFromString(snippetHtml, "text/html").body; }
  function wordsOf(snippet) {
    var words = [];
    snippet.querySelectorAll("mark").forEach(function (mark) {
      mark.textContent.split(/\s+/).forEach(function (word) {
        word = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
        if (word) words.push(word);
      });
    });
    return words;
  }
  /* Chinese words are marked wherever they occur; other words only whole (not "scaling" inside "upscaling"). */
  function pattern(words) {
    var han = [], other = [];
    words.sort(function (a, b) { return b.length - a.length; }).forEach(function (word) {
      (/\p{Script=Han}/u.test(word) ? han : other).push(escape(word));
    });
    var parts = [];
    if (han.length) parts.push("(?:" + han.join("|") + ")");
    if (other.length) parts.push("(?<![\\p{L}\\p{N}])(?:" + other.join("|") + ")(?![\\p{L}\\p{N}])");
    return parts.length ? new RegExp(parts.join("|"), "giu") : null;
  }
  /* Wraps every occurrence of the found words in the cue's own text (not its time or speaker) in <mark>. */
  function markWords(el, regex) {
    var count = 0;
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) { return node.parentNode.closest(".moment, .speaker, .anchor, mark") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.textContent, last = 0, piece = document.createDocumentFragment();
      text.replace(regex, function (found) {
        var offset = arguments[arguments.length - 2];
        if (!found) return found;
        piece.appendChild(document.createTextNode(text.slice(last, offset)));
        var mark = document.createElement("mark");
        mark.textContent = found;
        piece.appendChild(mark);
        last = offset + found.length;
        count += 1;
        return found;
      });
      if (last === 0) return;
      piece.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(piece, node);
    });
    return count;
  }

  function ofThisTranscript(hit) {
    try { return new URL(hit.url).searchParams.get("transcript") === page.dataset.transcript; } catch (error) { return false; }
  }
  function apply(hits) {
    var seen = {};
    hits = hits.filter(ofThisTranscript);
    var timed = hits.every(function (hit) { return hit.start_seconds !== null; });
    if (timed) hits.sort(function (a, b) { return a.start_seconds - b.start_seconds; });
    hits.forEach(function (hit) {
      if (seen[hit.segment_id]) return;
      seen[hit.segment_id] = true;
      var el = document.getElementById("seg-" + hit.segment_id);
      all.push({ id: hit.segment_id, el: el });
      if (!el) return;
      var snippet = parse(hit.snippet_html);
      var regex = pattern(wordsOf(snippet));
      if (regex) {
        markWords(el, regex);
        // A phrase that runs on into the next cue: its words are marked there too.
        var following = el.nextElementSibling;
        if (following && snippet.textContent.trim().length > el.textContent.trim().length) markWords(following, regex);
      }
      el.classList.add("match");
      matches.push(el);
    });
    if (!timed) {  // untimed: this part's matches in the order of the text, the other parts' around them
      var here = all.filter(function (hit) { return hit.el; }).sort(function (a, b) {
        return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
      all = all.map(function (hit) { return hit.el ? here.shift() : hit; });
    }
  }

  function run(q, from) {
    unmark();
    searched = q;
    previous.hidden = next.hidden = true;
    if (!q) { status.textContent = ""; return; }
    var params = new URLSearchParams({ q: q, talk: page.dataset.talk, all_hits: "1" });
    fetch(within.dataset.api + "?" + params.toString()).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!answer.ok) { status.textContent = answer.data.error; return; }
      apply(answer.data.talks[0] ? answer.data.talks[0].hits : []);
      if (q !== searched) return;  // edited meanwhile: that answer is stale
      previous.hidden = next.hidden = !all.length;
      if (!all.length) { status.textContent = within.dataset.none; return; }
      var start = all.findIndex(function (hit) { return hit.el; });
      if (from) {
        var at = all.findIndex(function (hit) { return hit.el && (hit.el === from || from.contains(hit.el) || hit.el.contains(from)); });
        if (at < 0) at = all.findIndex(function (hit) { return hit.el && from.compareDocumentPosition(hit.el) & Node.DOCUMENT_POSITION_FOLLOWING; });
        if (at >= 0) start = at;
      }
      show(start < 0 ? 0 : start, !from);
    });
  }

  function step(direction) {
    var q = input.value.trim();
    if (q !== searched) { run(q, null); return; }
    show(position + direction);
  }

  within.addEventListener("submit", function (event) {
    event.preventDefault();
    step(1);  // a new query searches; the same query again goes on to the next match
  });
  function clear() {
    unmark();
    searched = null;
    previous.hidden = next.hidden = true;
    status.textContent = "";
  }
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.shiftKey) { event.preventDefault(); step(-1); }
    if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      clear();
      var url = new URL(window.location.href);
      if (url.searchParams.has("q")) { url.searchParams.delete("q"); history.replaceState(null, "", url.toString()); }
    }
  });
  // An edited query is a new search: the old matches go, and the next Enter or F3 searches again from the top.
  input.addEventListener("input", function () { if (input.value.trim() !== searched) clear(); });
  next.addEventListener("click", function () { show(position + 1); });
  previous.addEventListener("click", function () { show(position - 1); });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "F3") return;
    event.preventDefault();  // instead of the browser's find: this search knows stems and Chinese words
    if (input.value.trim()) step(event.shiftKey ? -1 : 1);
    else input.focus();
  });

  if (input.value.trim()) run(input.value.trim(), window.talkPage ? window.talkPage.landing : null);
})();
