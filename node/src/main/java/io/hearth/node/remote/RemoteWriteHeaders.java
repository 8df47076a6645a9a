package io.hearth.node.remote;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Header names and values of remote write and remote read, and the 2.0 response headers.
 *
 * <p>Remote write 2.0 requires the receiver to report what it wrote in three headers on every
 * answer, success or not, zeros included: {@link #written}. Prometheus 3.x sets them on 2.0 requests
 * only; on a 5xx it sets them to zeros since it rolled back.
 */
public final class RemoteWriteHeaders {
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String CONTENT_ENCODING = "Content-Encoding";
  public static final String VERSION = "X-Prometheus-Remote-Write-Version";
  public static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
  public static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";
  public static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";

  public static final String PROTOBUF = "application/x-protobuf";
  public static final String SNAPPY = "snappy";
  /** Remote-read STREAMED_XOR_CHUNKS responses. */
  public static final String STREAMED_PROTOBUF = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";

  private RemoteWriteHeaders() {}

  /**
   * The 2.0 "written" headers, in a stable order, for counts of what storage accepted (not what
   * was decoded). Pass zeros when the request was rolled back.
   */
  public static Map<String, String> written(long samples, long histograms, long exemplars) {
    if (samples < 0 || histograms < 0 || exemplars < 0) {
      throw new IllegalArgumentException("written counts must not be negative [samples=" + samples
          + ", histograms=" + histograms + ", exemplars=" + exemplars + "]");
    }
    Map<String, String> m = new LinkedHashMap<>(4);
    m.put(SAMPLES_WRITTEN, Long.toString(samples));
    m.put(HISTOGRAMS_WRITTEN, Long.toString(histograms));
    m.put(EXEMPLARS_WRITTEN, Long.toString(exemplars));
    return m;
  }

  /** Response headers of a remote-read SAMPLES answer. */
  public static Map<String, String> readSamplesResponse() {
    Map<String, String> m = new LinkedHashMap<>(2);
    m.put(CONTENT_TYPE, PROTOBUF);
    m.put(CONTENT_ENCODING, SNAPPY);
    return m;
  }
}
