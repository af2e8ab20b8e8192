// Cistern's live page: polls api/stats every second and charts each pool with uPlot. Every text from the
// server goes in through textContent, never as HTML.
(function () {
  "use strict";
  const KEEP = 300; // points per chart: five minutes at one a second
  const pools = new Map(); // name -> view
  const state = { updates: 0, failures: 0, points: {} }; // read by the browser test
  window.cisternDashboard = state;

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function chart(parent, title, series, unit) {
    const box = element("div", "chart");
    box.appendChild(element("h3", null, title));
    const target = element("div");
    box.appendChild(target);
    parent.appendChild(box);
    const data = [[]].concat(series.map(() => []));
    const plot = new uPlot({
      width: Math.max(380, Math.floor(box.clientWidth || 420)),
      height: 180,
      scales: { x: { time: true } },
      series: [{}].concat(series.map(s => ({ label: s.label, stroke: s.color, width: 2, spanGaps: false }))),
      axes: [{}, { label: unit, size: 60 }],
      legend: { live: false },
    }, data, target);
    return { plot, data, box };
  }

  function push(view, key, time, values) {
    const c = view.charts[key];
    c.data[0].push(time);
    values.forEach((v, i) => c.data[i + 1].push(v));
    if (c.data[0].length > KEEP) c.data.forEach(column => column.shift());
    c.plot.setData(c.data);
  }

  function tile(parent, label) {
    const t = element("div", "tile");
    t.appendChild(element("div", "label", label));
    const value = element("div", "value", "–");
    t.appendChild(value);
    parent.appendChild(t);
    return value;
  }

  function createView(name) {
    const section = element("section", "pool");
    section.dataset.pool = name;
    section.appendChild(element("h2", null, name));
    const health = element("span", "badge", "");
    const circuit = element("span", "badge", "");
    section.appendChild(health);
    section.appendChild(document.createTextNode(" circuit "));
    section.appendChild(circuit);
    const reasons = element("ul", "reasons");
    section.appendChild(reasons);
    const servers = element("p", "servers", "");
    section.appendChild(servers);
    const tiles = element("div", "tiles");
    section.appendChild(tiles);
    const view = {
      section, health, circuit, reasons, servers, last: null,
      tiles: {
        total: tile(tiles, "connections"), active: tile(tiles, "in use"), idle: tile(tiles, "idle"),
        pending: tile(tiles, "waiting"), oldest: tile(tiles, "oldest wait (ms)"), rate: tile(tiles, "borrows / s"),
        waitP99: tile(tiles, "wait p99 (ms)"), useP99: tile(tiles, "use p99 (ms)"), timeouts: tile(tiles, "timeouts"),
      },
    };
    const charts = element("div", "charts");
    section.appendChild(charts);
    view.charts = {
      connections: chart(charts, "Connections", [
        { label: "in use", color: "#2e90fa" }, { label: "idle", color: "#12b76a" },
        { label: "waiting", color: "#f04438" }, { label: "may grow to", color: "#98a2b3" }], "connections"),
      wait: chart(charts, "Wait for a connection (recent window)", [
        { label: "p50", color: "#7a5af8" }, { label: "p99", color: "#f04438" }], "ms"),
      errors: chart(charts, "Timeouts and errors per second", [
        { label: "timeouts", color: "#f04438" }, { label: "refused (circuit/suspended)", color: "#f79009" },
        { label: "connect failures", color: "#475467" }], "per s"),
    };
    view.latencyNote = element("p", "note", "");
    section.appendChild(view.latencyNote);
    const leaksBox = element("details");
    view.leaksSummary = element("summary", null, "leak suspects: 0");
    leaksBox.appendChild(view.leaksSummary);
    view.leaks = element("div");
    leaksBox.appendChild(view.leaks);
    section.appendChild(leaksBox);
    const scaleBox = element("details");
    view.scaleSummary = element("summary", null, "autoscaler decisions: 0");
    scaleBox.appendChild(view.scaleSummary);
    view.scale = element("table");
    scaleBox.appendChild(view.scale);
    section.appendChild(scaleBox);
    document.getElementById("pools").appendChild(section);
    return view;
  }

  function perSecond(view, stats, key, seconds) {
    if (!view.last || seconds <= 0) return 0;
    return Math.max(0, (stats[key] - view.last.stats[key]) / seconds);
  }

  function update(view, pool, timeSeconds) {
    const s = pool.stats;
    view.health.textContent = pool.health.status;
    view.health.className = "badge " + pool.health.status;
    view.circuit.textContent = s.circuit_state;
    // Which server each connection is on (as the server reports itself), and failovers followed (docs/failover.md).
    const on = Object.entries(s.servers || {}).map(([server, n]) => server + " (" + n + ")").join(", ");
    view.servers.textContent = "connections on: " + (on || "none") + (s.failovers > 0 ? " · failovers followed: "
        + s.failovers + (s.last_failover_ms >= 0 ? " (the last took " + s.last_failover_ms + " ms)" : "") : "");
    view.circuit.className = "badge " + s.circuit_state;
    view.reasons.replaceChildren(...pool.health.reasons.map(r => element("li", null, r)));
    const t = view.tiles;
    t.total.textContent = s.total;
    t.active.textContent = s.active;
    t.idle.textContent = s.idle;
    t.pending.textContent = s.pending;
    t.oldest.textContent = s.oldest_waiter_age_ms;
    t.rate.textContent = Math.round(s.borrows_per_second);
    t.timeouts.textContent = s.timeouts;
    const latency = s.latency_recorded;
    t.waitP99.textContent = latency ? s.recent_wait_p99_ms.toFixed(2) : "off";
    t.useP99.textContent = latency ? s.recent_use_p99_ms.toFixed(2) : "off";
    view.latencyNote.textContent = latency ? "" :
      "Latency recording is off for this pool: set metrics.latency=true to chart wait times.";

    const seconds = view.last ? timeSeconds - view.last.time : 0;
    push(view, "connections", timeSeconds, [s.active, s.idle, s.pending, s.effective_maximum_pool_size]);
    push(view, "wait", timeSeconds, latency ? [s.recent_wait_p50_ms, s.recent_wait_p99_ms] : [null, null]);
    const refusals = perSecond(view, s, "circuit_refusals", seconds) + perSecond(view, s, "suspended_refusals", seconds);
    push(view, "errors", timeSeconds, [perSecond(view, s, "timeouts", seconds), refusals,
      perSecond(view, s, "create_failures", seconds)]);

    view.leaksSummary.textContent = "leak suspects: " + pool.leaks.length;
    view.leaks.replaceChildren(...pool.leaks.map(leak => {
      const box = element("div");
      box.appendChild(element("div", null, leak.thread + " has held a connection for " + leak.held_ms + " ms"));
      box.appendChild(element("pre", null, leak.stack.join("\n")));
      return box;
    }));
    view.scaleSummary.textContent = "autoscaler decisions: " + pool.scale_decisions.length;
    view.scale.replaceChildren(...pool.scale_decisions.slice().reverse().map(d => {
      const row = element("tr");
      [d.at, d.from + " → " + d.to, d.reason].forEach(text => row.appendChild(element("td", null, text)));
      return row;
    }));
    view.last = { time: timeSeconds, stats: s };
    state.points[pool.name] = view.charts.connections.data[0].length;
  }

  async function poll() {
    const connection = document.getElementById("connection");
    try {
      const response = await fetch("api/stats", { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const answer = await response.json();
      const time = answer.time_ms / 1000;
      for (const pool of answer.pools) {
        if (!pools.has(pool.name)) pools.set(pool.name, createView(pool.name));
        update(pools.get(pool.name), pool, time);
      }
      state.updates++;
      connection.textContent = "live";
      connection.className = "badge UP";
    } catch (e) {
      state.failures++;
      connection.textContent = "no answer (" + e.message + ")";
      connection.className = "badge DOWN";
    }
  }

  poll();
  setInterval(poll, 1000);
})();
