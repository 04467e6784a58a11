import { render } from 'preact';
import { RetrospectiveApp } from '../../components/retrospective/Retrospective';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<RetrospectiveApp />, document.getElementById('app')!));
