/**
 * The lost-deal reflection page: `reflection.html?deal=<id>`, opened as a tab by "Mark lost"
 * and Alt+Shift+L; `?missing=1` when the shortcut found no deal; `&kind=win` is the short win
 * reflection that Mark won opens. Works at sidebar width.
 */
import { isolateBidi } from '../../lib/bidi';
import { useMemo } from 'preact/hooks';
import { formatMoney } from '../format';
import { frameState, PageFrame, useLeaveFlush } from '../page-frame';
import { Actions, FollowUps, SaveStatus } from './Actions';
import { Compare } from './Compare';
import {
  AdjustmentFields,
  ContextFields,
  DispositionFields,
  OfferFields,
  OutcomeFields,
  OwnershipField,
  PlanningFields,
  ProspectFields,
  StageField,
} from './Form';
import { HardData, Timeline } from './HardData';
import { createReflectionModel, isTimelineFilter, type ReflectionModel } from './model';
import { PrimaryReason, SecondaryReasons } from './Reasons';
import { Team } from './Team';
import { WinPage } from './Win';
import { ErrorLine } from '../ui';

export function Reflection({ search }: { search?: string } = {}) {
  const params = new URLSearchParams(search ?? location.search);
  const dealId = params.get('deal');
  if (params.has('missing') || !dealId) return <NoDeal />;
  if (params.get('kind') === 'win') return <WinPage key={dealId} dealId={dealId} />;
  return <ReflectionPage key={dealId} dealId={dealId} />;
}

function NoDeal() {
  return (
    <main data-testid="reflection-missing">
      <h1>No deal to reflect on</h1>
      <p>Deal Debrief could not tell which deal you meant. To reflect on a lost deal:</p>
      <ol>
        <li>Open a Gmail thread linked to a deal, or the deal's page in HubSpot, Salesforce or Pipedrive.</li>
        <li>
          Press <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>L</kbd>, or click "Mark lost" in the Deal Debrief sidebar.
        </li>
      </ol>
      <p class="small muted">A thread that is not linked yet can be linked to a deal from the sidebar.</p>
    </main>
  );
}


function ReflectionPage({ dealId }: { dealId: string }) {
  const model = useMemo(() => createReflectionModel(dealId), [dealId]);
  useLeaveFlush(model, (signal) => {
    const followHash = () => {
      const hash = location.hash.slice(1);
      if (hash === 'timeline') model.showTimeline('all');
      else if (hash.startsWith('timeline-')) {
        const f = hash.slice('timeline-'.length);
        if (isTimelineFilter(f)) model.showTimeline(f);
      } else if (hash.startsWith('tp-')) model.showTimeline('all');
    };
    followHash();
    window.addEventListener('hashchange', followHash, { signal });
  });

  const deal = model.deal.value;
  return (
    <PageFrame
      heading="Reflect on a lost deal"
      state={frameState(model, !!deal)}
      testId="reflection"
      data={{ 'data-deal': deal?.id ?? '' }}
      missingTestId="reflection-not-found"
      dealId={dealId}
      title={deal ? `Reflection — ${isolateBidi(deal.name)}` : undefined}
      name={deal?.name}
      status={deal?.status}
      meta={deal ? [deal.amount !== undefined ? formatMoney(deal.amount, deal.currency) : '', deal.stage ?? '', deal.contactEmails.join(', ')].filter(Boolean).join(' · ') : undefined}
    >
      {deal ? <ReflectionBody model={model} /> : null}
    </PageFrame>
  );
}

function ReflectionBody({ model }: { model: ReflectionModel }) {
  return (
    <>
      <SaveStatus model={model} />
      <DealBanner model={model} />
      <form class="rf-form rf-quick" noValidate onSubmit={(e) => e.preventDefault()} aria-labelledby="quick-heading" data-testid="quick">
        <h2 id="quick-heading">One-minute reflection</h2>
        <p class="small muted">These four answers are enough to finish. Everything saves as you type; closing the tab loses nothing.</p>
        <fieldset class="rf-plain" disabled={!model.editable.value}>
          <OutcomeFields model={model} />
          <DispositionFields model={model} />
          <PrimaryReason model={model} />
          <OwnershipField model={model} />
          <Actions model={model} />
        </fieldset>
      </form>
      <FollowUps model={model} />
      <HardData model={model} />
      <Timeline model={model} />
      <form class="rf-form" noValidate onSubmit={(e) => e.preventDefault()} aria-labelledby="full-heading" data-testid="full">
        <h2 id="full-heading">Full reflection</h2>
        <p class="small muted">
          {model.isFinal.value
            ? 'Your reflection is finished. Add to it here whenever you have more to say.'
            : 'Fill this in now or later: before the debrief call, after it, or before the next retrospective.'}
        </p>
        <fieldset class="rf-plain" disabled={!model.editable.value}>
          <StageField model={model} />
          <SecondaryReasons model={model} />
          <ContextFields model={model} />
          <PlanningFields model={model} />
          <Team model={model} />
          <ProspectFields model={model} />
          <AdjustmentFields model={model} />
          <OfferFields model={model} />
          <Compare model={model} />
        </fieldset>
      </form>
    </>
  );
}

/** Shown when the deal is not lost: reopened (it came back), won, or never marked lost. */
function DealBanner({ model }: { model: ReflectionModel }) {
  const deal = model.deal.value!;
  if (model.editable.value) return null;
  const reopened = deal.status === 'open' && (model.justReopened.value || model.draft.value?.state === 'final' || model.followUps.value.length > 0);
  return (
    <div class="card rf-banner" role="status" data-testid={reopened ? 'reopened' : 'not-lost'}>
      {reopened ? (
        <p>
          <strong>The deal is open again.</strong> Its debrief and re-engage follow-ups are closed. The reflection is kept; mark
          the deal lost again to edit it.
        </p>
      ) : deal.status === 'won' ? (
        <p>
          <strong>This deal is won.</strong>{' '}
          <a href={`?deal=${encodeURIComponent(deal.id)}&kind=win`} data-testid="open-win">
            Open its win reflection
          </a>
          , or mark it lost to edit this reflection.
        </p>
      ) : (
        <p>
          <strong>This deal is open.</strong> Mark it lost to start the reflection; what you type is kept.
        </p>
      )}
      <button type="button" data-testid="mark-lost-again" onClick={() => void model.markLost()}>
        {reopened ? 'Mark lost again' : 'Mark lost'}
      </button>
      <ErrorLine error={model.actionError.value} />
    </div>
  );
}
