import { render } from 'preact';
import { DebriefApp } from '../../components/debrief/Debrief';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<DebriefApp />, document.getElementById('app')!));
