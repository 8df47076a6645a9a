package io.hearth.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.hearth.node.NodeConfig;
import io.hearth.node.cli.RunCommand;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The node's command line as the StatefulSet gives it, checked against RunCommand itself. */
final class HearthFlags {
  private HearthFlags() {}

  /** Every option name RunCommand declares, read from its {@code @Option(names = ...)} by reflection. */
  static Set<String> declaredOptions() {
    Set<String> names = new TreeSet<>();
    for (Field f : RunCommand.class.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o != null) names.addAll(List.of(o.names()));
    }
    return names;
  }

  /** The flag name of an argument such as {@code --web.listen-address=0.0.0.0:9090}, or null for a positional one. */
  static String flagName(String arg) {
    if (!arg.startsWith("--")) return null;
    int eq = arg.indexOf('=');
    return eq < 0 ? arg : arg.substring(0, eq);
  }

  /**
   * The container's environment as the kubelet builds it for one pod: fieldRef values from the pod
   * (name, namespace, IP) and literal values with {@code $(VAR)} references to earlier variables expanded.
   */
  static Map<String, String> environment(Container c, String podName, String namespace, String podIp) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
      String v;
      if (e.getValueFrom() != null) {
        if (e.getValueFrom().getFieldRef() == null) throw new AssertionError("env " + e.getName() + ": only fieldRef is modelled");
        v = switch (e.getValueFrom().getFieldRef().getFieldPath()) {
          case "metadata.name" -> podName;
          case "metadata.namespace" -> namespace;
          case "status.podIP" -> podIp;
          case "spec.nodeName" -> "ip-" + podIp.replace('.', '-');
          default -> throw new AssertionError("env " + e.getName() + ": fieldRef " + e.getValueFrom().getFieldRef().getFieldPath());
        };
      } else {
        v = expand(e.getValue() == null ? "" : e.getValue(), env);
      }
      env.put(e.getName(), v);
    }
    return env;
  }

  /** Kubernetes' expansion of {@code $(VAR)} in command, args and env values: {@code $$} is a literal {@code $}; unknown names stay as written. */
  static String expand(String s, Map<String, String> env) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
        b.append('$');
        i += 2;
      } else if (ch == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
        int end = s.indexOf(')', i + 2);
        String name = end < 0 ? null : s.substring(i + 2, end);
        if (name != null && env.containsKey(name)) {
          b.append(env.get(name));
          i = end + 1;
        } else {
          b.append(ch);
          i++;
        }
      } else {
        b.append(ch);
        i++;
      }
    }
    return b.toString();
  }

  /** The container's args for one pod, expanded. */
  static List<String> args(Container c, Map<String, String> env) {
    return c.getArgs().stream().map(a -> expand(a, env)).toList();
  }

  /**
   * Parses {@code run}'s flags with picocli exactly as the node does, then applies RunCommand's own
   * validation ({@code toConfig()}, package-private, called by reflection): the NodeConfig the node would start with.
   */
  static NodeConfig nodeConfig(List<String> runArgs) {
    RunCommand cmd = new RunCommand();
    CommandLine cl = new CommandLine(cmd);
    cl.parseArgs(runArgs.toArray(String[]::new));
    try {
      Method m = RunCommand.class.getDeclaredMethod("toConfig");
      m.setAccessible(true);
      return (NodeConfig) m.invoke(cmd);
    } catch (InvocationTargetException e) {
      throw new AssertionError("hearth run would refuse these flags: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The value of a flag in expanded args ({@code --name=value}), or null. */
  static String value(List<String> args, String name) {
    for (String a : args) {
      if (a.startsWith(name + "=")) return a.substring(name.length() + 1);
    }
    return null;
  }

  /** The launcher's reading of --memory.heap (k, m, g, t suffixes; B and iB dropped), in bytes. */
  static long launcherHeapBytes(String v) {
    String s = v.endsWith("B") ? v.substring(0, v.length() - 1) : v;
    if (s.endsWith("i")) s = s.substring(0, s.length() - 1);
    char unit = Character.toLowerCase(s.charAt(s.length() - 1));
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (unit) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      case 'g' -> n << 30;
      case 't' -> n << 40;
      default -> throw new IllegalArgumentException("heap " + v);
    };
  }

  /** A JVM size option's value ({@code -XX:MaxDirectMemorySize=1g}) in bytes. */
  static long jvmSize(String v) {
    return launcherHeapBytes(v);
  }
}
