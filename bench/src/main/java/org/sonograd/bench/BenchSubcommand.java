package org.sonograd.bench;

import org.sonograd.ssl.cli.SubcommandProvider;

/** Adds {@code sonograd bench} to the command line (listed in META-INF/services). */
public final class BenchSubcommand implements SubcommandProvider {
    @Override
    public Object command() {
        return new BenchCommand();
    }
}
