package io.hearth.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 JSON Patch, the operations kustomize's JSON 6902 patches use: add, remove, replace, test. */
final class JsonPatch {
  private JsonPatch() {}

  static void apply(JsonNode doc, JsonNode ops) {
    if (!ops.isArray()) throw new IllegalArgumentException("a JSON 6902 patch is a list of operations: " + ops);
    for (JsonNode op : ops) {
      String kind = op.path("op").asText();
      String path = op.path("path").asText();
      String[] tokens = tokens(path);
      JsonNode parent = resolve(doc, tokens, tokens.length - 1, path);
      String last = tokens[tokens.length - 1];
      switch (kind) {
        case "add" -> add(parent, last, op.get("value").deepCopy(), path);
        case "replace" -> {
          get(parent, last, path);
          remove(parent, last);
          add(parent, last, op.get("value").deepCopy(), path);
        }
        case "remove" -> {
          get(parent, last, path);
          remove(parent, last);
        }
        case "test" -> {
          JsonNode actual = get(parent, last, path);
          if (!actual.equals(op.get("value"))) {
            throw new IllegalStateException("patch test failed at " + path + ": expected " + op.get("value") + ", found " + actual);
          }
        }
        default -> throw new IllegalArgumentException("unsupported patch operation " + kind);
      }
    }
  }

  private static String[] tokens(String path) {
    if (!path.startsWith("/")) throw new IllegalArgumentException("bad JSON pointer " + path);
    String[] t = path.substring(1).split("/", -1);
    for (int i = 0; i < t.length; i++) t[i] = t[i].replace("~1", "/").replace("~0", "~");
    return t;
  }

  private static JsonNode resolve(JsonNode doc, String[] tokens, int n, String path) {
    JsonNode cur = doc;
    for (int i = 0; i < n; i++) cur = get(cur, tokens[i], path);
    return cur;
  }

  private static JsonNode get(JsonNode parent, String token, String path) {
    JsonNode v = parent.isArray() ? parent.get(index(parent, token, false, path)) : parent.get(token);
    if (v == null) throw new IllegalStateException("no value at " + path);
    return v;
  }

  private static int index(JsonNode array, String token, boolean forAdd, String path) {
    if (forAdd && token.equals("-")) return array.size();
    int i = Integer.parseInt(token);
    if (i < 0 || i > array.size() || (!forAdd && i == array.size())) throw new IllegalStateException("index out of range at " + path);
    return i;
  }

  private static void add(JsonNode parent, String token, JsonNode value, String path) {
    if (parent instanceof ArrayNode a) a.insert(index(a, token, true, path), value);
    else if (parent instanceof ObjectNode o) o.set(token, value);
    else throw new IllegalStateException("cannot add under a scalar at " + path);
  }

  private static void remove(JsonNode parent, String token) {
    if (parent instanceof ArrayNode a) a.remove(Integer.parseInt(token));
    else ((ObjectNode) parent).remove(token);
  }
}
