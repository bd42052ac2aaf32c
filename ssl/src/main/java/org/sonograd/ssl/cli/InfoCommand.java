package org.sonograd.ssl.cli;

import java.util.concurrent.Callable;
import org.sonograd.kernels.Parallel;
import org.sonograd.kernels.VectorSupport;
import org.sonograd.kernels.cuda.CudaRuntime;
import picocli.CommandLine.Command;

/** {@code sonograd info}: the JDK, the vector width, the thread count and the compute backends. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the JDK, vector width, thread count and backend availability.")
final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        String vectorReason = VectorSupport.disabledReason();
        System.out.printf("java        %s (%s)%n", System.getProperty("java.version"), System.getProperty("java.vm.name"));
        System.out.printf("os          %s %s%n", System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.printf("vector      %s%n", vectorReason == null
                ? VectorSupport.vectorBits() + "-bit (" + VectorSupport.FLOATS.length() + " floats per vector)"
                : "off: " + vectorReason);
        System.out.printf("threads     %d (set SONOGRAD_THREADS to change)%n", Parallel.threads());
        System.out.printf("cuda        %s%n", CudaRuntime.availability());
        return 0;
    }
}
