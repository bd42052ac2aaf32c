package org.sonograd.ssl.cli;

/**
 * Lets a module that sits above {@code ssl} in the layering (the {@code bench} module) add a
 * subcommand to {@code sonograd} without {@code ssl} depending on it. Implementations are listed in
 * {@code META-INF/services/org.sonograd.ssl.cli.SubcommandProvider}.
 */
public interface SubcommandProvider {
    /** A picocli-annotated command object. */
    Object command();
}
