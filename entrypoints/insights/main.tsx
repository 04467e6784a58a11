import { render } from 'preact';
import { Insights } from '../../components/insights/Insights';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<Insights />, document.getElementById('app')!));
