package org.sonograd.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.sonograd.bench.cuda.CudaBench;
import org.sonograd.bench.peak.CopyBandwidthBenchmark;
import org.sonograd.bench.peak.FmaPeakBenchmark;
import org.sonograd.kernels.Parallel;
import org.sonograd.kernels.cuda.CudaAvailability;
import org.sonograd.kernels.cuda.CudaRuntime;
import org.sonograd.kernels.cuda.launch.CudaDriverLauncher;
import org.sonograd.kernels.cuda.launch.EmulatedLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sonograd bench}: measures the machine's FMA peak and copy bandwidth, then runs the JMH
 * benchmarks of the kernels (every class under {@code org.sonograd.bench.kernels} by default) and
 * prints one JSON line per case on stdout, with GFLOP/s or GB/s from the class's {@link WorkCount}
 * and the ratio to the peak measured in the same run at the same thread count. JMH's progress goes
 * to stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the kernel benchmarks (JMH) and print one JSON line per case, with the ratio to the "
                + "FMA peak or copy bandwidth measured in the same run.")
public final class BenchCommand implements Callable<Integer> {
    static final String KERNELS_PACKAGE = "org.sonograd.bench.kernels.";
    private static final String[] JVM_ARGS = {
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss8m"};

    @Option(names = "--quick", description = "Short iterations, no fork, a subset of cases: under a minute.")
    boolean quick;

    @Option(names = "--kernel", paramLabel = "FAMILY[:VERSION]",
            description = "Only this kernel family, optionally one version, e.g. gemm or gemm:v2.")
    String kernel;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "JMH regex over benchmark names (class.method); default: all kernel benchmarks.")
    String include;

    @Option(names = "--threads", split = ",", paramLabel = "N[,N...]", defaultValue = "1,2",
            description = "Thread counts to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--param", paramLabel = "NAME=V1[,V2...]",
            description = "Restrict a JMH @Param to these values, e.g. --param model=resnet18-b32-64 (repeatable).")
    Map<String, String> jmhParams = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON lines to this file.")
    Path out;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu (default: the JMH kernel benchmarks), cuda (GEMM, conv3d, InfoNCE and Sinkhorn on the GPU),"
                    + " or cuda-emulated (the same CUDA cases at tiny sizes on the CPU emulator: proves the path runs,"
                    + " its timings say nothing about GPU speed).")
    String device;

    private final Map<Integer, Double> fmaPeak = new HashMap<>();
    private final Map<Integer, Double> copyBandwidth = new HashMap<>();
    private PrintWriter outFile;
    private Path extraFieldsFile;

    @Override
    public Integer call() throws IOException, RunnerException {
        switch (device) {
            case "cpu" -> { }
            case "cuda" -> {
                CudaAvailability cuda = CudaRuntime.availability();
                System.err.println("cuda        " + cuda);
                if (!cuda.available()) {
                    System.err.println("bench --device cuda: the CUDA backend is unavailable here (" + cuda.reason()
                            + "); run on a machine with an NVIDIA GPU and driver, or use --device cpu, or --device"
                            + " cuda-emulated to exercise the CUDA benchmark path on the CPU");
                    return 3;
                }
                try (CudaDriverLauncher launcher = CudaDriverLauncher.open(0)) {
                    new CudaBench(launcher, "cuda:0", CudaBench.Sizes.GPU, System.out).run();
                }
                return 0;
            }
            case "cuda-emulated" -> {
                System.err.println("bench --device cuda-emulated: the CUDA kernels on the CPU emulator at tiny sizes;"
                        + " the timings only show that the benchmark path runs, not how fast a GPU is");
                try (EmulatedLauncher launcher = EmulatedLauncher.open(EmulatedLauncher.defaultCacheDir())) {
                    new CudaBench(launcher, "cuda-emulated", CudaBench.Sizes.EMULATED, System.out).run();
                }
                return 0;
            }
            default -> {
                System.err.println("bench: --device must be cpu, cuda or cuda-emulated, got " + device);
                return 2;
            }
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("bench: --threads values must be positive, got " + t);
            }
        }
        String family = kernel == null ? null : kernel.split(":", 2)[0].toLowerCase(Locale.ROOT);
        String version = kernel != null && kernel.contains(":") ? kernel.split(":", 2)[1] : null;
        List<String> classes = kernelClasses(include == null ? Pattern.quote(KERNELS_PACKAGE) : include, family);
        if (classes.isEmpty()) {
            System.err.println("bench: no benchmark class matches"
                    + (kernel == null ? "" : " --kernel " + kernel) + (include == null ? "" : " --include " + include));
            return 2;
        }
        Set<String> known = new LinkedHashSet<>();
        for (String className : classes) {
            try {
                known.addAll(declaredParams(Class.forName(className)));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("bench: cannot load " + className, e);
            }
        }
        for (String name : jmhParams.keySet()) {
            if (!known.contains(name)) {
                System.err.println("bench: --param " + name + " is not a @Param of the selected benchmarks " + known);
                return 2;
            }
        }
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            outFile = new PrintWriter(Files.newBufferedWriter(out));
        }
        extraFieldsFile = Files.createTempFile("sonograd-bench-extra", ".tsv");
        System.setProperty(ExtraFields.PROPERTY, extraFieldsFile.toString());
        try {
            System.err.printf("bench: peaks, then %d benchmark class(es), threads %s%s%n", classes.size(), threads,
                    quick ? ", quick" : "");
            run(FmaPeakBenchmark.class.getName(), null);
            run(CopyBandwidthBenchmark.class.getName(), null);
            for (String className : classes) {
                run(className, version);
            }
        } finally {
            Files.deleteIfExists(extraFieldsFile);
            if (outFile != null) {
                outFile.close();
            }
        }
        return 0;
    }

    /** Benchmark classes whose names match the regex, restricted to one family when given. */
    private static List<String> kernelClasses(String regex, String family) {
        OutputFormat silent = OutputFormatFactory.createFormatInstance(System.err, VerboseMode.SILENT);
        Set<String> names = new LinkedHashSet<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().find(silent, List.of(regex), List.of())) {
            String className = entry.getUserClassQName();
            String simple = className.substring(className.lastIndexOf('.') + 1);
            if (!isPeak(className) && (family == null || simple.equalsIgnoreCase(family + "Benchmark"))) {
                names.add(className);
            }
        }
        return new ArrayList<>(names);
    }

    private static boolean isPeak(String className) {
        return className.equals(FmaPeakBenchmark.class.getName()) || className.equals(CopyBandwidthBenchmark.class.getName());
    }

    private void run(String className, String version) throws RunnerException, IOException {
        Class<?> type;
        WorkCount work;
        try {
            type = Class.forName(className);
            work = (WorkCount) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("bench: " + className + " must implement WorkCount with a no-arg constructor", e);
        }
        // A full run takes the class's own @Warmup/@Measurement (a training step needs ~20 s before C2 has
        // compiled its kernels), else 3 × 1 s and 5 × 1 s.
        Warmup warmup = type.getAnnotation(Warmup.class);
        Measurement measurement = type.getAnnotation(Measurement.class);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(className) + "\\.")
                .mode(Mode.AverageTime)
                .timeUnit(TimeUnit.MILLISECONDS)
                // The probes are short; in a quick run give the JIT more rounds to compile them with C2,
                // since every ratio in the report is divided by them.
                .warmupIterations(quick ? (isPeak(className) ? 6 : 2) : warmup != null ? warmup.iterations() : 3)
                .warmupTime(quick ? TimeValue.milliseconds(300)
                        : warmup != null ? new TimeValue(warmup.time(), warmup.timeUnit()) : TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : measurement != null ? measurement.iterations() : 5)
                .measurementTime(quick ? TimeValue.milliseconds(300)
                        : measurement != null ? new TimeValue(measurement.time(), measurement.timeUnit()) : TimeValue.seconds(1))
                .forks(quick ? 0 : 1)
                .jvmArgs(JVM_ARGS)
                .jvmArgsAppend("-D" + ExtraFields.PROPERTY + "=" + extraFieldsFile)
                .shouldFailOnError(true);
        Set<String> declared = declaredParams(type);
        if (quick) {
            work.quickParams().forEach((name, values) -> {
                if (declared.contains(name)) {
                    options.param(name, values);
                }
            });
        }
        jmhParams.forEach((name, values) -> {
            if (declared.contains(name)) {
                options.param(name, values.split(","));
            }
        });
        if (declared.contains("threads")) {
            options.param("threads", threads.stream().map(String::valueOf).toArray(String[]::new));
        }
        if (version != null && declared.contains("version")) {
            options.param("version", version);
        }
        Runner runner = new Runner(options.build(), OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL));
        Collection<RunResult> results = runner.run();
        Map<String, Map<String, Double>> extras = ExtraFields.read(extraFieldsFile);
        for (RunResult result : results) {
            report(work, result, extras.getOrDefault(ExtraFields.caseKey(className, paramsOf(result)), Map.of()));
        }
    }

    private static Map<String, String> paramsOf(RunResult result) {
        BenchmarkParams benchmark = result.getParams();
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : benchmark.getParamsKeys()) {
            params.put(key, benchmark.getParam(key));
        }
        return params;
    }

    /** One JSON line: the case, its time, its rate and ratio to the peak, then any {@link ExtraFields}. */
    private void report(WorkCount work, RunResult result, Map<String, Double> extras) {
        String name = result.getParams().getBenchmark();
        String method = name.substring(name.lastIndexOf('.') + 1);
        Map<String, String> params = paramsOf(result);
        int threadCount = params.containsKey("threads")
                ? BenchThreads.effective(Integer.parseInt(params.get("threads")))
                : Parallel.threads();
        double ms = result.getPrimaryResult().getScore();
        double flops = work.flops(method, params);
        StringBuilder json = new StringBuilder("{");
        field(json, "op", quote(work.op(method, params))).append(',');
        field(json, "shape", quote(work.shape(method, params))).append(',');
        field(json, "threads", String.valueOf(threadCount)).append(',');
        field(json, "ms", number(ms)).append(',');
        Double peak;
        double rate;
        if (flops > 0) {
            rate = flops / (ms * 1e6);
            field(json, "gflops", number(rate)).append(',');
            if (work instanceof FmaPeakBenchmark) {
                fmaPeak.put(threadCount, rate);
            }
            peak = fmaPeak.get(threadCount);
        } else {
            rate = work.bytes(method, params) / (ms * 1e6);
            field(json, "gbps", number(rate)).append(',');
            if (work instanceof CopyBandwidthBenchmark) {
                copyBandwidth.put(threadCount, rate);
            }
            peak = copyBandwidth.get(threadCount);
        }
        field(json, "ratio_to_peak", peak == null ? "null" : number(rate / peak));
        extras.forEach((key, value) -> field(json.append(','), key, number(value)));
        json.append('}');
        PrintStream stdout = System.out;
        stdout.println(json);
        stdout.flush();
        if (outFile != null) {
            outFile.println(json);
            outFile.flush();
        }
    }

    /** Names of the JMH {@code @Param} fields of a benchmark class and its superclasses. */
    private static Set<String> declaredParams(Class<?> type) {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(org.openjdk.jmh.annotations.Param.class)) {
                    names.add(f.getName());
                }
            }
        }
        return names;
    }

    private static StringBuilder field(StringBuilder json, String key, String value) {
        return json.append('"').append(key).append("\":").append(value);
    }

    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4g", value) : "null";
    }

    private static String quote(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
