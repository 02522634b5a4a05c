// One shared wall-clock ticker for everything that counts down (crash-loop retries): a single 1 s
// interval however many chips show a countdown, running only while at least one needs it.
import { readonly, ref } from 'vue';

const current = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/** The current time (ms epoch), updated once a second while acquired. */
export const now = readonly(current);

/** Starts the ticker for one user; call the returned function (once) to let it go. */
export function acquireNow(): () => void {
  users++;
  if (!timer) {
    current.value = Date.now();
    timer = setInterval(() => (current.value = Date.now()), 1000);
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--users === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** For tests: how many users hold the ticker and whether it runs. */
export function tickerState(): { users: number; running: boolean } {
  return { users, running: timer !== undefined };
}
