package io.hearth.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.node.NodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code --cluster.tls.*} flags: all three or none, files checked before anything starts, paths in the flags status. */
class RunCommandTlsFlagsTest {
  @TempDir Path tmp;

  static RunCommand parse(String... args) {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd;
  }

  @Test
  void noTlsFlagsMeanPlainTcp() {
    assertNull(parse().toConfig().clusterTls());
  }

  @Test
  void aPartialSetNamesTheMissingFlags() {
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> parse("--cluster.tls.cert-file=/t/tls.crt", "--cluster.tls.key-file=/t/tls.key").toConfig());
    assertEquals("missing flag --cluster.tls.ca-file: cluster TLS needs all of --cluster.tls.cert-file, --cluster.tls.key-file"
        + " and --cluster.tls.ca-file, or none", one.getMessage());
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> parse("--cluster.tls.ca-file=/t/ca.crt").toConfig());
    assertEquals("missing flags --cluster.tls.cert-file and --cluster.tls.key-file: cluster TLS needs all of"
        + " --cluster.tls.cert-file, --cluster.tls.key-file and --cluster.tls.ca-file, or none", two.getMessage());
  }

  @Test
  void theFlagsStatusShowsThePathsOnly() {
    NodeConfig cfg = parse("--cluster.tls.cert-file=/t/tls.crt", "--cluster.tls.key-file=/t/tls.key", "--cluster.tls.ca-file=/t/ca.crt")
        .toConfig();
    assertEquals(Path.of("/t/tls.key"), cfg.clusterTls().keyFile());
    assertEquals("/t/tls.crt", cfg.flags().get("cluster.tls.cert-file"));
    assertEquals("/t/tls.key", cfg.flags().get("cluster.tls.key-file"));
    assertEquals("/t/ca.crt", cfg.flags().get("cluster.tls.ca-file"));
    assertEquals("", parse().toConfig().flags().get("cluster.tls.ca-file"));
  }

  @Test
  void aBadFileIsAOneLineErrorBeforeTheNodeStarts() throws Exception {
    Path missing = tmp.resolve("tls.crt");
    RunCommand cmd = new RunCommand();
    CommandLine cl = new CommandLine(cmd);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int rc;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      rc = cl.execute("--cluster.tls.cert-file=" + missing, "--cluster.tls.key-file=" + tmp.resolve("tls.key"),
          "--cluster.tls.ca-file=" + tmp.resolve("ca.crt"), "--storage.tsdb.path=" + tmp.resolve("data"));
    } finally {
      System.setErr(err);
    }
    assertEquals(2, rc);
    assertEquals("hearth: error: cluster TLS certificate file does not exist [file=" + missing + "]\n", captured.toString(StandardCharsets.UTF_8));
  }
}
