package org.lance4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.Branch;
import org.lance4j.CommitOptions;
import org.lance4j.Dataset;
import org.lance4j.OpenOptions;
import org.lance4j.Operation;
import org.lance4j.WriteOptions;

/**
 * Branches both ways with lance-core 7.0.0: a branch it creates and commits to is opened,
 * appended to and deleted from by lance4j, and the reverse; neither side disturbs main.
 */
class BranchInteropTest {
  @TempDir Path tmp;

  static long coreCount(BufferAllocator a, String uri, String branch) {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
        org.lance.Dataset b = branch == null ? null : ds.checkout(
            org.lance.Ref.ofBranch(branch))) {
      return (b == null ? ds : b).countRows();
    }
  }

  /** lance-core's ids of a branch, as a scan returns them. */
  static java.util.Set<Long> coreIds(BufferAllocator a, String uri, String branch)
      throws Exception {
    try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
        org.lance.Dataset b = ds.checkout(org.lance.Ref.ofBranch(branch))) {
      return StableRowIdsInteropTest.drainIds(b);
    }
  }

  static Dataset onBranch(String uri, String branch) {
    return Dataset.open(uri, OpenOptions.builder().branch(branch).build());
  }

  @Test
  void lanceCoreBranchIsOpenedAndCommittedToByLance4j() throws Exception {
    String uri = tmp.resolve("core-branches.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      StableRowIdsInteropTest.coreWrite(uri, a, 0, 1000, true);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
          org.lance.Dataset dev = ds.createBranch("dev", org.lance.Ref.ofMain(1))) {
        dev.delete("id < 10");
      }
      try (Dataset dev = onBranch(uri, "dev")) {
        assertThat(dev.branch()).isEqualTo("dev");
        assertThat(dev.version()).isEqualTo(2);
        assertThat(dev.countRows()).isEqualTo(990);
        assertThat(dev.branches()).extracting(Branch::name, Branch::parentVersion)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("dev", 1L));
      }
      CommitOptions onDev = CommitOptions.builder().branch("dev").build();
      Dataset.commit(uri, new Operation.Append(StableRowIdsInteropTest.lance4jWrite(
          uri + "/tree/dev", 1000, 1100, WriteOptions.Mode.APPEND)), 2, onDev).close();
      try (Dataset dev = onBranch(uri, "dev"); Dataset d = dev.delete("id = 500")) {
        assertThat(d.version()).isEqualTo(4);
      }
      assertThat(coreCount(a, uri, "dev")).isEqualTo(990 + 100 - 1);
      java.util.Set<Long> ids = coreIds(a, uri, "dev");
      assertThat(ids).hasSize(1089).doesNotContain(5L, 500L).contains(10L, 1099L);
      // main is untouched on both sides
      assertThat(coreCount(a, uri, null)).isEqualTo(1000);
      try (Dataset main = Dataset.open(uri)) {
        assertThat(main.version()).isEqualTo(1);
        assertThat(main.countRows()).isEqualTo(1000);
      }
      // lance-core commits on top of lance4j's branch versions
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
          org.lance.Dataset dev = ds.checkout(org.lance.Ref.ofBranch("dev"))) {
        dev.delete("id = 1050");
      }
      try (Dataset dev = onBranch(uri, "dev")) {
        assertThat(dev.version()).isEqualTo(5);
        assertThat(dev.countRows()).isEqualTo(1088);
      }
    }
  }

  @Test
  void lance4jBranchIsOpenedAndCommittedToByLanceCore() throws Exception {
    String uri = tmp.resolve("mine-branches.lance").toString();
    try (BufferAllocator a = new RootAllocator()) {
      Dataset.commit(uri, new Operation.Overwrite(StableRowIdsInteropTest.SCHEMA,
          StableRowIdsInteropTest.lance4jWrite(uri, 0, 800, WriteOptions.Mode.CREATE)), 0)
          .close();
      Dataset.commit(uri, new Operation.Append(StableRowIdsInteropTest.lance4jWrite(uri, 800,
          1000, WriteOptions.Mode.APPEND)), 1).close();
      try (Dataset main = Dataset.open(uri); Dataset feat = main.createBranch("feat")) {
        assertThat(feat.version()).isEqualTo(2);
      }
      Dataset.commit(uri, new Operation.Append(StableRowIdsInteropTest.lance4jWrite(
          uri + "/tree/feat", 2000, 2100, WriteOptions.Mode.APPEND)), 2,
          CommitOptions.builder().branch("feat").build()).close();
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a)) {
        List<org.lance.Branch> branches = ds.branches().list();
        assertThat(branches).extracting(org.lance.Branch::getName).containsExactly("feat");
        assertThat(branches.get(0).getParentVersion()).isEqualTo(2);
      }
      assertThat(coreCount(a, uri, "feat")).isEqualTo(1100);
      try (org.lance.Dataset ds = org.lance.Dataset.open(uri, a);
          org.lance.Dataset feat = ds.checkout(org.lance.Ref.ofBranch("feat"))) {
        feat.delete("id % 2 = 0");
      }
      assertThat(coreIds(a, uri, "feat")).hasSize(550).contains(1L, 2099L)
          .doesNotContain(2L, 2098L);
      try (Dataset feat = onBranch(uri, "feat")) {
        assertThat(feat.version()).isEqualTo(4);
        assertThat(feat.countRows()).isEqualTo(550);
      }
      assertThat(coreCount(a, uri, null)).isEqualTo(1000);
      assertThat(Map.of("main", Lance4j.countRows(uri))).containsEntry("main", 1000L);
    }
  }
}
