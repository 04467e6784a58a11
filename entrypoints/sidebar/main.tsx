import { render } from 'preact';
import { Sidebar } from '../../components/sidebar/Sidebar';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<Sidebar />, document.getElementById('app')!));
