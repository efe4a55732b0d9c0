/**
 * The four reflections SymFold knows. `lr` mirrors columns (a vertical axis), `ud` mirrors rows,
 * `diag` is the transpose (y, x) ↦ (x, y), `anti` the anti-transpose (y, x) ↦ (n−1−x, n−1−y).
 */
export const AXES = ['lr', 'ud', 'diag', 'anti'] as const;
export type Axis = (typeof AXES)[number];

export function isAxis(value: unknown): value is Axis {
  return typeof value === 'string' && (AXES as readonly string[]).includes(value);
}

export function parseAxis(value: string): Axis {
  if (!isAxis(value)) {
    throw new Error(`unknown axis '${value}': expected one of ${AXES.join(', ')}`);
  }
  return value;
}

/** diag and anti reflect a square; non-square inputs are padded first (bottom and right). */
export function needsSquare(axis: Axis): boolean {
  return axis === 'diag' || axis === 'anti';
}

export const AXIS_LABELS: Record<Axis, string> = {
  lr: 'left-right',
  ud: 'up-down',
  diag: 'diagonal (transpose)',
  anti: 'anti-diagonal',
};
