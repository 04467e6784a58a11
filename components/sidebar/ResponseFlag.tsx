import { formatDuration, type AwaitingItem, type ResponseSummary } from '../../lib/response';

const STATE_TEXT: Record<AwaitingItem['state'], string> = {
  ok: 'on time',
  'due-soon': 'due soon',
  overdue: 'overdue',
  escalated: 'overdue — escalate',
};

/** "awaiting your reply for 5h 12m (target 1h)", coloured by state. */
export function ResponseFlag({ item, name }: { item: AwaitingItem; name?: string }) {
  return (
    <p class={`flag ${item.state}`} data-testid="awaiting-flag" data-state={item.state} data-contact={item.contactEmail}>
      {name ? `${name}: ` : ''}awaiting your reply for {formatDuration(item.elapsedMs)} (target {formatDuration(item.targetMs)}
      {item.targetKind === 'new-lead' ? ', new lead' : ''}) — {STATE_TEXT[item.state]}
    </p>
  );
}

export function ResponseStats({ summary }: { summary: ResponseSummary }) {
  return (
    <table class="figures" data-testid="response-stats">
      <tbody>
        <tr>
          <th scope="row">Replies</th>
          <td>{summary.count}</td>
        </tr>
        <tr>
          <th scope="row">Median response</th>
          <td>{summary.median === undefined ? '—' : formatDuration(summary.median)}</td>
        </tr>
        <tr>
          <th scope="row">Worst response</th>
          <td>{summary.worst === undefined ? '—' : formatDuration(summary.worst)}</td>
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
