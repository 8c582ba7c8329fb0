"""The HTML deck's page: inline CSS and hand-written JS, so the deck needs no network.

Kept apart from the export code: static text whose `{placeholders}` (and the CSS's
`$background`) `scenes.outputs.slides` fills in.

Keys: right/down/space/PageDown/Enter advance, left/up/PageUp/Backspace go back,
Home/End jump, `k` or `p` plays or pauses the clip, `m` turns the sound on or off,
`c` shows or hides captions, `n` toggles the speaker notes, `r` replays the clip,
`f` goes full screen, `?` shows the keys (Escape hides them); a click advances
(shift-click goes back). `#slide-N` opens slide N.

Accessibility (WCAG 2.1 AA, checked with axe-core in the tests): each slide is a
labelled region with its chapter as a heading, each clip has captions (and
descriptions, read out through a polite live region) and the narration as its
description. No sound plays before the viewer's first key press or click: clips
autoplay muted until then. With `prefers-reduced-motion: reduce` nothing autoplays
and nothing transitions. Text tracks load from the media folder; where a browser
refuses that for file:// pages (Chromium), the track falls back to its inline copy.

`?selftest` is a hook for automated checks in a headless browser: once the first
clip has loaded its metadata and captions it presses ArrowRight, `k` twice, `?`,
Escape and `n` through the same key handler and writes what it saw into
`<pre id="selftest">` as JSON: the clip's muted and paused state before the first
key and after each, the captions cues as loaded, the help and notes shown.
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
<a class="skip" href="#deck">Skip to the slide</a>
<header id="bar">
<h1 id="deck-title">{title}</h1>
{links}<button type="button" id="play" aria-keyshortcuts="k p">Play</button>
<button type="button" id="sound" aria-keyshortcuts="m">Turn sound on</button>
<button type="button" id="captions" aria-pressed="true" aria-keyshortcuts="c">Captions</button>
<button type="button" id="keys" aria-expanded="false" aria-controls="help" \
aria-keyshortcuts="?">Keys</button>
<section id="help" aria-label="Keys" hidden>
<ul>
<li><kbd>&rarr;</kbd>, <kbd>Space</kbd> or a click: next slide; <kbd>&larr;</kbd>: previous;
<kbd>Home</kbd>, <kbd>End</kbd>: first, last</li>
<li><kbd>k</kbd> or <kbd>p</kbd>: play or pause; <kbd>r</kbd>: replay;
<kbd>m</kbd>: sound on or off</li>
<li><kbd>c</kbd>: captions; <kbd>n</kbd>: speaker notes; <kbd>f</kbd>: full screen;
<kbd>?</kbd>: these keys; <kbd>Esc</kbd>: close</li>
<li>Sound starts with your first key press or click.</li>
</ul>
</section>
</header>
<main id="deck" tabindex="-1">
<p id="described" class="visually-hidden" aria-live="polite"></p>
{slides}
</main>
<footer id="counter" aria-live="polite"></footer>
<script>
{script}
</script>
</body>
</html>
"""

TRANSCRIPT_LINK = '<a id="transcript" href="{href}">Transcript</a>\n'

SLIDE = """<section class="slide" id="slide-{number}" role="region" aria-label="{label}" \
data-scene="{scene}" data-beat="{beat}">
<h2 class="chapter">{chapter}</h2>
<video class="clip" playsinline muted preload="metadata" poster="{poster}" \
aria-label="{clip_label}" aria-describedby="notes-{number}">
{sources}
{tracks}
</video>
<section class="notes" id="notes-{number}" aria-label="Speaker notes, slide {number}">\
{notes}</section>
</section>"""

SOURCE = '<source src="{src}" type="{mime}">'

# `data-vtt`: the track's own text, for browsers that will not load it from a file:// page.
TRACKS = {
    "captions": '<track kind="captions" srclang="en" label="English" src="{src}" '
    'data-vtt="{vtt}" default>',
    "descriptions": '<track kind="descriptions" srclang="en" label="Descriptions" src="{src}" '
    'data-vtt="{vtt}">',
}

CSS = """html, body { margin: 0; height: 100%; overflow: hidden; }
body { background: $background; color: #f2f2f2;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
#bar { position: fixed; top: 0; left: 0; right: 0; height: 5vh; z-index: 5; display: flex;
  align-items: center; gap: 0.8vw; box-sizing: border-box; padding: 0 2vw; font-size: 1.8vh; }
#deck-title { flex: 1; min-width: 0; margin: 0; font-size: 1.9vh; font-weight: 600;
  color: #c8c8c8; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#bar a { color: #9ecbff; }
#bar button { font: inherit; color: #f2f2f2; background: #262a33; border: 1px solid #8a8f99;
  border-radius: 4px; padding: 0.3vh 0.8vw; cursor: pointer; transition: background 0.15s; }
#bar button:hover { background: #3a3f4b; }
#bar button[aria-pressed="false"] { color: #c8c8c8; background: transparent; }
:focus-visible { outline: 3px solid #ffd54a; outline-offset: 2px; }
#help { position: fixed; top: 5vh; right: 2vw; max-width: 70vw; z-index: 6; font-size: 2vh;
  line-height: 1.6; background: #1b1e25; border: 1px solid #8a8f99; padding: 1vh 1.5vw; }
#help[hidden] { display: none; }
#help ul { margin: 0; padding-left: 1.2em; }
kbd { font-family: inherit; border: 1px solid #8a8f99; border-radius: 3px; padding: 0 0.3em; }
.skip { position: absolute; left: 1vw; top: -20vh; z-index: 10; padding: 0.6vh 1vw;
  background: #f2f2f2; color: #000; }
.skip:focus { top: 1vh; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
#deck:focus { outline: none; }
.slide { position: absolute; inset: 5vh 0 0 0; display: none; flex-direction: column;
  box-sizing: border-box; padding: 0 2vw 5vh; }
.slide.active { display: flex; }
.chapter { font-size: 3.4vh; font-weight: normal; color: #d0d0d0; margin: 0 0 1.5vh; }
.clip { flex: 1; min-height: 0; width: 100%; object-fit: contain; background: $background; }
.notes { display: none; position: absolute; left: 0; right: 0; bottom: 0; max-height: 35vh;
  overflow: auto; box-sizing: border-box; padding: 2vh 3vw 6vh; font-size: 2.8vh;
  line-height: 1.45; background: rgba(0, 0, 0, 0.88); border-top: 1px solid #444; }
body.notes-open .slide.active .notes { display: block; }
#counter { position: fixed; right: 2vw; bottom: 1.2vh; font-size: 2.2vh; color: #a8a8a8;
  font-variant-numeric: tabular-nums; }
#selftest { display: none; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition: none !important; animation: none !important;
    scroll-behavior: auto !important; }
}"""

SCRIPT = r"""(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var counter = document.getElementById("counter");
  var playButton = document.getElementById("play");
  var soundButton = document.getElementById("sound");
  var captionsButton = document.getElementById("captions");
  var keysButton = document.getElementById("keys");
  var help = document.getElementById("help");
  var described = document.getElementById("described");
  var reduced = !!(window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  var current = -1;
  var soundOn = false;  // no sound before the viewer's first key press or click
  var gestured = false;
  var captionsOn = true;
  var FORWARD = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, Spacebar: 1, Enter: 1 };
  var BACK = { ArrowLeft: 1, ArrowUp: 1, PageUp: 1, Backspace: 1 };
  var each = function (selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  };

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

  // Chromium will not load a track file into a file:// page: use the track's inline copy.
  function inlineTrack(track) {
    if (/^data:/.test(track.src)) { return; }
    track.src = "data:text/vtt;charset=utf-8," + encodeURIComponent(track.getAttribute("data-vtt"));
  }
  each("track[data-vtt]", function (track) {
    track.addEventListener("error", function () { inlineTrack(track); });
    if (track.readyState === 3) { inlineTrack(track); }
  });

  // Descriptions are no browser's default: read the current clip's out in a live region.
  each('track[kind="descriptions"]', function (element) {
    element.track.mode = "hidden";
    element.track.addEventListener("cuechange", function () {
      if (videoOf(current) !== element.parentNode) { return; }
      var active = element.track.activeCues || [];
      var said = [];
      for (var i = 0; i < active.length; i++) { said.push(active[i].getCueAsHTML().textContent); }
      if (said.length) { described.textContent = said.join(" "); }
    });
  });

  function showCaptions(on) {
    captionsOn = on;
    captionsButton.setAttribute("aria-pressed", on ? "true" : "false");
    each('track[kind="captions"]', function (element) {
      element.track.mode = on ? "showing" : "hidden";
    });
  }

  function updateButtons() {
    var video = videoOf(current);
    playButton.textContent = video && !video.paused && !video.ended ? "Pause" : "Play";
    soundButton.textContent = soundOn ? "Turn sound off" : "Turn sound on";
  }

  function setSound(on) {
    soundOn = on;
    var video = videoOf(current);
    if (video) { video.muted = !on; }
    updateButtons();
  }

  // The first key press or click is the viewer's go-ahead for sound.
  function gesture() {
    if (gestured) { return; }
    gestured = true;
    setSound(true);
  }

  function start(video) {
    video.muted = !soundOn;
    var started = video.play();
    if (started && started.catch) {
      // a browser may still refuse sound: play muted then rather than not at all
      started.catch(function () {
        if (!video.muted) { video.muted = true; video.play().catch(function () {}); }
      });
    }
    updateButtons();
  }

  function arrive(video) {
    video.preload = "auto";
    try { video.currentTime = 0; } catch (e) { /* not seekable yet: it starts at 0 */ }
    video.muted = !soundOn;
    if (reduced) { video.pause(); updateButtons(); return; }  // the poster until asked to play
    start(video);
  }

  function togglePlay() {
    var video = videoOf(current);
    if (!video) { return; }
    if (video.paused || video.ended) { start(video); } else { video.pause(); }
    updateButtons();
  }

  function replay() {
    var video = videoOf(current);
    if (!video) { return; }
    try { video.currentTime = 0; } catch (e) { /* starts at 0 anyway */ }
    start(video);
  }

  function toggleHelp(open) {
    help.hidden = !open;
    keysButton.setAttribute("aria-expanded", open ? "true" : "false");
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
    described.textContent = "";
    remember(i);
    var video = videoOf(i);
    if (video) { arrive(video); }
    var next = videoOf(i + 1);
    if (next) { next.preload = "auto"; }
    updateButtons();
  }

  function toggleFullScreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen();
    }
  }

  each("video", function (video) {
    video.addEventListener("play", updateButtons);
    video.addEventListener("pause", updateButtons);
    video.addEventListener("ended", updateButtons);
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key;
    var target = event.target;
    // Enter and Space on a focused link or button activate it, as everywhere else
    if ((key === "Enter" || key === " ") && target.closest && target.closest("a, button")) {
      return;
    }
    if (key === "m" || key === "M") { gestured = true; setSound(!soundOn); }
    else if (key === "Escape") { if (help.hidden) { return; } toggleHelp(false); }
    else if (FORWARD[key]) { gesture(); show(current + 1); }
    else if (BACK[key]) { gesture(); show(current - 1); }
    else if (key === "Home") { gesture(); show(0); }
    else if (key === "End") { gesture(); show(slides.length - 1); }
    else if (key === "k" || key === "K" || key === "p" || key === "P") { gesture(); togglePlay(); }
    else if (key === "r" || key === "R") { gesture(); replay(); }
    else if (key === "c" || key === "C") { showCaptions(!captionsOn); }
    else if (key === "n" || key === "N") { document.body.classList.toggle("notes-open"); }
    else if (key === "f" || key === "F") { toggleFullScreen(); }
    else if (key === "?") { toggleHelp(help.hidden); }
    else { return; }
    event.preventDefault();
  });

  playButton.addEventListener("click", function () { gesture(); togglePlay(); });
  soundButton.addEventListener("click", function () { gestured = true; setSound(!soundOn); });
  captionsButton.addEventListener("click", function () { showCaptions(!captionsOn); });
  keysButton.addEventListener("click", function () { toggleHelp(help.hidden); });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".notes, #bar, a, button")) { return; }
    gesture();
    show(current + (event.shiftKey ? -1 : 1));
  });

  window.addEventListener("hashchange", function () {
    var i = fromHash();
    if (i !== null) { show(i); }
  });

  var begin = fromHash();
  show(begin === null ? 0 : begin);

  if (/[?&]selftest(=|&|$)/.test(window.location.search)) {
    var video = videoOf(current);
    var captions = video ? video.querySelector('track[kind="captions"]') : null;
    var done = false;
    var press = function (key) {
      document.dispatchEvent(new KeyboardEvent("keydown", { key: key, bubbles: true }));
    };
    var cuesOf = function (track) {
      var cues = track && track.track.cues ? track.track.cues : [];
      var found = [];
      for (var i = 0; i < cues.length; i++) {
        found.push([cues[i].startTime, cues[i].endTime, cues[i].getCueAsHTML().textContent]);
      }
      return found;
    };
    var finish = function () {
      if (done) { return; }
      done = true;
      var report = {
        total: slides.length,
        before: current + 1,
        readyState: video ? video.readyState : -1,
        source: video ? video.currentSrc.split("/").pop() : "",
        poster: video ? video.getAttribute("poster") : "",
        reducedMotion: reduced,
        mutedBefore: video ? video.muted : null,
        pausedBefore: video ? video.paused : null,
        captionsState: captions ? captions.readyState : -1,
        captions: cuesOf(captions)
      };
      press("ArrowRight");
      var arrived = videoOf(current);
      report.after = current + 1;
      report.hash = window.location.hash;
      report.mutedAfter = arrived.muted;
      report.pausedAfter = arrived.paused;
      report.soundButton = soundButton.textContent;
      press("k");
      report.pausedAfterToggle = arrived.paused;
      report.playButtonAfterToggle = playButton.textContent;
      press("k");
      report.pausedAfterSecondToggle = arrived.paused;
      press("?");
      report.helpShown = !help.hidden && getComputedStyle(help).display !== "none";
      press("Escape");
      report.helpHidden = help.hidden;
      var notes = slides[current].querySelector(".notes");
      var hidden = getComputedStyle(notes).display === "none";
      press("n");
      report.notesToggled = hidden && getComputedStyle(notes).display !== "none";
      report.notes = notes.textContent;
      var out = document.createElement("pre");
      out.id = "selftest";
      out.textContent = JSON.stringify(report);
      document.body.appendChild(out);
    };
    var ready = function () {
      return (!video || video.readyState >= 1 || video.error) &&
        (!captions || captions.readyState === 2);
    };
    var poll = setInterval(function () {
      if (ready()) { clearInterval(poll); finish(); }
    }, 50);
    setTimeout(function () { clearInterval(poll); finish(); }, 2000);  // within the check's budget
  }
})();"""
