// hallq-web ticket page: renders the ticket's state and follows it live (Server-Sent Events).
"use strict";
(function () {
  const T = {
    zh: {
      title: "我的排队号", waiting: "排队中", called: "轮到您了", serving: "正在办理",
      finished: "已办结，感谢您的耐心等待", no_show: "已过号", cancelled: "此号已作废",
      transferred: "已转办", ahead: (n) => n === 0 ? "下一位就是您" : `前方等待 ${n} 人`,
      est: (m) => m === null ? "暂无窗口办理此业务，请留意大厅广播" : m === 0 ? "即将叫到您" : `预计等待约 ${m} 分钟`,
      call: (c) => `请到${c}号窗口办理`, recall: (k) => `第${k + 1}次呼叫`,
      serving_at: (c) => `正在${c}号窗口办理`,
      moved: (s) => `您的号码已转至「${s}」，请继续等候叫号`,
      no_show_note: "您未在叫号时到达窗口。如需继续办理，请咨询导办台。",
      requeued: "您已过号，已为您重新排队，请留意叫号",
      large: "长辈模式", sound: "开启提醒音", sound_on: "提醒音已开启",
      live: "实时更新中，无需刷新", lost: "连接中断，正在重新连接…", board: "查看大厅叫号",
    },
    en: {
      title: "My ticket", waiting: "Waiting", called: "It's your turn", serving: "Being served",
      finished: "Done. Thank you for waiting", no_show: "Missed", cancelled: "This ticket was cancelled",
      transferred: "Transferred", ahead: (n) => n === 0 ? "You are next" : `${n} ${n === 1 ? "person" : "people"} ahead of you`,
      est: (m) => m === null ? "No counter serves this now; listen for announcements" : m === 0 ? "You will be called soon" : `About ${m} min wait`,
      call: (c) => `Please go to counter ${c}`, recall: (k) => `Call ${k + 1}`,
      serving_at: (c) => `Being served at counter ${c}`,
      moved: (s) => `Your ticket moved to "${s}"; please wait to be called`,
      no_show_note: "You were not at the counter when called. Ask at the help desk to continue.",
      requeued: "You missed your call and were put back in line; please listen for your number",
      large: "Large text", sound: "Turn on sound", sound_on: "Sound on",
      live: "Live: no need to reload", lost: "Connection lost, reconnecting…", board: "Hall board",
    },
  };
  const init = JSON.parse(document.getElementById("init").textContent);
  const store = window.localStorage;
  let lang = store.getItem("hallq.lang") || init.lang;
  let large = store.getItem("hallq.large") === "1";
  let audio = null;
  let view = init.view;
  let firstService = view.service;
  const $ = (id) => document.getElementById(id);
  window.hallqShown = [];

  function name(v) { return lang === "en" ? (v.service_name_en || v.service_name) : v.service_name; }

  function render() {
    const L = T[lang];
    document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
    document.title = `${view.code} · ${L.title}`;
    document.documentElement.classList.toggle("large", large);
    document.body.className = document.body.className.replace(/\bstate-\S+/g, "").trim();
    document.body.classList.add(`state-${view.status}`);
    $("hall-name").textContent = lang === "en" ? init.hall_en : init.hall;
    $("service").textContent = name(view);
    $("code").textContent = view.code;
    const call = $("call");
    let status = L[view.status] || view.status, ahead = "", est = "", note = "";
    call.hidden = true;
    if (view.status === "waiting") {
      ahead = L.ahead(view.people_ahead);
      est = L.est(view.est_wait_min);
      if (view.requeues > 0) note = L.requeued;
      else if (view.service !== firstService) note = L.moved(name(view));
    } else if (view.status === "called") {
      call.hidden = false;
      call.textContent = L.call(view.counter);
      status = view.recalls > 0 ? L.recall(view.recalls) : L.called;
    } else if (view.status === "serving") {
      status = L.serving_at(view.counter);
    } else if (view.status === "no_show") {
      note = L.no_show_note;
    }
    $("status").textContent = status;
    $("ahead").textContent = ahead;
    $("est").textContent = est;
    $("note").textContent = note;
    $("large").textContent = L.large;
    $("large").setAttribute("aria-pressed", String(large));
    $("sound").textContent = audio ? L.sound_on : L.sound;
    $("sound").setAttribute("aria-pressed", String(!!audio));
    $("notice").textContent = lang === "en" ? init.notice_en : init.notice;
    $("board-link").textContent = L.board;
    const sw = document.querySelector("[data-lang-switch]");
    if (sw) sw.textContent = lang === "en" ? "中文" : "English";
  }

  function chime() {
    if (!audio) return;
    const now = audio.currentTime;
    [[784, 0], [659, 0.35]].forEach(([freq, at]) => {
      const osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + at);
      gain.gain.exponentialRampToValueAtTime(0.4, now + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + at); osc.stop(now + at + 0.65);
    });
  }

  function alertCall() {
    const call = $("call");
    call.classList.remove("flash"); void call.offsetWidth; call.classList.add("flash");
    if (navigator.vibrate) { try { navigator.vibrate([400, 150, 400, 150, 400]); } catch (e) { /* not allowed */ } }
    chime();
  }

  function update(next) {
    const before = view;
    view = next;
    render();
    const newCall = next.status === "called" &&
      (before.status !== "called" || next.recalls > before.recalls || next.counter !== before.counter);
    if (newCall) alertCall();
    window.hallqShown.push({ event_id: next.event_id, cause: next.cause, status: next.status,
      counter: next.counter, sent: next.sent, shown: (performance.timeOrigin + performance.now()) / 1000 });
  }

  $("large").addEventListener("click", () => {
    large = !large; store.setItem("hallq.large", large ? "1" : "0"); render();
  });
  $("sound").addEventListener("click", () => {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (!audio && Ctx) { audio = new Ctx(); chime(); }
    render();
  });
  const sw = document.querySelector("[data-lang-switch]");
  if (sw) sw.addEventListener("click", (ev) => {
    ev.preventDefault(); lang = lang === "en" ? "zh" : "en"; store.setItem("hallq.lang", lang); render();
  });

  render();
  const source = new EventSource(`/t/${encodeURIComponent(init.token)}/events`);
  source.onmessage = (msg) => { $("live").textContent = T[lang].live; $("live").classList.remove("lost"); update(JSON.parse(msg.data)); };
  source.onopen = () => { $("live").textContent = T[lang].live; $("live").classList.remove("lost"); };
  source.onerror = () => { $("live").textContent = T[lang].lost; $("live").classList.add("lost"); };
  source.addEventListener("gone", () => { source.close(); window.location.reload(); });
})();
