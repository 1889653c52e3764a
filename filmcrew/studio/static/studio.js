// The studio's few lines of script: the live writers' room (server-sent events), the replay scrubber, and
// sizes and colours taken from data attributes (the page's policy allows no inline styles).
"use strict";

function liveRoom(room) {
  const messages = document.getElementById("messages");
  const activity = document.getElementById("activity");
  const progress = document.getElementById("progress");
  let reloading = null;
  const source = new EventSource(room.dataset.stream);
  source.addEventListener("ev", (m) => {
    const ev = JSON.parse(m.data);
    if (ev.kind === "message") {
      const li = document.createElement("li");
      li.className = "msg";
      li.dataset.speaker = ev.speaker;
      li.dataset.lag = (Date.now() / 1000 - ev.t).toFixed(3);  // seconds from written to shown
      const who = document.createElement("b");
      who.textContent = ev.speaker;
      const text = document.createElement("span");
      text.className = "text";
      text.textContent = ev.message;
      li.append(who, " → " + ev.to + ": ", text);
      messages.append(li);
      li.scrollIntoView({block: "nearest"});
    }
    if (ev.activity && activity) activity.textContent = ev.activity;
    // stage, shots and time left, as the studio estimates them from the run's own log (filmcrew/progress.py)
    if (ev.progress && progress) {
      progress.textContent = ev.progress.text;
      progress.dataset.left = ev.progress.left === null ? "" : ev.progress.left;
    }
    if (ev.stage && (ev.kind === "turn" || ev.kind === "call")) {
      for (const li of room.querySelectorAll(".stages li")) {
        if (li.classList.contains("now")) { li.classList.remove("now"); li.classList.add("done"); }
        if (li.dataset.stage === ev.stage) { li.classList.remove("done"); li.classList.add("now"); }
      }
    }
    // A session began or ended, a gate was answered or the run stopped at one: show the run as it stands now.
    if (["session", "stopped", "session_end", "failed", "intervention"].includes(ev.kind) && !reloading) {
      reloading = setTimeout(() => location.reload(), 250);
    }
  });
}

function scrubber(range) {
  const items = document.querySelectorAll("#timeline li.ev");
  const label = document.getElementById("scrub-at");
  const show = () => {
    const upto = Number(range.value);
    for (const li of items) li.classList.toggle("later", Number(li.dataset.i) > upto);
    const current = items[upto];
    if (current) {
      label.textContent = current.querySelector(".at").textContent;
      current.scrollIntoView({block: "nearest"});
    }
  };
  range.addEventListener("input", show);
  show();
}

document.addEventListener("DOMContentLoaded", () => {
  const room = document.getElementById("room");
  if (room) liveRoom(room);  // also when waiting: a gate answered in another tab or by `filmcrew resume` shows here
  const range = document.getElementById("scrub");
  if (range) scrubber(range);
  for (const el of document.querySelectorAll("[data-colour]")) el.style.background = el.dataset.colour;
  for (const el of document.querySelectorAll(".strip li[data-share]")) el.style.flexBasis = el.dataset.share + "%";
  for (const el of document.querySelectorAll(".transitions li[data-at]")) {
    el.style.left = el.dataset.at + "%";  // a transition spans its cut: it overlaps both shots, as in the edit
    el.style.width = el.dataset.share + "%";
  }
  for (const img of document.querySelectorAll(".portrait img[data-box]")) {
    // Crop the keyframe to the face: the box is [x, y, w, h] in percent of the frame (16:9).
    const [x, y, w, h] = img.dataset.box.split(",").map((v) => Number(v) / 100);
    const span = Math.min(1, Math.max(w, h * 9 / 16) * 2.2);
    const width = 100 / span;
    const height = width * 9 / 16;  // in percent of the square frame's side
    const clamp = (v, low) => Math.min(0, Math.max(low, v));  // never past the keyframe's edge
    img.style.width = width + "%";
    img.style.left = clamp(-(x + w / 2 - span / 2) * width, 100 - width) + "%";
    img.style.top = clamp(-((y + h / 2) * height - 50), 100 - height) + "%";
  }
});
