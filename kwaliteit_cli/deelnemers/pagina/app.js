// The participant's page: fetch the room every few seconds while the page is visible and
// again the moment the phone wakes; keep whatever is typed in localStorage, so a reload or
// a phone that slept loses nothing. No framework, no external resources.
"use strict";

const POLL_MS = 3000;
let stand = null;
let timer = null;

const $ = (id) => document.getElementById(id);

function draftKey(name) {
  // A note belongs to the silent question it was written for.
  const step = name === "notitie" && stand ? ":" + stand.vraag : "";
  return "kw:" + name + step;
}

function keepDraft(field, name) {
  field.addEventListener("input", () => {
    try { localStorage.setItem(draftKey(name), field.value); } catch (e) { /* full or off */ }
  });
}

function restoreDraft(field, name) {
  if (document.activeElement === field) return;
  let saved = null;
  try { saved = localStorage.getItem(draftKey(name)); } catch (e) { saved = null; }
  if (saved !== null && field.value !== saved) field.value = saved;
}

function forgetDraft(field, name) {
  field.value = "";
  try { localStorage.removeItem(draftKey(name)); } catch (e) { /* ignore */ }
}

function say(text, good) {
  const el = $("melding");
  el.textContent = text || "";
  el.className = good ? "goed" : "melding";
}

function connected(ok) {
  const bar = $("verbinding");
  bar.textContent = ok ? "Verbonden met de laptop van de begeleider"
    : "Geen verbinding met de laptop. Je tekst blijft bewaard; ik probeer het opnieuw.";
  bar.className = ok ? "verbinding" : "verbinding weg";
}

async function refresh() {
  try {
    const response = await fetch("/api/stand", { credentials: "same-origin", cache: "no-store" });
    if (response.status === 403) {
      connected(true);
      say("Dit apparaat doet niet (meer) mee. Scan de QR-code opnieuw.");
      show(null);
      return;
    }
    if (!response.ok) { connected(false); return; }
    const next = await response.json();
    connected(true);
    if (!stand || next.versie !== stand.versie) show(next);
  } catch (e) {
    connected(false);
  }
}

async function send(path, data) {
  try {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      referrerPolicy: "same-origin",  // the page's policy is no-referrer: Origin would be null
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(data),
    });
    const answer = await response.json();
    if (!response.ok) { say(answer.melding || "Dat lukte niet."); return false; }
    show(answer);
    return true;
  } catch (e) {
    connected(false);
    say("Niet verstuurd: geen verbinding. Je tekst is bewaard; probeer het zo opnieuw.");
    return false;
  }
}

function show(next) {
  stand = next;
  const mode = next ? next.stap : "wacht";
  $("apparaat").textContent = next ? next.apparaat + (next.naam ? " (" + next.naam + ")" : "") : "–";
  $("fase").textContent = next && next.fase ? " · " + next.fase : "";
  $("gezamenlijk").hidden = !(next && next.gezamenlijke_vraag);
  $("gezamenlijke-vraag").textContent = next ? next.gezamenlijke_vraag : "";
  $("stap").hidden = !(next && next.vraag);
  $("stap").textContent = next ? next.vraag : "";
  for (const id of ["wacht", "notitie", "vraag", "stemming", "correctie"]) {
    $(id).hidden = id !== mode;
  }
  if (!next) return;
  if (mode === "notitie") {
    restoreDraft($("notitie-tekst"), "notitie");
    restoreDraft($("notitie-naam"), "notitie-naam");
  }
  if (mode === "vraag") { restoreDraft($("voorstel-tekst"), "voorstel"); showProposals(next); }
  $("stemming").hidden = !next.stemming_open;
  $("gestemd").hidden = !next.gestemd;
  for (const b of $("keuzes").querySelectorAll("button")) b.disabled = next.gestemd;
  $("uitslag").hidden = !next.uitslag;
  if (next.uitslag) {
    $("uitslag-ja").textContent = next.uitslag.ja;
    $("uitslag-deels").textContent = next.uitslag.deels;
    $("uitslag-nee").textContent = next.uitslag.nee;
    $("eensgezind").hidden = !next.uitslag.eensgezind;
  }
  if (mode === "correctie") showWords(next);
}

function showProposals(next) {
  $("stippen-over").textContent = next.stippen_over;
  const list = $("voorstellen");
  list.replaceChildren();
  for (const p of next.voorstellen) {
    const li = document.createElement("li");
    const text = document.createElement("div");
    text.textContent = p.tekst;
    const row = document.createElement("div");
    row.className = "stippen";
    const minus = document.createElement("button");
    minus.type = "button"; minus.className = "licht"; minus.textContent = "−";
    minus.setAttribute("aria-label", "Stip weghalen");
    minus.disabled = p.mijn === 0;
    minus.addEventListener("click", () => placeDot(p.id, -1));
    const plus = document.createElement("button");
    plus.type = "button"; plus.textContent = "+";
    plus.setAttribute("aria-label", "Stip geven");
    plus.disabled = next.stippen_over === 0;
    plus.addEventListener("click", () => placeDot(p.id, 1));
    const dots = document.createElement("span");
    dots.className = "stip";
    dots.textContent = "●".repeat(p.mijn) + (p.stippen > p.mijn ? "  " : "");
    const total = document.createElement("span");
    total.className = "klein";
    total.textContent = p.stippen + (p.stippen === 1 ? " stip" : " stippen") + " in totaal";
    row.append(minus, plus, dots, total);
    li.append(text, row);
    list.append(li);
  }
}

function placeDot(id, delta) {
  const mine = {};
  for (const p of stand.voorstellen) if (p.mijn) mine[p.id] = p.mijn;
  mine[id] = Math.max(0, (mine[id] || 0) + delta);
  send("/api/stippen", { stippen: mine });
}

function showWords(next) {
  const select = $("correctie-naam");
  const wanted = ["", ...next.namen];
  if (select.options.length !== wanted.length) {
    select.replaceChildren();
    for (const name of wanted) {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name || "Kies je naam";
      select.append(option);
    }
  }
  select.value = next.naam && next.namen.includes(next.naam) ? next.naam : "";
  $("woorden").hidden = !select.value;
  const list = $("mijn-woorden");
  list.replaceChildren();
  const chosen = Number(localStorage.getItem("kw:correctie-nummer") ?? "-1");
  next.mijn_woorden.forEach((line, index) => {
    const li = document.createElement("li");
    if (index === chosen) li.className = "gekozen";
    const text = document.createElement("div");
    text.textContent = line;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "licht";
    button.textContent = "Verbeteren";
    button.addEventListener("click", () => pickWords(index, line));
    li.append(text, button);
    list.append(li);
  });
  const picked = Number(localStorage.getItem("kw:correctie-nummer") ?? "-1");
  $("verbeteren").hidden = !(picked >= 0 && picked < next.mijn_woorden.length);
  restoreDraft($("correctie-tekst"), "correctie");
}

function pickWords(index, line) {
  try { localStorage.setItem("kw:correctie-nummer", String(index)); } catch (e) { /* ignore */ }
  const field = $("correctie-tekst");
  field.value = line;
  try { localStorage.setItem(draftKey("correctie"), line); } catch (e) { /* ignore */ }
  $("verbeteren").hidden = false;
  $("mijn-woorden").querySelectorAll("li").forEach((li, i) => {
    li.className = i === index ? "gekozen" : "";
  });
  field.focus();
}

function schedule() {
  clearInterval(timer);
  timer = null;
  if (document.visibilityState === "visible") {
    refresh();
    timer = setInterval(refresh, POLL_MS);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  keepDraft($("notitie-tekst"), "notitie");
  keepDraft($("notitie-naam"), "notitie-naam");
  keepDraft($("voorstel-tekst"), "voorstel");
  keepDraft($("correctie-tekst"), "correctie");
  $("notitie-delen").addEventListener("click", async () => {
    const text = $("notitie-tekst").value;
    if (await send("/api/notitie", { tekst: text, naam: $("notitie-naam").value })) {
      forgetDraft($("notitie-tekst"), "notitie");
      say("Gedeeld. De begeleider beslist of het in het verslag komt.", true);
    }
  });
  $("notitie-wissen").addEventListener("click", () => forgetDraft($("notitie-tekst"), "notitie"));
  $("voorstel-sturen").addEventListener("click", async () => {
    if (await send("/api/voorstel", { tekst: $("voorstel-tekst").value })) {
      forgetDraft($("voorstel-tekst"), "voorstel");
      say("Je voorstel staat erbij.", true);
    }
  });
  for (const b of $("keuzes").querySelectorAll("button")) {
    b.addEventListener("click", () => send("/api/stem", { keuze: b.dataset.keuze }));
  }
  $("correctie-naam").addEventListener("change", async (event) => {
    if (!(await send("/api/naam", { naam: event.target.value })) && stand) showWords(stand);
  });
  $("correctie-sturen").addEventListener("click", async () => {
    const nummer = Number(localStorage.getItem("kw:correctie-nummer") ?? "-1");
    if (await send("/api/correctie", { tekst: $("correctie-tekst").value, nummer })) {
      forgetDraft($("correctie-tekst"), "correctie");
      localStorage.removeItem("kw:correctie-nummer");
      $("verbeteren").hidden = true;
      say("Je verbetering is naar de verslaglegger gestuurd.", true);
    }
  });
  document.addEventListener("visibilitychange", schedule);
  window.addEventListener("pageshow", schedule);
  window.addEventListener("focus", refresh);
  window.addEventListener("online", refresh);
  schedule();
});
