package org.sonograd.io.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.sonograd.io.read.BadSamplePolicy;
import org.sonograd.io.sim.KeyedRandom;

/**
 * Batches from a dataset with background workers and a bounded prefetch queue.
 *
 * <p>The order of an epoch is a Fisher–Yates shuffle drawn from {@code KeyedRandom(seed, epoch,
 * "order")}; sample i is produced by {@code source.load(index, random)} with the random stream
 * {@code KeyedRandom(seed, epoch, index, "sample")}. Every batch is therefore a function of
 * (seed, epoch, position) alone: any worker count yields identical batches in identical order.
 * At most {@code prefetch} batches are in flight or waiting, which bounds memory. Unreadable
 * samples go through the {@link BadSamplePolicy}: skipped (and counted) or fatal.
 *
 * @param <S> a sample
 * @param <B> a batch
 */
public final class Loader<S, B> implements AutoCloseable {
    /** Produces dataset sample {@code index} with its own random stream. */
    @FunctionalInterface
    public interface Source<S> {
        /** The sample; throws {@link org.sonograd.io.read.SampleException} for a bad file. */
        S load(int index, RandomGenerator random);
    }

    private final int size;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final int prefetch;
    private final Source<S> source;
    private final Function<List<S>, B> collate;
    private final BadSamplePolicy policy;
    private final ExecutorService pool;

    /**
     * @param size       dataset size
     * @param workers    background threads (≥ 1)
     * @param prefetch   batches in flight at most (≥ 1)
     */
    public Loader(int size, int batchSize, boolean shuffle, boolean dropLast, long seed, int workers, int prefetch,
                  Source<S> source, Function<List<S>, B> collate, BadSamplePolicy policy) {
        if (size < 0 || batchSize < 1 || workers < 1 || prefetch < 1) {
            throw new IllegalArgumentException("Loader: need size >= 0, batch >= 1, workers >= 1, prefetch >= 1; got "
                    + size + ", " + batchSize + ", " + workers + ", " + prefetch);
        }
        this.size = size;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.seed = seed;
        this.prefetch = prefetch;
        this.source = source;
        this.collate = collate;
        this.policy = policy;
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "sonograd-loader");
            t.setDaemon(true);
            return t;
        });
    }

    /** The dataset order of {@code epoch}. */
    public int[] order(int epoch) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (shuffle) {
            RandomGenerator r = KeyedRandom.of(seed, epoch, KeyedRandom.tag("order"));
            for (int i = size - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
        }
        return order;
    }

    /** Batches per epoch. */
    public int batches() {
        return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
    }

    /** The batches of {@code epoch}, produced in the background. */
    public Iterator<B> epoch(int epoch) {
        int[] order = order(epoch);
        int batches = batches();
        return new Iterator<>() {
            private final ArrayDeque<Future<B>> queue = new ArrayDeque<>();
            private int submitted;
            private int taken;

            private void fill() {
                while (submitted < batches && queue.size() < prefetch) {
                    int b = submitted++;
                    queue.add(pool.submit(() -> batch(epoch, order, b)));
                }
            }

            @Override
            public boolean hasNext() {
                return taken < batches;
            }

            @Override
            public B next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
                }
                fill();
                Future<B> head = queue.poll();
                taken++;
                try {
                    B result = head.get();
                    fill();
                    return result;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while loading", e);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        };
    }

    private B batch(int epoch, int[] order, int b) {
        List<S> samples = new ArrayList<>();
        for (int k = b * batchSize; k < Math.min(size, (b + 1) * batchSize); k++) {
            int index = order[k];
            RandomGenerator r = KeyedRandom.of(seed, epoch, index, KeyedRandom.tag("sample"));
            Optional<S> s = policy.apply(() -> source.load(index, r));
            s.ifPresent(samples::add);
        }
        return collate.apply(samples);
    }

    /** The bad-sample policy with its count of skipped samples. */
    public BadSamplePolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
