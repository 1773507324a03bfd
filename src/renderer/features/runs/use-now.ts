// The current time, ticking once a second while `live` (for durations of running runs); otherwise the
// time of mount, which is all finished runs need ("today?" when formatting a start time).
import { useEffect, useState } from 'react';

export function useNow(live: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return now;
}
