import { render } from 'preact';
import { Popup } from '../../components/popup/Popup';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<Popup />, document.getElementById('app')!));
