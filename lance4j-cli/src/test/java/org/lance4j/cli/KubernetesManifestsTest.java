package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * examples/kubernetes without a cluster: both Job manifests parsed and checked for what makes
 * them work and re-runnable (registry image with a pull policy, generateName and a TTL, the
 * image's lance4j command so LANCE4J_JAVA_OPTS applies, worker count consistent, stale JSON
 * removed), the image and the build context, and the pods' shell scripts run locally (under a
 * temporary /data, lance4j from the test class path) for two workers and the commit, twice.
 */
class KubernetesManifestsTest {
  static final Path K8S = Paths.get("..", "examples", "kubernetes").toAbsolutePath().normalize();
  static final Path ROOT = K8S.getParent().getParent();

  @TempDir
  Path dir;

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String key) {
    Object v = ((Map<String, Object>) o).get(key);
    assertThat(v).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> container(Map<String, Object> job) {
    List<Object> cs = (List<Object>) map(map(map(job, "spec"), "template"), "spec")
        .get("containers");
    assertThat(cs).hasSize(1);
    return (Map<String, Object>) cs.get(0);
  }

  @SuppressWarnings("unchecked")
  static String env(Map<String, Object> container, String name) {
    for (Object e : (List<Object>) container.get("env")) {
      Map<String, Object> m = (Map<String, Object>) e;
      if (name.equals(m.get("name"))) {
        return String.valueOf(m.get("value"));
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static String script(Map<String, Object> container) {
    assertThat(container.get("command")).isEqualTo(List.of("/bin/sh", "-c"));
    return (String) ((List<Object>) container.get("args")).get(0);
  }

  static Map<String, Object> load(String file) throws Exception {
    return load(K8S, file);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> load(Path dir, String file) throws Exception {
    return (Map<String, Object>) new Yaml().load(Files.readString(dir.resolve(file)));
  }

  /** {@code bin/lance4j} under {@code dir}: the CLI from the test class path, as the image has. */
  static Path lance4jOnPath(Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    StringBuilder sh = new StringBuilder("#!/usr/bin/env bash\nexec");
    for (String part : Cli.javaCommand()) {
      sh.append(" '").append(part.replace("'", "'\\''")).append('\'');
    }
    Files.writeString(bin.resolve("lance4j"), sh.append(" \"$@\"\n").toString());
    bin.resolve("lance4j").toFile().setExecutable(true);
    return bin;
  }

  @Test
  @SuppressWarnings("unchecked")
  void manifestsAreRunnableAndReRunnable() throws Exception {
    Map<String, Object> workers = load("write-fragments-job.yaml");
    Map<String, Object> commit = load("commit-job.yaml");
    for (Map<String, Object> job : List.of(workers, commit)) {
      assertThat(job.get("apiVersion")).isEqualTo("batch/v1");
      assertThat(job.get("kind")).isEqualTo("Job");
      Map<String, Object> meta = map(job, "metadata");
      assertThat(meta).doesNotContainKey("name");
      assertThat((String) meta.get("generateName")).startsWith("lance4j-").endsWith("-");
      assertThat((Integer) map(job, "spec").get("ttlSecondsAfterFinished")).isPositive();
      Map<String, Object> c = container(job);
      String image = (String) c.get("image");
      assertThat(image).matches("[a-z0-9.-]+\\.[a-z]+(:\\d+)?/.+:[\\w.-]+")
          .doesNotEndWith(":latest");
      assertThat(c.get("imagePullPolicy")).isIn("IfNotPresent", "Always");
      String sh = script(c);
      assertThat(sh).contains("lance4j ").doesNotContain("java ").doesNotContain("-jar");
      assertThat(env(c, "LANCE4J_JAVA_OPTS")).startsWith("-Xmx");
      List<Object> vols = (List<Object>) map(map(map(job, "spec"), "template"), "spec")
          .get("volumes");
      assertThat(map(vols.get(0), "persistentVolumeClaim").get("claimName"))
          .isEqualTo("lance-data");
    }
    Map<String, Object> spec = map(workers, "spec");
    assertThat(spec.get("completionMode")).isEqualTo("Indexed");
    String n = env(container(workers), "WORKERS");
    assertThat(spec.get("completions")).hasToString(n);
    assertThat(spec.get("parallelism")).hasToString(n);
    assertThat(env(container(commit), "WORKERS")).isEqualTo(n);
    assertThat((Integer) map(commit, "spec").get("backoffLimit")).isZero();

    String dockerfile = Files.readString(K8S.resolve("Dockerfile"));
    assertThat(dockerfile).contains("/usr/local/bin/lance4j").contains("$LANCE4J_JAVA_OPTS")
        .contains("COPY lance4j-cli/target/lance4j.jar");
    assertThat(Files.readAllLines(ROOT.resolve(".dockerignore")))
        .contains("*", "!lance4j-cli/target/lance4j.jar");
    String readme = Files.readString(K8S.resolve("README.md"));
    assertThat(readme).contains("condition=failed").contains("hard link")
        .contains("ReadWriteMany").contains("generateName").contains("imagePullPolicy");
    Process syntax = new ProcessBuilder("bash", "-n", K8S.resolve("run.sh").toString())
        .redirectErrorStream(true).start();
    assertThat(syntax.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(syntax.exitValue()).as(new String(syntax.getInputStream().readAllBytes()))
        .isZero();
  }

  /** The pods' scripts, /data moved under the temp dir, two workers, run twice (append). */
  @Test
  void podScriptsWriteAndCommitTwice() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path bin = lance4jOnPath(dir);
    Files.writeString(data.resolve("events-schema.json"), InputFormatsCliTest.SCHEMA.toJson());
    String worker = script(container(load("write-fragments-job.yaml"))).replace("/data/",
        data + "/");
    String committer = script(container(load("commit-job.yaml"))).replace("/data/",
        data + "/");
    Path incoming = Files.createDirectories(data.resolve("incoming"));
    Path ds = data.resolve("datasets").resolve("events");
    for (int run = 0; run < 2; run++) {
      // run 1: one big file (split by rows); run 2: three files (split by files)
      if (run == 0) {
        Files.writeString(incoming.resolve("big.csv"), Rows.csv(0, 200));
      } else {
        Files.delete(incoming.resolve("big.csv"));
        Files.writeString(incoming.resolve("a.csv"), Rows.csv(200, 210));
        Files.writeString(incoming.resolve("b.csv"), Rows.csv(210, 220));
        Files.writeString(incoming.resolve("c.csv"), Rows.csv(220, 230));
      }
      List<Process> pods = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        pods.add(sh(worker, bin, Map.of("JOB_COMPLETION_INDEX", String.valueOf(i))));
      }
      for (int i = 0; i < 2; i++) {
        Process p = pods.get(i);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("worker " + i + "/2 (shard by " + (run == 0 ? "rows" : "files"));
      }
      Process c = sh(committer, bin, Map.of());
      assertThat(c.waitFor(3, TimeUnit.MINUTES)).isTrue();
      String out = new String(c.getInputStream().readAllBytes());
      assertThat(c.exitValue()).as(out).isZero();
      assertThat(out).contains("committed " + (run == 0 ? "overwrite" : "append")
          + " of 2 worker outputs: version " + (run + 1));
      try (var s = Files.list(data.resolve("work").resolve("fragments"))) {
        assertThat(s.toList()).as("task JSON removed after the commit").isEmpty();
      }
    }
    List<List<Object>> rows = Rows.readWithLanceCore(ds);
    rows.sort(Comparator.comparing(r -> (Long) r.get(0)));
    assertThat(rows).isEqualTo(Rows.rows(0, 230));
    // the commit refuses when a worker's JSON is missing
    Files.createDirectories(data.resolve("work").resolve("fragments"));
    Files.writeString(data.resolve("work").resolve("fragments").resolve("task-0.json"), "[]");
    Process c = sh(committer, bin, Map.of());
    assertThat(c.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(c.exitValue()).isEqualTo(3);
    assertThat(new String(c.getInputStream().readAllBytes())).contains("task-1.json is missing");
    assertThat(Rows.lanceCoreVersion(ds)).isEqualTo(2);
  }

  /**
   * run.sh with a stand-in kubectl: a worker Job that fails stops it at once (it waits for
   * complete OR failed) without creating the commit Job; a complete one leads to the commit Job
   * and its log; IMAGE replaces the placeholder image.
   */
  @Test
  void runShWaitsForCompleteOrFailed() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("kbin"));
    Path log = dir.resolve("kubectl.log");
    Path created = Files.createDirectories(dir.resolve("created"));
    Files.writeString(bin.resolve("kubectl"), String.join("\n",
        "#!/usr/bin/env bash",
        "echo \"$*\" >> '" + log + "'",
        "case \"$1\" in",
        "  create) n=$(ls '" + created + "' | wc -l); cat > '" + created + "'/$n.yaml;",
        "    if grep -q 'step: commit' '" + created + "'/$n.yaml; then echo job.batch/lance4j-commit-x$n;",
        "    else echo job.batch/lance4j-write-fragments-x$n; fi ;;",
        "  wait) job=\"${@: -1}\"; want=complete; [[ $job == *commit* ]] || want=$WORKERS_RESULT;",
        "    if [[ \"$2\" == --for=condition=$want ]]; then sleep 1; exit 0; fi; exec sleep 120 ;;",
        "  logs) echo 'committed overwrite of 4 worker outputs: version 1' ;;",
        "esac", ""));
    bin.resolve("kubectl").toFile().setExecutable(true);
    for (String result : List.of("failed", "complete")) {
      Files.deleteIfExists(log);
      long start = System.nanoTime();
      ProcessBuilder pb = new ProcessBuilder("bash", K8S.resolve("run.sh").toString())
          .redirectErrorStream(true);
      pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
      pb.environment().put("WORKERS_RESULT", result);
      pb.environment().put("IMAGE", "registry.test:5000/team/lance4j:9.9");
      Process p = pb.start();
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(result).isTrue();
      String out = new String(p.getInputStream().readAllBytes());
      long secs = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(secs).as(result + " took " + secs + "s: " + out).isLessThan(60);
      List<String> calls = Files.readAllLines(log);
      if (result.equals("failed")) {
        assertThat(p.exitValue()).as(out).isEqualTo(1);
        assertThat(out).contains("failed or timed out: not committing");
        assertThat(calls.stream().filter(c -> c.startsWith("create"))).hasSize(1);
      } else {
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("committed overwrite of 4 worker outputs");
        assertThat(calls.stream().filter(c -> c.startsWith("create"))).hasSize(2);
        assertThat(calls).anyMatch(c -> c.startsWith("logs job.batch/lance4j-commit-"));
      }
    }
    try (var s = Files.list(created)) {
      for (Path y : s.toList()) {
        assertThat(Files.readString(y)).contains("image: registry.test:5000/team/lance4j:9.9")
            .doesNotContain("registry.example.com");
      }
    }
  }

  private Process sh(String script, Path bin, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).directory(dir.toFile())
        .redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("WORKERS", "2");
    pb.environment().putAll(env);
    return pb.start();
  }
}
