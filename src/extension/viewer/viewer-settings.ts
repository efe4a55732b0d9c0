import * as vscode from 'vscode';
import { isAxis, type Axis } from '../../core/axis';
import {
  DEFAULT_LAYERS,
  LAYER_IDS,
  type Colormap,
  type LayerStyle,
  type MaskStyle,
  type ViewerSettings,
} from '../../protocol/viewer';

/** `symfold.viewer.*`: read once per editor and handed to the page in its settings tag. */
export function readViewerSettings(): ViewerSettings & { defaultAxis: Axis; maxPixels: number } {
  const c = vscode.workspace.getConfiguration('symfold.viewer');
  const layers = structuredClone(DEFAULT_LAYERS);
  const colours = c.get<Record<string, unknown>>('colors') ?? {};
  const opacities = c.get<Record<string, unknown>>('opacity') ?? {};
  for (const id of LAYER_IDS) {
    const style: LayerStyle = layers[id];
    const colour = colours[id];
    if (typeof colour === 'string' && /^#[0-9a-f]{6}$/i.test(colour)) style.color = colour;
    const opacity = opacities[id];
    if (typeof opacity === 'number' && opacity >= 0 && opacity <= 1) style.opacity = opacity;
  }
  const maskStyle = c.get<MaskStyle>('maskStyle', 'fill');
  const colormap = c.get<Colormap>('colormap', 'viridis');
  const axis = c.get<string>('defaultAxis', 'lr');
  return {
    layers,
    maskStyle: ['fill', 'outline', 'both'].includes(maskStyle) ? maskStyle : 'fill',
    colormap: ['gray', 'viridis', 'magma'].includes(colormap) ? colormap : 'viridis',
    defaultAxis: isAxis(axis) ? axis : 'lr',
    maxPixels: Math.max(1, c.get<number>('maxPixels', 8192 * 8192)),
  };
}
