import { formatWait } from '../../lib/attention';
import type { ResponseSummary } from '../../lib/response';

/** A deal's response figures, in working time. */
export function ResponseStats({ summary, dayMs }: { summary: ResponseSummary; dayMs: number }) {
  return (
    <table class="figures" data-testid="response-stats">
      <tbody>
        <tr>
          <th scope="row">Replies</th>
          <td>{summary.count}</td>
        </tr>
        <tr>
          <th scope="row">Median response</th>
          <td>{summary.median === undefined ? '—' : formatWait(summary.median, dayMs)}</td>
        </tr>
        <tr>
          <th scope="row">Worst response</th>
          <td>{summary.worst === undefined ? '—' : formatWait(summary.worst, dayMs)}</td>
        </tr>
        <tr>
          <th scope="row">Late replies</th>
          <td data-testid="late-replies">{summary.late}</td>
        </tr>
        <tr>
          <th scope="row">Awaiting your reply</th>
          <td>{summary.awaiting}</td>
        </tr>
      </tbody>
    </table>
  );
}
