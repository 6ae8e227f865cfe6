// Runs in a fresh Node process: imports one bundle and reports, in ms since the process started,
// when the import began and when the handler was ready. Plain JavaScript so nothing else loads first.
const start = performance.now();
const mod = await import(process.argv[2]);
const ready = performance.now();
if (typeof mod.handler !== 'function') {
  process.stderr.write(`no handler exported by ${process.argv[2]}\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify({ start, ready, importMs: ready - start }));
