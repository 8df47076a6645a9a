package io.hearth.scrape.discovery.file;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hearth.scrape.config.FileSdConfig;
import io.hearth.scrape.discovery.Discoverer;
import io.hearth.scrape.discovery.TargetGroup;
import io.hearth.scrape.relabel.NameValidationScheme;
import io.hearth.sharding.api.Labels;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code file_sd_configs}: reads JSON ({@code .json}) or YAML ({@code .yml}, {@code .yaml}) files
 * of {@code [{targets: [...], labels: {...}}]}, matching the configured patterns ({@code *} in the
 * last path element). Files are polled for a changed modification time or size every
 * {@code pollInterval} (a few seconds) and fully re-read every {@code refresh_interval}. Groups are
 * sourced {@code <file>:<index>} and carry {@code __meta_filepath}. A file that fails to parse
 * keeps its previous groups (as Prometheus); a file that disappears removes its groups.
 */
public final class FileDiscoverer implements Discoverer {
  private static final Logger LOG = Logger.getLogger(FileDiscoverer.class.getName());
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final FileSdConfig config;
  private final Duration pollInterval;
  private final ScheduledExecutorService exec;
  /** Per file: stamp (mtime+size) and how many groups it produced last time. */
  private final Map<Path, String> stamps = new HashMap<>();
  private final Map<Path, Integer> groupCounts = new HashMap<>();
  private long lastFullRefresh;
  private Consumer<List<TargetGroup>> sink;

  public FileDiscoverer(FileSdConfig config) {
    this(config, DEFAULT_POLL_INTERVAL);
  }

  public FileDiscoverer(FileSdConfig config, Duration pollInterval) {
    this.config = config;
    this.pollInterval = pollInterval;
    this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hearth-file-discovery");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void start(Consumer<List<TargetGroup>> updates) {
    this.sink = updates;
    exec.execute(() -> refresh(true));
    exec.scheduleWithFixedDelay(() -> refresh(false), pollInterval.toMillis(), pollInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void refresh(boolean first) {
    try {
      long now = System.currentTimeMillis();
      boolean full = first || now - lastFullRefresh >= config.refreshInterval().toMillis();
      if (full) lastFullRefresh = now;
      TreeSet<Path> files = listFiles();
      List<TargetGroup> changed = new ArrayList<>();
      for (Path f : files) {
        String stamp = stamp(f);
        if (!full && stamp.equals(stamps.get(f))) continue;
        List<TargetGroup> groups;
        try {
          groups = read(f);
        } catch (IOException | IllegalArgumentException e) {
          LOG.log(Level.WARNING, "error reading file " + f + ": " + e.getMessage());
          continue; // keep the previous groups of this file
        }
        stamps.put(f, stamp);
        int before = groupCounts.getOrDefault(f, 0);
        changed.addAll(groups);
        for (int i = groups.size(); i < before; i++) changed.add(empty(f, i));
        groupCounts.put(f, groups.size());
      }
      for (Path gone : new ArrayList<>(groupCounts.keySet())) {
        if (files.contains(gone)) continue;
        for (int i = 0; i < groupCounts.get(gone); i++) changed.add(empty(gone, i));
        groupCounts.remove(gone);
        stamps.remove(gone);
      }
      if (first || !changed.isEmpty()) sink.accept(List.copyOf(changed));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "file discovery refresh failed", e);
    }
  }

  private static TargetGroup empty(Path f, int i) {
    return new TargetGroup(f + ":" + i, List.of(), Labels.EMPTY);
  }

  private static String stamp(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis() + "/" + Files.size(f);
    } catch (IOException e) {
      return "missing";
    }
  }

  private TreeSet<Path> listFiles() {
    TreeSet<Path> out = new TreeSet<>();
    for (String pattern : config.files()) {
      Path p = Path.of(pattern);
      String name = p.getFileName().toString();
      if (!name.contains("*")) {
        if (Files.isRegularFile(p)) out.add(p);
        continue;
      }
      Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path f : ds) {
          if (m.matches(f.getFileName()) && Files.isRegularFile(f)) out.add(f);
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, "cannot list " + dir + ": " + e.getMessage());
      }
    }
    return out;
  }

  /**
   * Reads one file into groups.
   *
   * @throws IllegalArgumentException on a bad extension, shape or label
   */
  static List<TargetGroup> read(Path f) throws IOException {
    String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    ObjectMapper m;
    if (name.endsWith(".json")) m = JSON;
    else if (name.endsWith(".yml") || name.endsWith(".yaml")) m = YAML;
    else throw new IllegalArgumentException("retrieval of target groups from file " + f + " failed: unsupported extension");
    List<Map<String, Object>> raw = m.readValue(f.toFile(), new TypeReference<List<Map<String, Object>>>() {});
    List<TargetGroup> out = new ArrayList<>();
    if (raw == null) return out;
    for (int i = 0; i < raw.size(); i++) {
      Map<String, Object> g = raw.get(i);
      List<Labels> targets = new ArrayList<>();
      Object ts = g == null ? null : g.get("targets");
      if (ts instanceof List) {
        for (Object t : (List<?>) ts) targets.add(Labels.of("__address__", String.valueOf(t)));
      }
      Map<String, String> labels = new LinkedHashMap<>();
      Object ls = g == null ? null : g.get("labels");
      if (ls instanceof Map) {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) ls).entrySet()) {
          String ln = String.valueOf(e.getKey());
          if (!NameValidationScheme.UTF8.isValidLabelName(ln)) {
            throw new IllegalArgumentException("\"" + ln + "\" is not a valid label name");
          }
          labels.put(ln, e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
      }
      labels.put("__meta_filepath", f.toString());
      out.add(new TargetGroup(f + ":" + i, targets, Labels.fromMap(labels)));
    }
    return out;
  }

  @Override
  public void close() {
    exec.shutdownNow();
    try {
      exec.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
