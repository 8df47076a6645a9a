package io.hearth.node.api;

import io.hearth.node.http.ApiException;
import io.hearth.node.http.ApiRequest;
import io.hearth.node.http.ApiResponse;
import io.hearth.node.http.ByteBudget;
import io.hearth.node.otlp.OtlpBody;
import io.hearth.node.otlp.OtlpException;
import io.hearth.node.otlp.OtlpTranslator;
import io.hearth.node.otlp.Translation;
import io.hearth.node.remote.DecodeResult;
import io.hearth.scrape.config.OtlpConfig;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;

/**
 * {@code POST /api/v1/otlp/v1/metrics}: OTLP/HTTP metrics, protobuf or JSON, optionally gzip.
 *
 * <p>The body's decoded size is bounded before anything is inflated or parsed: the share of the
 * node's decoded-bytes budget a request takes is its worst-case decoded size (capped at {@value
 * #MAX_DECODED_BYTES} bytes) times {@value #PARSED_OVERHEAD} for the parsed message; a body that
 * inflates past the cap gets 413 having allocated at most the cap. The translated series go through
 * remote write's staging, commit and limits ({@link WriteApi#ingest}), so storage refusals and the
 * active-series limit answer as for remote write (400, 429, 503 in text). Otherwise the answer is
 * 200 with an {@code ExportMetricsServiceResponse} in the request's encoding, carrying a partial
 * success when data points were left out (delta temporality, invalid names, scale below -4, label
 * limits). Thread-safe; the configuration follows reloads through {@link #apply}.
 */
public final class OtlpApi {
  static final int MAX_DECODED_BYTES = 32 << 20;
  /** A parsed protobuf message holds a few times its wire bytes in objects. */
  static final int PARSED_OVERHEAD = 4;

  private final WriteApi write;
  private final long lookbackMs;
  private volatile OtlpTranslator translator;

  /**
   * @param write the remote-write path the series go through (its budget, limits and storage)
   * @param lookbackMs the query lookback; {@code target_info} gets a sample every half of it
   */
  public OtlpApi(WriteApi write, long lookbackMs) {
    this.write = write;
    this.lookbackMs = lookbackMs;
    this.translator = new OtlpTranslator(OtlpConfig.DEFAULT, write.labelLimits(), lookbackMs);
  }

  /** Takes a (re)loaded configuration's {@code otlp} section. */
  public void apply(OtlpConfig config) {
    if (!config.equals(translator.config())) translator = new OtlpTranslator(config, write.labelLimits(), lookbackMs);
  }

  public ApiResponse write(ApiRequest req) {
    if (!req.method().name().equals("POST")) throw ApiException.text(405, "Method Not Allowed");
    OtlpBody.Format format;
    long share;
    try {
      format = OtlpBody.format(req.header("Content-Type"));
      share = Math.min(MAX_DECODED_BYTES, OtlpBody.maxDecodedLength(req.header("Content-Encoding"), req.body().length))
          * PARSED_OVERHEAD;
    } catch (OtlpException e) {
      throw ApiException.text(e.httpStatus(), e.getMessage());
    }
    ByteBudget budget = write.decodedBudget();
    if (!budget.tryAcquire(share)) throw budget.refusal(share);
    try {
      ExportMetricsServiceRequest request;
      try {
        request = OtlpBody.decode(req.body(), req.header("Content-Encoding"), format, MAX_DECODED_BYTES);
      } catch (OtlpException e) {
        throw ApiException.text(e.httpStatus(), e.getMessage());
      }
      OtlpTranslator t = translator;
      Translation[] translation = new Translation[1];
      ApiResponse stored = write.ingest(sink -> {
        translation[0] = t.translate(request, sink);
        return new DecodeResult(0, 0, 0, 0, 0, 0, 0, 0, null);
      }, false);
      if (stored.status != 204) return stored;
      ExportMetricsServiceResponse.Builder answer = ExportMetricsServiceResponse.newBuilder();
      Translation tr = translation[0];
      if (tr.rejectedDataPoints() > 0 || !tr.errors().isEmpty()) {
        answer.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
            .setRejectedDataPoints(tr.rejectedDataPoints()).setErrorMessage(tr.errorMessage()));
      }
      return new ApiResponse(200, format.contentType, OtlpBody.encode(answer.build(), format));
    } finally {
      budget.release(share);
    }
  }
}
