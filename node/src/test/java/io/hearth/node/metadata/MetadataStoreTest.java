package io.hearth.node.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.sharding.api.Labels;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetadataStoreTest {
  @Test
  void boundsPerFamilyAndFamiliesEvictTheOldest() {
    MetadataStore s = new MetadataStore(2, 3, 10);
    s.put("a", "counter", "1", "");
    s.put("a", "counter", "2", "");
    s.put("a", "counter", "1", ""); // seen again: now the newest
    s.put("a", "counter", "3", "");
    assertEquals(List.of(new MetadataStore.Metadata("counter", "1", ""), new MetadataStore.Metadata("counter", "3", "")), s.family("a"));
    s.put("b", "gauge", "", "");
    s.put("c", "", null, null);
    assertEquals(new MetadataStore.Metadata("unknown", "", ""), s.family("c").get(0));
    s.put("d", "gauge", "", "");
    assertEquals(3, s.numFamilies());
    assertEquals(List.of(), s.family("a"));
  }

  @Test
  void targetKeepsWhatItsLastScrapeExposed() {
    MetadataStore s = new MetadataStore();
    Labels t = Labels.of("job", "j", "instance", "i:1");
    s.metadata(t, "x", "counter", "X", "");
    s.metadata(t, "y", "gauge", "Y", "");
    s.scrapeDone(t, 2);
    assertEquals(2, s.target(t).size());
    s.metadata(t, "y", "gauge", "Y2", "");
    s.scrapeDone(t, 1);
    assertEquals(List.of(new MetadataStore.TargetMetadata("y", new MetadataStore.Metadata("gauge", "Y2", ""))), s.target(t));
    assertEquals(2, s.family("y").size());
    s.retainTargets(Set.of());
    assertEquals(List.of(), s.target(t));
  }
}
