import { render } from 'preact';
import { Reflection } from '../../components/reflection/Reflection';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<Reflection />, document.getElementById('app')!));
