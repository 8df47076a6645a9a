package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Dockerfile builds what the manifests run, and runs it as the ./hearth launcher does. */
class DockerImageTest {
  static final Path REPO = Build.REPO;
  static final Dockerfile DOCKERFILE = Dockerfile.read(REPO.resolve("Dockerfile"));
  static final Path ENTRYPOINT_SCRIPT = Build.K8S.resolve("docker/hearth-entrypoint.sh");
  static final ObjectMapper JSON = new ObjectMapper();

  static int runtime() {
    return DOCKERFILE.lastStage();
  }

  static List<String> execForm(String args) throws IOException {
    assertTrue(args.startsWith("["), "exec form (JSON array), so that signals reach the JVM: " + args);
    return Arrays.asList(JSON.readValue(args, String[].class));
  }

  static String hearthJvmOpts() {
    return DOCKERFILE.env(runtime()).get("HEARTH_JVM_OPTS");
  }

  /** The java @argument file the build writes from the root pom's ignite.jvm.opens (node's process-resources). */
  static final Path JVM_OPTIONS = REPO.resolve("node/target/hearth-jvm.options");

  /** The launcher's fixed JVM options in its order: the `exec java` line, heap and extras left out. */
  static List<String> launcherJvmOptions() throws IOException {
    String launcher = Files.readString(REPO.resolve("hearth"));
    Matcher exec = Pattern.compile("(?s)\\nexec java (.*?)\"\\$@\"").matcher(launcher);
    assertTrue(exec.find(), "the launcher's exec java line");
    List<String> out = new ArrayList<>();
    for (String t : tokens(exec.group(1).replace("\\\n", " "))) {
      if (t.startsWith("-Xms") || t.equals("\"$heapopt\"") || t.startsWith("${HEARTH_JAVA_OPTS")) continue;
      else if (t.equals("-jar")) break;
      else out.add(t);
    }
    return out;
  }

  static List<String> pomJvmOpens() throws IOException {
    String pom = Files.readString(REPO.resolve("pom.xml"));
    Matcher m = Pattern.compile("<ignite.jvm.opens>(.*?)</ignite.jvm.opens>", Pattern.DOTALL).matcher(pom);
    assertTrue(m.find(), "the root pom's ignite.jvm.opens");
    return tokens(m.group(1));
  }

  static List<String> tokens(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
  }

  @Test
  void theImagesJvmOptionsAreTheLaunchersInTheSameOrder() throws IOException {
    List<String> launcher = launcherJvmOptions();
    assertEquals("\"@$options\"", launcher.get(launcher.size() - 1), "the launcher passes the options file last: " + launcher);
    assertEquals(launcher.subList(0, launcher.size() - 1), tokens(hearthJvmOpts()));
    assertTrue(Files.readString(ENTRYPOINT_SCRIPT).contains("${HEARTH_JVM_OPTS:-} \"@$options\""), "the entrypoint passes the same file after them");
  }

  /**
   * The --add-opens list has one source, the root pom: the launcher, the image and the entrypoint
   * hold no copy, and the argument file they pass is the pom's list as the build wrote it, the same
   * the test JVMs and their node processes get.
   */
  @Test
  void theAddOpensListLivesOnlyInTheRootPomAndEveryLauncherPassesTheBuiltFile() throws IOException {
    for (Path p : List.of(REPO.resolve("hearth"), REPO.resolve("Dockerfile"), ENTRYPOINT_SCRIPT)) {
      assertFalse(Files.readString(p).contains("--add-opens="), p + " holds a copy of the --add-opens list; it belongs in the root pom only");
    }
    List<String> pom = pomJvmOpens();
    assertTrue(pom.stream().filter(o -> o.startsWith("--add-opens=")).count() >= 20, "parsed the pom: " + pom);
    assertTrue(Files.isRegularFile(JVM_OPTIONS), JVM_OPTIONS + " not written by the build");
    assertEquals(pom, tokens(Files.readString(JVM_OPTIONS)), "the argument file the build wrote");
    assertEquals(pom, tokens(System.getProperty("hearth.test.jvm.opens", "")), "what the node processes of the tests get");
    assertTrue(DOCKERFILE.stage(runtime(), "COPY").stream()
            .anyMatch(i -> i.args().equals("--from=build /src/node/target/hearth-jvm.options /opt/hearth/hearth-jvm.options")),
        "the image holds the built file");
    assertTrue(Files.readString(ENTRYPOINT_SCRIPT).contains("options=\"${HEARTH_JVM_OPTIONS:-/opt/hearth/hearth-jvm.options}\""),
        "the entrypoint reads the file where the image puts it");
  }

  /** The argument file is one the java launcher accepts: a JVM starts with it. */
  @Test
  void aJvmStartsWithTheBuiltOptionsFile() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "@" + JVM_OPTIONS, "-version")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "java -version did not finish");
    assertEquals(0, p.exitValue(), out);
  }

  /** Runs a script with a stub `java` first on PATH that prints its arguments, one per line. */
  static List<String> javaArgv(Path tmp, List<String> command, Map<String, String> env) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = tmp.resolve("hearth.jar");
    if (!Files.exists(jar)) Files.createFile(jar);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("HEARTH_"));
    pb.environment().putAll(env);
    pb.environment().put("HEARTH_JAR", jar.toString());
    pb.environment().put("HEARTH_NO_BUILD", "1");
    pb.environment().put("HEARTH_JVM_OPTIONS", JVM_OPTIONS.toString());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return List.of(out.split("\n"));
  }

  @Test
  void theEntrypointStartsTheSameJvmAsTheLauncherForTheStatefulSetsArgs(@TempDir Path tmp) throws Exception {
    Build eks = Build.of(Build.K8S.resolve("overlays/eks"));
    var c = eks.hearthContainer();
    Map<String, String> podEnv = HearthFlags.environment(c, "hearth-1", "hearth", "10.0.1.11");
    List<List<String>> cases = List.of(
        HearthFlags.args(c, podEnv),
        List.of("run", "--memory.heap=512MiB"),
        List.of("run"),
        List.of("check", "config", "/etc/hearth/prometheus.yml"));
    for (List<String> args : cases) {
      List<String> launcherCmd = new ArrayList<>(List.of("bash", REPO.resolve("hearth").toString()));
      launcherCmd.addAll(args);
      List<String> imageCmd = new ArrayList<>(List.of("bash", ENTRYPOINT_SCRIPT.toString()));
      imageCmd.addAll(args);
      String extra = podEnv.getOrDefault("HEARTH_JAVA_OPTS", "");
      List<String> viaLauncher = javaArgv(tmp, launcherCmd, Map.of("HEARTH_JAVA_OPTS", extra));
      List<String> viaImage = javaArgv(tmp, imageCmd, Map.of("HEARTH_JAVA_OPTS", extra, "HEARTH_JVM_OPTS", hearthJvmOpts()));
      assertEquals(viaLauncher, viaImage, "args " + args);
      assertTrue(viaImage.containsAll(args));
    }
    List<String> sts = javaArgv(tmp, Stream.concat(Stream.of("bash", ENTRYPOINT_SCRIPT.toString()),
        HearthFlags.args(c, podEnv).stream()).toList(), Map.of("HEARTH_JVM_OPTS", hearthJvmOpts()));
    assertTrue(sts.contains("-Xmx3g"), "--memory.heap=3GB becomes -Xmx3g: " + sts);
  }

  @Test
  void theRuntimeStageRunsTheShadedJarAsTheNonRootUserTheStatefulSetExpects() throws IOException {
    Build eks = Build.of(Build.K8S.resolve("overlays/eks"));
    int rt = runtime();
    assertEquals(1, rt, "a build stage and a runtime stage");
    assertEquals("${MAVEN_IMAGE} AS build", DOCKERFILE.stage(0, "FROM").get(0).args());
    assertTrue(DOCKERFILE.globalArgs().get("MAVEN_IMAGE").matches("maven:3\\.\\d+(\\.\\d+)?-eclipse-temurin-17"));
    assertEquals("${RUNTIME_IMAGE}", DOCKERFILE.stage(1, "FROM").get(0).args());
    assertEquals("eclipse-temurin:17-jre", DOCKERFILE.globalArgs().get("RUNTIME_IMAGE"));
    String build = DOCKERFILE.stage(0, "RUN").stream().map(Dockerfile.Instruction::args).collect(Collectors.joining(" "));
    assertTrue(build.matches(".*\\bmvn\\b.*-DskipTests\\b.*-pl node -am package.*"), build);

    String jarCopy = DOCKERFILE.stage(rt, "COPY").stream().map(Dockerfile.Instruction::args)
        .filter(a -> a.startsWith("--from=build")).findFirst().orElseThrow();
    assertEquals("--from=build /src/node/target/hearth.jar " + DOCKERFILE.env(rt).get("HEARTH_JAR"), jarCopy);
    List<String> entrypoint = execForm(DOCKERFILE.stage(rt, "ENTRYPOINT").get(0).args());
    assertEquals(1, entrypoint.size());
    assertTrue(DOCKERFILE.stage(rt, "COPY").stream().anyMatch(i -> i.args().equals("k8s/docker/hearth-entrypoint.sh " + entrypoint.get(0))),
        "the entrypoint script is installed where ENTRYPOINT runs it");
    assertTrue(Files.isExecutable(ENTRYPOINT_SCRIPT));

    String user = DOCKERFILE.stage(rt, "USER").get(0).args();
    assertTrue(user.matches("\\d+:\\d+"), "a numeric user, so that runAsNonRoot can check it: " + user);
    PodSecurityContext psc = eks.statefulSet().getSpec().getTemplate().getSpec().getSecurityContext();
    assertNotEquals("0", user.split(":")[0]);
    assertEquals(user, psc.getRunAsUser() + ":" + psc.getRunAsGroup());

    Set<Integer> exposed = new TreeSet<>();
    for (Dockerfile.Instruction i : DOCKERFILE.stage(rt, "EXPOSE")) for (String p : tokens(i.args())) exposed.add(Integer.parseInt(p));
    Set<Integer> containerPorts = new TreeSet<>(eks.hearthContainer().getPorts().stream().map(ContainerPort::getContainerPort).toList());
    assertEquals(Set.of(9090, 47500, 47501), exposed);
    assertEquals(exposed, containerPorts);
  }

  @Test
  void theDefaultCommandIsAValidRunListeningOnAllInterfaces() throws IOException {
    List<String> cmd = execForm(DOCKERFILE.stage(runtime(), "CMD").get(0).args());
    assertEquals("run", cmd.get(0));
    var cfg = HearthFlags.nodeConfig(cmd.subList(1, cmd.size()));
    assertEquals("0.0.0.0", cfg.listenHost());
    assertEquals(9090, cfg.listenPort());
    assertTrue(cfg.dataDir().startsWith("/var/lib/hearth"));
  }

  @Test
  void theHealthcheckAsksSlashHealthyThroughTheEntrypoint() throws IOException {
    String hc = DOCKERFILE.stage(runtime(), "HEALTHCHECK").get(0).args();
    Matcher m = Pattern.compile("(.*)CMD (\\[.*\\])").matcher(hc);
    assertTrue(m.matches(), hc);
    List<String> cmd = execForm(m.group(2));
    List<String> entrypoint = execForm(DOCKERFILE.stage(runtime(), "ENTRYPOINT").get(0).args());
    assertEquals(List.of(entrypoint.get(0), "healthcheck"), cmd);
    assertTrue(Files.readString(ENTRYPOINT_SCRIPT).contains("GET /-/healthy "), "the script's request");
    assertTrue(m.group(1).contains("--start-period="), "no unhealthy verdicts while the node starts");
  }

  @Test
  @org.junit.jupiter.api.Timeout(30)
  void theHandoverHookPostsToTheAdminEndpointAndWaitsForTheAnswer() throws Exception {
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.CompletableFuture<String> requestLine = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try (java.net.Socket s = server.accept()) {
          java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
              java.nio.charset.StandardCharsets.US_ASCII));
          String line = in.readLine();
          Thread.sleep(500); // the hand-over takes a moment: the hook waits for it
          s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          return line;
        } catch (IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      ProcessBuilder pb = new ProcessBuilder("bash", ENTRYPOINT_SCRIPT.toString(), "handover", "7", "0").redirectErrorStream(true);
      pb.environment().put("HEARTH_HEALTHCHECK_PORT", String.valueOf(server.getLocalPort()));
      long t0 = System.nanoTime();
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
      assertEquals("POST /api/v1/admin/cluster/handover?timeout=7s HTTP/1.1", requestLine.get(5, java.util.concurrent.TimeUnit.SECONDS));
      assertTrue(out.contains("handover: HTTP/1.1 200 OK"), out);
      assertTrue(System.nanoTime() - t0 >= 500_000_000L, "returned only after the answer");
    }
    // Nothing listening: the hook still succeeds (the pod stops all the same).
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder("bash", ENTRYPOINT_SCRIPT.toString(), "handover", "7", "0").redirectErrorStream(true);
    pb.environment().put("HEARTH_HEALTHCHECK_PORT", String.valueOf(closedPort));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("nothing listens"), out);
  }

  // --- the build context -------------------------------------------------------------------

  /** Docker's .dockerignore matching: cleaned patterns, "!" exceptions, the last match wins, a pattern matching a parent directory matches. */
  static boolean excluded(List<String> patterns, String path) {
    boolean excluded = false;
    for (String raw : patterns) {
      boolean negate = raw.startsWith("!");
      String p = (negate ? raw.substring(1) : raw).strip();
      while (p.startsWith("/")) p = p.substring(1);
      if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
      Pattern re = Pattern.compile(glob(p));
      boolean match = re.matcher(path).matches();
      String[] parts = path.split("/");
      for (int i = 1; i < parts.length && !match; i++) match = re.matcher(String.join("/", Arrays.copyOf(parts, i))).matches();
      if (match) excluded = !negate;
    }
    return excluded;
  }

  static String glob(String p) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
        i++;
        if (i + 1 < p.length() && p.charAt(i + 1) == '/') {
          i++;
          b.append("(.*/)?");
        } else {
          b.append(".*");
        }
      } else if (c == '*') {
        b.append("[^/]*");
      } else if (c == '?') {
        b.append("[^/]");
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return b.toString();
  }

  static List<String> dockerignore() throws IOException {
    return Files.readAllLines(REPO.resolve(".dockerignore")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  @Test
  void theDockerignoreMatcherFollowsDockersRules() {
    List<String> p = List.of("*", "!*/pom.xml", "!*/src/main", "**/target");
    assertTrue(excluded(p, "README.md"));
    assertFalse(excluded(p, "node/pom.xml"));
    assertTrue(excluded(p, "node/src/test/X.java"));
    assertFalse(excluded(p, "node/src/main/java/X.java"));
    assertTrue(excluded(p, "node/src/main/target/x"));
    assertTrue(excluded(p, "node/target/hearth.jar"));
  }

  @Test
  void theBuildContextHoldsEveryModulesPomAndMainSourcesButNoBuildOutputOrData() throws IOException {
    List<String> patterns = dockerignore();
    String pom = Files.readString(REPO.resolve("pom.xml"));
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    Set<String> modules = new LinkedHashSet<>();
    while (m.find()) modules.add(m.group(1).trim());
    assertTrue(modules.containsAll(List.of("sharding", "promql-distributed", "scrape-coordinator", "node", "k8s")), modules.toString());

    assertFalse(excluded(patterns, "pom.xml"));
    for (String mod : modules) assertFalse(excluded(patterns, mod + "/pom.xml"), "Maven reads every module's pom, even with -pl: " + mod);
    assertFalse(excluded(patterns, "k8s/docker/hearth-entrypoint.sh"));
    List<String> files;
    try (Stream<Path> s = Files.walk(REPO)) {
      files = s.filter(Files::isRegularFile).map(p -> REPO.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith(".git/")).toList();
    }
    for (String mod : List.of("sharding", "promql-distributed", "scrape-coordinator", "node")) {
      List<String> main = files.stream().filter(f -> f.startsWith(mod + "/src/main/")).toList();
      assertFalse(main.isEmpty(), mod);
      for (String f : main) {
        if (!f.contains("/target/")) assertFalse(excluded(patterns, f), "the image build needs " + f);
      }
    }
    for (String f : files) {
      if (f.contains("target/") || f.contains("/src/test/") || f.startsWith("data/") || f.startsWith("docs/")) {
        assertTrue(excluded(patterns, f), "kept out of the build context: " + f);
      }
    }
    assertTrue(excluded(patterns, ".git/HEAD"));
  }
}
