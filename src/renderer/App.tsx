import { useEffect, useState } from 'react';
import { parseRoute, type Route } from './lib/route.js';
import { Home } from './screens/Home.js';
import { Desk } from './screens/Desk.js';
import { Caller } from './screens/Caller.js';
import { Display } from './screens/Display.js';
import { Admin } from './screens/Admin.js';
import { PhoneTicket } from './screens/PhoneTicket.js';

export function App() {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash, location.pathname));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash, location.pathname));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  switch (route.screen) {
    case 'desk':
      return <Desk key={route.desk ?? ''} desk={route.desk} />;
    case 'caller':
      return <Caller key={route.station} station={route.station} />;
    case 'display':
      return <Display />;
    case 'admin':
      return <Admin />;
    case 'ticket':
      return <PhoneTicket key={route.code} code={route.code} />;
    default:
      return <Home />;
  }
}
