package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceIOException;
import org.lance4j.Operation;
import org.lance4j.internal.storage.FaultInjectingObjectStore;
import org.lance4j.internal.storage.ForwardingObjectStore;
import org.lance4j.internal.storage.LocalObjectStore;
import org.lance4j.storage.ObjectStore;

/**
 * A putIfAbsent whose answer was lost ({@link ObjectStore.PutResult#UNKNOWN}): the commit reads
 * the manifest back and never assumes, so it lands exactly once or fails naming the manifest.
 */
class CommitUnknownOutcomeTest {
  @TempDir Path dir;

  private FragmentMetadata frag(String name, long rows) {
    return RealFragments.write(dir, name, rows);
  }

  private FaultInjectingObjectStore storeWithVersion1() {
    LocalObjectStore local = new LocalObjectStore(dir);
    Committer.commit(local, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(frag("a", 10))), 0);
    return new FaultInjectingObjectStore(local);
  }

  /** The manifest name of version v (new datasets get Lance's V2 names). */
  private static String m(long v) {
    return ManifestNaming.path(ManifestNaming.Scheme.V2, v).substring("_versions/".length());
  }

  private static List<String> manifests(ObjectStore s) throws IOException {
    return s.list("_versions").stream().filter(n -> n.endsWith(".manifest")).sorted().toList();
  }

  @Test
  void ourWriteLandedButTheAnswerWasLost() throws IOException {
    FaultInjectingObjectStore store = storeWithVersion1();
    store.dropNextPutIfAbsentAnswers(1);
    Snapshot s = Committer.commit(store, "ds", new Operation.Append(List.of(frag("b", 5))), 1);
    assertThat(s.version()).isEqualTo(2);
    assertThat(store.putIfAbsentCalls()).isEqualTo(1); // settled by reading back, no second put
    assertThat(manifests(store)).containsExactlyInAnyOrder(m(1), m(2));
    assertThat(Versions.loadLatest(store, "ds").countRows()).isEqualTo(15);
  }

  @Test
  void anotherWriterWonAndTheAnswerWasLost() throws IOException {
    FaultInjectingObjectStore store = storeWithVersion1();
    store.beforePutIfAbsent(path -> {
      store.beforePutIfAbsent(null);
      Committer.commit(store.inner(), "ds", new Operation.Append(List.of(frag("w", 2))), 1);
    });
    store.dropNextPutIfAbsentAnswers(1); // the lost race is reported as UNKNOWN
    Snapshot s = Committer.commit(store, "ds", new Operation.Append(List.of(frag("m", 3))), 1);
    assertThat(s.version()).isEqualTo(3);
    assertThat(manifests(store)).containsExactlyInAnyOrder(m(1), m(2), m(3));
    assertThat(Versions.loadLatest(store, "ds").countRows()).isEqualTo(15);
  }

  @Test
  void unknownAndNothingThereTriesTheSamePutAgain() throws IOException {
    AtomicInteger puts = new AtomicInteger();
    ObjectStore local = new LocalObjectStore(dir);
    Committer.commit(local, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(frag("a", 10))), 0);
    // the first put never reaches the store, yet answers UNKNOWN
    ObjectStore store = new ForwardingObjectStore(local) {
      @Override
      public PutResult putIfAbsent(String path, byte[] data) throws IOException {
        return puts.incrementAndGet() == 1 ? PutResult.UNKNOWN : inner.putIfAbsent(path, data);
      }
    };
    Snapshot s = Committer.commit(store, "ds", new Operation.Append(List.of(frag("b", 1))), 1);
    assertThat(s.version()).isEqualTo(2);
    assertThat(puts.get()).isEqualTo(2);
    assertThat(manifests(local)).containsExactlyInAnyOrder(m(1), m(2));
  }

  @Test
  void anOutcomeThatStaysUnknownFailsNamingTheManifest() throws IOException {
    ObjectStore local = new LocalObjectStore(dir);
    Committer.commit(local, "ds", new Operation.Overwrite(CommitFaultTest.schema(),
        List.of(frag("a", 10))), 0);
    ObjectStore store = new ForwardingObjectStore(local) {
      @Override
      public PutResult putIfAbsent(String path, byte[] data) throws IOException {
        inner.putIfAbsent(path, data);
        return PutResult.UNKNOWN;
      }

      @Override
      public ByteBuffer read(String path, long offset, int length) throws IOException {
        if (path.endsWith(m(2))) {
          throw new IOException("injected: read-back fails");
        }
        return inner.read(path, offset, length);
      }
    };
    assertThatThrownBy(() -> Committer.commit(store, "ds",
        new Operation.Append(List.of(frag("b", 1))), 1))
        .isInstanceOf(LanceIOException.class)
        .hasMessageContaining("_versions/" + m(2))
        .hasStackTraceContaining("is unknown")
        .hasStackTraceContaining("injected: read-back fails");
  }
}
