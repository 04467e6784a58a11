/**
 * Small charts drawn as SVG: a figure whose picture is an image with an accessible name (the
 * chart's title), and whose numbers are a table under it — `children`, so each page keeps the
 * table it already has. Colours come from CSS variables (`--series-1`…, `--fg`, `--line`), set
 * for light and dark in base.css: nothing here is tied to one theme.
 */
import type { ComponentChildren } from 'preact';

export interface Series {
  key: string;
  label: string;
}

export interface BarRow {
  key: string;
  label: string;
  /** One value per series; undefined draws no bar. */
  values: (number | undefined)[];
}

const WIDTH = 600;
const LABEL_W = 170;
const VALUE_W = 70;
const BAR_H = 14;
const GAP = 10;
const color = (i: number) => `var(--series-${(i % 4) + 1})`;

function Legend({ series }: { series: readonly Series[] }) {
  if (series.length < 2) return null;
  return (
    <ul class="chart-legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.key}>
          <span class="chart-swatch" style={{ background: color(i) }} />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

interface FigureProps {
  id: string;
  title: string;
  children?: ComponentChildren;
}

function Figure({ id, title, svg, series, children }: FigureProps & { svg: ComponentChildren; series: readonly Series[] }) {
  return (
    <figure class="chart" data-testid={`chart-${id}`} data-chart={id}>
      <figcaption class="chart-title">{title}</figcaption>
      {svg}
      <Legend series={series} />
      {children}
    </figure>
  );
}

/**
 * Horizontal bars, one group per row (or one stacked bar with `stacked`). `max` fixes the scale
 * (1 for shares); otherwise the largest value (or stacked total) fills the width.
 */
export function BarChart({
  id,
  title,
  series,
  rows,
  format,
  max,
  stacked = false,
  children,
}: FigureProps & { series: readonly Series[]; rows: readonly BarRow[]; format: (v: number) => string; max?: number; stacked?: boolean }) {
  const sum = (r: BarRow) => r.values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const largest = Math.max(0, ...rows.map((r) => (stacked ? sum(r) : Math.max(0, ...r.values.map((v) => v ?? 0)))));
  const scale = max ?? (largest || 1);
  const span = WIDTH - LABEL_W - VALUE_W;
  const w = (v: number) => Math.max(0, Math.min(1, v / scale)) * span;
  const groupH = stacked ? BAR_H : BAR_H * series.length;
  const height = rows.length * (groupH + GAP) + GAP;
  return (
    <Figure
      id={id}
      title={title}
      series={series}
      svg={
        <svg class="chart-svg" role="img" aria-label={title} viewBox={`0 0 ${WIDTH} ${height}`} preserveAspectRatio="xMinYMin meet">
          {rows.map((r, ri) => {
            const y0 = GAP + ri * (groupH + GAP);
            let x = LABEL_W;
            return (
              <g key={r.key}>
                <text class="chart-label" x={LABEL_W - 6} y={y0 + groupH / 2} text-anchor="end" dominant-baseline="middle">
                  {r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label}
                </text>
                {r.values.map((v, si) => {
                  if (v === undefined) return null;
                  if (stacked) {
                    const bar = <rect key={si} x={x} y={y0} width={w(v)} height={BAR_H} style={{ fill: color(si) }} />;
                    x += w(v);
                    return bar;
                  }
                  const y = y0 + si * BAR_H;
                  return (
                    <g key={si}>
                      <rect x={LABEL_W} y={y + 1} width={w(v)} height={BAR_H - 2} style={{ fill: color(si) }} />
                      <text class="chart-value" x={LABEL_W + w(v) + 4} y={y + BAR_H / 2} dominant-baseline="middle">
                        {format(v)}
                      </text>
                    </g>
                  );
                })}
                {stacked ? (
                  <text class="chart-value" x={x + 4} y={y0 + BAR_H / 2} dominant-baseline="middle">
                    {format(sum(r))}
                  </text>
                ) : null}
              </g>
            );
          })}
          <line class="chart-axis" x1={LABEL_W} x2={LABEL_W} y1={GAP / 2} y2={height - GAP / 2} />
        </svg>
      }
    >
      {children}
    </Figure>
  );
}

/** Lines over evenly spaced points (months), values 0–1; a missing value breaks its line. */
export function LineChart({
  id,
  title,
  series,
  points,
  children,
}: FigureProps & { series: readonly Series[]; points: readonly { key: string; label: string; values: (number | undefined)[] }[] }) {
  const H = 200;
  const left = 40;
  const right = 34;
  const top = 12;
  const bottom = 28;
  const plotW = WIDTH - left - right;
  const plotH = H - top - bottom;
  const x = (i: number) => left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (v: number) => top + (1 - Math.max(0, Math.min(1, v))) * plotH;
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <Figure
      id={id}
      title={title}
      series={series}
      svg={
        <svg class="chart-svg" role="img" aria-label={title} viewBox={`0 0 ${WIDTH} ${H}`} preserveAspectRatio="xMinYMin meet">
          {[0, 0.5, 1].map((t) => (
            <g key={t}>
              <line class="chart-grid" x1={left} x2={WIDTH - right} y1={y(t)} y2={y(t)} />
              <text class="chart-label" x={left - 6} y={y(t)} text-anchor="end" dominant-baseline="middle">
                {`${t * 100}%`}
              </text>
            </g>
          ))}
          {points.map((p, i) =>
            i % every === 0 || i === points.length - 1 ? (
              <text key={p.key} class="chart-label" x={x(i)} y={H - 8} text-anchor="middle">
                {p.label}
              </text>
            ) : null,
          )}
          {series.map((s, si) => {
            const segments: string[][] = [];
            let current: string[] = [];
            points.forEach((p, i) => {
              const v = p.values[si];
              if (v === undefined) {
                if (current.length) segments.push(current);
                current = [];
              } else current.push(`${x(i)},${y(v)}`);
            });
            if (current.length) segments.push(current);
            return (
              <g key={s.key} style={{ stroke: color(si), fill: color(si) }}>
                {segments.map((seg, k) => (seg.length > 1 ? <polyline key={k} class="chart-line" points={seg.join(' ')} /> : null))}
                {points.map((p, i) => {
                  const v = p.values[si];
                  return v === undefined ? null : <circle key={p.key} cx={x(i)} cy={y(v)} r={3.5} />;
                })}
              </g>
            );
          })}
        </svg>
      }
    >
      {children}
    </Figure>
  );
}
