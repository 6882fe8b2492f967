package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ./lance4j launcher, with a stand-in mvn and java: its first-use build asks Maven for plain
 * output (no ANSI escapes), a failed build says what to run, and LANCE4J_JAVA_OPTS reaches java.
 */
class LauncherTest {
  static final Path LAUNCHER = Paths.get("..", "lance4j").toAbsolutePath().normalize();

  @TempDir
  Path dir;

  private Process run(Path bin, String... env) throws Exception {
    Path copy = dir.resolve("repo").resolve("lance4j");
    Files.createDirectories(copy.getParent());
    Files.copy(LAUNCHER, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ProcessBuilder pb = new ProcessBuilder("bash", copy.toString(), "--version")
        .redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().remove("LANCE4J_JAR");
    pb.environment().remove("JAVA_HOME");
    for (int i = 0; i < env.length; i += 2) {
      pb.environment().put(env[i], env[i + 1]);
    }
    return pb.start();
  }

  private static Path script(Path file, String body) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    file.toFile().setExecutable(true);
    return file;
  }

  @Test
  void buildIsPlainAndJavaOptsArePassed() throws Exception {
    Path bin = dir.resolve("bin");
    Path mvnArgs = dir.resolve("mvn-args");
    script(bin.resolve("mvn"), "echo \"$MAVEN_OPTS $*\" > '" + mvnArgs + "'; exit 1");
    Process build = run(bin);
    assertThat(build.waitFor(1, TimeUnit.MINUTES)).isTrue();
    String out = new String(build.getInputStream().readAllBytes());
    assertThat(build.exitValue()).as(out).isEqualTo(10);
    assertThat(out).contains("the build failed").doesNotContain("\u001b[");
    assertThat(Files.readString(mvnArgs)).contains("-Djansi.noreset=true").contains("-B")
        .contains("-q")
        .contains("-Dstyle.color=never").contains("package -pl lance4j-cli -am");

    Path javaArgs = dir.resolve("java-args");
    Path jdk = dir.resolve("jdk");
    script(jdk.resolve("bin").resolve("java"), "echo \"$*\" > '" + javaArgs + "'");
    Path jar = Files.writeString(dir.resolve("x.jar"), "");
    Process p = run(bin, "LANCE4J_JAR", jar.toString(), "JAVA_HOME", jdk.toString(),
        "LANCE4J_JAVA_OPTS", "-Xmx7m -Dx=1");
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(Files.readString(javaArgs).trim()).startsWith("--add-opens=java.base/java.nio")
        .contains("-Xmx7m -Dx=1 -jar " + jar + " --version");
  }
}
