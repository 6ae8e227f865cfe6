// The reference for the API figures: the smallest HTTP server that answers each request with ONE DynamoDB
// Local call (GET /get: GetItem of a candidate; GET /query: Query of a cell's candidates on GSI2) and sends
// the items back as JSON. Same engine, same SDK, same HTTP + autocannon path as the API, nothing else.
// Config in env: DDB_ENDPOINT, TABLE, PK, SK, GSI_PK_VALUE. Prints "RAW_SERVER <port>".
import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';

const env = process.env as Record<string, string>;
const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: env.DDB_ENDPOINT,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }),
);

const server = createServer(async (req, res) => {
  try {
    let body: unknown;
    if (req.url === '/get') {
      body = (await ddb.send(new GetCommand({ TableName: env.TABLE, Key: { PK: env.PK, SK: env.SK } }))).Item;
    } else if (req.url === '/query') {
      body = (
        await ddb.send(
          new QueryCommand({
            TableName: env.TABLE,
            IndexName: 'GSI2',
            KeyConditionExpression: 'GSI2PK = :pk',
            ExpressionAttributeValues: { ':pk': env.GSI_PK_VALUE },
          }),
        )
      ).Items;
    } else {
      res.writeHead(404).end();
      return;
    }
    const text = JSON.stringify(body ?? null);
    res
      .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
      .end(text);
  } catch (error) {
    res.writeHead(500).end((error as Error).name);
  }
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`RAW_SERVER ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
