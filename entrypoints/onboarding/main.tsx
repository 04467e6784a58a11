import { render } from 'preact';
import { Onboarding } from '../../components/onboarding/Onboarding';
import { syncClock } from '../../lib/clock';

void syncClock().then(() => render(<Onboarding />, document.getElementById('app')!));
