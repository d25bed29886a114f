/**
 * Counts work under way (HTTP requests, Slack listeners after their ack), so a stop can wait for it to end
 * before the database closes. idle(ms) resolves true once nothing is left, or false after `ms`.
 */
export function inFlightCounter() {
  let n = 0;
  let waiters: (() => void)[] = [];
  return {
    add: () => void n++,
    done: () => {
      n--;
      if (n === 0) {
        for (const w of waiters) w();
        waiters = [];
      }
    },
    count: () => n,
    idle: (ms: number) => new Promise<boolean>((resolve) => {
      if (n === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    }),
  };
}
