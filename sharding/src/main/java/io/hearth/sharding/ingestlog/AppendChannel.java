package io.hearth.sharding.ingestlog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file a {@link LogFiles} appends to: the only writes the log makes, behind one seam so that
 * tests can fail a write or an fsync where a disk would.
 *
 * <p>Contract: {@link #write} appends all of {@code src} at the end or throws; after a throw the
 * file may hold any prefix of it. {@link #force} returns once everything written is on the device
 * or throws. Not thread-safe: the log's committer owns the open file.
 */
public interface AppendChannel extends AutoCloseable {
  /** Appends every remaining byte of {@code src}. */
  void write(ByteBuffer src) throws IOException;

  /** Makes every byte written so far durable (fsync). */
  void force() throws IOException;

  /** Cuts the file back to {@code size} bytes (undoing a write that failed part way). */
  void truncate(long size) throws IOException;

  @Override
  void close() throws IOException;

  /** Opens {@code path} for appending, creating it, on the real file system. */
  interface Opener {
    AppendChannel open(Path path) throws IOException;
  }

  /** The file system's own files. */
  Opener FILES = path -> {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    ch.position(ch.size());
    return new AppendChannel() {
      @Override
      public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) ch.write(src);
      }

      @Override
      public void force() throws IOException {
        ch.force(false);
      }

      @Override
      public void truncate(long size) throws IOException {
        ch.truncate(size);
        ch.position(size);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  };
}
