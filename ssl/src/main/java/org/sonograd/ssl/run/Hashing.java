package org.sonograd.ssl.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** sha256 of files, of folders of classes and of the code a class was loaded from. */
public final class Hashing {
    private Hashing() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** sha256 of a file's bytes, hex. */
    public static String file(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** sha256 of a string's UTF-8 bytes, hex. */
    public static String text(String s) {
        return HexFormat.of().formatHex(sha256().digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * sha256 of the code {@code type} was loaded from: the jar file, or for a classes folder the
     * digest over its {@code .class} files in path order (relative path and bytes of each).
     */
    public static String codeOf(Class<?> type) {
        try {
            Path where = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(where)) {
                return file(where);
            }
            MessageDigest sha = sha256();
            List<Path> classes;
            try (Stream<Path> s = Files.walk(where)) {
                classes = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
            }
            for (Path p : classes) {
                sha.update(where.relativize(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(p));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            return "unknown (" + type.getName() + " has no code source)";
        }
    }
}
