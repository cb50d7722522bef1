/**
 * Imported first by the process entry: Node keeps the compiled code of every module it loads in
 * a cache on disk (its temp folder), so a restart or a second instance on the same machine skips
 * compiling them again. Startup is mostly loading modules (botbuilder, adaptive-expressions,
 * restify). Node 22.1+ has it; elsewhere, and when the cache can't be written, nothing changes.
 */
import nodeModule from 'node:module';

const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
try {
  enable?.();
} catch {
  // No cache: modules compile as usual.
}
