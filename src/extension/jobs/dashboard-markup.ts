/**
 * The dashboard page's static markup (no vscode import), shared by the panel and the standalone
 * webview test that loads the page in a plain browser.
 */
export const DASHBOARD_BODY = `
<header>
  <h1 id="title">No training run yet</h1>
  <span id="status" class="status" role="status"></span>
  <button id="stop" type="button" hidden>Stop</button>
</header>
<main>
  <section class="charts" aria-label="Training curves">
    <figure>
      <figcaption>Loss <span class="key blue">training</span><span class="key orange dashed">validation</span></figcaption>
      <canvas id="chart-loss" data-points="0"></canvas>
    </figure>
    <figure>
      <figcaption>Validation overlap <span class="key green">IoU</span><span class="key purple dashed">Dice</span></figcaption>
      <canvas id="chart-iou" data-points="0"></canvas>
    </figure>
    <figure>
      <figcaption>Prediction asymmetry <span class="key red">1 − IoU(p, σp), 0 = symmetric</span></figcaption>
      <canvas id="chart-asym" data-points="0"></canvas>
    </figure>
  </section>
  <aside>
    <h2>Backend</h2>
    <p id="backend">—</p>
    <ul id="fallbacks"></ul>
    <h2>Configuration</h2>
    <table id="config"></table>
    <h2>Epochs</h2>
    <table id="epochs"></table>
    <ul id="warnings"></ul>
    <p id="command" class="command"></p>
  </aside>
</main>`;
