/**
 * Accessible horizontal bar charts in plain SVG: a <title> and <desc> (the desc says what the
 * chart shows in one sentence, with the largest values), the numbers written beside the bars so
 * colour is never the only carrier, and the same data as a table in a disclosure right below.
 * Dark text on light backgrounds and solid fills, so they read on a black-and-white printout.
 */
import { useId } from 'react';

export const STEP_FILLS = ['#1f5f8b', '#e39a45', '#2f7d34'] as const;
const STEP_TEXT = ['#ffffff', '#1c2430', '#ffffff'] as const;

const LABEL_W = 300;
const BAR_W = 440;
const VALUE_W = 44;
const ROW_H = 30;
const BAR_H = 18;
const PAD_TOP = 8;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export interface Series {
  label: string;
  /** One value per segment (a stacked bar), or a single value. */
  values: number[];
}

export function BarChart(props: {
  title: string;
  desc: string;
  rows: Series[];
  /** Names of the segments (legend and table columns); one name for simple bars. */
  segments: string[];
  tableCaption: string;
  labelHeader: string;
  totalHeader?: string;
  showData: string;
  empty: string;
  lang?: string;
}) {
  const { title, desc, rows, segments, tableCaption, labelHeader, totalHeader, showData, empty, lang } = props;
  const uid = useId().replace(/:/g, '');
  const totals = rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const height = PAD_TOP * 2 + rows.length * ROW_H;
  const width = LABEL_W + BAR_W + VALUE_W;
  const stacked = segments.length > 1;

  return (
    <figure className="ws-chart" lang={lang}>
      <figcaption id={`${uid}-cap`}>{title}</figcaption>
      {rows.length === 0 ? (
        <p className="hint">{empty}</p>
      ) : (
        <>
          {stacked ? (
            <ul className="ws-legend" aria-hidden="true">
              {segments.map((s, i) => (
                <li key={s}>
                  <svg width="14" height="14" viewBox="0 0 14 14" focusable="false">
                    <rect width="14" height="14" rx="2" fill={STEP_FILLS[i % STEP_FILLS.length]} />
                  </svg>{' '}
                  {s}
                </li>
              ))}
            </ul>
          ) : null}
          <svg
            className="ws-chart-svg"
            viewBox={`0 0 ${width} ${height}`}
            width={width}
            height={height}
            role="img"
            aria-labelledby={`${uid}-title ${uid}-desc`}
            preserveAspectRatio="xMinYMin meet"
          >
            <title id={`${uid}-title`}>{title}</title>
            <desc id={`${uid}-desc`}>{desc}</desc>
            {rows.map((r, i) => {
              const y = PAD_TOP + i * ROW_H;
              let x = LABEL_W;
              return (
                <g key={`${r.label}-${i}`}>
                  <text x={LABEL_W - 8} y={y + ROW_H / 2} textAnchor="end" dominantBaseline="middle" className="ws-chart-label">
                    {clip(r.label, 40)}
                  </text>
                  <line x1={LABEL_W} x2={LABEL_W + BAR_W} y1={y + ROW_H / 2} y2={y + ROW_H / 2} className="ws-chart-gridline" />
                  {r.values.map((v, j) => {
                    const w = (v / max) * BAR_W;
                    const seg = (
                      <g key={j}>
                        <rect x={x} y={y + (ROW_H - BAR_H) / 2} width={Math.max(0, w)} height={BAR_H} fill={STEP_FILLS[stacked ? j % STEP_FILLS.length : 0]} />
                        {stacked && v > 0 && w >= 16 ? (
                          <text x={x + w / 2} y={y + ROW_H / 2} textAnchor="middle" dominantBaseline="middle" fill={STEP_TEXT[j % STEP_TEXT.length]} className="ws-chart-seg">
                            {v}
                          </text>
                        ) : null}
                      </g>
                    );
                    x += w;
                    return seg;
                  })}
                  <text x={x + 6} y={y + ROW_H / 2} dominantBaseline="middle" className="ws-chart-value">
                    {totals[i]}
                  </text>
                </g>
              );
            })}
            <line x1={LABEL_W} x2={LABEL_W} y1={PAD_TOP / 2} y2={height - PAD_TOP / 2} className="ws-chart-axis" />
          </svg>
          <details className="ws-chart-data">
            <summary>{showData}</summary>
            <table>
              <caption>{tableCaption}</caption>
              <thead>
                <tr>
                  <th scope="col">{labelHeader}</th>
                  {segments.map((s) => (
                    <th key={s} scope="col">
                      {s}
                    </th>
                  ))}
                  {stacked && totalHeader ? <th scope="col">{totalHeader}</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={`${r.label}-${i}`}>
                    <th scope="row">{r.label}</th>
                    {r.values.map((v, j) => (
                      <td key={j}>{v}</td>
                    ))}
                    {stacked && totalHeader ? <td>{totals[i]}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
