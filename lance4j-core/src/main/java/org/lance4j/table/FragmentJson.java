package org.lance4j.table;

import java.util.List;
import org.lance4j.FragmentMetadata;

/** Fragment metadata <-> JSON (pylance to_json() shape; Rust serde shape accepted). */
public final class FragmentJson {
  private FragmentJson() {}

  public static String toJson(FragmentMetadata fragment) {
    throw new UnsupportedOperationException("TODO");
  }

  public static FragmentMetadata fromJson(String json) {
    throw new UnsupportedOperationException("TODO");
  }

  public static String toJsonArray(List<FragmentMetadata> fragments) {
    throw new UnsupportedOperationException("TODO");
  }

  public static List<FragmentMetadata> fromJsonArray(String json) {
    throw new UnsupportedOperationException("TODO");
  }
}
