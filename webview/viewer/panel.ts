import { AXES, AXIS_LABELS, type Axis } from '../../src/core/axis';
import {
  LAYER_IDS,
  LAYER_LABELS,
  type Colormap,
  type LayerId,
  type MaskStyle,
  type ReviewState,
  type SampleView,
  type Scores,
  type ViewerSettings,
} from '../../src/protocol/viewer';
import type { DisplayWindow } from './window-level';

export interface PanelActions {
  setAxis(axis: Axis): void;
  setReview(review: ReviewState | undefined): void;
  toggleLayer(id: LayerId): void;
  setLayerColour(id: LayerId, colour: string): void;
  setLayerOpacity(id: LayerId, opacity: number): void;
  setMaskStyle(style: MaskStyle): void;
  setColormap(map: Colormap): void;
  setWindow(window: DisplayWindow | 'auto'): void;
  navigate(direction: 'previous' | 'next'): void;
}

const REVIEW_BUTTONS: [ReviewState, string][] = [
  ['ok', 'Looks fine'],
  ['needs-fix', 'Needs fix'],
  ['ignore', 'Ignore'],
];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

function percent(v: number | undefined): string {
  return v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;
}

function fraction(v: number | undefined): string {
  return v === undefined ? '—' : v.toFixed(3);
}

/** The side panel. It only shows state and reports clicks; the controller owns the state. */
export class Panel {
  readonly root = el('aside', { id: 'panel' });
  private readonly title = el('h2', { id: 'sample-name' });
  private readonly facts = el('div', { className: 'facts' });
  private readonly messages = el('div', { className: 'messages' });
  private readonly axisSelect = el('select', { id: 'axis-select', title: 'Symmetry axis' });
  private readonly scoreList = el('dl', { id: 'scores', className: 'scores' });
  private readonly flag = el('span', { id: 'flagged', className: 'badge', textContent: 'flagged' });
  private readonly reviewButtons = new Map<ReviewState, HTMLButtonElement>();
  private readonly layerRows = new Map<
    LayerId,
    { toggle: HTMLInputElement; colour: HTMLInputElement; opacity: HTMLInputElement }
  >();
  private readonly styleSelect = el('select', { id: 'mask-style' });
  private readonly colormapSelect = el('select', { id: 'colormap' });
  private readonly windowRow = el('div', { className: 'window-row' });
  private readonly windowLow = el('input', {
    type: 'number',
    step: 'any',
    id: 'window-low',
    title: 'Window low',
  });
  private readonly windowHigh = el('input', {
    type: 'number',
    step: 'any',
    id: 'window-high',
    title: 'Window high',
  });
  private readonly prev = el('button', {
    id: 'previous-sample',
    textContent: '◀ Previous',
    title: 'Previous sample (p)',
  });
  private readonly next = el('button', {
    id: 'next-sample',
    textContent: 'Next ▶',
    title: 'Next sample (n)',
  });

  constructor(actions: PanelActions) {
    for (const axis of AXES)
      this.axisSelect.append(
        el('option', { value: axis, textContent: `${axis} — ${AXIS_LABELS[axis]}` }),
      );
    this.axisSelect.addEventListener('change', () =>
      actions.setAxis(this.axisSelect.value as Axis),
    );

    const reviewRow = el('div', { className: 'review' });
    for (const [state, label] of REVIEW_BUTTONS) {
      const button = el('button', { textContent: label, dataset: { review: state } });
      button.addEventListener('click', () =>
        actions.setReview(button.getAttribute('aria-pressed') === 'true' ? undefined : state),
      );
      this.reviewButtons.set(state, button);
      reviewRow.append(button);
    }

    const layerList = el('ul', { className: 'layers' });
    LAYER_IDS.forEach((id, i) => {
      const toggle = el('input', { type: 'checkbox', id: `layer-${id}` });
      toggle.addEventListener('change', () => actions.toggleLayer(id));
      const colour = el('input', { type: 'color', title: `${LAYER_LABELS[id]} colour` });
      colour.addEventListener('input', () => actions.setLayerColour(id, colour.value));
      const opacity = el('input', {
        type: 'range',
        min: '0',
        max: '1',
        step: '0.05',
        title: `${LAYER_LABELS[id]} opacity`,
      });
      opacity.addEventListener('input', () => actions.setLayerOpacity(id, Number(opacity.value)));
      if (id === 'image') colour.disabled = true;
      const label = el(
        'label',
        { htmlFor: toggle.id },
        el('kbd', { textContent: String(i + 1) }),
        ` ${LAYER_LABELS[id]}`,
      );
      layerList.append(el('li', { dataset: { layer: id } }, toggle, label, colour, opacity));
      this.layerRows.set(id, { toggle, colour, opacity });
    });

    for (const style of ['fill', 'outline', 'both'] as const)
      this.styleSelect.append(el('option', { value: style, textContent: style }));
    this.styleSelect.addEventListener('change', () =>
      actions.setMaskStyle(this.styleSelect.value as MaskStyle),
    );
    for (const map of ['gray', 'viridis', 'magma'] as const)
      this.colormapSelect.append(el('option', { value: map, textContent: map }));
    this.colormapSelect.addEventListener('change', () =>
      actions.setColormap(this.colormapSelect.value as Colormap),
    );
    const applyWindow = (): void => {
      const low = Number(this.windowLow.value);
      const high = Number(this.windowHigh.value);
      if (Number.isFinite(low) && Number.isFinite(high) && high > low)
        actions.setWindow({ low, high });
    };
    this.windowLow.addEventListener('change', applyWindow);
    this.windowHigh.addEventListener('change', applyWindow);
    const auto = el('button', { textContent: 'Auto', title: 'Auto contrast' });
    auto.addEventListener('click', () => actions.setWindow('auto'));
    this.windowRow.append(
      el('span', { textContent: 'Window ' }),
      this.windowLow,
      this.windowHigh,
      auto,
    );
    this.prev.addEventListener('click', () => actions.navigate('previous'));
    this.next.addEventListener('click', () => actions.navigate('next'));

    this.root.append(
      this.title,
      this.facts,
      this.messages,
      el(
        'section',
        {},
        el('h3', { textContent: 'Symmetry' }),
        this.axisSelect,
        this.scoreList,
        this.flag,
      ),
      el('section', {}, el('h3', { textContent: 'Review' }), reviewRow),
      el(
        'section',
        {},
        el('h3', { textContent: 'Layers' }),
        layerList,
        el(
          'label',
          { className: 'inline' },
          'Masks ',
          this.styleSelect,
          el('kbd', { textContent: 'o' }),
        ),
        el('label', { className: 'inline' }, 'Colormap ', this.colormapSelect),
        this.windowRow,
        el('p', {
          className: 'hint',
          textContent: 'm: all masks · [ ]: opacity · 0: fit · 1:1 with =',
        }),
      ),
      el('nav', { className: 'navigation' }, this.prev, this.next),
    );
  }

  showSample(sample: SampleView): void {
    this.title.textContent = sample.name;
    const { width, height } = sample.image;
    const parts = [`${width} × ${height}`];
    if (sample.position)
      parts.push(`sample ${sample.position.index + 1} of ${sample.position.total}`);
    if (sample.gt) parts.push(`mask: ${sample.gt.name}`);
    if (sample.pred)
      parts.push(`prediction: ${sample.pred.name}${sample.pred.soft ? ' (probabilities)' : ''}`);
    this.facts.replaceChildren(...parts.map((text) => el('div', { textContent: text })));
    this.messages.replaceChildren(
      ...sample.warnings.map((text) =>
        el('div', { className: 'warning', role: 'alert', textContent: `⚠ ${text}` }),
      ),
      ...sample.notices.map((text) => el('div', { className: 'notice', textContent: text })),
    );
    this.prev.disabled = this.next.disabled = !sample.position || sample.position.total < 2;
    this.windowRow.hidden = sample.image.kind !== 'raw';
    if (sample.scores) this.showScores(sample.scores);
    else this.showScoring(sample.axis);
    this.showReview(sample.review);
  }

  /** The scores are on their way from the host (a large mask takes a moment). */
  showScoring(axis: Axis): void {
    this.axisSelect.value = axis;
    this.scoreList.replaceChildren(el('dd', { className: 'note', textContent: 'scoring…' }));
    this.flag.hidden = true;
  }

  showScores(scores: Scores): void {
    this.axisSelect.value = scores.axis;
    const rows: [string, string, string][] = [
      ['gt-asymmetry', 'Ground-truth asymmetry', percent(scores.gtAsymmetry)],
      ['pred-asymmetry', 'Prediction asymmetry', percent(scores.predAsymmetry)],
      ['iou', 'IoU vs ground truth', fraction(scores.iou)],
      ['dice', 'Dice vs ground truth', fraction(scores.dice)],
    ];
    this.scoreList.replaceChildren(
      ...rows.flatMap(([key, label, value]) => [
        el('dt', { textContent: label }),
        el('dd', { textContent: value, dataset: { score: key } }),
      ]),
      ...scores.notes.map((text) => el('dd', { className: 'note', textContent: text })),
    );
    this.flag.hidden = !scores.flagged;
  }

  showReview(review: ReviewState | undefined): void {
    for (const [state, button] of this.reviewButtons)
      button.setAttribute('aria-pressed', String(state === review));
  }

  showSettings(settings: ViewerSettings, window: DisplayWindow | undefined): void {
    for (const [id, row] of this.layerRows) {
      const style = settings.layers[id];
      row.toggle.checked = style.visible;
      row.colour.value = style.color;
      row.opacity.value = String(style.opacity);
    }
    this.styleSelect.value = settings.maskStyle;
    this.colormapSelect.value = settings.colormap;
    if (window) {
      this.windowLow.value = String(Number(window.low.toPrecision(5)));
      this.windowHigh.value = String(Number(window.high.toPrecision(5)));
    }
  }
}
