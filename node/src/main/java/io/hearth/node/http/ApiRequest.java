package io.hearth.node.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the handlers see it: method, path, the query string and (for
 * {@code application/x-www-form-urlencoded} POSTs) form parameters merged, headers and raw body.
 */
public record ApiRequest(HttpMethod method, String path, Map<String, List<String>> params, HttpHeaders headers, byte[] body) {
  /** The first value of a parameter, or null. */
  public String param(String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public List<String> params(String name) {
    List<String> v = params.get(name);
    return v == null ? Collections.emptyList() : v;
  }

  public String header(String name) {
    return headers.get(name);
  }
}
