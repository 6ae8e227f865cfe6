// temporary stub, replaced by the real service

import type { FunctionResolver } from '../functions.ts';
import { closeServer, createServer, listen } from '../net.ts';
export async function startSfn(opts: {
  dataDir: string;
  port: number;
  resolver: FunctionResolver;
  now?: () => number;
  log?: (l: string) => void;
}) {
  const server = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify({ __type: 'UnknownOperationException', message: 'not yet' }));
  });
  const port = await listen(server, opts.port);
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    resume: async () => {},
    stop: () => closeServer(server),
  };
}
