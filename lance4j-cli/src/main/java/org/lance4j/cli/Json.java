package org.lance4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.lance4j.LanceField;

/** The machine-readable output of {@code --json} (one pretty-printed JSON document). */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static void print(Object node) {
    try {
      System.out.println(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Lance field: name, Lance logical type, Arrow type, nullable, field id, children. */
  static ObjectNode field(LanceField f) {
    ObjectNode o = object();
    o.put("name", f.name());
    o.put("type", f.logicalType());
    o.put("arrow_type", f.arrowType().toString());
    o.put("nullable", f.nullable());
    o.put("id", f.id());
    if (!f.children().isEmpty()) {
      ArrayNode c = o.putArray("children");
      f.children().forEach(x -> c.add(field(x)));
    }
    return o;
  }
}
