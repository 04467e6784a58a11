import { render } from 'preact';
import { Options } from '../../components/options/Options';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<Options />, document.getElementById('app')!));
