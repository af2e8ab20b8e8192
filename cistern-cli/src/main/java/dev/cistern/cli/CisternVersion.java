package dev.cistern.cli;

import picocli.CommandLine;

/** The version every {@code cistern} command prints for {@code -V} / {@code --version}. */
final class CisternVersion implements CommandLine.IVersionProvider {
    static final String VERSION = "cistern 0.1.0";

    @Override
    public String[] getVersion() {
        return new String[] {VERSION};
    }
}
