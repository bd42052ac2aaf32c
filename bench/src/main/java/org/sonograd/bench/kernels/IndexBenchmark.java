package org.sonograd.bench.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sonograd.bench.WorkCount;
import org.sonograd.kernels.CachingAllocator;
import org.sonograd.kernels.DType;
import org.sonograd.kernels.IndexKernels;
import org.sonograd.kernels.Operand;

/**
 * Index kernels on F32 data with I64 indices: gather along dim 1 of a [4096, 4096] matrix with a
 * random [4096, 1024] index (bytes = index 8 + value read 4 + write 4 per output element), and an
 * embedding-style indexSelect of 16384 random rows of a [65536, 256] table (row copies).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class IndexBenchmark implements WorkCount {
    private static final long ROWS = 4096;
    private static final long COLS = 4096;
    private static final long PICKS = 1024;
    private static final long VOCAB = 65536;
    private static final long DIM = 256;
    private static final long LOOKUPS = 16384;

    private MemorySegment x;
    private MemorySegment gatherIndex;
    private MemorySegment gathered;
    private MemorySegment table;
    private MemorySegment lookupIndex;
    private MemorySegment embedded;

    @Setup(Level.Trial)
    public void setUp() {
        CachingAllocator allocator = CachingAllocator.global();
        SplittableRandom random = new SplittableRandom(1);
        x = allocator.allocateZeroed(ROWS * COLS * 4);
        gatherIndex = allocator.allocate(ROWS * PICKS * 8);
        gathered = allocator.allocate(ROWS * PICKS * 4);
        for (long i = 0; i < ROWS * PICKS; i++) {
            gatherIndex.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong(COLS));
        }
        table = allocator.allocateZeroed(VOCAB * DIM * 4);
        lookupIndex = allocator.allocate(LOOKUPS * 8);
        embedded = allocator.allocate(LOOKUPS * DIM * 4);
        for (long i = 0; i < LOOKUPS; i++) {
            lookupIndex.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong(VOCAB));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (MemorySegment s : new MemorySegment[] {x, gatherIndex, gathered, table, lookupIndex, embedded}) {
            CachingAllocator.global().release(s);
        }
    }

    /** out[i, j] = x[i, index[i, j]]. */
    @Benchmark
    public MemorySegment gather() {
        long[] shape = {ROWS, PICKS};
        IndexKernels.gather(shape, 1, Operand.contiguous(x, DType.F32, 0, new long[] {ROWS, COLS}), COLS,
                Operand.contiguous(gatherIndex, DType.I64, 0, shape), Operand.contiguous(gathered, DType.F32, 0, shape));
        return gathered;
    }

    /** out[j, :] = table[index[j], :]. */
    @Benchmark
    public MemorySegment indexSelectRows() {
        long[] shape = {LOOKUPS, DIM};
        IndexKernels.indexSelect(shape, 0, Operand.contiguous(table, DType.F32, 0, new long[] {VOCAB, DIM}), VOCAB,
                Operand.contiguous(lookupIndex, DType.I64, 0, new long[] {LOOKUPS}), Operand.contiguous(embedded, DType.F32, 0, shape));
        return embedded;
    }

    @Override
    public double flops(String method, Map<String, String> params) {
        return 0;
    }

    @Override
    public double bytes(String method, Map<String, String> params) {
        return method.equals("gather") ? (8.0 + 4 + 4) * ROWS * PICKS : 2.0 * 4 * LOOKUPS * DIM + 8.0 * LOOKUPS;
    }

    @Override
    public String shape(String method, Map<String, String> params) {
        return method.equals("gather")
                ? "[" + ROWS + "," + COLS + "] dim 1 by [" + ROWS + "," + PICKS + "]"
                : "[" + VOCAB + "," + DIM + "] rows by " + LOOKUPS;
    }
}
