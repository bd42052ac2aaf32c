package org.sonograd.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The one worker pool of the process, sized to the cores and overridable with the environment
 * variable {@code SONOGRAD_THREADS} (or the system property {@code sonograd.threads}).
 *
 * <p>Kernels cut their work into a number of tasks that depends only on the problem size, never
 * on the thread count, and combine partial results in task order. That is what makes a sum give
 * the same bits on 1 thread and on 16: threads only decide who computes which task.
 */
public final class Parallel {
    private static final int THREADS = configuredThreads();
    private static final ExecutorService POOL = THREADS > 1
            ? Executors.newFixedThreadPool(THREADS - 1, runnable -> {
                Thread t = new Thread(runnable, "sonograd-worker");
                t.setDaemon(true);
                return t;
            })
            : null;
    private static final ThreadLocal<Boolean> INSIDE_TASK = ThreadLocal.withInitial(() -> false);
    private static volatile int maxThreads = THREADS;

    private Parallel() {}

    /** Number of threads of the pool, the calling thread included. */
    public static int threads() {
        return THREADS;
    }

    /** Number of threads {@link #forEach} uses at most right now (see {@link #setMaxThreads}). */
    public static int maxThreads() {
        return maxThreads;
    }

    /**
     * Caps the threads {@link #forEach} uses, between 1 and {@link #threads()}, so that a benchmark
     * can measure 1 and 2 threads in one JVM. Results do not change: tasks stay the same, only who
     * runs them does.
     */
    public static void setMaxThreads(int threads) {
        if (threads < 1 || threads > THREADS) {
            throw new IllegalArgumentException("setMaxThreads: " + threads + " is not in [1, " + THREADS + "]");
        }
        maxThreads = threads;
    }

    /**
     * Runs {@code task.accept(i)} for every i in [0, tasks), spread over the pool; the calling
     * thread takes part. Calls made from inside a task run serially, so nesting never deadlocks.
     * The first exception thrown by a task is rethrown after all tasks have stopped.
     */
    public static void forEach(int tasks, IntConsumer task) {
        if (tasks <= 0) {
            return;
        }
        int cap = maxThreads;
        if (tasks == 1 || cap == 1 || POOL == null || INSIDE_TASK.get()) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int helpers = Math.min(cap - 1, tasks - 1);
        CountDownLatch done = new CountDownLatch(helpers);
        Runnable drain = () -> {
            boolean outer = INSIDE_TASK.get();
            INSIDE_TASK.set(true);
            try {
                for (int i = next.getAndIncrement(); i < tasks && failure.get() == null; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                INSIDE_TASK.set(outer);
            }
        };
        for (int h = 0; h < helpers; h++) {
            POOL.execute(() -> {
                try {
                    drain.run();
                } finally {
                    done.countDown();
                }
            });
        }
        drain.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kernel tasks", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    /** Number of fixed-size chunks of {@code grain} elements needed to cover {@code n}. */
    public static int chunks(long n, long grain) {
        return (int) Math.max(1, (n + grain - 1) / grain);
    }

    private static int configuredThreads() {
        String value = System.getProperty("sonograd.threads", System.getenv("SONOGRAD_THREADS"));
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SONOGRAD_THREADS must be a positive integer, got '" + value + "'");
        }
    }
}
