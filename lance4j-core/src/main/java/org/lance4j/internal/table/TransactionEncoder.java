package org.lance4j.internal.table;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lance4j.FragmentMetadata;
import org.lance4j.LanceSchema;
import org.lance4j.Operation;
import org.lance4j.internal.SchemaProtos;
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
    Transaction.Builder encoded = switch (OpKind.of(op)) {
      case OVERWRITE -> overwrite(t, (Operation.Overwrite) op);
      case APPEND -> t.setAppend(Transaction.Append.newBuilder()
          .addAllFragments(protos(op.fragments())));
      case DELETE -> delete(t, (Operation.Delete) op);
      case UPDATE -> update(t, (Operation.Update) op);
      case MERGE -> merge(t, (Operation.Merge) op);
      case PROJECT -> t.setProject(Transaction.Project.newBuilder()
          .addAllSchema(SchemaProtos.toProtos(((Operation.Project) op).schema())));
      case RESTORE -> t.setRestore(Transaction.Restore.newBuilder()
          .setVersion(((Operation.Restore) op).version()));
      case REWRITE -> rewrite(t, (Operation.Rewrite) op);
      case UPDATE_CONFIG -> updateConfig(t, (Operation.UpdateConfig) op);
      case RESERVE_FRAGMENTS -> t.setReserveFragments(Transaction.ReserveFragments.newBuilder()
          .setNumFragments(((Operation.ReserveFragments) op).numFragments()));
      case DATA_REPLACEMENT -> {
        Transaction.DataReplacement.Builder dr = Transaction.DataReplacement.newBuilder();
        for (Operation.DataReplacementGroup g : ((Operation.DataReplacement) op).replacements()) {
          dr.addReplacements(Transaction.DataReplacementGroup.newBuilder()
              .setFragmentId(g.fragmentId()).setNewFile(FragmentProtos.toProto(g.newFile())));
        }
        yield t.setDataReplacement(dr);
      }
    };
    return encoded.build();
  }

  private static Transaction.Builder update(Transaction.Builder t, Operation.Update up) {
    return t.setUpdate(Transaction.Update.newBuilder()
        .addAllRemovedFragmentIds(up.removedFragmentIds())
        .addAllUpdatedFragments(protos(up.updatedFragments()))
        .addAllNewFragments(protos(up.newFragments()))
        .addAllFieldsModified(up.fieldsModified()));
  }

  private static Transaction.Builder overwrite(Transaction.Builder t, Operation.Overwrite ow) {
    LanceSchema schema = ow.schema();
    return t.setOverwrite(Transaction.Overwrite.newBuilder()
        .addAllFragments(protos(ow.fragments()))
        .addAllSchema(SchemaProtos.toProtos(schema))
        .putAllSchemaMetadata(SchemaProtos.metadataProtos(schema)));
  }

  private static Transaction.Builder delete(Transaction.Builder t, Operation.Delete d) {
    return t.setDelete(Transaction.Delete.newBuilder()
        .addAllUpdatedFragments(protos(d.updatedFragments()))
        .addAllDeletedFragmentIds(d.deletedFragmentIds())
        .setPredicate(d.predicate()));
  }

  private static Transaction.Builder merge(Transaction.Builder t, Operation.Merge m) {
    return t.setMerge(Transaction.Merge.newBuilder()
        .addAllFragments(protos(m.fragments()))
        .addAllSchema(SchemaProtos.toProtos(m.schema()))
        .putAllSchemaMetadata(SchemaProtos.metadataProtos(m.schema())));
  }

  private static Transaction.Builder rewrite(Transaction.Builder t, Operation.Rewrite rw) {
    Transaction.Rewrite.Builder b = Transaction.Rewrite.newBuilder();
    for (Operation.RewriteGroup g : rw.groups()) {
      b.addGroups(Transaction.RewriteGroup.newBuilder()
          .addAllOldFragments(protos(g.oldFragments()))
          .addAllNewFragments(protos(g.newFragments())));
    }
    return t.setRewrite(b);
  }

  private static Transaction.Builder updateConfig(Transaction.Builder t,
      Operation.UpdateConfig uc) {
    // Lance 0.39 writes the new-style UpdateMap (an entry without value deletes the key).
    Transaction.UpdateMap.Builder map = Transaction.UpdateMap.newBuilder();
    for (Map.Entry<String, String> e : new TreeMap<>(uc.upserts()).entrySet()) {
      map.addUpdateEntries(Transaction.UpdateMapEntry.newBuilder()
          .setKey(e.getKey()).setValue(e.getValue()));
    }
    for (String k : uc.deleteKeys()) {
      map.addUpdateEntries(Transaction.UpdateMapEntry.newBuilder().setKey(k));
    }
    return t.setUpdateConfig(Transaction.UpdateConfig.newBuilder().setConfigUpdates(map));
  }

  static List<TableProtos.DataFragment> protos(List<FragmentMetadata> fragments) {
    return fragments.stream().map(FragmentProtos::toProto).toList();
  }
}
