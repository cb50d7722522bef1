/**
 * Preloaded with `node -r` into both benchmark children (the bot and the echo baseline, so the
 * comparison stays even). The bench holds each child's stdin open; when that pipe closes — the
 * bench exited or was killed, even with SIGKILL — the child shuts itself down: SIGTERM to itself
 * (the graceful path), then a hard exit after 3 s. So a child never outlives its bench.
 */
const HARD_EXIT_AFTER_MS = 3000;

function shutDown(): void {
  setTimeout(() => process.exit(0), HARD_EXIT_AFTER_MS).unref();
  process.kill(process.pid, 'SIGTERM');
}

process.stdin.on('end', shutDown);
process.stdin.on('error', shutDown);
process.stdin.resume();

export {};
