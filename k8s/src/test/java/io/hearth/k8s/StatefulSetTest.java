package io.hearth.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.hearth.node.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The StatefulSet, its Services and its PodDisruptionBudget agree with each other and with the
 * flags Hearth actually accepts, in the base and in every overlay.
 */
class StatefulSetTest {
  /** What close() may take after SIGTERM: drain writes (10 s), flush the head, checkpoint and stop Ignite. */
  static final int SHUTDOWN_BUDGET_SECONDS = 60;
  /** JVM memory outside heap, page memory and direct buffers: metaspace, code cache, threads, GC. */
  static final long JVM_OVERHEAD_BYTES = 512L << 20;

  static Stream<Build> builds() {
    return Build.all();
  }

  static int replicas(Build b) {
    Integer r = b.statefulSet().getSpec().getReplicas();
    return r == null ? 1 : r;
  }

  /** The NodeConfig pod {@code ordinal} starts with, from its expanded args. */
  static NodeConfig nodeConfig(Build b, int ordinal) {
    Container c = b.hearthContainer();
    String pod = b.statefulSet().getMetadata().getName() + "-" + ordinal;
    Map<String, String> env = HearthFlags.environment(c, pod, b.namespace(), "10.0.1." + (10 + ordinal));
    List<String> args = HearthFlags.args(c, env);
    assertEquals("run", args.get(0), b + ": the container's first argument is the subcommand");
    return HearthFlags.nodeConfig(args.subList(1, args.size()));
  }

  @org.junit.jupiter.api.Test
  void theSingleNodeOverlayStartsWithTodaysHearthUnchanged() {
    Build b = Build.of(Build.K8S.resolve("overlays/eks-single-node"));
    assertEquals(1, replicas(b));
    Container c = b.hearthContainer();
    List<String> args = HearthFlags.args(c, HearthFlags.environment(c, "hearth-0", b.namespace(), "10.0.1.10"));
    NodeConfig cfg = HearthFlags.nodeConfig(args.subList(1, args.size()));
    assertEquals(List.of(), cfg.peers());
    assertEquals(1, cfg.replicationFactor());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void everyArgIsAFlagThatRunCommandDeclares(Build b) {
    Set<String> declared = HearthFlags.declaredOptions();
    List<String> args = b.hearthContainer().getArgs();
    assertEquals("run", args.get(0));
    List<String> seen = new ArrayList<>();
    for (String a : args.subList(1, args.size())) {
      String name = HearthFlags.flagName(a);
      assertNotNull(name, b + ": positional argument " + a);
      assertTrue(a.contains("="), b + ": " + a + " should be written --flag=value");
      assertTrue(declared.contains(name), b + ": " + name + " is not a flag of `hearth run` (declared: " + declared + ")");
      assertFalse(seen.contains(name), b + ": " + name + " given twice");
      seen.add(name);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theImageEntrypointIsKeptAndEveryVariableInTheArgsIsDefined(Build b) {
    Container c = b.hearthContainer();
    assertTrue(c.getCommand() == null || c.getCommand().isEmpty(),
        b + ": a command would bypass the image's entrypoint, which turns --memory.heap into -Xmx and adds the JVM options");
    Map<String, String> env = HearthFlags.environment(c, "hearth-0", b.namespace(), "10.0.1.10");
    for (String a : HearthFlags.args(c, env)) assertFalse(a.contains("$("), b + ": undefined variable in " + a);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void everyPodStartsWithFlagsThatHearthAccepts(Build b) {
    for (int i = 0; i < replicas(b); i++) nodeConfig(b, i);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theHttpPortIsTheSameInFlagsContainerAndServices(Build b) {
    NodeConfig cfg = nodeConfig(b, 0);
    assertEquals("0.0.0.0", cfg.listenHost(), b + ": the kubelet's probes and the Services reach the pod IP, not loopback");
    assertEquals(9090, cfg.listenPort());
    assertEquals(cfg.listenPort(), b.containerPort("http"));
    Service client = b.one(Service.class, "hearth");
    assertFalse("None".equals(client.getSpec().getClusterIP()), "the client Service load-balances: not headless");
    ServicePort p = port(client, "http");
    assertEquals(9090, p.getPort());
    assertEquals(cfg.listenPort(), targetPort(b, p));
    assertEquals(cfg.listenPort(), targetPort(b, port(b.headlessService(), "http")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theClusterPortsAreTheSameInFlagsContainerAndHeadlessService(Build b) {
    NodeConfig cfg = nodeConfig(b, 1 % replicas(b));
    assertEquals(47500, cfg.clusterPort());
    assertEquals(cfg.clusterPort(), b.containerPort("discovery"));
    assertEquals(cfg.clusterPort() + 1, b.containerPort("communication"), "Ignite communication listens on the discovery port + 1");
    Service headless = b.headlessService();
    assertEquals(47500, port(headless, "discovery").getPort());
    assertEquals(47501, port(headless, "communication").getPort());
    assertEquals(cfg.clusterPort(), targetPort(b, port(headless, "discovery")));
    assertEquals(cfg.clusterPort() + 1, targetPort(b, port(headless, "communication")));
    assertEquals("10.0.1." + (10 + 1 % replicas(b)), cfg.clusterHost(), b + ": Ignite binds and advertises the pod IP");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void eachPodIsNamedAfterItselfAndFindsEveryPodThroughTheHeadlessServiceName(Build b) {
    StatefulSet sts = b.statefulSet();
    int n = replicas(b);
    List<String> expectedPeers = n > 1
        ? List.of("dns+" + sts.getSpec().getServiceName() + "." + b.namespace() + ".svc:47500") : List.of();
    for (int i = 0; i < n; i++) {
      NodeConfig cfg = nodeConfig(b, i);
      assertEquals(sts.getMetadata().getName() + "-" + i, cfg.nodeName(), b + ": the node name is the stable pod name");
      assertEquals(expectedPeers, cfg.peers(), b + ": --cluster.peers must name the headless Service, whose records are the"
          + " StatefulSet's pods" + (n == 1 ? " (none for a single node, which activates alone)" : ""));
      if (n > 1) {
        assertEquals(n, cfg.bootstrapExpect(), b + ": a new cluster activates once all " + n + " initial pods have joined");
      }
      assertTrue(cfg.replicationFactor() <= n, b + ": more copies than nodes");
      assertTrue(n == 1 || cfg.replicationFactor() >= 2, b + ": with maxUnavailable 1 every partition needs a second copy");
      assertEquals("ip-10-0-1-" + (10 + i), cfg.flags().get("cluster.zone-from-node"),
          b + ": the zone is read from the Kubernetes node the pod runs on (spec.nodeName)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theHeadlessServiceIsTheStatefulSetsAndPublishesNotReadyPods(Build b) {
    StatefulSet sts = b.statefulSet();
    Service headless = b.headlessService();
    assertEquals(sts.getSpec().getServiceName(), headless.getMetadata().getName());
    assertEquals("None", headless.getSpec().getClusterIP());
    assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses(), "peers must resolve before they are ready");
    assertSelects(headless.getSpec().getSelector(), b.podLabels(), b + ": headless Service");
    assertSelects(b.one(Service.class, "hearth").getSpec().getSelector(), b.podLabels(), b + ": client Service");
    assertSelects(sts.getSpec().getSelector().getMatchLabels(), b.podLabels(), b + ": StatefulSet selector");
    assertTrue(sts.getSpec().getSelector().getMatchExpressions() == null || sts.getSpec().getSelector().getMatchExpressions().isEmpty(),
        "matchLabels only: the PDB and the Services select by the same labels");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theDisruptionBudgetSelectsExactlyTheStatefulSetsPodsAndAllowsOneDown(Build b) {
    List<PodDisruptionBudget> pdbs = b.all(PodDisruptionBudget.class);
    assertEquals(1, pdbs.size());
    PodDisruptionBudget pdb = pdbs.get(0);
    assertEquals(new IntOrString(1), pdb.getSpec().getMaxUnavailable());
    assertNull(pdb.getSpec().getMinAvailable());
    assertEquals(b.statefulSet().getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());
    assertSelects(pdb.getSpec().getSelector().getMatchLabels(), b.podLabels(), b + ": PDB");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void podsFormInParallelAndUpdateOneAtATime(Build b) {
    StatefulSet sts = b.statefulSet();
    assertEquals("Parallel", sts.getSpec().getPodManagementPolicy());
    assertEquals("RollingUpdate", sts.getSpec().getUpdateStrategy().getType());
    assertEquals(0, sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition());
    assertEquals("Retain", sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled(), "scaling in must not delete data");
    assertEquals("Retain", sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void probesAskTheNodesHealthAndReadinessOnItsHttpPort(Build b) {
    Container c = b.hearthContainer();
    Probe startup = c.getStartupProbe();
    Probe liveness = c.getLivenessProbe();
    Probe readiness = c.getReadinessProbe();
    assertEquals("/-/healthy", startup.getHttpGet().getPath());
    assertEquals("/-/healthy", liveness.getHttpGet().getPath());
    assertEquals("/-/ready", readiness.getHttpGet().getPath());
    for (Probe p : List.of(startup, liveness, readiness)) {
      assertEquals(9090, resolve(b, p.getHttpGet().getPort()));
      assertTrue(p.getHttpGet().getScheme() == null || p.getHttpGet().getScheme().equals("HTTP"), "Hearth serves plain HTTP");
      assertTrue(p.getTimeoutSeconds() < p.getPeriodSeconds(), "a probe ends before the next starts");
    }
    assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() >= 600,
        b + ": the startup probe allows at least 10 minutes before liveness applies");
    assertTrue(liveness.getPeriodSeconds() * liveness.getFailureThreshold() >= 60,
        b + ": liveness tolerates a minute of unresponsiveness (GC, checkpoint) before a restart");
    assertTrue(readiness.getPeriodSeconds() * readiness.getFailureThreshold() <= 30,
        b + ": an unready node leaves the client Service within 30 s");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void shutdownHasTimeForThePreStopHandoverPauseAndAGracefulStop(Build b) {
    PodSpec spec = b.statefulSet().getSpec().getTemplate().getSpec();
    List<String> preStop = b.hearthContainer().getLifecycle().getPreStop().getExec().getCommand();
    assertEquals(List.of("/opt/hearth/bin/hearth", "handover"), preStop.subList(0, 2),
        "the entrypoint's hand-over client (the image has no curl): " + preStop);
    int handover = Integer.parseInt(preStop.get(2));
    int pause = Integer.parseInt(preStop.get(3));
    assertTrue(handover >= 10 && handover <= 60, "time for the other nodes to take the targets and groups: " + handover);
    assertTrue(pause >= 5 && pause <= 30, "a short pause for endpoint propagation: " + pause);
    // the client waits for the answer up to 5 s longer than the hand-over's own timeout
    int preStopSeconds = handover + 5 + pause;
    assertTrue(preStopSeconds + SHUTDOWN_BUDGET_SECONDS <= spec.getTerminationGracePeriodSeconds(),
        b + ": terminationGracePeriodSeconds " + spec.getTerminationGracePeriodSeconds() + " < preStop " + preStopSeconds
            + " s + shutdown " + SHUTDOWN_BUDGET_SECONDS + " s");
    List<String> args = HearthFlags.args(b.hearthContainer(), HearthFlags.environment(b.hearthContainer(), "hearth-0", b.namespace(), "10.0.1.10"));
    assertTrue(args.contains("--web.enable-admin-api=true"), b + ": the hand-over endpoint is an admin API: " + args);
    assertTrue(args.stream().anyMatch(a -> a.startsWith("--web.listen-address=") && a.endsWith(":9090")),
        b + ": the hook asks port 9090 (HEARTH_HEALTHCHECK_PORT's default): " + args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void memoryLimitHoldsHeapPageMemoryDirectBuffersAndJvmOverhead(Build b) {
    Container c = b.hearthContainer();
    Map<String, String> env = HearthFlags.environment(c, "hearth-0", b.namespace(), "10.0.1.10");
    List<String> args = HearthFlags.args(c, env);
    NodeConfig cfg = nodeConfig(b, 0);
    long heap = HearthFlags.launcherHeapBytes(HearthFlags.value(args, "--memory.heap"));
    long region = cfg.regionBytes();
    String direct = List.of(env.getOrDefault("HEARTH_JAVA_OPTS", "").split("\\s+")).stream()
        .filter(o -> o.startsWith("-XX:MaxDirectMemorySize=")).findFirst()
        .orElseThrow(() -> new AssertionError(b + ": cap direct memory (it defaults to the heap size)"));
    long directBytes = HearthFlags.jvmSize(direct.substring(direct.indexOf('=') + 1));
    Quantity limit = c.getResources().getLimits().get("memory");
    Quantity request = c.getResources().getRequests().get("memory");
    assertEquals(limit, request, b + ": memory request = limit, so a node is never the first to be evicted under pressure");
    long limitBytes = Quantity.getAmountInBytes(limit).longValueExact();
    assertTrue(heap + region + directBytes + JVM_OVERHEAD_BYTES <= limitBytes,
        b + ": heap " + heap + " + page memory " + region + " + direct " + directBytes + " + overhead exceeds the limit " + limitBytes);
    assertTrue(heap <= limitBytes / 2, b + ": the heap is at most half the limit");
    assertNotNull(c.getResources().getRequests().get("cpu"));
    assertNotNull(c.getResources().getLimits().get("cpu"), "a CPU limit also sizes the JVM's thread pools (ActiveProcessorCount)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void dataLivesOnThePersistentVolumeWithRoomForRetention(Build b) {
    Container c = b.hearthContainer();
    NodeConfig cfg = nodeConfig(b, 0);
    List<PersistentVolumeClaim> claims = b.statefulSet().getSpec().getVolumeClaimTemplates();
    assertEquals(1, claims.size());
    PersistentVolumeClaim claim = claims.get(0);
    VolumeMount mount = mount(c, claim.getMetadata().getName());
    assertTrue(cfg.dataDir().startsWith(Path.of(mount.getMountPath())), b + ": --storage.tsdb.path " + cfg.dataDir() + " is not on the volume");
    assertFalse(cfg.dataDir().equals(Path.of(mount.getMountPath())), "a subdirectory: a new ext4 volume's root holds lost+found");
    assertEquals(List.of("ReadWriteOnce"), claim.getSpec().getAccessModes());
    long size = Quantity.getAmountInBytes(claim.getSpec().getResources().getRequests().get("storage")).longValueExact();
    assertTrue(cfg.retentionBytes() > 0, "a size limit keeps a full volume from stopping the node");
    assertTrue(size >= 2 * cfg.retentionBytes() + (2L << 30),
        b + ": the volume holds the retained segments twice over (Ignite page files, compaction) plus the WAL and its archive");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void retentionIsFiveDaysAndTenGibibytes(Build b) {
    NodeConfig cfg = nodeConfig(b, 0);
    assertEquals(5L * 24 * 3600 * 1000, cfg.retentionMs());
    assertEquals(10L << 30, cfg.retentionBytes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void theConfigFileIsTheMountedConfigMapsPrometheusYml(Build b) {
    Container c = b.hearthContainer();
    NodeConfig cfg = nodeConfig(b, 0);
    assertNotNull(cfg.configFile());
    Volume v = b.statefulSet().getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(x -> x.getConfigMap() != null).findFirst().orElseThrow();
    VolumeMount m = mount(c, v.getName());
    assertEquals(Boolean.TRUE, m.getReadOnly());
    assertNull(m.getSubPath(), "a subPath mount would never see ConfigMap updates, so SIGHUP could not reload them");
    assertEquals(Path.of(m.getMountPath()), cfg.configFile().getParent());
    String key = cfg.configFile().getFileName().toString();
    assertTrue(b.configMap(v.getConfigMap().getName()).getData().containsKey(key),
        b + ": ConfigMap " + v.getConfigMap().getName() + " has no key " + key);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void podsRunAsNonRootWithAReadOnlyRootAndAWritableTmp(Build b) {
    PodSpec spec = b.statefulSet().getSpec().getTemplate().getSpec();
    PodSecurityContext pod = spec.getSecurityContext();
    assertEquals(Boolean.TRUE, pod.getRunAsNonRoot());
    assertTrue(pod.getRunAsUser() != null && pod.getRunAsUser() > 0);
    assertEquals(pod.getRunAsGroup(), pod.getFsGroup(), "the volume is group-writable by the node's group");
    assertEquals("OnRootMismatch", pod.getFsGroupChangePolicy(), "no recursive chown of a large volume on every start");
    assertEquals("RuntimeDefault", pod.getSeccompProfile().getType());
    SecurityContext sc = b.hearthContainer().getSecurityContext();
    assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
    assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty());
    assertNotEquals(Boolean.TRUE, sc.getPrivileged());
    VolumeMount tmp = mount(b.hearthContainer(), "tmp");
    assertEquals("/tmp", tmp.getMountPath(), "native libraries (netty, zstd, snappy) unpack to java.io.tmpdir");
    Volume tmpVolume = spec.getVolumes().stream().filter(v -> v.getName().equals("tmp")).findFirst().orElseThrow();
    assertNotNull(tmpVolume.getEmptyDir());
    assertEquals(Boolean.FALSE, spec.getEnableServiceLinks(),
        "a Service named hearth would inject HEARTH_* variables, the entrypoint's own prefix");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void podsSpreadOverZonesAndNodes(Build b) {
    List<TopologySpreadConstraint> tsc = b.statefulSet().getSpec().getTemplate().getSpec().getTopologySpreadConstraints();
    assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
        Set.copyOf(tsc.stream().map(TopologySpreadConstraint::getTopologyKey).toList()));
    for (TopologySpreadConstraint t : tsc) {
      assertEquals(1, t.getMaxSkew());
      assertEquals("DoNotSchedule", t.getWhenUnsatisfiable());
      assertSelects(t.getLabelSelector().getMatchLabels(), b.podLabels(), b + ": spread over " + t.getTopologyKey());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builds")
  void onEksVolumesAreGp3CreatedInTheirPodsZoneAndKept(Build b) {
    String className = b.statefulSet().getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName();
    if (b.name().equals("base")) {
      assertNull(className, "the base uses the cluster's default StorageClass");
      return;
    }
    assertTrue(b.name().startsWith("overlays/eks"), "an overlay for another platform needs its own expectations here: " + b);
    StorageClass sc = b.one(StorageClass.class, className);
    assertEquals("ebs.csi.aws.com", sc.getProvisioner());
    assertEquals("gp3", sc.getParameters().get("type"));
    assertEquals("WaitForFirstConsumer", sc.getVolumeBindingMode(), "a volume in another zone than its pod could never be attached");
    assertEquals("Retain", sc.getReclaimPolicy());
    assertEquals(Boolean.TRUE, sc.getAllowVolumeExpansion());
    assertFalse(b.hearthContainer().getImage().startsWith("hearth:"), "the EKS overlay points at a registry");
  }

  static void assertSelects(Map<String, String> selector, Map<String, String> labels, String what) {
    assertNotNull(selector, what + ": no selector");
    assertFalse(selector.isEmpty(), what + ": empty selector selects everything");
    for (Map.Entry<String, String> e : selector.entrySet()) {
      assertEquals(e.getValue(), labels.get(e.getKey()), what + " does not select the pods (" + e.getKey() + ")");
    }
  }

  static ServicePort port(Service s, String name) {
    return s.getSpec().getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
        .orElseThrow(() -> new AssertionError(s.getMetadata().getName() + " has no port " + name));
  }

  static int targetPort(Build b, ServicePort p) {
    return resolve(b, p.getTargetPort() == null ? new IntOrString(p.getPort()) : p.getTargetPort());
  }

  static int resolve(Build b, IntOrString port) {
    return port.getIntVal() != null ? port.getIntVal() : b.containerPort(port.getStrVal());
  }

  static VolumeMount mount(Container c, String volume) {
    return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
        .orElseThrow(() -> new AssertionError("no mount of volume " + volume));
  }
}
