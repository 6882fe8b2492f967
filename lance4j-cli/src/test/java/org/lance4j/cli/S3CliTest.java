package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;
import org.lance4j.OpenOptions;
import org.lance4j.s3.S3TestServer;

/**
 * The CLI on s3:// (S3Proxy on loopback): workers write fragments (one leaves its fragment JSON
 * in the bucket), one commit (with an idempotency key, run twice) lands them, and the read and
 * edit commands see the rows, in-process with everything as {@code --storage-option}; then two
 * concurrent worker processes and a commit process take credentials (and the endpoint) from the
 * environment, the way a job script has them.
 */
class S3CliTest {
  @TempDir
  Path dir;

  private final S3TestServer server = S3TestServer.get();

  /** Credentials and region the way a job script has them: in the environment. */
  private Map<String, String> env() {
    return Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY, "AWS_REGION", "us-east-1");
  }

  private String[] withStorage(String... args) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 4);
    out[args.length] = "--storage-option";
    out[args.length + 1] = "aws_endpoint=" + server.endpoint();
    out[args.length + 2] = "--storage-option";
    out[args.length + 3] = "allow_http=true";
    return out;
  }

  @Test
  void workersWriteToTheBucketCommitLandsOnceReadCommandsSeeTheRows() throws Exception {
    String uri = "s3://" + server.newBucket() + "/tables/people";
    Files.writeString(dir.resolve("w0.csv"), Rows.csv(0, 70));
    Files.writeString(dir.resolve("w1.csv"), Rows.csv(70, 100));
    String[] creds = {"--storage-option", "aws_access_key_id=" + S3TestServer.ACCESS_KEY,
        "--storage-option", "aws_secret_access_key=" + S3TestServer.SECRET_KEY,
        "--storage-option", "aws_region=us-east-1"};
    Cli.Result r0 = InProcess.run(concat(withStorage("write-fragments", uri, "--input",
        dir.resolve("w0.csv").toString(), "--max-rows-per-file", "30", "--output",
        dir.resolve("w0.json").toString()), creds));
    // worker 1 leaves its output in the bucket: workers and the commit share only the bucket
    String w1Json = "s3://" + uri.substring(5, uri.indexOf('/', 5)) + "/work/task-1.json";
    Cli.Result r1 = InProcess.run(concat(withStorage("write-fragments", uri, "--input",
        dir.resolve("w1.csv").toString(), "--output", w1Json), creds));
    assertThat(r0.code()).as(r0.toString()).isZero();
    assertThat(r1.code()).as(r1.toString()).isZero();
    assertThat(FragmentMetadata.fromJsonArray(Files.readString(dir.resolve("w0.json"))))
        .hasSize(3);
    // the data files are in the bucket, nothing committed yet
    String bucket = uri.substring(5, uri.indexOf('/', 5));
    List<String> keys = server.client().listObjectsV2(b -> b.bucket(bucket)).contents().stream()
        .map(o -> o.key()).toList();
    assertThat(keys).hasSize(5).contains("work/task-1.json")
        .filteredOn(k -> !k.startsWith("work/")).allMatch(k -> k.startsWith("tables/people/data/"));

    String[] commit = concat(withStorage("commit", uri, "--operation", "overwrite",
        "--read-version", "0", "--idempotency-key", "job-7", dir.resolve("w0.json").toString(),
        w1Json), creds);
    Cli.Result c1 = InProcess.run(commit);
    assertThat(c1.code()).as(c1.toString()).isZero();
    assertThat(c1.out().trim()).isEqualTo("1");
    // the job step retried: the same key answers the first version, commits nothing
    Cli.Result c2 = InProcess.run(commit);
    assertThat(c2.code()).as(c2.toString()).isZero();
    assertThat(c2.out().trim()).isEqualTo("1");

    // read and edit commands
    Cli.Result count = InProcess.run(concat(withStorage("count", uri), creds));
    assertThat(count.code()).as(count.toString()).isZero();
    assertThat(count.out().trim()).isEqualTo("100");
    Cli.Result filtered = InProcess.run(concat(withStorage("count", uri, "--filter",
        "id >= 90"), creds));
    assertThat(filtered.out().trim()).as(filtered.toString()).isEqualTo("10");
    Cli.Result versions = InProcess.run(concat(withStorage("versions", uri), creds));
    assertThat(versions.code()).as(versions.toString()).isZero();
    assertThat(versions.out()).contains("Overwrite");
    Cli.Result del = InProcess.run(concat(withStorage("delete", uri, "--where", "id < 10"),
        creds));
    assertThat(del.code()).as(del.toString()).isZero();

    try (Dataset ds = Dataset.open(uri, OpenOptions.builder().storageOptions(server.options())
        .build()); BufferAllocator a = new RootAllocator();
        ArrowReader r = ds.scan(a)) {
      assertThat(ds.version()).isEqualTo(2);
      long sum = 0;
      long n = 0;
      while (r.loadNextBatch()) {
        BigIntVector id = (BigIntVector) r.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < id.getValueCount(); i++) {
          sum += id.get(i);
          n++;
        }
      }
      assertThat(n).isEqualTo(90);
      assertThat(sum).isEqualTo(99L * 100 / 2 - 9L * 10 / 2);
    }
  }

  @Test
  void everythingFromTheEnvironmentAndLanceCoreReadsTheResultFromTheBucket() throws Exception {
    String uri = "s3://" + server.newBucket() + "/env/people";
    Path logs = dir.resolve("logs-env");
    // no --storage-option at all: endpoint and plain HTTP from the variables Lance reads too
    Map<String, String> env = new java.util.HashMap<>(env());
    env.put("AWS_ENDPOINT", server.endpoint().toString());
    env.put("AWS_ALLOW_HTTP", "true");
    Files.writeString(dir.resolve("e0.csv"), Rows.csv(0, 40));
    Files.writeString(dir.resolve("e1.csv"), Rows.csv(40, 65));
    Cli.Running w0 = Cli.start(logs, env, "write-fragments", uri, "--input",
        dir.resolve("e0.csv").toString(), "--output", dir.resolve("e0.json").toString());
    // the other worker: credentials from the environment, the endpoint from --storage-option
    Cli.Running w1 = Cli.start(logs, env(), withStorage("write-fragments", uri, "--input",
        dir.resolve("e1.csv").toString(), "--output", dir.resolve("e1.json").toString()));
    Cli.Result r0 = w0.await();
    Cli.Result r1 = w1.await();
    assertThat(r0.code()).as(r0.toString()).isZero();
    assertThat(r1.code()).as(r1.toString()).isZero();
    Cli.Result c = Cli.start(logs, env, "commit", uri, "--operation", "overwrite",
        "--read-version", "0", dir.resolve("e0.json").toString(),
        dir.resolve("e1.json").toString()).await();
    assertThat(c.code()).as(c.toString()).isZero();
    assertThat(c.out().trim()).isEqualTo("1");
    // the official Lance (7.0.0) reads the committed dataset from the bucket
    try (BufferAllocator a = new RootAllocator();
        org.lance.Dataset ds = org.lance.Dataset.open(a, uri,
            new org.lance.ReadOptions.Builder().setStorageOptions(server.options().asMap())
                .build());
        var scanner = ds.newScan(new org.lance.ipc.ScanOptions.Builder().build());
        ArrowReader r = scanner.scanBatches()) {
      assertThat(ds.version()).isEqualTo(1);
      java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
      while (r.loadNextBatch()) {
        BigIntVector id = (BigIntVector) r.getVectorSchemaRoot().getVector("id");
        for (int i = 0; i < id.getValueCount(); i++) {
          ids.add(id.get(i));
        }
      }
      assertThat(ids).hasSize(65);
      assertThat(ids.first()).isZero();
      assertThat(ids.last()).isEqualTo(64L);
    }
  }

  @Test
  void aStorageOptionThatIsNotKeyValueIsRefused() {
    Cli.Result r = InProcess.run("count", "s3://nobucket/ds", "--storage-option", "bad");
    assertThat(r.code()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains("--storage-option 'bad' is not KEY=VALUE");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
