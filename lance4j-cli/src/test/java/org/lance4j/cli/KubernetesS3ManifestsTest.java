package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lance4j.cli.KubernetesManifestsTest.container;
import static org.lance4j.cli.KubernetesManifestsTest.env;
import static org.lance4j.cli.KubernetesManifestsTest.map;
import static org.lance4j.cli.KubernetesManifestsTest.script;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Dataset;
import org.lance4j.OpenOptions;
import org.lance4j.s3.S3TestServer;

/**
 * examples/kubernetes/s3 without a cluster: the manifests take their credentials from the
 * Secret, write no volume and pass the run's idempotency key to the commit; the pods' scripts
 * run locally against S3Proxy (configured only through the AWS_* environment, as the Secret
 * provides it) for two workers and the commit, and the commit Job run a second time for the same
 * run prints the same version.
 */
class KubernetesS3ManifestsTest {
  static final Path DIR = KubernetesManifestsTest.K8S.resolve("s3");

  @TempDir
  Path dir;

  static Map<String, Object> load(String file) throws Exception {
    return KubernetesManifestsTest.load(DIR, file);
  }

  @Test
  @SuppressWarnings("unchecked")
  void secretFedJobsWriteNoVolumeAndCommitWithTheRunsKey() throws Exception {
    Map<String, Object> secret = load("secret.example.yaml");
    assertThat(secret.get("kind")).isEqualTo("Secret");
    String secretName = (String) map(secret, "metadata").get("name");
    assertThat(map(secret, "stringData")).containsKeys("AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY", "AWS_REGION");
    for (String file : List.of("write-fragments-job.yaml", "commit-job.yaml")) {
      Map<String, Object> job = load(file);
      Map<String, Object> c = container(job);
      List<Object> from = (List<Object>) c.get("envFrom");
      assertThat(map(from.get(0), "secretRef").get("name")).as(file).isEqualTo(secretName);
      assertThat(env(c, "DATASET")).as(file).startsWith("s3://");
      assertThat(env(c, "WORK")).as(file).startsWith("s3://").contains("$(RUN_ID)");
      for (Object m : (List<Object>) c.getOrDefault("volumeMounts", List.of())) {
        assertThat(((Map<String, Object>) m).get("readOnly")).as(file + ": volume written")
            .isEqualTo(true);
      }
    }
    String commit = script(container(load("commit-job.yaml")));
    assertThat(commit).contains("--idempotency-key \"$RUN_ID\"")
        .contains("--read-version \"$READ_VERSION\"");
    assertThat(env(container(load("write-fragments-job.yaml")), "WORKERS"))
        .isEqualTo(env(container(load("commit-job.yaml")), "WORKERS"));
    Process syntax = new ProcessBuilder("bash", "-n", DIR.resolve("run.sh").toString())
        .redirectErrorStream(true).start();
    assertThat(syntax.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(syntax.exitValue()).isZero();
  }

  @Test
  void podScriptsRunAgainstS3AndARepeatedCommitLandsOnce() throws Exception {
    S3TestServer server = S3TestServer.get();
    String bucket = server.newBucket();
    Path bin = KubernetesManifestsTest.lance4jOnPath(dir);
    Path incoming = Files.createDirectories(dir.resolve("incoming"));
    Files.writeString(incoming.resolve("events-schema.json"), InputFormatsCliTest.SCHEMA.toJson());
    Files.writeString(incoming.resolve("big.csv"), Rows.csv(0, 120));
    String worker = script(container(load("write-fragments-job.yaml")))
        .replace("/incoming/", incoming + "/");
    String committer = script(container(load("commit-job.yaml")));
    Map<String, String> env = new HashMap<>();
    // what the Secret holds (plus the endpoint of an S3-compatible store)
    env.put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT", server.endpoint().toString());
    env.put("AWS_ALLOW_HTTP", "true");
    // what the manifests and run.sh set (Kubernetes expands $(RUN_ID) in WORK)
    env.put("WORKERS", "2");
    env.put("RUN_ID", "run-1");
    env.put("DATASET", "s3://" + bucket + "/datasets/events");
    env.put("WORK", "s3://" + bucket + "/work/run-1");
    env.put("OPERATION", "overwrite");
    env.put("READ_VERSION", "0");
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    List<Process> pods = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Map<String, String> e = new HashMap<>(env);
      e.put("JOB_COMPLETION_INDEX", String.valueOf(i));
      pods.add(sh(worker, e));
    }
    for (Process p : pods) {
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("(shard by rows): wrote s3://" + bucket + "/work/run-1/task-");
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      Process c = sh(committer, env);
      assertThat(c.waitFor(3, TimeUnit.MINUTES)).isTrue();
      String out = new String(c.getInputStream().readAllBytes());
      assertThat(c.exitValue()).as(out).isZero();
      assertThat(out).as("attempt " + attempt)
          .contains("committed overwrite of 2 worker outputs: version 1");
    }
    try (Dataset ds = Dataset.open(env.get("DATASET"), OpenOptions.builder()
        .storageOptions(server.options()).build())) {
      assertThat(ds.version()).isEqualTo(1);
      assertThat(ds.countRows()).isEqualTo(120);
    }
  }

  private Process sh(String script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
        .redirectErrorStream(true);
    pb.environment().putAll(env);
    return pb.start();
  }
}
