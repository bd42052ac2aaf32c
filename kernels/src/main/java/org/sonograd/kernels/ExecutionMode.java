package org.sonograd.kernels;

import java.util.function.IntConsumer;

/**
 * How a reduction, softmax or Philox kernel runs: whether it may use the Vector API and who runs
 * its tasks. Kernels take this only through package-private entry points, so tests can run the
 * same tasks serially in reverse order (a task-to-thread assignment no pool would produce) and
 * check that the bits match the pooled run, and can exercise the scalar fallback loops.
 *
 * @param vectors       true to take the Vector API fast paths
 * @param serialReverse true to run tasks on the calling thread from the last to the first
 */
record ExecutionMode(boolean vectors, boolean serialReverse) {
    /** What public kernel methods use: the Vector API when it is enabled, tasks on {@link Parallel}. */
    static final ExecutionMode DEFAULT = new ExecutionMode(VectorSupport.enabled(), false);

    /** Runs {@code task.accept(i)} for every i in [0, tasks). */
    void forEach(int tasks, IntConsumer task) {
        if (serialReverse) {
            for (int i = tasks - 1; i >= 0; i--) {
                task.accept(i);
            }
        } else {
            Parallel.forEach(tasks, task);
        }
    }
}
