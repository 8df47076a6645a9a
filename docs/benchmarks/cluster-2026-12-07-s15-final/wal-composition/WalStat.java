import java.io.File;
import java.util.*;
import org.apache.ignite.internal.pagemem.wal.WALIterator;
import org.apache.ignite.internal.pagemem.wal.record.DataEntry;
import org.apache.ignite.internal.pagemem.wal.record.DataRecord;
import org.apache.ignite.internal.pagemem.wal.record.WALRecord;
import org.apache.ignite.internal.processors.cache.persistence.wal.WALPointer;
import org.apache.ignite.internal.processors.cache.persistence.wal.reader.IgniteWalIteratorFactory;
import org.apache.ignite.lang.IgniteBiTuple;

/** Bytes of WAL by record type (and, for data records, by cache and operation) over WAL segment files. */
public class WalStat {
  public static void main(String[] args) throws Exception {
    Map<Integer, String> caches = new HashMap<>();
    for (String n : List.of("hearth-series", "hearth-log", "hearth-segments", "hearth-segment-dirs", "hearth-head-snapshots",
        "hearth-blocks", "hearth-block-metas")) caches.put(n.hashCode(), n);
    IgniteWalIteratorFactory f = new IgniteWalIteratorFactory();
    IgniteWalIteratorFactory.IteratorParametersBuilder p = new IgniteWalIteratorFactory.IteratorParametersBuilder()
        .filesOrDirs(args).pageSize(4096).keepBinary(true);
    Map<String, long[]> by = new TreeMap<>();
    long total = 0;
    try (WALIterator it = f.iterator(p)) {
      while (it.hasNext()) {
        IgniteBiTuple<WALPointer, WALRecord> t = it.next();
        WALRecord r = t.get2();
        int len = t.get1().length();
        total += len;
        String k = r.type().name();
        if (r instanceof DataRecord) {
          DataRecord d = (DataRecord) r;
          DataEntry e = d.entryCount() > 0 ? d.get(0) : null;
          if (e != null) k += " " + caches.getOrDefault(e.cacheId(), String.valueOf(e.cacheId())) + " " + e.op();
        }
        long[] a = by.computeIfAbsent(k, x -> new long[2]);
        a[0]++;
        a[1] += len;
      }
    }
    final long all = total;
    System.out.printf("total %.1f MB%n", total / 1e6);
    by.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
        .forEach(e -> System.out.printf("%8.1f MB %5.1f %% %9d records  %s%n", e.getValue()[1] / 1e6,
            100.0 * e.getValue()[1] / all, e.getValue()[0], e.getKey()));
  }
}
