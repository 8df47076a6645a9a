package io.hearth.scrape.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads prometheus.yml into a validated {@link Config}: strict (unknown fields are errors naming
 * the field and line), Prometheus's defaults, Prometheus's validation messages, Prometheus's
 * duration syntax. Relative file paths (file_sd files, credential and TLS files) are resolved
 * against the config file's directory, as Prometheus does. Stateless and thread-safe.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Parses YAML text; relative paths stay relative.
   *
   * @throws ConfigException when the text is not a valid configuration
   */
  public static Config parse(String yaml) {
    return ConfigDecoder.decode(YamlNode.parse(yaml));
  }

  /**
   * Decodes scrape configs produced elsewhere (for example generated from ServiceMonitors) against
   * a global section, with the same defaults, inheritance and validation as entries of
   * {@code scrape_configs}. The text is a YAML (or JSON) sequence of such entries; relative paths
   * stay relative.
   *
   * @throws ConfigException when an entry is invalid
   */
  public static List<ScrapeConfig> parseScrapeConfigs(String yaml, GlobalConfig global) {
    YamlNode root = YamlNode.parse(yaml);
    if (root.isNull()) return List.of();
    if (root.kind != YamlNode.Kind.SEQ) {
      throw new ConfigException("scrape configs must be a sequence, got " + root.describeForTypeError(), root.line,
          root.column);
    }
    List<ScrapeConfig> out = new ArrayList<>();
    for (YamlNode n : root.seq) {
      if (n.isNull()) throw new ConfigException("empty or null scrape config section", n.line, n.column);
      out.add(ConfigDecoder.scrapeConfig(n, global));
    }
    return List.copyOf(out);
  }

  /**
   * Reads and parses a file; errors read {@code parsing YAML file <path>: <reason>} as Prometheus's.
   *
   * @throws ConfigException when the file cannot be read or is not valid
   */
  public static Config load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("open " + file + ": " + (e instanceof java.nio.file.NoSuchFileException
          ? "no such file or directory" : e.getMessage()));
    }
    Config c;
    try {
      c = parse(text);
    } catch (ConfigException e) {
      throw new ConfigException("parsing YAML file " + file + ": " + e.getMessage(), e.line(), e.column());
    }
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? c : PathResolver.resolve(c, dir);
  }

  /**
   * Checks config files as {@code promtool check config} does and returns its output lines, e.g.
   * {@code Checking prometheus.yml}, {@code  SUCCESS: prometheus.yml is valid prometheus config file
   * syntax} or {@code   FAILED: parsing YAML file ...}, followed by an empty line per file.
   */
  public static CheckResult validate(Path... files) {
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (Path f : files) {
      out.add("Checking " + f);
      try {
        Config c = load(f);
        out.addAll(missingFileSdWarnings(c));
        if (!c.ruleFiles().isEmpty()) out.add("  SUCCESS: " + c.ruleFiles().size() + " rule files found");
        out.add(" SUCCESS: " + f + " is valid prometheus config file syntax");
      } catch (ConfigException e) {
        ok = false;
        out.add("  FAILED: " + e.getMessage());
      }
      out.add("");
    }
    return new CheckResult(ok, List.copyOf(out));
  }

  /** promtool's warnings for {@code file_sd_configs} patterns that match no file. */
  private static List<String> missingFileSdWarnings(Config c) {
    List<String> out = new ArrayList<>();
    for (ScrapeConfig sc : c.scrapeConfigs()) {
      for (String file : missingFiles(sc.fileSdConfigs())) {
        out.add("  WARNING: file \"" + file + "\" for file_sd in scrape job \"" + sc.jobName() + "\" does not exist");
      }
    }
    for (AlertmanagerConfig am : c.alerting().alertmanagers()) {
      for (String file : missingFiles(am.fileSdConfigs())) {
        out.add("  WARNING: file \"" + file + "\" for file_sd in alertmanager config does not exist");
      }
    }
    return out;
  }

  private static List<String> missingFiles(List<FileSdConfig> configs) {
    List<String> out = new ArrayList<>();
    for (FileSdConfig fc : configs) {
      for (String pattern : fc.files()) {
        if (!anyFileMatches(pattern)) out.add(pattern);
      }
    }
    return out;
  }

  /** Whether a file pattern ({@code *} in its last element only) matches an existing file. */
  private static boolean anyFileMatches(String pattern) {
    Path p = Path.of(pattern);
    Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
    java.nio.file.PathMatcher m = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> m.matches(f.getFileName()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  /** The outcome of {@link #validate}: whether all files were valid and promtool-style output lines. */
  public record CheckResult(boolean valid, List<String> lines) {
    public String text() {
      return String.join("\n", lines) + "\n";
    }
  }
}
