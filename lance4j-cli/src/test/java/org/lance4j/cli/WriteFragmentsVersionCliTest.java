package org.lance4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.DataFile;
import org.lance4j.Dataset;
import org.lance4j.FragmentMetadata;

/**
 * {@code write-fragments --data-storage-version}: the version of a new dataset's files (2.2 by
 * default); an append to an existing dataset writes the dataset's version whatever is asked.
 */
class WriteFragmentsVersionCliTest {
  @TempDir
  Path dir;

  private List<String> versions(Path json) throws Exception {
    return FragmentMetadata.fromJsonArray(Files.readString(json)).stream()
        .flatMap(f -> f.files().stream()).map(DataFile::fileVersion).distinct().toList();
  }

  private Cli.Result write(Path ds, Path csv, Path out, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("write-fragments", ds.toString(),
        "--input", csv.toString(), "--output", out.toString()));
    args.addAll(List.of(extra));
    return InProcess.run(args.toArray(new String[0]));
  }

  @Test
  void newDatasetsGetTheRequestedOrDefaultVersionAppendsTheDatasets() throws Exception {
    Path csv = dir.resolve("in.csv");
    Files.writeString(csv, Rows.csv(0, 40));
    Path ds = dir.resolve("ds");
    Cli.Result d = write(ds, csv, dir.resolve("d.json"));
    assertThat(d.code()).as(d.toString()).isZero();
    assertThat(versions(dir.resolve("d.json"))).containsExactly("2.2");
    Cli.Result v21 = write(ds, csv, dir.resolve("v21.json"), "--data-storage-version", "2.1");
    assertThat(v21.code()).as(v21.toString()).isZero();
    assertThat(versions(dir.resolve("v21.json"))).containsExactly("2.1");
    Cli.Result commit = InProcess.run("commit", ds.toString(), "--operation", "overwrite",
        "--read-version", "0", dir.resolve("v21.json").toString());
    assertThat(commit.code()).as(commit.toString()).isZero();
    // the dataset exists (2.1): an append writes 2.1 although 2.0 is asked
    Cli.Result app = write(ds, csv, dir.resolve("app.json"), "--data-storage-version", "2.0");
    assertThat(app.code()).as(app.toString()).isZero();
    assertThat(versions(dir.resolve("app.json"))).containsExactly("2.1");
    Cli.Result bad = write(ds, csv, dir.resolve("bad.json"), "--data-storage-version", "3.9");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("3.9");
    try (Dataset opened = Dataset.open(ds.toString())) {
      assertThat(opened.info().dataStorageVersion()).isEqualTo("2.1");
    }
  }
}
