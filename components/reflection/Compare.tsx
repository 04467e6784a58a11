/**
 * Compare the lost deal with a won one: the same figures side by side, and the reasons each
 * side gave — this deal's reflection next to the won deal's win reflection (docs/method.md,
 * "Compare with a won deal").
 */
import type { ComponentChildren } from 'preact';
import { formatWait } from '../../lib/attention';
import type { Deal } from '../../lib/model';
import type { DealHardData } from '../../lib/reflection/hardData';
import type { ReasonCategory } from '../../lib/model';
import { leadSourceLabel, reasonLabel } from '../../lib/reflection/taxonomy';
import { formatMoney } from '../format';
import { valueOf } from './fields';
import { dayOf } from './HardData';
import type { ReflectionModel } from './model';

function touches(h: DealHardData): string {
  const parts = [
    [h.byChannel.email, 'email'],
    [h.byChannel.call, 'call'],
    [h.byChannel.meeting, 'meeting'],
    [h.byChannel.note, 'note'],
  ] as const;
  const list = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  return `${h.total}${list.length ? ` (${list.join(', ')})` : ''}`;
}

const wait = (v: number | undefined, dayMs: number) => (v === undefined ? '—' : formatWait(v, dayMs));

function people(deal: Deal, team: readonly string[]): string[] {
  const names = [...deal.contactEmails, ...(deal.owner ? [deal.owner] : []), ...team.map((t) => t.trim()).filter(Boolean)];
  return [...new Set(names)];
}

function Line({ label, lost, won, testid }: { label: string; lost: ComponentChildren; won: ComponentChildren; testid: string }) {
  return (
    <tr data-testid={`compare-${testid}`}>
      <th scope="row">{label}</th>
      <td>{lost}</td>
      <td>{won}</td>
    </tr>
  );
}

function Who({ list }: { list: string[] }) {
  if (list.length === 0) return <>—</>;
  return (
    <ul class="plain">
      {list.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

function reasonText(category: ReasonCategory | undefined, detail: string | undefined): string {
  if (!category) return detail?.trim() || '—';
  return detail?.trim() ? `${reasonLabel(category)}: ${detail.trim()}` : reasonLabel(category);
}

export function Compare({ model }: { model: ReflectionModel }) {
  const deal = model.deal.value!;
  const r = model.draft.value!;
  const won = model.comparedDeal.value;
  const wonList = [...model.wonDeals.value].sort((a, b) => a.name.localeCompare(b.name));
  const lostHard = model.figures.value?.hard;
  const wonHard = model.comparedFigures.value?.hard;
  const defaultId = r.comparedWonDealId ? undefined : won?.id;
  const winR = model.comparedReflection.value;
  const noWinReflection = 'no win reflection yet';
  const ms = (v: number | undefined) => wait(v, dayOf(model));
  return (
    <section class="rf-section" aria-labelledby="compare-heading" data-testid="compare">
      <h2 id="compare-heading">Lost vs won</h2>
      {wonList.length === 0 ? (
        <p class="empty">
          No won deals yet. When you mark a deal won from the sidebar, it can be compared with this one here: what was different
          about the process, and who was involved.
        </p>
      ) : (
        <>
          <div class="rf-field">
            <label for="comparedWonDealId">Compare with a won deal</label>
            <select
              id="comparedWonDealId"
              value={won?.id ?? ''}
              aria-describedby="comparedWonDealId-hint"
              onChange={(e) => model.update({ comparedWonDealId: valueOf(e) || undefined })}
            >
              {wonList.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                  {d.id === defaultId ? ' (most similar)' : ''}
                </option>
              ))}
            </select>
            <p id="comparedWonDealId-hint" class="small muted">
              The most similar won deal is picked for you: same lead source first, then nearest amount.
            </p>
          </div>
          {won && lostHard ? (
            <table class="figures rf-compare">
              <thead>
                <tr>
                  <th scope="col">
                    <span class="rf-sr">Figure</span>
                  </th>
                  <th scope="col">This deal (lost)</th>
                  <th scope="col">{won.name} (won)</th>
                </tr>
              </thead>
              <tbody>
                <Line label="Touchpoints" testid="touchpoints" lost={touches(lostHard)} won={wonHard ? touches(wonHard) : '…'} />
                <Line label="Median response" testid="median" lost={ms(lostHard.response.median)} won={wonHard ? ms(wonHard.response.median) : '…'} />
                <Line label="Worst response" testid="worst" lost={ms(lostHard.response.worst)} won={wonHard ? ms(wonHard.response.worst) : '…'} />
                <Line
                  label="Replies late"
                  testid="late"
                  lost={`${lostHard.response.late} of ${lostHard.response.count}`}
                  won={wonHard ? `${wonHard.response.late} of ${wonHard.response.count}` : '…'}
                />
                <Line label="Days open" testid="days-open" lost={lostHard.daysOpen} won={wonHard ? wonHard.daysOpen : '…'} />
                <Line label="Lead source" testid="lead-source" lost={leadSourceLabel(lostHard.leadSource)} won={leadSourceLabel(wonHard?.leadSource ?? won.leadSource)} />
                <Line label="Amount" testid="amount" lost={formatMoney(deal.amount, deal.currency)} won={formatMoney(won.amount, won.currency)} />
                <Line
                  label="Who was involved"
                  testid="who"
                  lost={<Who list={people(deal, r.team.map((t) => t.person))} />}
                  won={<Who list={people(won, [])} />}
                />
                <Line
                  label="The main reason"
                  testid="reason"
                  lost={reasonText(r.primaryReason?.category, r.primaryReason?.detail)}
                  won={winR ? reasonText(winR.whyCategory, winR.whyChoseUs) : noWinReflection}
                />
                <Line
                  label="What almost lost it / what we would change"
                  testid="almost"
                  lost={r.differently.trim() || '—'}
                  won={winR ? reasonText(winR.almostLostCategory, winR.almostLost) : noWinReflection}
                />
                <Line label="Who decided" testid="decided" lost="—" won={winR?.whoDecided.trim() || '—'} />
                <Line label="Competitor" testid="competitor" lost={r.competitor?.trim() || '—'} won={winR?.competitorBeaten?.trim() || '—'} />
                <Line label="What we repeat" testid="repeat" lost="—" won={winR?.repeat.trim() || '—'} />
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </section>
  );
}
