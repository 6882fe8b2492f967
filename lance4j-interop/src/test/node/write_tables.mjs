// Writes small LanceDB tables (LanceDB's default file format, 2.2 in 0.39.0) for lance4j's
// interop tests. Usage: node write_tables.mjs <directory>
// The values are formulas of the row index i; LanceDbNpmInteropTest computes the same formulas.
import * as lancedb from "@lancedb/lancedb";
import {
  Bool, Field, FixedSizeList, Float32, Float64, Int32, Int64, List, Schema, Struct, Utf8,
  makeTable, vectorFromArray,
} from "apache-arrow";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node write_tables.mjs <directory>");
  process.exit(2);
}

const ROWS = 1000;
const idx = Array.from({ length: ROWS }, (_, i) => i);

function table(columns) {
  const data = {};
  for (const [name, type, values] of columns) {
    data[name] = vectorFromArray(values, type);
  }
  return makeTable(data);
}

const f = (name, type) => new Field(name, type, true);

const scalars = table([
  ["id", new Int64(), idx.map((i) => BigInt(i))],
  ["i32", new Int32(), idx.map((i) => (i % 7 === 3 ? null : i * 31 - 5000))],
  ["f64", new Float64(), idx.map((i) => (i % 11 === 0 ? null : i / 8))],
  ["flag", new Bool(), idx.map((i) => (i % 13 === 0 ? null : i % 3 === 0))],
]);

const strings = table([
  ["id", new Int64(), idx.map((i) => BigInt(i))],
  ["name", new Utf8(), idx.map((i) => (i % 9 === 0 ? null : i % 10 === 1 ? "" : "name-" + i))],
  ["category", new Utf8(), idx.map((i) => ["red", "green", "blue"][i % 3])],
]);

const DIM = 16;
const vectors = table([
  ["id", new Int64(), idx.map((i) => BigInt(i))],
  ["vector", new FixedSizeList(DIM, f("item", new Float32())),
    idx.map((i) => (i % 17 === 5 ? null : Array.from({ length: DIM }, (_, j) => i + j / 4)))],
]);

const lists = table([
  ["id", new Int64(), idx.map((i) => BigInt(i))],
  ["ints", new List(f("item", new Int32())),
    idx.map((i) => (i % 6 === 0 ? null : i % 6 === 1 ? [] : Array.from({ length: i % 5 }, (_, j) => i * 10 + j)))],
  ["tags", new List(f("item", new Utf8())),
    idx.map((i) => (i % 8 === 0 ? null : Array.from({ length: i % 3 }, (_, j) => "t" + ((i + j) % 4))))],
]);

const structs = table([
  ["id", new Int64(), idx.map((i) => BigInt(i))],
  ["point", new Struct([f("x", new Int32()), f("label", new Utf8())]),
    idx.map((i) => (i % 10 === 0 ? null
      : { x: i % 4 === 0 ? null : i * 2, label: i % 3 === 0 ? null : "p" + i }))],
]);

const db = await lancedb.connect(dir);
for (const [name, t] of Object.entries({ scalars, strings, vectors, lists, structs })) {
  const created = await db.createTable(name, t, { mode: "overwrite" });
  const n = await created.countRows();
  if (n !== ROWS) {
    throw new Error(`${name}: wrote ${n} rows, expected ${ROWS}`);
  }
  created.close();
}
console.log(`wrote ${ROWS} rows to each of scalars, strings, vectors, lists, structs in ${dir}`);
