// hallq-web hall board: counters, the latest calls and who waits, live (Server-Sent Events).
"use strict";
(function () {
  const T = {
    zh: { title: "大厅叫号", counters: "窗口", recent: "最近叫号", waiting: "等候人数",
      call: (code, c) => `请${code}号到${c}号窗口办理`, paused: "暂停", idle: "—",
      people: (n) => `${n}人`, est: (m) => m === null || m === 0 ? "" : `约${m}分钟`, all: "全部部门", dept: "部门",
      live: "实时更新中", lost: "连接中断，正在重新连接…", line: (code, c) => `${code} → ${c}号窗口` },
    en: { title: "Hall board", counters: "Counters", recent: "Latest calls", waiting: "Waiting",
      call: (code, c) => `Number ${code}, please go to counter ${c}`, paused: "paused", idle: "—",
      people: (n) => `${n}`, est: (m) => m === null || m === 0 ? "" : `~${m} min`, all: "All departments", dept: "Department",
      live: "Live", lost: "Connection lost, reconnecting…", line: (code, c) => `${code} → counter ${c}` },
  };
  const init = JSON.parse(document.getElementById("init").textContent);
  let lang = window.localStorage.getItem("hallq.lang") || init.lang;
  if (window.localStorage.getItem("hallq.large") === "1") document.documentElement.classList.add("large");
  let board = null, lastCall = null;
  const $ = (id) => document.getElementById(id);
  window.hallqShown = [];
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };

  function depts() {
    // A hall may host thirty departments: a drop-down keeps the board in view on a phone.
    const nav = $("depts"); nav.replaceChildren();
    const select = el("select"); select.setAttribute("aria-label", T[lang].dept);
    const all = [{ code: "", name: T[lang].all, name_en: T[lang].all }, ...init.departments];
    all.forEach((d) => {
      const option = el("option", "", lang === "en" ? d.name_en : d.name);
      option.value = d.code; option.selected = d.code === init.department;
      select.appendChild(option);
    });
    select.addEventListener("change", () => {
      window.location.href = select.value ? `/board?dept=${encodeURIComponent(select.value)}` : "/board";
    });
    nav.appendChild(select);
  }

  function render() {
    const L = T[lang];
    document.title = L.title;
    document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
    $("hall-name").textContent = lang === "en" ? init.hall_en : init.hall;
    $("h-counters").textContent = L.counters; $("h-recent").textContent = L.recent; $("h-waiting").textContent = L.waiting;
    depts();
    if (!board) return;
    const newest = board.recent[0];
    const flash = $("flash"); flash.replaceChildren();
    if (newest) { const c = el("div", "call", L.call(newest.code, newest.counter)); flash.appendChild(c);
      if (lastCall !== null && newest.event_id !== lastCall) c.classList.add("flash"); }
    lastCall = newest ? newest.event_id : lastCall;
    const ul = $("counters"); ul.replaceChildren();
    board.counters.forEach((c) => {
      const li = el("li", c.state); li.dataset.counter = c.number;
      li.appendChild(el("div", "n", lang === "en" ? `Counter ${c.number}` : `${c.number}号窗口`));
      li.appendChild(el("div", "c", c.state === "paused" ? L.paused : (c.current || L.idle)));
      ul.appendChild(li);
    });
    const ol = $("recent"); ol.replaceChildren();
    board.recent.forEach((r) => ol.appendChild(el("li", "", L.line(r.code, r.counter))));
    const table = $("waiting"); table.replaceChildren();
    board.services.forEach((s) => {
      const tr = el("tr");
      tr.appendChild(el("td", "", lang === "en" ? (s.name_en || s.name) : s.name));
      tr.appendChild(el("td", "num", L.people(s.waiting)));
      tr.appendChild(el("td", "num", L.est(s.est_wait_min)));
      table.appendChild(tr);
    });
  }

  const sw = document.querySelector("[data-lang-switch]");
  if (sw) sw.addEventListener("click", (ev) => { ev.preventDefault(); lang = lang === "en" ? "zh" : "en";
    window.localStorage.setItem("hallq.lang", lang); sw.textContent = lang === "en" ? "中文" : "English"; render(); });
  if (sw) sw.textContent = lang === "en" ? "中文" : "English";
  render();
  const q = init.department ? `?dept=${encodeURIComponent(init.department)}` : "";
  const source = new EventSource(`/board/events${q}`);
  source.onmessage = (msg) => {
    board = JSON.parse(msg.data); render();
    $("live").textContent = T[lang].live; $("live").classList.remove("lost");
    window.hallqShown.push({ newest: board.recent[0] ? board.recent[0].event_id : null, sent: board.sent,
      shown: (performance.timeOrigin + performance.now()) / 1000 });
  };
  source.onerror = () => { $("live").textContent = T[lang].lost; $("live").classList.add("lost"); };
})();
