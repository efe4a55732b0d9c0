/**
 * The gallery page's static markup, apart from the HTML shell so the standalone browser test
 * serves exactly what the panel serves. Trusted text only: every dataset value reaches the page
 * through messages and textContent, never through this string.
 */
export const GALLERY_BODY = `<header class="toolbar">
  <div class="heading"><h1 id="title">Dataset</h1><span id="summary" class="summary">Scanning…</span></div>
  <div class="controls">
    <label>Sort <select id="sort"></select></label>
    <label class="check"><input type="checkbox" id="filter-flagged"> flagged</label>
    <label class="check"><input type="checkbox" id="filter-unreviewed"> unreviewed</label>
    <label class="check"><input type="checkbox" id="filter-needs-fix"> needs fix</label>
    <input type="search" id="search" placeholder="Search by name" aria-label="Search by name">
    <label class="rule"><span id="rule-label">flag above</span>
      <input type="range" id="rule-slider" min="0" max="1" step="0.005" value="0.05" aria-label="Flag rule">
      <span id="rule-value">0.050</span></label>
    <button id="scan" type="button">Rescan</button>
    <button id="export" type="button">Export report</button>
  </div>
  <progress id="progress" hidden></progress>
  <div id="message" class="message" role="status"></div>
</header>
<main id="grid" class="grid"><div id="tiles" class="tiles"></div>
  <p id="empty" class="empty" hidden>No sample matches the filters.</p></main>`;
