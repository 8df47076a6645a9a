/**
 * JMH benchmarks of Hearth's hot paths: chunk encoding and decoding, the cold segment codec, the
 * head's append and commit path, the remote-write decoder's series resolution, exposition parsing
 * and PromQL evaluation. Each states what one operation is and is run with {@code -prof gc} for
 * allocation figures. Benchmarks only measure: they never change what the code under test does,
 * and no test depends on them (docs/BENCHMARKS.md has the figures and how to reproduce them).
 */
package io.hearth.benchmarks;
