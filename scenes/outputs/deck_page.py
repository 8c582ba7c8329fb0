"""The HTML deck's page: inline CSS and hand-written JS, so the deck needs no network.

Kept apart from the export code: static text whose `{placeholders}` (and the CSS's
`$background`) `scenes.outputs.slides` fills in.

Keys: right/down/space/PageDown/Enter advance, left/up/PageUp/Backspace go back,
Home/End jump, `n` toggles the speaker notes, `r` replays the clip, `f` goes full
screen; a click advances (shift-click goes back). `#slide-N` opens slide N.
`?selftest` is a hook for automated checks in a headless browser: once the first
clip has loaded its metadata it presses ArrowRight, then `n`, through the same key
handler and writes what it saw into `<pre id="selftest">` as JSON.
"""

from __future__ import annotations

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<main id="deck">
{slides}
</main>
<footer id="counter" aria-live="polite"></footer>
<script>
{script}
</script>
</body>
</html>
"""

SLIDE = """<section class="slide" id="slide-{number}" data-scene="{scene}" data-beat="{beat}">
<header class="chapter">{chapter}</header>
<video class="clip" playsinline preload="metadata" poster="{poster}">
{sources}
</video>
<aside class="notes">{notes}</aside>
</section>"""

SOURCE = '<source src="{src}" type="{mime}">'

CSS = """html, body { margin: 0; height: 100%; overflow: hidden; }
body { background: $background; color: #f2f2f2;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.slide { position: absolute; inset: 0; display: none; flex-direction: column;
  box-sizing: border-box; padding: 2vh 2vw 5vh; }
.slide.active { display: flex; }
.chapter { font-size: 3.4vh; color: #d0d0d0; margin: 0 0 1.5vh; }
.clip { flex: 1; min-height: 0; width: 100%; object-fit: contain; background: $background; }
.notes { display: none; position: absolute; left: 0; right: 0; bottom: 0; max-height: 35vh;
  overflow: auto; box-sizing: border-box; padding: 2vh 3vw 6vh; font-size: 2.8vh;
  line-height: 1.45; background: rgba(0, 0, 0, 0.88); border-top: 1px solid #444; }
body.notes-open .slide.active .notes { display: block; }
#counter { position: fixed; right: 2vw; bottom: 1.2vh; font-size: 2.2vh; color: #a8a8a8;
  font-variant-numeric: tabular-nums; }
#selftest { display: none; }"""

SCRIPT = r"""(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.getElementById("counter");
  var current = -1;
  var FORWARD = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, Spacebar: 1, Enter: 1 };
  var BACK = { ArrowLeft: 1, ArrowUp: 1, PageUp: 1, Backspace: 1 };

  function clamp(i) { return Math.max(0, Math.min(slides.length - 1, i)); }
  function videoOf(i) { return slides[i] ? slides[i].querySelector("video") : null; }

  function fromHash() {
    var match = /^#slide-(\d+)$/.exec(window.location.hash);
    return match ? clamp(parseInt(match[1], 10) - 1) : null;
  }

  function remember(i) {
    var hash = "#slide-" + (i + 1);
    if (window.location.hash === hash) { return; }
    try { history.replaceState(null, "", hash); } catch (e) { window.location.hash = hash; }
  }

  function play(video) {
    video.preload = "auto";
    try { video.currentTime = 0; } catch (e) { /* not seekable yet: it starts at 0 */ }
    video.muted = false;  // the beat's voice plays on arrival
    var started = video.play();
    if (started && started.catch) {
      // a browser may refuse sound before the first key press: play muted until then
      started.catch(function () { video.muted = true; video.play().catch(function () {}); });
    }
  }

  function show(i) {
    if (!slides.length) { return; }
    i = clamp(i);
    if (i === current) { return; }
    if (current >= 0) {
      slides[current].classList.remove("active");
      var old = videoOf(current);
      if (old) { old.pause(); }
    }
    current = i;
    slides[i].classList.add("active");
    document.body.setAttribute("data-slide", String(i + 1));
    counter.textContent = (i + 1) + " / " + slides.length;
    remember(i);
    var video = videoOf(i);
    if (video) { play(video); }
    var next = videoOf(i + 1);
    if (next) { next.preload = "auto"; }
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    if (FORWARD[key]) { show(current + 1); }
    else if (BACK[key]) { show(current - 1); }
    else if (key === "Home") { show(0); }
    else if (key === "End") { show(slides.length - 1); }
    else if (key === "n" || key === "N") { document.body.classList.toggle("notes-open"); }
    else if (key === "r" || key === "R") { var v = videoOf(current); if (v) { play(v); } }
    else if (key === "f" || key === "F") { toggleFullScreen(); }
    else { return; }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".notes")) { return; }
    show(current + (event.shiftKey ? -1 : 1));
  });

  window.addEventListener("hashchange", function () {
    var i = fromHash();
    if (i !== null) { show(i); }
  });

  var start = fromHash();
  show(start === null ? 0 : start);

  if (/[?&]selftest(=|&|$)/.test(window.location.search)) {
    var video = videoOf(current);
    var done = false;
    var finish = function () {
      if (done) { return; }
      done = true;
      var report = {
        total: slides.length,
        before: current + 1,
        readyState: video ? video.readyState : -1,
        source: video ? video.currentSrc.split("/").pop() : "",
        poster: video ? video.getAttribute("poster") : ""
      };
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
      report.after = current + 1;
      report.hash = window.location.hash;
      var notes = slides[current].querySelector(".notes");
      var hidden = getComputedStyle(notes).display === "none";
      document.dispatchEvent(new KeyboardEvent("keydown", { key: "n", bubbles: true }));
      report.notesToggled = hidden && getComputedStyle(notes).display !== "none";
      report.notes = notes.textContent;
      var out = document.createElement("pre");
      out.id = "selftest";
      out.textContent = JSON.stringify(report);
      document.body.appendChild(out);
    };
    if (!video || video.readyState >= 1) { finish(); }
    else {
      video.addEventListener("loadedmetadata", finish);
      video.addEventListener("error", finish, true);
      setTimeout(finish, 2000);  // within the headless check's virtual time budget
    }
  }
})();"""
