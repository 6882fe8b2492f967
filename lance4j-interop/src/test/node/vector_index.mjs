// A LanceDB table with a vector index and a scalar index, for LanceDbIndexedAppendTest: lance4j
// appends rows to it between "create" and "query", and LanceDB must still answer searches.
// Usage: node vector_index.mjs create <directory>
//        node vector_index.mjs query <directory> <id>[,<id>...]
// Row i's vector is vectorOf(i); LanceDbIndexedAppendTest computes the same formula.
import * as lancedb from "@lancedb/lancedb";
import { FixedSizeList, Field, Float32, Int64, makeTable, vectorFromArray } from "apache-arrow";

const [mode, dir, arg] = process.argv.slice(2);
if (!mode || !dir) {
  console.error("usage: node vector_index.mjs create|query <directory> [ids]");
  process.exit(2);
}
export const DIM = 16;
export const ROWS = 2000;
const vectorOf = (i) => Array.from({ length: DIM }, (_, j) => ((i * 7919 + j * 104729) % 100003) / 100);

const db = await lancedb.connect(dir);
if (mode === "create") {
  const idx = Array.from({ length: ROWS }, (_, i) => i);
  const data = makeTable({
    id: vectorFromArray(idx.map((i) => BigInt(i)), new Int64()),
    vector: vectorFromArray(idx.map(vectorOf), new FixedSizeList(DIM, new Field("item", new Float32(), true))),
  });
  const t = await db.createTable("indexed", data, { mode: "overwrite" });
  await t.createIndex("vector", { config: lancedb.Index.ivfFlat({ numPartitions: 4 }) });
  await t.createIndex("id", { config: lancedb.Index.btree() });
  console.log(JSON.stringify({ rows: await t.countRows(), indices: await t.listIndices() }));
  t.close();
} else if (mode === "query") {
  const t = await db.openTable("indexed");
  const out = { rows: await t.countRows(), indices: await t.listIndices(), stats: {}, results: [] };
  for (const ix of out.indices) {
    out.stats[ix.name] = await t.indexStats(ix.name);
  }
  for (const id of arg.split(",").map(Number)) {
    const near = await t.search(vectorOf(id)).limit(1).toArray();
    const fast = await t.search(vectorOf(id)).fastSearch().limit(1).toArray();
    const byId = await t.query().where(`id = ${id}`).toArray();
    out.results.push({
      id,
      nearest: near.map((r) => Number(r.id)),
      distance: near.map((r) => r._distance),
      nearestIndexOnly: fast.map((r) => Number(r.id)),
      whereId: byId.map((r) => Number(r.id)),
    });
  }
  console.log(JSON.stringify(out));
  t.close();
} else {
  console.error("unknown mode " + mode);
  process.exit(2);
}
