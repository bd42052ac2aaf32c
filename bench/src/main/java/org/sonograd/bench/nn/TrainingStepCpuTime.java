package org.sonograd.bench.nn;

import java.lang.management.ManagementFactory;

/**
 * Times {@link TrainingStepBenchmark#step} by the process CPU time it uses (all threads) as well as
 * by the wall clock, after warm-up steps. On a machine shared with other jobs the wall time of a
 * step mostly measures the other jobs; its CPU time is far less disturbed, which makes before/after
 * comparisons possible there. Arguments: case (as {@code TrainingStepBenchmark.model}), warm-up
 * steps, measured steps. Prints the minimum and every measured step.
 */
public final class TrainingStepCpuTime {
    private TrainingStepCpuTime() {}

    /** {@code TrainingStepCpuTime <model> <warm-up steps> <measured steps>}. */
    public static void main(String[] args) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        TrainingStepBenchmark b = new TrainingStepBenchmark();
        b.model = args[0];
        b.threads = 2;
        int warm = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        b.setUp();
        for (int i = 0; i < warm; i++) {
            b.step();
        }
        StringBuilder line = new StringBuilder();
        double minCpu = Double.MAX_VALUE;
        double minWall = Double.MAX_VALUE;
        for (int i = 0; i < steps; i++) {
            long c0 = os.getProcessCpuTime();
            long w0 = System.nanoTime();
            b.step();
            double cpu = (os.getProcessCpuTime() - c0) / 1e6;
            double wall = (System.nanoTime() - w0) / 1e6;
            minCpu = Math.min(minCpu, cpu);
            minWall = Math.min(minWall, wall);
            line.append(String.format(" [cpu %.0f wall %.0f]", cpu, wall));
        }
        System.out.printf("%s: min cpu %.0f ms, min wall %.0f ms;%s%n", args[0], minCpu, minWall, line);
        b.tearDown();
    }
}
