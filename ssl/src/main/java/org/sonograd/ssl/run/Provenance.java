package org.sonograd.ssl.run;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.sonograd.autograd.Var;
import org.sonograd.kernels.Parallel;
import org.sonograd.kernels.VectorSupport;
import org.sonograd.nn.Module;
import org.sonograd.tensor.Tensor;

/** What a run's manifest records about the code and the machine. */
public final class Provenance {
    private Provenance() {}

    /** {@code git rev-parse HEAD} of the working directory (with "-dirty" when there are uncommitted changes), or "unknown". */
    public static String gitCommit() {
        String head = git("rev-parse", "HEAD");
        if (head == null) {
            return "unknown (not a git checkout, or git is not installed)";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return status != null && !status.isBlank() ? head + "-dirty" : head;
    }

    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** JDK, vector width, thread counts. */
    public static ObjectNode machine() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("jdk", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        String off = VectorSupport.disabledReason();
        m.put("vectorBits", off == null ? VectorSupport.vectorBits() : 0);
        if (off != null) {
            m.put("vectorOff", off);
        }
        m.put("threads", Parallel.maxThreads());
        m.put("poolThreads", Parallel.threads());
        return m;
    }

    /** sha256 of the code of each engine module (jar or classes folder). */
    public static ObjectNode codeHashes() {
        ObjectNode h = JsonNodeFactory.instance.objectNode();
        h.put("kernels", Hashing.codeOf(Parallel.class));
        h.put("tensor", Hashing.codeOf(Tensor.class));
        h.put("autograd", Hashing.codeOf(Var.class));
        h.put("nn", Hashing.codeOf(Module.class));
        h.put("ssl", Hashing.codeOf(Provenance.class));
        return h;
    }
}
