import type { Axis } from '../../src/core/axis';
import { isAxis } from '../../src/core/axis';
import { LAYER_IDS, type LayerId, type ViewerSettings } from '../../src/protocol/viewer';

/** What the webview keeps in `vscode.setState`, so a hidden or restored editor comes back as left. */
export interface PersistedState extends ViewerSettings {
  /** The axis the user picked for a sample, when it differs from the dataset's. */
  axisBySample: Record<string, Axis>;
}

const MASK_LAYERS: LayerId[] = ['gt', 'pred', 'ghost', 'asym'];

/** Settings from the host, overlaid by whatever valid state the webview saved earlier. */
export function restoreState(settings: ViewerSettings, saved: unknown): PersistedState {
  const state: PersistedState = structuredClone({ ...settings, axisBySample: {} });
  if (typeof saved !== 'object' || saved === null) return state;
  const s = saved as Partial<PersistedState>;
  for (const id of LAYER_IDS) {
    const layer = s.layers?.[id];
    if (!layer) continue;
    if (typeof layer.visible === 'boolean') state.layers[id].visible = layer.visible;
    if (typeof layer.color === 'string' && /^#[0-9a-f]{6}$/i.test(layer.color))
      state.layers[id].color = layer.color;
    if (typeof layer.opacity === 'number' && layer.opacity >= 0 && layer.opacity <= 1)
      state.layers[id].opacity = layer.opacity;
  }
  if (s.maskStyle === 'fill' || s.maskStyle === 'outline' || s.maskStyle === 'both')
    state.maskStyle = s.maskStyle;
  if (s.colormap === 'gray' || s.colormap === 'viridis' || s.colormap === 'magma')
    state.colormap = s.colormap;
  for (const [id, axis] of Object.entries(s.axisBySample ?? {}))
    if (isAxis(axis)) state.axisBySample[id] = axis;
  return state;
}

/** `m`: hide every mask layer if any is shown, else show them all. */
export function toggleAllMasks(state: PersistedState): void {
  const anyVisible = MASK_LAYERS.some((id) => state.layers[id].visible);
  for (const id of MASK_LAYERS) state.layers[id].visible = !anyVisible;
}

/** `o`: fill → outline → both → fill. */
export function nextMaskStyle(state: PersistedState): void {
  state.maskStyle =
    state.maskStyle === 'fill' ? 'outline' : state.maskStyle === 'outline' ? 'both' : 'fill';
}

/** `[` and `]`: every mask layer's opacity by one step, kept within 0..1. */
export function stepMaskOpacity(state: PersistedState, delta: number): void {
  for (const id of MASK_LAYERS) {
    const o = state.layers[id].opacity + delta;
    state.layers[id].opacity = Math.round(Math.min(1, Math.max(0, o)) * 100) / 100;
  }
}
