package org.lance4j.internal.table;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import org.lance4j.LanceIOException;
import org.lance4j.storage.ObjectStore;
import org.lance4j.proto.TableProtos;

/**
 * Transaction files: {@code _transactions/{read_version}-{uuid}.txn}, one raw
 * {@code lance.table.Transaction} message each, named by the manifest's {@code transaction_file}.
 */
public final class Transactions {
  /** Directory holding the transaction files. */
  public static final String DIR = "_transactions";

  /** What a committed transaction did, as far as conflict checking cares. */
  public enum Kind {
    APPEND, DELETE, OVERWRITE, CREATE_INDEX, REWRITE, MERGE, RESTORE, RESERVE_FRAGMENTS, UPDATE,
    PROJECT, UPDATE_CONFIG, DATA_REPLACEMENT, UPDATE_MEM_WAL_STATE, CLONE, UPDATE_BASES,
    /** The operation is not one lance4j knows. */
    UNKNOWN
  }

  private Transactions() {}

  /** A new transaction with a fresh random uuid (hyphenated v4). */
  public static TableProtos.Transaction.Builder newTransaction(long readVersion) {
    return TableProtos.Transaction.newBuilder()
        .setReadVersion(readVersion)
        .setUuid(UUID.randomUUID().toString());
  }

  /** File name (relative to {@code _transactions/}) for a transaction. */
  public static String fileName(TableProtos.Transaction txn) {
    return txn.getReadVersion() + "-" + txn.getUuid() + ".txn";
  }

  /** Writes the transaction file and returns its name relative to {@code _transactions/}. */
  public static String write(ObjectStore store, TableProtos.Transaction txn) {
    String name = fileName(txn);
    try {
      store.put(DIR + "/" + name, txn.toByteArray());
    } catch (IOException e) {
      throw new LanceIOException("cannot write transaction file " + store.root() + "/" + DIR
          + "/" + name, e);
    }
    return name;
  }

  /**
   * Reads a transaction file by name; null when the name is empty, the file is missing or it does
   * not decode (callers treat that conservatively).
   */
  public static TableProtos.Transaction readOrNull(ObjectStore store, String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    try {
      ByteBuffer buf = store.readAll(DIR + "/" + name);
      return TableProtos.Transaction.parseFrom(buf);
    } catch (FileNotFoundException | InvalidProtocolBufferException e) {
      return null;
    } catch (IOException e) {
      throw new LanceIOException("cannot read transaction file " + store.root() + "/" + DIR
          + "/" + name, e);
    }
  }

  /** The transaction that produced a snapshot, or null when its file is missing or unreadable. */
  public static TableProtos.Transaction of(Snapshot snapshot) {
    return of(snapshot.store(), snapshot.manifestPath(), snapshot.manifest());
  }

  /**
   * The transaction that produced the manifest at {@code path}: its transaction file, else the
   * copy written inline in the manifest (current Lance writes both, or only the inline one when
   * the dataset disabled transaction files); null when neither can be read.
   */
  public static TableProtos.Transaction of(ObjectStore store, String path,
      TableProtos.Manifest manifest) {
    TableProtos.Transaction t = readOrNull(store, manifest.getTransactionFile());
    return t != null ? t : ManifestFiles.readTransactionSection(store, path, manifest);
  }

  /** Classifies a transaction's operation. */
  public static Kind kind(TableProtos.Transaction txn) {
    return switch (txn.getOperationCase()) {
      case APPEND -> Kind.APPEND;
      case DELETE -> Kind.DELETE;
      case OVERWRITE -> Kind.OVERWRITE;
      case CREATE_INDEX -> Kind.CREATE_INDEX;
      case REWRITE -> Kind.REWRITE;
      case MERGE -> Kind.MERGE;
      case RESTORE -> Kind.RESTORE;
      case RESERVE_FRAGMENTS -> Kind.RESERVE_FRAGMENTS;
      case UPDATE -> Kind.UPDATE;
      case PROJECT -> Kind.PROJECT;
      case UPDATE_CONFIG -> Kind.UPDATE_CONFIG;
      case DATA_REPLACEMENT -> Kind.DATA_REPLACEMENT;
      case OPERATION_NOT_SET -> kindFromUnknownFields(txn);
    };
  }

  /** Operations newer than our .proto (kept by protobuf as unknown fields). */
  private static Kind kindFromUnknownFields(TableProtos.Transaction txn) {
    var unknown = txn.getUnknownFields();
    if (unknown.hasField(112)) {
      return Kind.UPDATE_MEM_WAL_STATE;
    }
    if (unknown.hasField(113)) {
      return Kind.CLONE;
    }
    if (unknown.hasField(114)) {
      return Kind.UPDATE_BASES;
    }
    return Kind.UNKNOWN;
  }

  /** Lance's name of an operation kind ("Append", "UpdateConfig", ...; "Unknown"). */
  public static String displayName(Kind kind) {
    StringBuilder b = new StringBuilder();
    for (String part : kind.name().split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
