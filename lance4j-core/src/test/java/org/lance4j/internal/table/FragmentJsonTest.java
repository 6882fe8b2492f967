package org.lance4j.internal.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lance4j.DataFile;
import org.lance4j.DeletionFile;
import org.lance4j.FragmentMetadata;
import org.lance4j.InvalidInputException;

class FragmentJsonTest {
  private static final String PATH = "0110100111010000001001015fd4e741c987bf70656fbe6e67.lance";

  private static FragmentMetadata plain() {
    return new FragmentMetadata(0, List.of(new DataFile(PATH, List.of(0, 1), List.of(0, 1), 2, 0,
        1043, null)), 3, null);
  }

  private static FragmentMetadata withDeletions() {
    return new FragmentMetadata(7, List.of(
        new DataFile(PATH, List.of(0, 1, 2), List.of(0, 1, 2), 2, 0, 1043, null),
        new DataFile("b.lance", List.of(3), List.of(0), 2, 0, 0, 5)), 100,
        new DeletionFile(DeletionFile.Type.BITMAP, 3, 1234, 2, null));
  }

  @Test
  void toJsonIsExactlyPylanceShape() {
    assertThat(FragmentJson.toJson(plain())).isEqualTo(
        "{\"id\": 0, \"files\": [{\"fields\": [0, 1], \"column_indices\": [0, 1],"
            + " \"file_major_version\": 2, \"file_minor_version\": 0, \"file_size_bytes\": 1043,"
            + " \"base_id\": null, \"path\": \"" + PATH + "\"}], \"physical_rows\": 3,"
            + " \"deletion_file\": null, \"row_id_meta\": null, \"created_at_version_meta\": null,"
            + " \"last_updated_at_version_meta\": null}");
    assertThat(FragmentJson.toJson(withDeletions())).isEqualTo(
        "{\"id\": 7, \"files\": [{\"fields\": [0, 1, 2], \"column_indices\": [0, 1, 2],"
            + " \"file_major_version\": 2, \"file_minor_version\": 0, \"file_size_bytes\": 1043,"
            + " \"base_id\": null, \"path\": \"" + PATH + "\"}, {\"fields\": [3],"
            + " \"column_indices\": [0], \"file_major_version\": 2, \"file_minor_version\": 0,"
            + " \"file_size_bytes\": null, \"base_id\": 5, \"path\": \"b.lance\"}],"
            + " \"physical_rows\": 100, \"deletion_file\": {\"read_version\": 3, \"id\": 1234,"
            + " \"file_type\": \"bitmap\", \"num_deleted_rows\": 2, \"base_id\": null},"
            + " \"row_id_meta\": null, \"created_at_version_meta\": null,"
            + " \"last_updated_at_version_meta\": null}");
  }

  @Test
  void deletionFileIdsAreUnsigned64Bit() {
    // lance draws deletion file ids at random over the whole u64 range
    long id = Long.parseUnsignedLong("11434180536499753153");
    FragmentMetadata f = new FragmentMetadata(2, plain().files(), 3,
        new DeletionFile(DeletionFile.Type.ARROW_ARRAY, 4, id, 1, null));
    String json = f.toJson();
    assertThat(json).contains("\"id\": 11434180536499753153,");
    assertThat(FragmentJson.fromJson(json)).isEqualTo(f);
    assertThat(f.deletionFile().path(2)).isEqualTo("_deletions/2-4-11434180536499753153.arrow");
    assertThatThrownBy(() -> FragmentJson.fromJson(json.replace("11434180536499753153",
        "18446744073709551616"))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'id'").hasMessageContaining("unsigned 64-bit");
  }

  @Test
  void roundTripsSingleAndArray() {
    for (FragmentMetadata f : List.of(plain(), withDeletions())) {
      assertThat(FragmentJson.fromJson(FragmentJson.toJson(f))).isEqualTo(f);
      assertThat(f.toJson()).isEqualTo(FragmentJson.toJson(f));
    }
    List<FragmentMetadata> both = List.of(plain(), withDeletions());
    String arr = FragmentJson.toJsonArray(both);
    assertThat(arr).startsWith("[{\"id\": 0,").contains("}, {\"id\": 7,").endsWith("}]");
    assertThat(FragmentJson.fromJsonArray(arr)).isEqualTo(both);
    assertThat(FragmentJson.fromJsonArray(FragmentJson.toJson(plain()))).containsExactly(plain());
    assertThat(FragmentJson.toJsonArray(List.of())).isEqualTo("[]");
    assertThat(FragmentJson.fromJsonArray("[]")).isEmpty();
  }

  @Test
  void acceptsRustSerdeShapeAndUnknownKeys() {
    String serde = "{\"id\":7,\"files\":[{\"path\":\"" + PATH + "\",\"fields\":[0,1,2],"
        + "\"column_indices\":[0,1,2],\"file_major_version\":2,\"file_minor_version\":0,"
        + "\"file_size_bytes\":1043,\"base_id\":null},{\"path\":\"b.lance\",\"fields\":[3],"
        + "\"column_indices\":[0],\"file_major_version\":2,\"file_minor_version\":0,"
        + "\"file_size_bytes\":null,\"base_id\":5}],\"deletion_file\":{\"read_version\":3,"
        + "\"id\":1234,\"file_type\":\"bitmap\",\"num_deleted_rows\":2,\"base_id\":null},"
        + "\"physical_rows\":100,\"some_future_key\":{\"x\":1}}";
    assertThat(FragmentJson.fromJson(serde)).isEqualTo(withDeletions());
    // minimal serde: no deletion file key, no column indices / versions
    FragmentMetadata min = FragmentJson.fromJson(
        "{\"id\":2,\"files\":[{\"path\":\"x.lance\",\"fields\":[0]}],\"physical_rows\":5}");
    assertThat(min).isEqualTo(new FragmentMetadata(2,
        List.of(new DataFile("x.lance", List.of(0), List.of(), 0, 0, 0, null)), 5, null));
    FragmentMetadata arrayDel = FragmentJson.fromJson("{\"id\":1,\"files\":[],\"physical_rows\":5,"
        + "\"deletion_file\":{\"read_version\":1,\"id\":9,\"file_type\":\"array\","
        + "\"num_deleted_rows\":1}}");
    assertThat(arrayDel.deletionFile().fileType()).isEqualTo(DeletionFile.Type.ARROW_ARRAY);
    assertThat(arrayDel.numRows()).isEqualTo(4);
  }

  @Test
  void badJsonNamesTheProblem() {
    assertThatThrownBy(() -> FragmentJson.fromJson("{\"id\": 0, \"files\": ["))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("malformed")
        .hasMessageContaining("{\"id\": 0");
    assertThatThrownBy(() -> FragmentJson.fromJson("{\"files\": [], \"physical_rows\": 1}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'id'");
    assertThatThrownBy(() -> FragmentJson.fromJson("{\"id\": 1, \"physical_rows\": 1}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'files'");
    assertThatThrownBy(() -> FragmentJson.fromJson("{\"id\": 1, \"files\": []}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'physical_rows'");
    assertThatThrownBy(() -> FragmentJson.fromJson(
        "{\"id\": \"one\", \"files\": [], \"physical_rows\": 1}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("'id'")
        .hasMessageContaining("\"one\"");
    assertThatThrownBy(() -> FragmentJson.fromJson(
        "{\"id\": 1, \"files\": [{\"fields\": [0]}], \"physical_rows\": 1}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("files[].path");
    assertThatThrownBy(() -> FragmentJson.fromJson(
        "{\"id\": 1, \"files\": [{\"path\": \"a\", \"fields\": [\"x\"]}], \"physical_rows\": 1}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("files[].fields");
    assertThatThrownBy(() -> FragmentJson.fromJson("{\"id\": 1, \"files\": [], \"physical_rows\":"
        + " 1, \"deletion_file\": {\"read_version\": 1, \"id\": 2, \"file_type\": \"zip\"}}"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("file_type")
        .hasMessageContaining("zip");
    assertThatThrownBy(() -> FragmentJson.fromJson("[1, 2]"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("object");
    assertThatThrownBy(() -> FragmentJson.fromJsonArray("[1]"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("element 0");
    assertThatThrownBy(() -> FragmentJson.fromJson(""))
        .isInstanceOf(InvalidInputException.class);
  }
}
