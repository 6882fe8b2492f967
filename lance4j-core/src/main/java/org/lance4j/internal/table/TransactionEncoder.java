package org.lance4j.internal.table;

import org.lance4j.internal.SchemaProtos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.proto.TableProtos;
import org.lance4j.proto.TableProtos.Transaction;

/**
 * Encodes an {@link Operation} as the {@code lance.table.Transaction} message Lance writes for it
 * (same field numbers as Lance's transaction.proto), so that Lance's conflict resolver and
 * {@code readTransaction()} understand transactions committed by lance4j.
 */
final class TransactionEncoder {
  private TransactionEncoder() {}

  static Transaction encode(Operation op, long readVersion) {
    Transaction.Builder t = Transactions.newTransaction(readVersion);
    if (op instanceof Operation.Overwrite ow) {
      LanceSchema schema = ow.schema();
      t.setOverwrite(Transaction.Overwrite.newBuilder()
          .addAllFragments(protos(ow.fragments()))
          .addAllSchema(SchemaProtos.toProtos(schema))
          .putAllSchemaMetadata(SchemaProtos.metadataProtos(schema)));
    } else if (op instanceof Operation.Append ap) {
      t.setAppend(Transaction.Append.newBuilder().addAllFragments(protos(ap.fragments())));
    } else if (op instanceof Operation.Delete d) {
      t.setDelete(Transaction.Delete.newBuilder()
          .addAllUpdatedFragments(protos(d.updatedFragments()))
          .addAllDeletedFragmentIds(d.deletedFragmentIds())
          .setPredicate(d.predicate()));
    } else if (op instanceof Operation.Merge m) {
      t.setMerge(Transaction.Merge.newBuilder()
          .addAllFragments(protos(m.fragments()))
          .addAllSchema(SchemaProtos.toProtos(m.schema()))
          .putAllSchemaMetadata(SchemaProtos.metadataProtos(m.schema())));
    } else if (op instanceof Operation.Project p) {
      t.setProject(Transaction.Project.newBuilder().addAllSchema(SchemaProtos.toProtos(p.schema())));
    } else if (op instanceof Operation.Restore r) {
      t.setRestore(Transaction.Restore.newBuilder().setVersion(r.version()));
    } else if (op instanceof Operation.Rewrite rw) {
      Transaction.Rewrite.Builder b = Transaction.Rewrite.newBuilder();
      for (Operation.RewriteGroup g : rw.groups()) {
        b.addGroups(Transaction.RewriteGroup.newBuilder()
            .addAllOldFragments(protos(g.oldFragments()))
            .addAllNewFragments(protos(g.newFragments())));
      }
      t.setRewrite(b);
    } else if (op instanceof Operation.UpdateConfig uc) {
      // Lance 0.39 writes the new-style UpdateMap (an entry without value deletes the key).
      Transaction.UpdateMap.Builder map = Transaction.UpdateMap.newBuilder();
      for (Map.Entry<String, String> e : new TreeMap<>(uc.upserts()).entrySet()) {
        map.addUpdateEntries(Transaction.UpdateMapEntry.newBuilder()
            .setKey(e.getKey()).setValue(e.getValue()));
      }
      for (String k : uc.deleteKeys()) {
        map.addUpdateEntries(Transaction.UpdateMapEntry.newBuilder().setKey(k));
      }
      t.setUpdateConfig(Transaction.UpdateConfig.newBuilder().setConfigUpdates(map));
    } else if (op instanceof Operation.ReserveFragments rf) {
      t.setReserveFragments(
          Transaction.ReserveFragments.newBuilder().setNumFragments(rf.numFragments()));
    }
    return t.build();
  }

  static List<TableProtos.DataFragment> protos(List<FragmentMetadata> fragments) {
    return fragments.stream().map(FragmentProtos::toProto).toList();
  }
}
